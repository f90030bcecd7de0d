from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fawang.accounts.models import ApiToken, AuditLog, User
from fawang.lib.admin import ReadOnlyAdmin


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
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "object_type", "object_id", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_id")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by ``fawang api_token create`` (the clear token is shown once);
    here they can only be seen and revoked (set 吊销时间)."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "name", "user", "created_at", "expires_at", "last_used_at")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
