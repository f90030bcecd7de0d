from django.contrib import admin

from fawang.workorders.models import WorkOrder, WorkOrderEvent


class EventInline(admin.TabularInline):
    model = WorkOrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor_name", "unit", "kind", "from_status", "to_status", "reason")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = ("number", "service", "category", "status", "channel", "county", "created_at")
    list_filter = ("status", "service", "channel")
    search_fields = ("number",)
    readonly_fields = ("status",)
    raw_id_fields = (
        "region",
        "county",
        "party",
        "assigned_point",
        "assigned_institution",
        "assigned_person",
        "created_by",
    )
    inlines = [EventInline]
