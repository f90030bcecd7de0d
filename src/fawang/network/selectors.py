"""Directory search of the public legal service network (public reads, not scoped):
by kind, region subtree, language, name, and nearest to a point in kilometres.

Nearest search prefilters with a bounding box on longitude/latitude (an index-friendly
range), computes great-circle distances (haversine) for the candidates only, and widens
the box until enough results are found.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet

from fawang.network.models import Institution, Practitioner, ServicePoint
from fawang.regions.models import Region

EARTH_RADIUS_KM = 6371.0088
ENTITIES: dict[str, type[Model]] = {
    "point": ServicePoint,
    "institution": Institution,
    "practitioner": Practitioner,
}
# Radii tried in turn when no radius is given, until ``limit`` results are found.
_WIDENING_KM = (2.0, 10.0, 30.0, 100.0, 300.0, 1500.0)
MAX_LIMIT = 200


def haversine_km(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lng: float, lat: float, km: float) -> tuple[float, float, float, float]:
    """(min_lng, max_lng, min_lat, max_lat) enclosing the circle of ``km`` around a point."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    coslat = max(math.cos(math.radians(lat)), 0.01)
    dlng = min(180.0, dlat / coslat)
    return lng - dlng, lng + dlng, lat - dlat, lat + dlat


@dataclass(frozen=True)
class DirectoryQuery:
    entity: str = "point"
    kind: str = ""
    region_code: str = ""
    language: str = ""
    name: str = ""
    lng: float | None = None
    lat: float | None = None
    radius_km: float | None = None
    limit: int = 50

    @property
    def near(self) -> bool:
        return self.lng is not None and self.lat is not None


@dataclass
class DirectoryHit:
    obj: Model
    distance_km: float | None = None


@dataclass
class DirectoryResult:
    hits: list[DirectoryHit] = field(default_factory=list)
    total: int = 0
    radius_km: float | None = None
    region: Region | None = None


def _base(query: DirectoryQuery) -> tuple[QuerySet, Region | None, bool]:
    model = ENTITIES.get(query.entity)
    if model is None:
        raise ValueError(f"unknown entity {query.entity!r}")
    qs = model.objects.filter(is_active=True)
    region = None
    if query.kind:
        qs = qs.filter(kind=query.kind)
    if query.region_code:
        region = Region.objects.filter(code=query.region_code).first()
        if region is None:
            return qs.none(), None, False
        qs = qs.filter(Q(region_path=region.path) | Q(region_path__startswith=region.path + "/"))
    if query.language:
        qs = qs.filter(languages__contains=f",{query.language},")
    if query.name.strip():
        qs = qs.filter(name__contains=query.name.strip())
    related = ["region"] + (["institution", "service_point"] if model is Practitioner else [])
    return qs.select_related(*related), region, True


def directory_search(*, query: DirectoryQuery) -> DirectoryResult:
    """Matching entries; nearest first when a point is given (distances in km)."""
    limit = max(1, min(query.limit, MAX_LIMIT))
    qs, region, ok = _base(query)
    if not ok:
        return DirectoryResult()
    if not query.near:
        ordering = ["name"] if query.entity == "practitioner" else ["level", "name"]
        if query.entity == "institution":
            ordering = ["kind", "name"]
        total = qs.count()
        return DirectoryResult(
            hits=[DirectoryHit(obj) for obj in qs.order_by(*ordering)[:limit]],
            total=total,
            region=region,
        )
    lng, lat = float(query.lng), float(query.lat)  # type: ignore[arg-type]
    # Practitioners are placed at their region's point; the others have their own.
    lng_f, lat_f = (
        ("region__lng", "region__lat") if query.entity == "practitioner" else ("lng", "lat")
    )
    radii = (query.radius_km,) if query.radius_km else _WIDENING_KM
    nearest: list[tuple[float, int]] = []
    used = radii[-1]
    for radius in radii:
        min_lng, max_lng, min_lat, max_lat = bounding_box(lng, lat, radius)
        candidates = qs.filter(
            **{f"{lng_f}__gte": min_lng, f"{lng_f}__lte": max_lng},
            **{f"{lat_f}__gte": min_lat, f"{lat_f}__lte": max_lat},
        ).values_list("pk", lng_f, lat_f)
        nearest = sorted(
            (d, pk)
            for pk, x, y in candidates.iterator(chunk_size=5000)
            if (d := haversine_km(lng, lat, x, y)) <= radius
        )
        used = radius
        if len(nearest) >= limit:
            break
    chosen = nearest[:limit]
    objects = qs.in_bulk([pk for _d, pk in chosen])
    return DirectoryResult(
        hits=[DirectoryHit(objects[pk], round(d, 2)) for d, pk in chosen if pk in objects],
        total=len(nearest),
        radius_km=used,
        region=region,
    )
