"""Command and dispatch (统一指挥调度): routing rules and decisions, deadline policy and the
official holiday table, supervision items (督办), ratings, return visits (回访),
in-app notifications and the outbox every message goes through."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.network.models import Institution, ServicePoint
from fawang.regions.models import Level
from fawang.workorders.models import Category, Service


class RoutingRule(models.Model):
    """Where an order of a service (and optionally a category) goes. Data, not code: the
    defaults are seeded by a migration and officials edit them in the admin."""

    class Target(models.TextChoices):
        POINT = "point", _("服务点")
        INSTITUTION = "institution", _("法律服务机构")

    service = models.CharField(_("服务类型"), max_length=24, choices=Service.choices)
    category = models.CharField(
        _("事项类别"),
        max_length=24,
        choices=Category.choices,
        blank=True,
        help_text=_("留空表示该服务类型的默认规则。"),
    )
    target = models.CharField(_("派往"), max_length=12, choices=Target.choices)
    point_kind = models.CharField(
        _("服务点类型"), max_length=16, choices=ServicePoint.Kind.choices, blank=True
    )
    institution_kind = models.CharField(
        _("机构类型"), max_length=16, choices=Institution.Kind.choices, blank=True
    )
    scope_level = models.PositiveSmallIntegerField(
        _("首选层级"),
        choices=Level.choices,
        default=Level.COUNTY,
        help_text=_("从工单发生地在该层级的区划开始找；找不到时逐级向上。"),
    )
    within = models.BooleanField(
        _("含下级"),
        default=False,
        help_text=_("勾选：该区划及其下级的全部机构均可；不勾选：只取设在该区划本级的。"),
    )
    above_complained_unit = models.BooleanField(
        _("派往被投诉单位的上级"),
        default=False,
        help_text=_("投诉类：从被投诉单位所在区划的上一级开始找。"),
    )
    qualification = models.CharField(
        _("所需资质"), max_length=40, blank=True, help_text=_("例如鉴定类别：法医临床")
    )
    language_point_kind = models.CharField(
        _("语种专席类型"),
        max_length=16,
        choices=ServicePoint.Kind.choices,
        blank=True,
        help_text=_("少数民族语言或外语求助时，同样可派往该类型且会该语种的服务点（如语种专席）。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("派单规则")
        verbose_name_plural = _("派单规则")
        ordering = ["service", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "category"], name="routing_service_category"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(target="point") & ~models.Q(point_kind="")
                    | models.Q(target="institution") & ~models.Q(institution_kind="")
                ),
                name="routing_target_kind_set",
            ),
        ]

    def __str__(self) -> str:
        what = (
            self.get_point_kind_display()
            if self.target == "point"
            else (self.get_institution_kind_display())
        )
        cat = self.get_category_display() if self.category else _("全部类别")
        return f"{self.get_service_display()}·{cat} → {what}"


class RoutingDecision(models.Model):
    """One routing decision, explainable: the rule, every candidate with its load, why."""

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.CASCADE, related_name="routing_decisions"
    )
    at = models.DateTimeField(_("时间"))
    rule = models.ForeignKey(
        RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("规则")
    )
    rule_text = models.CharField(_("规则"), max_length=200, blank=True)
    target_point = models.ForeignKey(
        ServicePoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_name = models.CharField(_("派往"), max_length=120, blank=True)
    candidates = models.JSONField(_("候选"), default=list, blank=True)
    reason = models.TextField(_("理由"))
    levels_up = models.PositiveSmallIntegerField(_("上提层级"), default=0)
    is_override = models.BooleanField(_("人工改派"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("派单决定")
        verbose_name_plural = _("派单决定")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["order", "-at"], name="routing_order_at")]

    def __str__(self) -> str:
        return f"{self.order_id} → {self.target_name}"


class DeadlinePolicy(models.Model):
    """Time limits in working days for a service (optionally a category)."""

    service = models.CharField(_("服务类型"), max_length=24, choices=Service.choices)
    category = models.CharField(_("事项类别"), max_length=24, choices=Category.choices, blank=True)
    first_response_days = models.PositiveSmallIntegerField(_("首次响应时限（工作日）"), default=1)
    resolution_days = models.PositiveSmallIntegerField(_("办结时限（工作日）"))
    due_soon_days = models.PositiveSmallIntegerField(_("临期提醒（工作日）"), default=1)
    red_after_days = models.PositiveSmallIntegerField(_("超期转红色督办（工作日）"), default=2)
    next_level_after_days = models.PositiveSmallIntegerField(_("超期提级督办（工作日）"), default=5)
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["service", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "category"], name="deadline_service_category"
            ),
            models.CheckConstraint(
                condition=models.Q(resolution_days__gte=1), name="deadline_resolution_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.resolution_days}"


class HolidayYear(models.Model):
    """A year of the State Council's holiday notice entered by officials. For years the
    chinesecalendar package does not know, the calendar reads these; until a year is
    entered it counts weekends only and shows a warning."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    notice = models.CharField(_("通知文号/标题"), max_length=200, blank=True)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("节假日安排（年度）")
        verbose_name_plural = _("节假日安排（年度）")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class HolidayDate(models.Model):
    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(
        _("调休上班"), default=False, help_text=_("勾选表示周末调休上班；不勾选表示放假。")
    )
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class SupervisionItem(models.Model):
    """督办: an overdue order watched by the level above. One item per order, level and
    deadline (a database constraint), so the periodic scan can run any number of times."""

    class Severity(models.TextChoices):
        YELLOW = "yellow", _("黄色督办")
        RED = "red", _("红色督办")

    class State(models.TextChoices):
        OPEN = "open", _("督办中")
        RESOLVED = "resolved", _("已解除")

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.CASCADE, related_name="supervision_items"
    )
    level = models.PositiveSmallIntegerField(_("督办层级"), choices=Level.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("督办单位")
    )
    region_path = models.CharField(max_length=64, editable=False)
    due_at = models.DateTimeField(_("被督办的期限"))
    severity = models.CharField(
        _("等级"), max_length=8, choices=Severity.choices, default=Severity.YELLOW
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(_("督办时间"))
    escalated_at = models.DateTimeField(_("转红时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    note = models.TextField(_("督办意见"), blank=True)

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "level", "due_at"], name="supervision_once_per_level"
            )
        ]
        indexes = [models.Index(fields=["state", "region_path"], name="supervision_state_path")]

    def __str__(self) -> str:
        return f"{self.order_id} L{self.level} {self.severity}"


