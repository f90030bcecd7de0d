"""Forms of the legal-aid pages. Validation of substance lives in the services; the forms
parse input and show the services' Chinese messages beside the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.legalaid.eligibility import ALL_CIRCUMSTANCES, MATTERS
from fawang.legalaid.models import CONCLUSION_OUTCOMES
from fawang.legalaid.services import ADVANCE_GROUNDS, QUALITY_METHODS, TERMINATION_GROUNDS
from fawang.regions.models import Level, Region
from fawang.web.forms import form_token_key


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def county_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    rows = Region.objects.filter(level__in=(Level.CITY, Level.COUNTY)).values_list(
        "code", "name", "level", "parent_id"
    )
    cities = {code: name for code, name, level, _p in rows if level == Level.CITY}
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, level, parent in rows:
        if level == Level.COUNTY:
            groups.setdefault(parent, []).append((code, name))
    return [(cities.get(p, p), sorted(v)) for p, v in sorted(groups.items())]


class ApplicationForm(forms.Form):
    # A signed one-time token: a double submit returns the application made the first time.
    form_token = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("申请人姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    id_number = forms.CharField(label=_("身份证号码"), max_length=20, required=False)
    county = forms.ChoiceField(label=_("事由发生地或办案机关所在县（市、区）"))
    matter = forms.ChoiceField(
        label=_("申请事项"), choices=[("", "——")] + [(m.code, m.label) for m in MATTERS.values()]
    )
    circumstances = forms.MultipleChoiceField(
        label=_("特殊情形（可多选）"),
        choices=[(c.code, c.label) for c in ALL_CIRCUMSTANCES.values()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opposing_party = forms.CharField(label=_("对方当事人"), max_length=120, required=False)
    facts = forms.CharField(label=_("案情和请求"), widget=forms.Textarea(attrs={"rows": 5}))
    household_size = forms.IntegerField(label=_("家庭人口（人）"), initial=1)
    monthly_income = forms.CharField(label=_("家庭月收入合计（元）"), initial="0")
    assets = forms.CharField(label=_("家庭资产（元，不含自住房）"), initial="0")
    agent_name = forms.CharField(label=_("代为申请人姓名"), max_length=40, required=False)
    agent_relation = forms.CharField(label=_("与申请人关系"), max_length=20, required=False)
    agent_phone = forms.CharField(label=_("代为申请人电话"), max_length=20, required=False)
    limitation_deadline = forms.DateField(
        label=_("诉讼时效、仲裁或行政复议期限届满日（如有）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("距届满不足七日的，法律援助机构可以先行提供法律援助。"),
        error_messages={"invalid": _("请按 年-月-日 填写日期，例如 2026-12-08。")},
    )
    materials = MultipleFileField(
        label=_("证明材料（身份证明、经济困难证明、案件材料；PDF/图片/Word，每个不超过10MB）")
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", "——"), *county_choices()]

    def clean_form_token(self) -> str:
        return form_token_key(self.cleaned_data["form_token"], channel="legalaid")


class MaterialsRequestForm(forms.Form):
    materials = forms.CharField(
        label=_("需补充的材料（一次性告知）"), widget=forms.Textarea(attrs={"rows": 3})
    )


class MaterialsReceivedForm(forms.Form):
    files = MultipleFileField(label=_("补充材料"))


class DecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("决定"),
        choices=[("1", _("给予法律援助")), ("0", _("不予法律援助"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("理由（与审查建议一致时可留空，将采用审查建议的理由）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AssignForm(forms.Form):
    practitioner = forms.IntegerField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("办理进展"), widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("结案结果"), choices=CONCLUSION_OUTCOMES)
    summary = forms.CharField(label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 3}))
    documents = MultipleFileField(label=_("结案材料（法律文书副本、办理情况报告）"))


class EvaluateForm(forms.Form):
    score = forms.IntegerField(label=_("质量评分（0–100）"), min_value=0, max_value=100)
    methods = forms.MultipleChoiceField(
        label=_("评估方式"),
        choices=list(QUALITY_METHODS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("评估意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TerminateForm(forms.Form):
    ground = forms.TypedChoiceField(
        label=_("终止情形（法律援助法第四十八条）"), coerce=int, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("终止的事实和理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # The grounds read as the law words them (from the statute corpus).
        self.fields["ground"].choices = [
            (n, f"{c.label}　{c.text}") for n, c in TERMINATION_GROUNDS.items()
        ]


class ObjectionForm(forms.Form):
    reasons = forms.CharField(
        label=_("异议的事实和理由"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={
            "required": _("请写明异议的事实和理由。"),
            "max_length": _("异议理由请控制在 2000 字以内。"),
        },
    )


class ObjectionDecisionForm(forms.Form):
    result = forms.ChoiceField(
        label=_("审查决定"),
        choices=[
            ("uphold", _("维持法律援助机构的决定")),
            ("correct", _("责令法律援助机构改正")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择维持或者责令改正。")},
    )
    reasons = forms.CharField(
        label=_("审查意见和理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("请写明审查意见和理由。")},
    )


class AdvanceForm(forms.Form):
    ground = forms.TypedChoiceField(
        label=_("先行提供法律援助的情形（法律援助法第四十四条）"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择先行提供法律援助的情形（法律援助法第四十四条）。")},
    )
    limitation_deadline = forms.DateField(
        label=_("法定时效或者期限届满日（第（一）项必填）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请按 年-月-日 填写日期，例如 2026-12-08。")},
    )
    reasons = forms.CharField(
        label=_("说明（第（三）项请写明依据的法律、法规、规章）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    materials = forms.CharField(
        label=_("受援人需补办的手续和补充的材料"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    materials_due = forms.DateField(
        label=_("补办期限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请按 年-月-日 填写日期，例如 2026-12-08。")},
    )
    practitioner = forms.TypedChoiceField(
        label=_("承办律师"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, candidates=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [
            (n, f"{c.label}　{c.text}") for n, c in ADVANCE_GROUNDS.items()
        ]
        eligible = [c.practitioner for c in candidates if c.eligible]
        self.fields["practitioner"].choices = [("", _("按推荐顺序自动指派"))] + [
            (p.pk, f"{p.name}（{p.institution.name if p.institution else '—'}）") for p in eligible
        ]
