"""Administrative divisions: province → city → county → township → village."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, _("省")
    CITY = 2, _("市（州）")
    COUNTY = 3, _("县（市、区）")
    TOWNSHIP = 4, _("乡（镇、街道）")
    VILLAGE = 5, _("村（社区）")


class Region(models.Model):
    """One division. ``path`` is the codes from the province down, joined by '/', so a
    subtree is ``path__startswith`` and jurisdiction needs no recursive query."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=64, unique=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    population_source = models.CharField(_("人口数据来源"), max_length=200, blank=True)
    is_synthetic = models.BooleanField(
        _("演示数据"), default=False, help_text=_("演示用的虚构乡镇和村，不是真实区划。")
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def county_code(self) -> str | None:
        return self.code[:6] if self.level >= Level.COUNTY else None

    @property
    def city_code(self) -> str | None:
        return self.code[:4] + "00" if self.level >= Level.CITY else None

    def ancestors_codes(self) -> list[str]:
        return self.path.split("/")

    @property
    def justice_bureau(self) -> str:
        """The government department for justice administration of this region
        (司法行政部门): the province's 司法厅, a city's or county's 司法局."""
        return f"{self.name}司法厅" if self.level == Level.PROVINCE else f"{self.name}司法局"


def path_for(code: str, parent_path: str | None) -> str:
    return f"{parent_path}/{code}" if parent_path else code