class FeedbackPolicy(models.Model):
    """One row: how ratings and return visits work."""

    sample_percent = models.PositiveSmallIntegerField(_("回访抽样比例（%）"), default=20)
    satisfied_min_stars = models.PositiveSmallIntegerField(_("计为满意的最低星级"), default=4)
    unsatisfied_max_stars = models.PositiveSmallIntegerField(
        _("不满意（重办或投诉）的最高星级"), default=2
    )
    link_valid_days = models.PositiveSmallIntegerField(_("评价链接有效期（天）"), default=30)

    class Meta:
        verbose_name = _("评价与回访设置")
        verbose_name_plural = _("评价与回访设置")

    def __str__(self) -> str:
        return str(_("评价与回访设置"))

    @classmethod
    def current(cls) -> FeedbackPolicy:
        policy = cls.objects.order_by("pk").first()
        return policy if policy is not None else cls()


class Rating(models.Model):
    class Outcome(models.TextChoices):
        REVIEWED = "reviewed", _("已评价")
        REOPENED = "reopened", _("已重办")
        COMPLAINT = "complaint", _("已转投诉")

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.CASCADE, related_name="ratings"
    )
    replied_at = models.DateTimeField(_("所评价的答复时间"))
    stars = models.PositiveSmallIntegerField(_("星级"))
    reasons = models.JSONField(_("原因"), default=list, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("评价时间"))
    outcome = models.CharField(_("处理结果"), max_length=10, choices=Outcome.choices)
    unit_point = models.ForeignKey(
        ServicePoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit_institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        constraints = [
            models.UniqueConstraint(fields=["order", "replied_at"], name="rating_once_per_reply"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.stars}★"


class ReturnVisit(models.Model):
    """回访: a sampled closed order an agent calls back."""

    class State(models.TextChoices):
        PENDING = "pending", _("待回访")
        DONE = "done", _("已回访")
        UNREACHABLE = "unreachable", _("联系不上")

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.CASCADE, related_name="return_visits"
    )
    closed_at = models.DateTimeField(_("办结时间"))
    region_path = models.CharField(max_length=64, editable=False)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default="pending")
    stars = models.PositiveSmallIntegerField(_("回访满意度"), null=True, blank=True)
    notes = models.TextField(_("回访记录"), blank=True)
    created_at = models.DateTimeField(_("生成时间"))
    done_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["state", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "closed_at"], name="visit_once_per_close")
        ]
        indexes = [models.Index(fields=["state", "region_path"], name="visit_state_path")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.state}"


class Notification(models.Model):
    """An in-app message for a staff user (delivered from the outbox)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_read")]

    def __str__(self) -> str:
        return self.text


class OutboxMessage(models.Model):
    """Every message is written here in the same transaction as its cause and delivered
    by the worker, so a failing sender loses nothing. The recipient (a phone number or an
    e-mail address) is encrypted; only its masked form is shown or logged."""

    class Channel(models.TextChoices):
        SMS = "sms", _("短信")
        EMAIL = "email", _("电子邮件")
        INAPP = "inapp", _("站内通知")

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    recipient_enc = models.TextField(blank=True, editable=False)
    recipient_masked = models.CharField(_("接收方"), max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("主题"), max_length=120, blank=True)
    body = models.TextField(_("内容"))
    state = models.CharField(
        _("状态"), max_length=8, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("最多尝试次数"), default=6)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("待发消息")
        verbose_name_plural = _("待发消息")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_masked} ({self.state})"
