"""Forms of the portal and the staff console: they parse and validate, nothing more."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fawang.lib.validators import validate_id_number, validate_mobile
from fawang.network.models import Language
from fawang.regions import geo
from fawang.regions.models import Level, Region
from fawang.workorders.models import Category, Channel, Service, Status
from fawang.workorders.selectors import OrderFilters

# ---------------------------------------------------------------- one-time form token

_TOKEN_SALT = "fawang.web.form-token"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 24 * 3600


def form_token_new() -> str:
    """A signed random token; once submitted it becomes the order's idempotency key."""
    return signing.dumps(secrets.token_urlsafe(18), salt=_TOKEN_SALT)


def form_token_key(token: str, *, channel: str) -> str:
    """The idempotency key for a signed token; raises ValidationError when it was not
    issued by us or has expired."""
    try:
        raw = signing.loads(token, salt=_TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("表单已超过24小时未提交，请核对后重新提交。"), code="expired"
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("表单已失效，请核对后重新提交。"), code="bad_token") from exc
    return f"{channel}:{raw}"


# ---------------------------------------------------------------- attachments

MAX_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
# Extension → accepted leading bytes (the content must match what the name claims).
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(FILE_SIGNATURES)}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [f for f in files if f]


def check_attachments(files: list[UploadedFile]) -> list[UploadedFile]:
    if len(files) > MAX_FILES:
        raise ValidationError(_("最多上传 %(n)d 个附件。") % {"n": MAX_FILES})
    total = 0
    for f in files:
        ext = Path(f.name or "").suffix.lower()
        if ext not in FILE_SIGNATURES:
            raise ValidationError(
                _("附件“%(name)s”的格式不支持，只能上传 PDF、JPG、PNG 或 Word（docx）文件。")
                % {"name": f.name}
            )
        if f.size > MAX_FILE_BYTES:
            raise ValidationError(_("附件“%(name)s”超过 5 MB，请压缩后再上传。") % {"name": f.name})
        head = f.read(16)
        f.seek(0)
        if not any(head.startswith(sig) for sig in FILE_SIGNATURES[ext]):
            raise ValidationError(
                _("附件“%(name)s”的内容与文件类型不符，请上传原始文件。") % {"name": f.name}
            )
        total += f.size
    if total > MAX_TOTAL_BYTES:
        raise ValidationError(_("附件合计不能超过 20 MB。"))
    return files


# ---------------------------------------------------------------- the place cascade

_FIXED_LINE = re.compile(r"^0\d{9,11}$")


def _region(code: str, level: int) -> Region | None:
    if not code:
        return None
    return Region.objects.filter(code=code, level=level).first()


class PlaceMixin(forms.Form):
    """City → county → township → village, or a point (lng/lat) located to its county."""

    city = forms.CharField(label=_lazy("市（州）"), required=False)
    county = forms.CharField(label=_lazy("县（市、区）"), required=False)
    township = forms.CharField(label=_lazy("乡镇（街道）"), required=False)
    village = forms.CharField(label=_lazy("村（社区）"), required=False)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)

    def clean_place(self, data: dict) -> Region | None:
        """Resolve the chosen place to its deepest region, with errors on the fields."""
        county = _region(data.get("county", ""), Level.COUNTY)
        if county is None and data.get("county"):
            self.add_error("county", _("所选县（市、区）不存在，请重新选择。"))
            return None
        lng, lat = data.get("lng"), data.get("lat")
        if county is None and lng is not None and lat is not None:
            division = geo.locate(lng, lat)
            if division is None:
                self.add_error("county", _("您的位置不在四川省内，请手动选择所在地。"))
                return None
            county = _region(division.code, Level.COUNTY)
        if county is None:
            self.add_error("county", _("请选择所在县（市、区），或点击“使用我的位置”。"))
            return None
        city_code = data.get("city", "")
        if city_code and county.parent_id != city_code:
            self.add_error("county", _("所选县（市、区）不属于所选市（州），请重新选择。"))
            return None
        place = county
        township = _region(data.get("township", ""), Level.TOWNSHIP)
        if data.get("township"):
            if township is None or township.parent_id != county.code:
                self.add_error("township", _("所选乡镇（街道）不属于所选县（市、区）。"))
                return None
            place = township
        if data.get("village"):
            village = _region(data.get("village", ""), Level.VILLAGE)
            if township is None or village is None or village.parent_id != township.code:
                self.add_error("village", _("所选村（社区）不属于所选乡镇（街道）。"))
                return None
            place = village
        return place


