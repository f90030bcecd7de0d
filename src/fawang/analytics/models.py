"""The big-data centre's tables: rollups of the work-order spine, the plan's indicators
(definitions as data, official entries), early warnings and their recipients.

Rollups come in two layers (ARCHITECTURE §5.6):

* ``OrderRollup`` — the exact base: orders created on a local day in a county, by
  service × category × channel × current status, with satisfaction sums and the number
  answered after their deadline. Maintained per (county, day) under a lock.
* ``PeriodRollup`` — narrow month / week rollups derived from the base, one dimension at
  a time, so that a province-wide dashboard reads a few thousand rows at 10 million
  orders instead of millions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupMeasures(models.Model):
    n = models.IntegerField(_("工单数"), default=0)
    sat_n = models.IntegerField(_("评价数"), default=0)
    sat_sum = models.IntegerField(_("评分合计"), default=0)
    late_n = models.IntegerField(_("超期答复数"), default=0)

    class Meta:
        abstract = True


MEASURE_FIELDS = ["n", "sat_n", "sat_sum", "late_n"]


class OrderRollup(RollupMeasures):
    day = models.DateField(_("受理日期"))
    county_code = models.CharField(_("县区代码"), max_length=6)
    city_code = models.CharField(_("市州代码"), max_length=6)
    region_path = models.CharField(_("县区路径"), max_length=64)
    service = models.CharField(_("服务类型"), max_length=24)
    category = models.CharField(_("事项类别"), max_length=24)
    channel = models.CharField(_("渠道"), max_length=12)
    status = models.CharField(_("状态"), max_length=12)

    class Meta:
        verbose_name = _("工单日汇总")
        verbose_name_plural = _("工单日汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["county_code", "day", "service", "category", "channel", "status"],
                name="orderrollup_key",
            )
        ]
        indexes = [models.Index(fields=["day", "region_path"], name="orderrollup_day_path")]

    def __str__(self) -> str:
        return f"{self.day} {self.county_code} {self.category} {self.status} {self.n}"


class Grain(models.TextChoices):
    MONTH = "month", _("月")
    WEEK = "week", _("周")


class Dimension(models.TextChoices):
    ALL = "all", _("合计")
    SERVICE = "service", _("服务类型")
    CATEGORY = "category", _("事项类别")
    CHANNEL = "channel", _("渠道")
    STATUS = "status", _("状态")


# Which dimensions each grain keeps (weeks feed the early-warning detector only).
GRAIN_DIMENSIONS: dict[str, tuple[str, ...]] = {
    Grain.MONTH: (
        Dimension.ALL,
        Dimension.SERVICE,
        Dimension.CATEGORY,
        Dimension.CHANNEL,
        Dimension.STATUS,
    ),
    Grain.WEEK: (Dimension.ALL, Dimension.CATEGORY),
}


class PeriodRollup(RollupMeasures):
    """Rows per county (``level`` 3) and, summed, per city (``level`` 2, ``county_code``
    holding the city's code), so that a province-wide view reads 21 areas, not 183."""

    grain = models.CharField(max_length=5, choices=Grain.choices)
    level = models.PositiveSmallIntegerField(default=3)
    start = models.DateField(_("期初"))
    county_code = models.CharField(max_length=6)
    city_code = models.CharField(max_length=6)
    region_path = models.CharField(max_length=64)
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    value = models.CharField(max_length=24)

    class Meta:
        verbose_name = _("工单周期汇总")
        verbose_name_plural = _("工单周期汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "dimension", "county_code", "start", "value"],
                name="periodrollup_key",
            )
        ]
        # Covering indexes (PostgreSQL): a dashboard query is an index-only scan.
        indexes = [
            models.Index(
                fields=["grain", "level", "dimension", "start", "region_path"],
                name="periodrollup_dash2",
                include=["value", "city_code", *MEASURE_FIELDS],
            ),
            models.Index(
                fields=["grain", "level", "city_code", "dimension", "start"],
                name="periodrollup_city",
                include=["value", "county_code", *MEASURE_FIELDS],
            ),
            models.Index(
                fields=["grain", "level", "county_code", "dimension", "start"],
                name="periodrollup_county",
                include=["value", *MEASURE_FIELDS],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.start} {self.county_code} {self.dimension}={self.value}"


class RollupPartition(models.Model):
    """One row per (county, day) ever synced: the lock that serialises recomputes of
    that partition, and how many times it was recomputed."""

    county_code = models.CharField(max_length=6)
    day = models.DateField()
    version = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["county_code", "day"], name="rolluppartition_key")
        ]

    def __str__(self) -> str:
        return f"{self.county_code} {self.day} v{self.version}"


