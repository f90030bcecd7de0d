from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fawang.accounts.models import AuditLog, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("region", "service_point", "institution", "practitioner")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "法网",
            {
                "fields": (
                    "display_name",
                    "role",
                    "region",
                    "service_point",
                    "institution",
                    "practitioner",
                )
            },
        ),
    )


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "object_type", "object_id", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_id")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
