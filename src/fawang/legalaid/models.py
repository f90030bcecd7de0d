"""Legal aid (法律援助): applications, decisions, assignments and the policy tables.

A ``LegalAidCase`` belongs to exactly one work order (service ``legal_aid``); its own
status drives the order's through ``workorder_transition``. The hardship standards,
subsidy rates and budgets are data that officials maintain, each with its source, its
effective date and a flag for demo values.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.legalaid.eligibility import ALL_CIRCUMSTANCES, CASE_TYPES, MATTERS
from fawang.legalaid.statutes import Citation
from fawang.lib import crypto
from fawang.workorders.models import Channel


class HardshipStandard(models.Model):
    """经济困难标准 (art. 34): the monthly household income per head below which an
    applicant counts as in economic hardship, for a city or county from a date."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("适用区划")
    )
    income_per_head = models.DecimalField(
        _("家庭人均月收入上限（元）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    assets_limit = models.DecimalField(
        _("家庭资产上限（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    effective_from = models.DateField(_("施行日期"))
    source = models.CharField(_("依据/来源"), max_length=200)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("经济困难标准")
        verbose_name_plural = _("经济困难标准")
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="la_std_region_date")
        ]
        ordering = ["region_id", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.region_id} {self.income_per_head} ({self.effective_from})"


class SubsidyRate(models.Model):
    """法律援助补贴标准 (art. 52) by case type and region; no region is the province default."""

    case_type = models.CharField(
        _("案件类型"), max_length=20, choices=[(k, v) for k, v in CASE_TYPES.items()]
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("适用区划"),
    )
    amount = models.DecimalField(
        _("每件补贴（元）"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    effective_from = models.DateField(_("施行日期"))
    source = models.CharField(_("依据/来源"), max_length=200)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("法律援助补贴标准")
        verbose_name_plural = _("法律援助补贴标准")
        ordering = ["case_type", "region_id", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.case_type} {self.region_id or '-'} {self.amount}"


class LegalAidBudget(models.Model):
    """A year's legal-aid spending in a region and the population it serves, each with
    its source: the figures behind 人均法律援助经费 (plan table 1)."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("区划")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("法律援助经费（元）"), max_digits=14, decimal_places=2)
    amount_source = models.CharField(_("经费数据来源"), max_length=200)
    population = models.PositiveIntegerField(_("常住人口"))
    population_source = models.CharField(_("人口数据来源"), max_length=200)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("法律援助经费")
        verbose_name_plural = _("法律援助经费")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="la_budget_region_year"),
            models.CheckConstraint(condition=models.Q(population__gt=0), name="la_budget_pop"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.amount}"


class CaseStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    REVIEWING = "reviewing", _("审查中")
    AWAITING = "awaiting", _("待补充材料")
    ADVANCED = "advanced", _("先行提供法律援助")
    GRANTED = "granted", _("决定给予")
    DENIED = "denied", _("决定不予")
    WITHDRAWN = "withdrawn", _("视为撤回")
    ASSIGNED = "assigned", _("已指派承办")
    CONCLUDED = "concluded", _("已结案")
    EVALUATED = "evaluated", _("已质量评估")
    SETTLED = "settled", _("补贴已核发")
    TERMINATED = "terminated", _("已终止法律援助")


class Decision(models.TextChoices):
    GRANT = "grant", _("给予法律援助")
    DENY = "deny", _("不予法律援助")


class CaseOutcome(models.TextChoices):
    WON = "won", _("胜诉/请求得到支持")
    PARTLY = "partly", _("部分支持")
    MEDIATED = "mediated", _("调解/和解结案")
    LOST = "lost", _("未获支持")
    TERMINATED = "terminated", _("终止法律援助")


# A case ends in termination only by the reasoned decision of art. 48 (its letter tells the
# person how to object, art. 49); closing a case cannot say so. The value stays for the
# records made before that decision existed.
CONCLUSION_OUTCOMES = [c for c in CaseOutcome.choices if c[0] != CaseOutcome.TERMINATED]


class QualityGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


def grade_for(score: int) -> str:
    if score >= 90:
        return QualityGrade.EXCELLENT
    if score >= 75:
        return QualityGrade.GOOD
    if score >= 60:
        return QualityGrade.PASS
    return QualityGrade.FAIL


# The art. 43 review deadline runs — also while advance aid is given (art. 44 brings the
# lawyer forward; it does not stop the decision).
CLOCK_STATUSES = (CaseStatus.APPLIED, CaseStatus.REVIEWING, CaseStatus.ADVANCED)

# Art. 44 (一): aid may be given in advance when a time limit ends in under seven days.
ADVANCE_URGENT_DAYS = 7

MATTER_CHOICES = [(m.code, m.label) for m in MATTERS.values()]
CIRCUMSTANCE_CHOICES = [(c.code, c.label) for c in ALL_CIRCUMSTANCES.values()]


class LegalAidCase(models.Model):
    # The case is a part of its order: it goes when the order goes.
    order = models.OneToOneField(
        "workorders.WorkOrder", on_delete=models.CASCADE, related_name="legal_aid"
    )
    status = models.CharField(
        _("案件状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.APPLIED
    )
    matter = models.CharField(_("申请事项"), max_length=24, choices=MATTER_CHOICES)
    case_type = models.CharField(_("案件类型"), max_length=20)
    circumstances = models.JSONField(_("特殊情形"), default=list, blank=True)
    opposing_party = models.CharField(_("对方当事人"), max_length=120, blank=True)
    opposing_party_key = models.CharField(max_length=120, blank=True, db_index=True)
    agent_name = models.CharField(_("代理人/代为申请人"), max_length=40, blank=True)
    agent_relation = models.CharField(_("与申请人关系"), max_length=20, blank=True)
    agent_phone_enc = models.TextField(blank=True, editable=False)
    agent_phone_masked = models.CharField(_("代理人电话"), max_length=11, blank=True)
    household_size = models.PositiveSmallIntegerField(
        _("家庭人口"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    monthly_income_enc = models.TextField(_("家庭月收入（密文）"), blank=True, editable=False)
    assets_enc = models.TextField(_("家庭资产（密文）"), blank=True, editable=False)
    is_wage_claim = models.BooleanField(_("农民工欠薪"), default=False, db_index=True)
    priority = models.BooleanField(_("优先"), default=False)

    applied_at = models.DateTimeField(_("申请时间"), db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decision_due_at = models.DateTimeField(_("审查决定期限"), null=True, blank=True)
    clock_stopped_at = models.DateTimeField(_("计时中止于"), null=True, blank=True)
    remaining_working_days = models.SmallIntegerField(null=True, blank=True)
    materials_requested = models.TextField(_("需补充的材料"), blank=True)
    # A statutory limitation or time limit the applicant faces (to sue, to apply for
    # arbitration or reconsideration): under seven days away suggests advance aid (art. 44).
    limitation_deadline = models.DateField(_("法定时效或期限届满日"), null=True, blank=True)

    # Art. 44: aid given ahead of the decision, on one of the article's grounds; the
    # person must complete the formalities and supply the materials by a date.
    advance_ground = models.PositiveSmallIntegerField(
        _("先行提供法律援助情形（第四十四条第几项）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    advance_reasons = models.TextField(_("先行提供法律援助的说明"), blank=True)
    advance_at = models.DateTimeField(_("先行提供时间"), null=True, blank=True)
    advance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    advance_materials = models.TextField(_("需补办的手续和材料"), blank=True)
    advance_materials_due = models.DateField(_("补办手续、补充材料期限"), null=True, blank=True)
    advance_materials_received_at = models.DateTimeField(
        _("手续和材料补齐时间"), null=True, blank=True
    )
    advance_ended_at = models.DateTimeField(_("先行法律援助终止时间"), null=True, blank=True)

    engine_outcome = models.CharField(_("审查建议"), max_length=16, blank=True)
    engine_means_test = models.CharField(max_length=16, blank=True)
    engine_rule = models.CharField(max_length=16, blank=True)
    articles = models.JSONField(_("依据条款"), default=list, blank=True)
    assessment_enc = models.TextField(blank=True, editable=False)

    decision = models.CharField(_("决定"), max_length=8, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("决定理由"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    lawyer = models.ForeignKey(
        "network.Practitioner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_aid_cases",
        verbose_name=_("承办律师"),
    )
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_aid_cases",
        verbose_name=_("承办机构"),
    )
    assignment_due_at = models.DateTimeField(_("指派期限"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("指派时间"), null=True, blank=True)
    assignment_basis = models.JSONField(default=dict, blank=True)

    # Art. 48: the institution's decision to end aid, on one of the article's grounds.
    terminated_at = models.DateTimeField(_("终止时间"), null=True, blank=True)
    terminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    termination_ground = models.PositiveSmallIntegerField(
        _("终止情形（第四十八条第几项）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    termination_reasons = models.TextField(_("终止理由"), blank=True)

    concluded_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    outcome = models.CharField(
        _("结案结果"), max_length=12, choices=CaseOutcome.choices, blank=True
    )
    outcome_summary = models.TextField(_("办理情况"), blank=True)

    quality_score = models.PositiveSmallIntegerField(
        _("质量评分"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    quality_grade = models.CharField(
        _("质量等级"), max_length=10, choices=QualityGrade.choices, blank=True
    )
    quality_methods = models.JSONField(default=list, blank=True)
    quality_notes = models.TextField(_("评估意见"), blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    subsidy_amount = models.DecimalField(
        _("办案补贴（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    subsidy_basis = models.CharField(_("补贴依据"), max_length=240, blank=True)
    settled_at = models.DateTimeField(_("补贴核发时间"), null=True, blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("法律援助案件")
        verbose_name_plural = _("法律援助案件")
        indexes = [
            models.Index(fields=["status", "decision_due_at"], name="la_status_due"),
            models.Index(fields=["lawyer", "status"], name="la_lawyer_status"),
            models.Index(fields=["-priority", "applied_at"], name="la_priority"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quality_score__isnull=True) | models.Q(quality_score__lte=100),
                name="la_quality_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(advance_ground__isnull=True)
                | models.Q(advance_ground__gte=1, advance_ground__lte=3),
                name="la_advance_ground_1_3",
            ),
            models.CheckConstraint(
                condition=models.Q(termination_ground__isnull=True)
                | models.Q(termination_ground__gte=1, termination_ground__lte=8),
                name="la_termination_ground_1_8",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.status}"

    # Sensitive money figures: encrypted at rest, read through these helpers only.
    def set_finances(self, *, monthly_income: Decimal, assets: Decimal) -> None:
        self.monthly_income_enc = crypto.encrypt(str(monthly_income), context="legalaid.income")
        self.assets_enc = crypto.encrypt(str(assets), context="legalaid.assets")

    @property
    def monthly_income(self) -> Decimal:
        text = crypto.decrypt(self.monthly_income_enc, context="legalaid.income")
        return Decimal(text or 0)

    @property
    def assets(self) -> Decimal:
        return Decimal(crypto.decrypt(self.assets_enc, context="legalaid.assets") or 0)

    def set_assessment(self, data: dict) -> None:
        self.assessment_enc = crypto.encrypt(
            json.dumps(data, ensure_ascii=False), context="legalaid.assessment"
        )

    @property
    def assessment(self) -> dict:
        if not self.assessment_enc:
            return {}
        return json.loads(crypto.decrypt(self.assessment_enc, context="legalaid.assessment"))

    @property
    def matter_label(self) -> str:
        return str(MATTERS[self.matter].label)

    @property
    def circumstance_labels(self) -> list[str]:
        return [
            str(ALL_CIRCUMSTANCES[c].label) for c in self.circumstances if c in ALL_CIRCUMSTANCES
        ]

    @property
    def termination_label(self) -> str:
        """第四十八条第（六）项 for the ground the case was terminated on."""
        return Citation(48, self.termination_ground).label if self.termination_ground else ""

    @property
    def advance_label(self) -> str:
        """第四十四条第（一）项 for the ground advance aid was given on."""
        return Citation(44, self.advance_ground).label if self.advance_ground else ""

    @property
    def clock_running(self) -> bool:
        """The art. 43 review deadline runs — also while advance aid is given (art. 44
        brings the lawyer forward; it does not stop the decision)."""
        return self.status in CLOCK_STATUSES


class Objection(models.Model):
    """异议 (art. 49): the applicant or aided person disputes a refusal or a termination
    before the justice bureau that set up the legal-aid institution; the bureau decides
    within five (working) days of receipt to uphold the decision or to order the
    institution to correct it. One objection per decision, and never two open at once."""

    class Against(models.TextChoices):
        DENIAL = "denial", _("不予法律援助决定")
        TERMINATION = "termination", _("终止法律援助决定")

    class Status(models.TextChoices):
        OPEN = "open", _("审查中")
        UPHELD = "upheld", _("维持原决定")
        CORRECTED = "corrected", _("责令改正")

    case = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="objections")
    against = models.CharField(_("异议针对"), max_length=12, choices=Against.choices)
    decision_at = models.DateTimeField(_("原决定时间"))
    decision_reasons = models.TextField(_("原决定理由"), blank=True)
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作出决定的法律援助机构"),
    )
    bureau_region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审查异议的司法行政部门（所在区划）"),
    )
    bureau_region_path = models.CharField(max_length=64, editable=False)
    reasons = models.TextField(_("异议理由"))
    channel = models.CharField(_("提出方式"), max_length=12, choices=Channel.choices)
    filed_at = models.DateTimeField(_("收到异议时间"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("代为登记人"),
    )
    due_at = models.DateTimeField(_("审查期限"))
    status = models.CharField(
        _("审查状态"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reviewed_at = models.DateTimeField(_("审查决定时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_reasons = models.TextField(_("审查意见"), blank=True)

    class Meta:
        verbose_name = _("法律援助异议")
        verbose_name_plural = _("法律援助异议")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="la_objection_status_due"),
            models.Index(fields=["bureau_region_path", "status"], name="la_objection_bureau"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "against", "decision_at"], name="la_objection_once_per_decision"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="open"), name="la_objection_one_open"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", reviewed_at__isnull=True)
                | models.Q(status__in=["upheld", "corrected"], reviewed_at__isnull=False),
                name="la_objection_reviewed_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.against} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CaseNote(models.Model):
    """A progress note by the lawyer or the legal-aid centre (art. 46: keep the client informed)."""

    case = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField(_("时间"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("记录人"), max_length=80)
    text = models.TextField(_("办理进展"))

    class Meta:
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d}"


class CaseDocument(models.Model):
    class Kind(models.TextChoices):
        MATERIAL = "material", _("申请材料")
        SUPPLEMENT = "supplement", _("补充材料")
        CLOSING = "closing", _("结案材料")

    case = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to="legalaid/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("案件材料")
        verbose_name_plural = _("案件材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class ConflictDeclaration(models.Model):
    """A client a lawyer or a firm acts for (e.g. as standing counsel, 常年法律顾问): the
    lawyer may not be assigned against them."""

    practitioner = models.ForeignKey(
        "network.Practitioner", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    client_name = models.CharField(_("委托人名称"), max_length=120)
    client_key = models.CharField(max_length=120, db_index=True, editable=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("利益冲突登记")
        verbose_name_plural = _("利益冲突登记")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(practitioner__isnull=False)
                | models.Q(institution__isnull=False),
                name="la_conflict_owner",
            )
        ]

    def __str__(self) -> str:
        return self.client_name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from fawang.legalaid.conflicts import party_key

        self.client_key = party_key(self.client_name)
        super().save(*args, **kwargs)
