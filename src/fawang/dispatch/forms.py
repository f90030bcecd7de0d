from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.dispatch.models import ReturnVisit
from fawang.dispatch.services import RATING_REASONS
from fawang.network.models import Institution, ServicePoint


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("答复内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class UnitField(forms.ChoiceField):
    """``p:<id>`` for a service point, ``i:<id>`` for an institution."""

    def resolve(self, value: str) -> tuple[ServicePoint | None, Institution | None]:
        kind, _sep, pk = value.partition(":")
        if not pk.isdigit():
            return None, None
        if kind == "p":
            return ServicePoint.objects.filter(pk=pk).first(), None
        if kind == "i":
            return None, Institution.objects.filter(pk=pk).first()
        return None, None


class AssignForm(forms.Form):
    unit = UnitField(label=_("承办单位"))
    reason = forms.CharField(
        label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("请选择")), *units]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("unit"):
            point, inst = self.fields["unit"].resolve(data["unit"])
            if point is None and inst is None:
                self.add_error("unit", _("所选单位不存在。"))
            data["point"], data["institution"] = point, inst
        return data


class BatchAssignForm(AssignForm):
    orders = forms.CharField(widget=forms.HiddenInput, required=False)


STAR_CHOICES = [(i, f"{i}★") for i in range(5, 0, -1)]


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("满意度"), choices=STAR_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    reasons = forms.MultipleChoiceField(
        label=_("原因（可多选）"),
        choices=list(RATING_REASONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("意见建议"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    complain = forms.BooleanField(
        label=_("不满意时：我要投诉承办单位（不勾选则由上级督促重新办理）"), required=False
    )


class VisitForm(forms.Form):
    state = forms.ChoiceField(
        label=_("回访结果"),
        choices=[
            (ReturnVisit.State.DONE, _("已回访")),
            (ReturnVisit.State.UNREACHABLE, _("联系不上")),
        ],
    )
    stars = forms.TypedChoiceField(
        label=_("满意度"),
        choices=[("", "—"), *STAR_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
    )
    notes = forms.CharField(
        label=_("回访记录"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
