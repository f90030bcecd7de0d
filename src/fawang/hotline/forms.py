from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fawang.hotline.models import SeatGroup
from fawang.lib.validators import validate_id_number, validate_mobile
from fawang.regions.models import Level, Region
from fawang.workorders.models import Category, Service

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class RateFilterForm(forms.Form):
    start = forms.DateField(label=_("开始日期"), required=False)
    end = forms.DateField(label=_("结束日期"), required=False)
    seat_group = forms.ModelChoiceField(
        label=_("坐席组"),
        queryset=SeatGroup.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("全部"),
    )

    def range(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or (end.replace(day=1) - dt.timedelta(days=365)).replace(day=1)
        if start > end:
            start, end = end, start
        return start, end


class PlanForm(forms.Form):
    day = forms.DateField(label=_("计划日期"), required=False)
    target = forms.ChoiceField(
        label=_("目标"),
        required=False,
        choices=[("rate", _("接通率（Erlang A）")), ("sl", _("服务水平（Erlang C）"))],
    )
    rate = forms.FloatField(
        label=_("接通率目标（%）"), required=False, min_value=50, max_value=99.9
    )


class CdrUploadForm(forms.Form):
    file = forms.FileField(label=_("话单文件（CSV）"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件超过 50 MB，请分批导入或使用命令 fawang hotline_import。"))
        if not f.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("请上传 .csv 格式的话单文件。"))
        return f


class LookupForm(forms.Form):
    phone = forms.CharField(label=_("来电号码"), max_length=20)

    def clean_phone(self) -> str:
        return validate_mobile(self.cleaned_data["phone"])


class LogCallForm(forms.Form):
    name = forms.CharField(label=_("来电人姓名"), max_length=100)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        help_text=_("通话中的来电自动使用主叫号码，无需填写。"),
    )
    id_number = forms.CharField(label=_("身份证号（选填）"), max_length=18, required=False)
    service = forms.ChoiceField(label=_("服务类型"), choices=Service.choices)
    category = forms.ChoiceField(label=_("事项类别"), choices=Category.choices)
    county = forms.ModelChoiceField(
        label=_("发生地（县区）"),
        queryset=Region.objects.filter(level=Level.COUNTY).order_by("code"),
        empty_label=_("请选择"),
    )
    description = forms.CharField(label=_("来电内容"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, has_call: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.has_call = has_call

    def clean_id_number(self) -> str:
        value = self.cleaned_data.get("id_number", "").strip()
        return validate_id_number(value) if value else ""

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        phone = (data.get("phone") or "").strip()
        if not self.has_call:
            if not phone:
                self.add_error("phone", _("没有通话中的来电时，请填写联系电话。"))
            else:
                try:
                    data["phone"] = validate_mobile(phone)
                except ValidationError as exc:
                    self.add_error("phone", exc)
        return data
