from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from fawang.dispatch.models import (
    DeadlinePolicy,
    FeedbackPolicy,
    HolidayDate,
    HolidayYear,
    Notification,
    OutboxMessage,
    Rating,
    ReturnVisit,
    RoutingDecision,
    RoutingRule,
    SupervisionItem,
)
from fawang.dispatch.notify import outbox_retry


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = (
        "service",
        "category",
        "target",
        "point_kind",
        "institution_kind",
        "scope_level",
        "within",
        "qualification",
        "language_point_kind",
        "is_active",
    )
    list_filter = ("service", "target", "is_active")
    list_editable = ("is_active",)


@admin.register(RoutingDecision)
class RoutingDecisionAdmin(admin.ModelAdmin):
    list_display = ("order", "at", "target_name", "levels_up", "is_override", "decided_by")
    list_filter = ("is_override",)
    search_fields = ("order__number",)
    raw_id_fields = ("order", "target_point", "target_institution", "decided_by")
    readonly_fields = ("candidates",)


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = (
        "service",
        "category",
        "first_response_days",
        "resolution_days",
        "due_soon_days",
        "red_after_days",
        "next_level_after_days",
        "legal_basis",
    )


class HolidayDateInline(admin.TabularInline):
    model = HolidayDate
    extra = 10


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ("year", "notice", "entered_at")
    inlines = [HolidayDateInline]


@admin.register(SupervisionItem)
class SupervisionItemAdmin(admin.ModelAdmin):
    list_display = ("order", "level", "region", "severity", "state", "opened_at", "due_at")
    list_filter = ("severity", "state", "level")
    search_fields = ("order__number",)
    raw_id_fields = ("order", "region")


@admin.register(FeedbackPolicy)
class FeedbackPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "sample_percent",
        "satisfied_min_stars",
        "unsatisfied_max_stars",
        "link_valid_days",
    )


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("order", "stars", "outcome", "at")
    list_filter = ("stars", "outcome")
    raw_id_fields = ("order", "complaint", "unit_point", "unit_institution")


@admin.register(ReturnVisit)
class ReturnVisitAdmin(admin.ModelAdmin):
    list_display = ("order", "state", "stars", "created_at", "done_at")
    list_filter = ("state",)
    raw_id_fields = ("order", "done_by")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "created_at", "read_at")
    raw_id_fields = ("user", "order")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Failed messages are listed here (filter 状态 = 发送失败) and can be queued again."""

    list_display = (
        "created_at",
        "channel",
        "recipient_masked",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("state", "channel")
    readonly_fields = (
        "channel",
        "recipient_masked",
        "user",
        "order",
        "subject",
        "body",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "created_at",
    )
    exclude = ("recipient_enc", "claimed_at")
    actions = ["retry"]

    @admin.action(description=_("重新发送所选的失败消息"))
    def retry(self, request, queryset):  # type: ignore[no-untyped-def]
        n = outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("已重新排队 %(n)d 条。") % {"n": n}, messages.SUCCESS)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