class DirtyPartition(models.Model):
    """A (county, day) whose orders changed since its rollups were last recomputed: the
    hand-off from the request that changed an order to the worker that recomputes.

    A change bumps ``mark`` (one upsert); the worker reads the mark, recomputes, then
    deletes the row only if the mark is unchanged (compare-and-set), so a change made
    during a recompute is never lost. Many changes to one partition make one recompute."""

    county_code = models.CharField(max_length=6)
    day = models.DateField()
    mark = models.BigIntegerField(default=1)
    marked_at = models.DateTimeField(help_text="when it first became dirty")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["county_code", "day"], name="dirtypartition_key")
        ]

    def __str__(self) -> str:
        return f"{self.county_code} {self.day} #{self.mark}"


class SyncState(models.Model):
    """How far a resumable job got (STYLE 17): the last event id it folded in."""

    name = models.CharField(max_length=40, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.name}@{self.last_id}"


class UnitBacklog(models.Model):
    """Open and overdue orders per handling unit, as of the last refresh (a snapshot the
    periodic job replaces; overdue is a matter of the clock, not of an event)."""

    as_of = models.DateTimeField()
    county_code = models.CharField(max_length=6)
    region_path = models.CharField(max_length=64)
    unit_kind = models.CharField(max_length=12)  # point / institution / none
    unit_id = models.IntegerField(null=True)
    unit_name = models.CharField(max_length=120)
    open_n = models.IntegerField(default=0)
    overdue_n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("单位在办与超期")
        verbose_name_plural = _("单位在办与超期")
        indexes = [models.Index(fields=["region_path"], name="unitbacklog_path")]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.overdue_n}/{self.open_n}"


class Indicator(models.Model):
    """One row of the plan's table 1, as data: officials can correct names and targets."""

    class Nature(models.TextChoices):
        EXPECTED = "expected", _("预期性")
        BINDING = "binding", _("约束性")

    class Method(models.TextChoices):
        COMPUTED = "computed", _("平台数据计算")
        ENTERED = "entered", _("人工填报")

    code = models.SlugField(max_length=40, primary_key=True)
    order = models.PositiveSmallIntegerField(default=0)
    group = models.CharField(_("类别"), max_length=40)
    name = models.CharField(_("指标"), max_length=120)
    unit = models.CharField(_("单位"), max_length=12)
    baseline_2020 = models.DecimalField(_("2020年情况"), max_digits=12, decimal_places=2)
    target_2025 = models.DecimalField(_("2025年目标"), max_digits=12, decimal_places=2)
    target_text = models.CharField(_("目标表述"), max_length=40, blank=True)
    nature = models.CharField(
        _("指标性质"), max_length=10, choices=Nature.choices, default=Nature.EXPECTED
    )
    method = models.CharField(_("取数方式"), max_length=10, choices=Method.choices)
    definition = models.TextField(_("口径说明"), blank=True)

    class Meta:
        verbose_name = _("规划指标")
        verbose_name_plural = _("规划指标")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class IndicatorEntry(models.Model):
    """A figure entered by an official, with its source and date: either the indicator's
    value itself, or an input a computed indicator needs (``input_code``, e.g. the
    number of prisons holding inmates, which the platform does not hold)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="entries", verbose_name=_("指标")
    )
    input_code = models.SlugField(_("填报项"), max_length=40, default="value")
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2)
    as_of = models.DateField(_("数据日期"))
    source = models.CharField(_("数据来源"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("填报时间"))

    class Meta:
        verbose_name = _("指标填报")
        verbose_name_plural = _("指标填报")
        ordering = ["-as_of", "-entered_at"]
        indexes = [models.Index(fields=["indicator", "input_code", "-as_of"], name="ind_entry")]

    def __str__(self) -> str:
        return f"{self.indicator_id}.{self.input_code}={self.value} ({self.as_of})"


class EarlyWarning(models.Model):
    """An unusual rise of one category in one county in one week, and why."""

    class State(models.TextChoices):
        OPEN = "open", _("待核查")
        ACKNOWLEDGED = "ack", _("已核查")

    week_start = models.DateField(_("周起始日"))
    county_code = models.CharField(_("县区代码"), max_length=6)
    county_name = models.CharField(_("县区"), max_length=64)
    region_path = models.CharField(max_length=64)
    category = models.CharField(_("事项类别"), max_length=24)
    observed = models.IntegerField(_("本周工单数"))
    expected = models.FloatField(_("预期工单数"))
    recent_mean = models.FloatField(_("近期周均"))
    season = models.FloatField(_("季节系数"))
    score = models.FloatField(_("异常分值"))
    reason = models.TextField(_("预警原因"))
    state = models.CharField(max_length=4, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-week_start", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["county_code", "category", "week_start"], name="warning_key"
            )
        ]
        indexes = [models.Index(fields=["region_path", "-week_start"], name="warning_path")]

    def __str__(self) -> str:
        return f"{self.county_name} {self.category} {self.week_start}"


class WarningNotice(models.Model):
    """The in-app message of a warning to one supervisor."""

    warning = models.ForeignKey(EarlyWarning, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="warning_notices"
    )
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["warning", "user"], name="warningnotice_once")
        ]

    def __str__(self) -> str:
        return f"{self.warning_id}→{self.user_id}"