class MatterMixin(forms.Form):
    service = forms.ChoiceField(
        label=_lazy("需要的服务"), choices=Service.choices, initial=Service.CONSULTATION
    )
    category = forms.ChoiceField(
        label=_lazy("事项类别"), choices=[("", _lazy("请选择")), *Category.choices]
    )
    language = forms.ChoiceField(
        label=_lazy("使用语言"), choices=Language.choices, initial=Language.ZH
    )
    description = forms.CharField(
        label=_lazy("情况描述"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_lazy("请写明发生了什么、什么时候、涉及谁、您希望得到什么帮助。"),
        error_messages={"min_length": _lazy("请至少用10个字说明您的情况。")},
    )
    opposing_party = forms.CharField(
        label=_lazy("对方（选填）"),
        max_length=120,
        required=False,
        help_text=_lazy("对方当事人的姓名或单位名称；投诉的，请写被投诉单位的全称。"),
    )


class IntakeBase(PlaceMixin, MatterMixin):
    form_token = forms.CharField(widget=forms.HiddenInput)
    channel: str = Channel.WEB

    def clean_form_token(self) -> str:
        return form_token_key(self.cleaned_data["form_token"], channel=self.channel)

    def clean(self) -> dict:
        data = super().clean()
        data["place"] = self.clean_place(data)
        return data


class CitizenIntakeForm(IntakeBase):
    """The citizen's form at /ask/ (no login)."""

    name = forms.CharField(label=_lazy("姓名"), max_length=50)
    mobile = forms.CharField(
        label=_lazy("手机号码"),
        max_length=20,
        help_text=_lazy("用于联系您，查询进度时需要手机号后4位。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_number = forms.CharField(
        label=_lazy("身份证号码（选填）"),
        max_length=24,
        required=False,
        help_text=_lazy("申请法律援助等服务时需要；我们加密保存。"),
    )
    attachments = MultipleFileField(
        label=_lazy("证据材料（选填）"),
        help_text=_lazy("最多5个，每个不超过5 MB，支持 PDF、JPG、PNG、docx。"),
    )
    channel = Channel.WEB

    field_order = [
        "service",
        "category",
        "city",
        "county",
        "township",
        "village",
        "language",
        "name",
        "mobile",
        "id_number",
        "description",
        "opposing_party",
        "attachments",
    ]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("请填写姓名。"))
        return name

    def clean_mobile(self) -> str:
        return validate_mobile(self.cleaned_data["mobile"])

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip()
        return validate_id_number(value) if value else ""

    def clean_attachments(self) -> list[UploadedFile]:
        return check_attachments(self.cleaned_data["attachments"])


def validate_caller_number(value: str) -> str:
    number = re.sub(r"[\s-]", "", value.strip())
    if _FIXED_LINE.fullmatch(number):
        return number
    try:
        return validate_mobile(number)
    except ValidationError as exc:
        raise ValidationError(
            _("请输入11位手机号码或带区号的固定电话，例如 13800000000 或 028-12345678。")
        ) from exc


class HotlineIntakeForm(IntakeBase):
    """A 12348 call logged by an agent."""

    caller_number = forms.CharField(label=_lazy("来电号码"), max_length=20)
    seat = forms.CharField(
        label=_lazy("坐席号"),
        max_length=20,
        help_text=_lazy("您本班次使用的坐席编号，例如 A-07。"),
    )
    name = forms.CharField(label=_lazy("来电人姓名"), max_length=50)
    channel = Channel.HOTLINE

    field_order = [
        "caller_number",
        "seat",
        "name",
        "language",
        "service",
        "category",
        "city",
        "county",
        "township",
        "village",
        "description",
        "opposing_party",
    ]

    def clean_caller_number(self) -> str:
        return validate_caller_number(self.cleaned_data["caller_number"])

    def clean_seat(self) -> str:
        return self.cleaned_data["seat"].strip().upper()


class WalkInIntakeForm(IntakeBase):
    """A visitor registered at a service point's window."""

    name = forms.CharField(label=_lazy("来访人姓名"), max_length=50)
    mobile = forms.CharField(label=_lazy("手机号码"), max_length=20)
    id_number = forms.CharField(label=_lazy("身份证号码（选填）"), max_length=24, required=False)
    attachments = MultipleFileField(label=_lazy("材料扫描件（选填）"))
    accept_now = forms.BooleanField(label=_lazy("当场签收办理（本窗口直接承办）"), required=False)
    channel = Channel.WALK_IN

    field_order = [
        "name",
        "mobile",
        "id_number",
        "language",
        "service",
        "category",
        "city",
        "county",
        "township",
        "village",
        "description",
        "opposing_party",
        "attachments",
        "accept_now",
    ]

    clean_mobile = CitizenIntakeForm.clean_mobile
    clean_id_number = CitizenIntakeForm.clean_id_number
    clean_attachments = CitizenIntakeForm.clean_attachments


# ---------------------------------------------------------------- tracking and console


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_lazy("工单编号"),
        max_length=32,
        widget=forms.TextInput(attrs={"placeholder": "SC510107-20261129-0001"}),
    )
    phone_last4 = forms.CharField(
        label=_lazy("手机号后4位"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"min_length": _lazy("请输入4位数字。")},
    )

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip().upper()
        if not re.fullmatch(r"SC\d{6}-\d{8}-\d{4,}", number):
            raise ValidationError(_("工单编号格式应如 SC510107-20261129-0001。"))
        return number

    def clean_phone_last4(self) -> str:
        value = self.cleaned_data["phone_last4"].strip()
        if not value.isdigit():
            raise ValidationError(_("请输入4位数字。"))
        return value


class QueueFilterForm(forms.Form):
    number = forms.CharField(label=_lazy("工单编号"), max_length=32, required=False)
    status = forms.ChoiceField(
        label=_lazy("状态"), choices=[("", _lazy("全部")), *Status.choices], required=False
    )
    service = forms.ChoiceField(
        label=_lazy("服务"), choices=[("", _lazy("全部")), *Service.choices], required=False
    )
    category = forms.ChoiceField(
        label=_lazy("类别"), choices=[("", _lazy("全部")), *Category.choices], required=False
    )
    channel = forms.ChoiceField(
        label=_lazy("渠道"), choices=[("", _lazy("全部")), *Channel.choices], required=False
    )
    overdue = forms.BooleanField(label=_lazy("仅看超期"), required=False)

    def filters(self) -> OrderFilters:
        if not self.is_valid():
            return OrderFilters()
        d = self.cleaned_data
        return OrderFilters(
            status=d["status"],
            service=d["service"],
            category=d["category"],
            channel=d["channel"],
            overdue=d["overdue"],
            number=d["number"].strip(),
        )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_lazy("操作"), choices=Status.choices)
    reason = forms.CharField(
        label=_lazy("理由/说明"), max_length=2000, required=False, widget=forms.Textarea
    )
