"""``/api/v1/network/directory``: the public directory search as JSON."""

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from fawang.accounts.api_auth import throttles
from fawang.network.selectors import MAX_LIMIT, DirectoryQuery, directory_search

PREFIX = "network"
router = Router(tags=["服务网络 network"])


class DirectoryIn(Schema):
    entity: Literal["point", "institution", "practitioner"] = "point"
    kind: str = Field("", max_length=16, description="类型，如 centre、law_firm、lawyer")
    region: str = Field("", max_length=12, description="区划代码（含下级）")
    language: str = Field("", max_length=4, description="服务语种：zh bo ii en ko ja ru")
    name: str = Field("", max_length=40)
    lng: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    radius_km: float | None = Field(None, gt=0, le=2000)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


class DirectoryEntry(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    languages: list[str]
    lng: float | None
    lat: float | None
    address: str = ""
    phone: str = ""
    institution: str | None = None
    distance_km: float | None


class DirectoryOut(Schema):
    total: int
    radius_km: float | None
    results: list[DirectoryEntry]


@router.get(
    "/directory",
    auth=None,
    throttle=throttles(),
    response=DirectoryOut,
    summary="法律服务名录查找（按类型、地区、语种，或由近到远）",
)
def directory(request: HttpRequest, params: Query[DirectoryIn]):  # type: ignore[no-untyped-def]
    if (params.lng is None) != (params.lat is None):
        raise NinjaValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["query", "lat"],
                    "msg": _("按位置查找需要同时填写经度和纬度。"),
                }
            ]
        )
    result = directory_search(
        query=DirectoryQuery(
            entity=params.entity,
            kind=params.kind,
            region_code=params.region,
            language=params.language,
            name=params.name,
            lng=params.lng,
            lat=params.lat,
            radius_km=params.radius_km,
            limit=params.limit,
        )
    )
    results = []
    for hit in result.hits:
        o = hit.obj
        is_person = params.entity == "practitioner"
        results.append(
            {
                "id": o.pk,
                "name": o.name,
                "kind": o.kind,
                "kind_label": str(o.get_kind_display()),
                "region_code": o.region_id,
                "region_name": o.region.name,
                "languages": o.language_list,
                "lng": o.region.lng if is_person else o.lng,
                "lat": o.region.lat if is_person else o.lat,
                "address": "" if is_person else o.address,
                "phone": "" if is_person else o.phone,
                "institution": (o.institution.name if o.institution_id else None)
                if is_person
                else None,
                "distance_km": hit.distance_km,
            }
        )
    return {"total": result.total, "radius_km": result.radius_km, "results": results}
