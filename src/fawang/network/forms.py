"""The public directory search form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.network.models import Institution, Language, Practitioner, ServicePoint
from fawang.network.selectors import DirectoryQuery
from fawang.regions.models import Level, Region


def kind_choices() -> list:
    return [
        (
            _("服务点"),
            [("point:", _("全部服务点"))]
            + [(f"point:{v}", lbl) for v, lbl in ServicePoint.Kind.choices],
        ),
        (
            _("法律服务机构"),
            [("institution:", _("全部机构"))]
            + [(f"institution:{v}", lbl) for v, lbl in Institution.Kind.choices],
        ),
        (
            _("法律服务人员"),
            [("practitioner:", _("全部人员"))]
            + [(f"practitioner:{v}", lbl) for v, lbl in Practitioner.Kind.choices],
        ),
    ]


def region_choices() -> list:
    rows = (
        Region.objects.filter(level__lte=Level.COUNTY)
        .order_by("code")
        .values_list("code", "name", "level")
    )
    out: list = [("", _("全省"))]
    for code, name, level in rows:
        if level == Level.CITY:
            out.append((code, name))
        elif level == Level.COUNTY:
            out.append((code, f"　{name}"))
    return out


class DirectoryForm(forms.Form):
    what = forms.ChoiceField(label=_("查找"), required=False, initial="point:")
    region = forms.ChoiceField(label=_("地区"), required=False)
    language = forms.ChoiceField(
        label=_("服务语种"), required=False, choices=[("", _("不限")), *list(Language.choices)]
    )
    name = forms.CharField(label=_("名称/姓名"), required=False, max_length=40)
    lng = forms.FloatField(label=_("经度"), required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("纬度"), required=False, min_value=-90, max_value=90)
    radius_km = forms.FloatField(
        label=_("范围（公里）"), required=False, min_value=0.1, max_value=2000
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = kind_choices()
        self.fields["region"].choices = region_choices()

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if (data.get("lng") is None) != (data.get("lat") is None):
            raise forms.ValidationError(_("按位置查找需要同时填写经度和纬度。"))
        return data

    @staticmethod
    def default_query() -> DirectoryQuery:
        """What the page shows before any search: the centres, province first."""
        return DirectoryQuery(entity="point", kind=ServicePoint.Kind.CENTRE, limit=50)

    def to_query(self, *, limit: int = 50) -> DirectoryQuery:
        data = self.cleaned_data
        entity, _sep, kind = (data.get("what") or "point:").partition(":")
        return DirectoryQuery(
            entity=entity,
            kind=kind,
            region_code=data.get("region") or "",
            language=data.get("language") or "",
            name=data.get("name") or "",
            lng=data.get("lng"),
            lat=data.get("lat"),
            radius_km=data.get("radius_km"),
            limit=limit,
        )
