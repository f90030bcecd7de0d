"""The five-level service network: service points, institutions and practitioners."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.regions.models import Level, Region


class Language(models.TextChoices):
    ZH = "zh", _("汉语")
    BO = "bo", _("藏语")
    II = "ii", _("彝语")
    EN = "en", _("英语")
    KO = "ko", _("韩语")
    JA = "ja", _("日语")
    RU = "ru", _("俄语")


class LanguagesMixin(models.Model):
    """Languages spoken, stored as ``,zh,bo,`` so that "speaks bo" is a portable
    ``languages__contains=",bo,"`` on SQLite and PostgreSQL alike."""

    languages = models.CharField(_("服务语种"), max_length=64, default=",zh,")

    class Meta:
        abstract = True

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    def speaks(self, code: str) -> bool:
        return f",{code}," in self.languages

    @staticmethod
    def encode_languages(codes: list[str]) -> str:
        return "," + ",".join(dict.fromkeys(codes)) + ","


class Located(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("所在区划"))
    region_path = models.CharField(max_length=64, db_index=True, editable=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.region_path = self.region.path
        super().save(*args, **kwargs)


class ServicePoint(LanguagesMixin, Located):
    class Kind(models.TextChoices):
        CENTRE = "centre", _("公共法律服务中心")
        STATION = "station", _("公共法律服务工作站")
        ROOM = "room", _("公共法律服务室")
        PRISON = "prison", _("监狱公共法律服务中心")
        REHAB = "rehab", _("戒毒所公共法律服务中心")
        ENTERPRISE = "enterprise", _("企业投诉服务站")
        VETERANS = "veterans", _("退役军人公共法律服务工作站")
        CAMPUS = "campus", _("校园法律服务站")
        HOTLINE = "hotline", _("12348热线中心")

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, db_index=True)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices, db_index=True)
    capacity = models.PositiveIntegerField(_("在办容量"), default=50)
    smart_services = models.BooleanField(_("已配智能服务终端"), default=False)

    class Meta:
        verbose_name = _("服务点")
        verbose_name_plural = _("服务点")
        indexes = [models.Index(fields=["kind", "region_path"])]

    def __str__(self) -> str:
        return self.name


class Institution(LanguagesMixin, Located):
    class Kind(models.TextChoices):
        LAW_FIRM = "law_firm", _("律师事务所")
        NOTARY = "notary", _("公证机构")
        APPRAISAL = "appraisal", _("司法鉴定机构")
        ARBITRATION = "arbitration", _("仲裁委员会")
        MEDIATION = "mediation", _("人民调解委员会")
        LEGAL_AID = "legal_aid", _("法律援助中心")
        BASIC_SERVICE = "basic_service", _("基层法律服务所")

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, db_index=True)
    licence_no = models.CharField(_("执业许可证号"), max_length=40, blank=True)
    capacity = models.PositiveIntegerField(_("在办容量"), default=30)
    qualifications = models.CharField(
        _("业务范围/资质"),
        max_length=200,
        blank=True,
        help_text=_("逗号分隔，例如鉴定类别：法医临床,法医病理,文书,痕迹"),
    )
    cma = models.BooleanField(_("通过CMA认定"), default=False)
    cnas = models.BooleanField(_("通过CNAS认可"), default=False)
    standardised = models.BooleanField(_("标准化建设达标"), default=False)
    informatised = models.BooleanField(_("信息化建设达标"), default=False)

    class Meta:
        verbose_name = _("法律服务机构")
        verbose_name_plural = _("法律服务机构")
        indexes = [models.Index(fields=["kind", "region_path"])]

    def __str__(self) -> str:
        return self.name

    def has_qualification(self, q: str) -> bool:
        return q in [x.strip() for x in self.qualifications.split(",")]


class Practitioner(LanguagesMixin, models.Model):
    class Kind(models.TextChoices):
        LAWYER = "lawyer", _("律师")
        MEDIATOR = "mediator", _("人民调解员")
        NOTARY = "notary", _("公证员")
        APPRAISER = "appraiser", _("司法鉴定人")
        ARBITRATOR = "arbitrator", _("仲裁员")
        GRASSROOTS = "grassroots", _("基层法律服务工作者")
        LEGAL_AID = "legal_aid", _("法律援助人员")
        UNDERSTANDING = "understanding", _("法律明白人")

    name = models.CharField(_("姓名"), max_length=40)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, db_index=True)
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="practitioners"
    )
    service_point = models.ForeignKey(
        ServicePoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="practitioners"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("所在区划"))
    region_path = models.CharField(max_length=64, db_index=True, editable=False)
    licence_no = models.CharField(_("执业证号"), max_length=40, blank=True)
    expertise = models.CharField(_("擅长领域"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("在办容量"), default=10)
    full_time = models.BooleanField(_("专职"), default=False)
    is_backbone = models.BooleanField(_("骨干"), default=False)
    is_active = models.BooleanField(_("在岗"), default=True)
    practice_since = models.DateField(
        _("执业起始日期"), null=True, blank=True, help_text=_("首次取得执业证书、开始执业之日。")
    )
    criminal_practice_since = models.DateField(
        _("刑事辩护执业起始日期"),
        null=True,
        blank=True,
        help_text=_(
            "开始承办刑事辩护业务之日。法律援助法第二十六条要求的“三年以上相关执业经历”"
            "据此计算；未登记的，不能指派担任可能判处无期徒刑、死刑案件的辩护人。"
        ),
    )

    class Meta:
        verbose_name = _("法律服务人员")
        verbose_name_plural = _("法律服务人员")
        indexes = [models.Index(fields=["kind", "region_path"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(practice_since__isnull=True)
                | models.Q(criminal_practice_since__isnull=True)
                | models.Q(criminal_practice_since__gte=models.F("practice_since")),
                name="practitioner_criminal_after_practice",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.region_path = self.region.path
        super().save(*args, **kwargs)
