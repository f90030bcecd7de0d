"""The spine: one WorkOrder (工单) per request, its events, requester and numbering."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.lib import crypto
from fawang.lib.validators import mask_id_number, mask_mobile, mask_name


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("窗口来访")
    HOTLINE = "hotline", _("12348热线")
    WEB = "web", _("网上申请")
    API = "api", _("接口")
    KIOSK = "kiosk", _("自助终端")


class Service(models.TextChoices):
    CONSULTATION = "consultation", _("法律咨询")
    LEGAL_AID = "legal_aid", _("法律援助")
    MEDIATION = "mediation", _("人民调解")
    NOTARY = "notary", _("公证")
    ARBITRATION = "arbitration", _("仲裁")
    APPRAISAL = "appraisal", _("司法鉴定")
    COMPLAINT = "complaint", _("投诉")
    ENTERPRISE_COMPLAINT = "enterprise_complaint", _("涉企投诉")
    OTHER = "other", _("其他")


class Category(models.TextChoices):
    LABOUR_WAGE = "labour_wage", _("劳动争议/欠薪")
    WORK_INJURY = "work_injury", _("工伤")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    MARRIAGE_FAMILY = "marriage_family", _("婚姻家庭")
    INHERITANCE = "inheritance", _("继承")
    SUPPORT = "support", _("赡养抚养扶养")
    NEIGHBOUR = "neighbour", _("相邻关系")
    LENDING = "lending", _("借贷")
    CONTRACT = "contract", _("合同纠纷")
    HOUSING = "housing", _("房屋买卖租赁")
    PROPERTY_MGMT = "property_mgmt", _("物业")
    TRAFFIC = "traffic", _("交通事故")
    MEDICAL = "medical", _("医疗纠纷")
    PERSONAL_INJURY = "personal_injury", _("人身损害")
    CONSUMER = "consumer", _("消费")
    LAND = "land", _("土地承包/征地")
    IP = "ip", _("知识产权")
    COMPANY = "company", _("公司/企业经营")
    ENVIRONMENT = "environment", _("环境污染")
    CRIMINAL = "criminal", _("刑事")
    ADMINISTRATIVE = "administrative", _("行政")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    RECEIVED = "received", _("已受理")
    DISPATCHED = "dispatched", _("已派发")
    ACCEPTED = "accepted", _("已签收")
    IN_PROGRESS = "in_progress", _("办理中")
    REPLIED = "replied", _("已答复")
    REVIEWED = "reviewed", _("已评价")
    CLOSED = "closed", _("已办结")
    RETURNED = "returned", _("已退回")
    TRANSFERRED = "transferred", _("已转办")
    ESCALATED = "escalated", _("已上报")
    SUSPENDED = "suspended", _("已中止")
    REJECTED = "rejected", _("不予受理")
    REOPENED = "reopened", _("已重办")


OPEN_STATUSES = frozenset(Status) - {Status.CLOSED, Status.REJECTED}
# Statuses whose deadline clock runs (suspended stops it; replied waits on the requester).
CLOCK_STATUSES = OPEN_STATUSES - {Status.SUSPENDED, Status.REPLIED, Status.REVIEWED}
# The same, as a sorted list of plain strings: the overdue query and the partial index
# that serves it must spell the predicate identically for PostgreSQL to match them.
CLOCK_STATUS_LIST = sorted(str(s) for s in CLOCK_STATUSES)

# What the requester is told while an order waits for its handling unit (the tracking
# page, the API's answer): routing happens in the background, so "received" must not
# sound like a unit already has it.
STATUS_NOTES = {
    Status.RECEIVED: _("已受理，正在分派承办单位。"),
    Status.DISPATCHED: _("已派发至承办单位，等待签收。"),
}


class Party(models.Model):
    """A requester. The ID number and phone are encrypted at rest; blind indexes find them."""

    class Kind(models.TextChoices):
        PERSON = "person", _("个人")
        ENTERPRISE = "enterprise", _("企业")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("姓名/名称"), max_length=100)
    id_number_enc = models.TextField(_("身份证号（密文）"), blank=True, editable=False)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)
    phone_enc = models.TextField(_("手机号（密文）"), blank=True, editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("手机号"), max_length=11, blank=True, editable=False)
    phone_last4 = models.CharField(max_length=4, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")

    def __str__(self) -> str:
        return self.masked_name

    @property
    def masked_name(self) -> str:
        return self.name if self.kind == self.Kind.ENTERPRISE else mask_name(self.name)

    def set_id_number(self, number: str) -> None:
        self.id_number_enc = crypto.encrypt(number, context="party.id_number")
        self.id_number_index = crypto.blind_index(number, purpose="id_number")
        self.id_number_masked = mask_id_number(number) if number else ""

    def set_phone(self, number: str) -> None:
        self.phone_enc = crypto.encrypt(number, context="party.phone")
        self.phone_index = crypto.blind_index(number, purpose="phone")
        self.phone_masked = mask_mobile(number) if number else ""
        self.phone_last4 = number[-4:]

    def reveal_id_number(self) -> str:
        """Decrypt; callers go through ``party_reveal`` so that the read is audited."""
        return crypto.decrypt(self.id_number_enc, context="party.id_number")

    def reveal_phone(self) -> str:
        return crypto.decrypt(self.phone_enc, context="party.phone")


class WorkOrder(models.Model):
    number = models.CharField(_("工单编号"), max_length=32, unique=True)
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices)
    service = models.CharField(_("服务类型"), max_length=24, choices=Service.choices)
    category = models.CharField(_("事项类别"), max_length=24, choices=Category.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.RECEIVED, editable=False
    )
    status_before_suspend = models.CharField(max_length=12, blank=True, editable=False)
    language = models.CharField(_("语种"), max_length=8, default="zh")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("发生地")
    )
    county = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属县区")
    )
    region_path = models.CharField(max_length=64, editable=False)
    lng = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name=_("申请人"))
    title = models.CharField(_("标题"), max_length=120, blank=True)
    description = models.TextField(_("情况描述"))
    opposing_party = models.CharField(_("对方当事人"), max_length=120, blank=True)
    assigned_point = models.ForeignKey(
        "network.ServicePoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("承办服务点"),
    )
    assigned_institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("承办机构"),
    )
    assigned_person = models.ForeignKey(
        "network.Practitioner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("承办人"),
    )
    first_response_due_at = models.DateTimeField(_("首次响应期限"), null=True, blank=True)
    due_at = models.DateTimeField(_("办结期限"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("首次响应时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"))
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("受理时间"), db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        indexes = [
            models.Index(fields=["region_path", "-created_at"], name="wo_path_created"),
            models.Index(fields=["status", "region_path"], name="wo_status_path"),
            models.Index(fields=["county", "created_at"], name="wo_county_created"),
            models.Index(fields=["due_at"], name="wo_due"),
            # The overdue scan (dispatch.supervision_scan, keyset-paged on due_at, id):
            # only orders whose clock runs.
            models.Index(
                fields=["due_at", "id"],
                name="wo_due_open",
                condition=models.Q(status__in=CLOCK_STATUS_LIST),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="wo_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_note(self) -> str:
        return str(STATUS_NOTES.get(self.status, ""))


class WorkOrderEvent(models.Model):
    """Append-only history. Every status change writes exactly one row of kind
    ``transition``; other kinds (note, assign, reply, rating …) carry no status change."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("经办人"), max_length=80, blank=True)
    unit = models.CharField(_("经办单位"), max_length=120, blank=True)
    kind = models.CharField(_("事件"), max_length=16, default="transition")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("工单事件")
        verbose_name_plural = _("工单事件")
        indexes = [models.Index(fields=["order", "at"], name="woe_order_at")]
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.from_status}→{self.to_status}"


class Attachment(models.Model):
    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class NumberSequence(models.Model):
    """The last sequence number used for a county on a day: SC510104-20261129-0007."""

    county_code = models.CharField(max_length=6)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["county_code", "day"], name="numseq_county_day")
        ]

    def __str__(self) -> str:
        return f"{self.county_code} {self.day} {self.last}"
