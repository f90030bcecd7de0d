from django.contrib import admin

from fawang.hotline.models import (
    Agent,
    Call,
    CallEvent,
    CtiClient,
    HotlineSettings,
    SeatGroup,
    Shift,
)


@admin.register(HotlineSettings)
class HotlineSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "short_abandon_seconds", "target_connection_rate")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return not HotlineSettings.objects.exists()


@admin.register(SeatGroup)
class SeatGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "language", "sort", "is_active")


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ("employee_no", "user", "presence", "presence_since")
    raw_id_fields = ("user",)
    filter_horizontal = ("groups",)


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ("agent", "seat_group", "start", "end")
    list_filter = ("seat_group",)
    raw_id_fields = ("agent",)


class EventInline(admin.TabularInline):
    model = CallEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "at", "received_at", "client")


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = (
        "call_id",
        "caller_masked",
        "seat_group",
        "outcome",
        "offered_at",
        "queue_wait_s",
    )
    list_filter = ("outcome", "seat_group", "source")
    search_fields = ("call_id",)
    date_hierarchy = "day"
    raw_id_fields = ("agent", "work_order", "callback_order")
    readonly_fields = ("caller_masked",)
    exclude = ("caller_enc", "caller_index")
    inlines = [EventInline]


@admin.register(CtiClient)
class CtiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "created_at", "last_used_at")
