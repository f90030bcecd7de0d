"""The 12348 hotline: seat groups, agents, shifts, presence, calls and their CTI events.

A ``Call`` is one call as the telephony system saw it. Caller numbers are personal data:
stored encrypted (``caller_enc``), found by a keyed blind index (``caller_index``, the same
index ``workorders.Party.phone_index`` uses, so an agent sees a caller's past orders) and
shown masked (``caller_masked``). The local day and half-hour slot of the offer are kept on
the row so that rates and forecasts group by plain indexed columns on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fawang.lib import crypto
from fawang.lib.validators import mask_mobile, normalise_mobile

SLOTS_PER_DAY = 48  # half hours


def local_day_slot(at: dt.datetime) -> tuple[dt.date, int]:
    """The local (Asia/Shanghai) date and half-hour slot 0–47 of an aware instant."""
    local = timezone.localtime(at)
    return local.date(), local.hour * 2 + (1 if local.minute >= 30 else 0)


def slot_label(slot: int) -> str:
    start = slot * 30
    end = start + 30
    return f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"


def phone_index(number: str) -> str:
    """The blind index of a phone number, identical to ``Party.phone_index``."""
    return crypto.blind_index(normalise_mobile(number), purpose="phone") if number else ""


class SeatGroup(models.Model):
    """A group of seats (专席) answering one kind of caller, e.g. the Tibetan–Chinese seat."""

    code = models.SlugField(_("代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    language = models.CharField(_("语种"), max_length=8, default="zh")
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("坐席组")
        verbose_name_plural = _("坐席组")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class HotlineSettings(models.Model):
    """Policy officials change (one row, edited in the admin): the connection-rate
    definition and the staffing targets."""

    short_abandon_seconds = models.PositiveIntegerField(
        _("短时放弃阈值（秒）"),
        default=5,
        help_text=_(
            "排队不超过该秒数即挂断的来电不计入呼入量（视为误拨），"
            "接通率 = 接通数 ÷（呼入数 − 短时放弃数）。"
        ),
    )
    target_connection_rate = models.FloatField(
        _("接通率目标"),
        default=0.90,
        validators=[MinValueValidator(0.01), MaxValueValidator(0.999)],
    )
    service_level_seconds = models.PositiveIntegerField(_("服务水平应答时限（秒）"), default=20)
    service_level_target = models.FloatField(
        _("服务水平目标"),
        default=0.80,
        validators=[MinValueValidator(0.01), MaxValueValidator(0.999)],
    )
    after_call_work_seconds = models.PositiveIntegerField(
        _("话后处理时长（秒）"), default=30, help_text=_("计入平均处理时长。")
    )
    default_patience_seconds = models.PositiveIntegerField(
        _("默认耐心时长（秒）"), default=90, help_text=_("历史数据不足时使用。")
    )
    history_weeks = models.PositiveIntegerField(_("日内分布与处理时长取样周数"), default=8)
    callback_due_hours = models.PositiveIntegerField(_("回拨时限（小时）"), default=24)
    callback_lookback_hours = models.PositiveIntegerField(
        _("未接来电回拨检查范围（小时）"), default=48
    )
    callback_county_code = models.CharField(
        _("回拨工单默认县区代码"),
        max_length=6,
        default="510104",
        help_text=_("来电人没有既往工单可确定所在地时，回拨工单登记到该县（市、区）。"),
    )

    class Meta:
        verbose_name = _("热线参数")
        verbose_name_plural = _("热线参数")

    def __str__(self) -> str:
        return str(_("热线参数"))

    @classmethod
    def current(cls) -> HotlineSettings:
        obj = cls.objects.order_by("pk").first()
        if obj is None:
            obj = cls.objects.create()
        return obj


class Agent(models.Model):
    class Presence(models.TextChoices):
        OFFLINE = "offline", _("离线")
        AVAILABLE = "available", _("空闲")
        ON_CALL = "on_call", _("通话中")
        WRAP_UP = "wrap_up", _("话后处理")
        BREAK = "break", _("小休")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hotline_agent"
    )
    employee_no = models.CharField(_("工号"), max_length=16, unique=True)
    groups = models.ManyToManyField(SeatGroup, related_name="agents", verbose_name=_("技能组"))
    presence = models.CharField(
        _("状态"), max_length=12, choices=Presence.choices, default=Presence.OFFLINE
    )
    presence_since = models.DateTimeField(_("状态开始时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("坐席员")
        verbose_name_plural = _("坐席员")
        ordering = ["employee_no"]

    def __str__(self) -> str:
        return f"{self.employee_no} {self.user}"


class Shift(models.Model):
    """One agent rostered on one seat group from ``start`` to ``end``."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="shifts")
    seat_group = models.ForeignKey(SeatGroup, on_delete=models.PROTECT, related_name="shifts")
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))

    class Meta:
        verbose_name = _("排班")
        verbose_name_plural = _("排班")
        indexes = [models.Index(fields=["seat_group", "start"], name="shift_group_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="shift_end")
        ]

    def __str__(self) -> str:
        return f"{self.agent} {self.seat_group} {self.start:%m-%d %H:%M}"


class Call(models.Model):
    class Direction(models.TextChoices):
        INBOUND = "in", _("呼入")
        OUTBOUND = "out", _("呼出")

    class Outcome(models.TextChoices):
        QUEUED = "queued", _("排队中")
        ANSWERED = "answered", _("已接通")
        ABANDONED = "abandoned", _("放弃")

    class Source(models.TextChoices):
        CTI = "cti", _("CTI实时事件")
        CDR = "cdr", _("话单导入")
        DEMO = "demo", _("演示数据")

    call_id = models.CharField(_("呼叫编号"), max_length=64, unique=True)
    direction = models.CharField(
        _("方向"), max_length=3, choices=Direction.choices, default=Direction.INBOUND
    )
    caller_enc = models.TextField(_("主叫号码（密文）"), blank=True, editable=False)
    caller_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    caller_masked = models.CharField(_("主叫号码"), max_length=20, blank=True, editable=False)
    seat_group = models.ForeignKey(
        SeatGroup, on_delete=models.PROTECT, related_name="calls", verbose_name=_("坐席组")
    )
    language = models.CharField(_("语种"), max_length=8, default="zh")
    agent = models.ForeignKey(
        Agent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("坐席员"),
    )
    offered_at = models.DateTimeField(_("呼入时间"))
    answered_at = models.DateTimeField(_("接通时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=10, choices=Outcome.choices, default=Outcome.QUEUED
    )
    queue_wait_s = models.FloatField(_("排队时长（秒）"), null=True, blank=True)
    talk_s = models.FloatField(_("通话时长（秒）"), null=True, blank=True)
    day = models.DateField(_("日期"), editable=False)
    slot = models.PositiveSmallIntegerField(_("时段"), editable=False)
    source = models.CharField(_("来源"), max_length=4, choices=Source.choices)
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hotline_calls",
        verbose_name=_("关联工单"),
    )
    callback_order = models.ForeignKey(
        "workorders.WorkOrder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hotline_missed_calls",
        verbose_name=_("回拨工单"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("通话记录")
        verbose_name_plural = _("通话记录")
        indexes = [
            models.Index(fields=["direction", "day", "seat_group"], name="call_dir_day_group"),
            models.Index(fields=["outcome", "offered_at"], name="call_outcome_offered"),
            models.Index(fields=["agent", "outcome"], name="call_agent_outcome"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot__gte=0, slot__lt=SLOTS_PER_DAY), name="call_slot_range"
            ),
        ]

    def __str__(self) -> str:
        return self.call_id

    def set_caller(self, number: str) -> None:
        number = normalise_mobile(number) if number else ""
        self.caller_enc = crypto.encrypt(number, context="hotline.caller")
        self.caller_index = phone_index(number)
        self.caller_masked = mask_mobile(number) if number else ""

    def reveal_caller(self) -> str:
        return crypto.decrypt(self.caller_enc, context="hotline.caller")

    def set_offered(self, at: dt.datetime) -> None:
        self.offered_at = at
        self.day, self.slot = local_day_slot(at)


class CallEvent(models.Model):
    """One CTI event as received. (call, kind) is unique: a repeated event is a no-op."""

    class Kind(models.TextChoices):
        OFFERED = "offered", _("呼入")
        ANSWERED = "answered", _("接通")
        ABANDONED = "abandoned", _("放弃")
        ENDED = "ended", _("结束")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("时间"))
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    client = models.CharField(_("来源系统"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("CTI事件")
        verbose_name_plural = _("CTI事件")
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="callevent_call_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.kind}"


class CtiClient(models.Model):
    """A telephony system allowed to post events; only a hash of its token is stored."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("CTI接入方")
        verbose_name_plural = _("CTI接入方")

    def __str__(self) -> str:
        return self.name
