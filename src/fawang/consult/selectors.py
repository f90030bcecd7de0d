"""Reads for consultation: where to go (the nearest fitting service point or institution)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from fawang.consult.classify import Path_
from fawang.network.models import Institution, ServicePoint
from fawang.regions.models import Region

# Which kind of institution handles each path; the public legal service centre always can.
PATH_INSTITUTION = {
    Path_.LEGAL_AID: Institution.Kind.LEGAL_AID,
    Path_.MEDIATION: Institution.Kind.MEDIATION,
    Path_.LABOUR_ARBITRATION: Institution.Kind.ARBITRATION,
    Path_.NOTARY: Institution.Kind.NOTARY,
    Path_.COURT: Institution.Kind.LAW_FIRM,
}


@dataclass(frozen=True)
class Place:
    name: str
    kind_label: str
    address: str
    phone: str
    region_name: str
    distance_km: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind_label,
            "address": self.address,
            "phone": self.phone,
            "region": self.region_name,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
        }


def _km(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _closest(qs, region: Region | None, lng: float | None, lat: float | None):  # type: ignore[no-untyped-def]
    """The nearest active row: within the region's county, then city, then province."""
    qs = qs.filter(is_active=True).select_related("region")
    scopes: list[str] = []
    if region is not None:
        parts = region.path.split("/")
        scopes = ["/".join(parts[:n]) for n in range(min(len(parts), 3), 0, -1)]
    for scope in [*scopes, ""]:
        scoped = qs.filter(region_path__startswith=scope) if scope else qs
        rows = list(scoped.order_by("-level" if qs.model is ServicePoint else "id")[:200])
        if not rows:
            continue
        if lng is not None and lat is not None:
            located = [r for r in rows if r.lng is not None and r.lat is not None]
            if located:
                best = min(located, key=lambda r: _km(lng, lat, r.lng, r.lat))
                return best, _km(lng, lat, best.lng, best.lat)
        return rows[0], None
    return None, None


def _place(row, distance) -> Place:  # type: ignore[no-untyped-def]
    return Place(
        row.name, str(row.get_kind_display()), row.address, row.phone, row.region.name, distance
    )


def where_to_go(
    *, paths: tuple[str, ...], region: Region | None, lng: float | None = None,
    lat: float | None = None,
) -> list[Place]:  # fmt: skip
    """The nearest public legal service point, then the nearest institution per path."""
    places: list[Place] = []
    point, distance = _closest(
        ServicePoint.objects.exclude(kind=ServicePoint.Kind.HOTLINE), region, lng, lat
    )
    if point is not None:
        places.append(_place(point, distance))
    for path in paths[:2]:
        kind = PATH_INSTITUTION.get(path)
        if kind is None:
            continue
        inst, distance = _closest(Institution.objects.filter(kind=kind), region, lng, lat)
        if inst is not None and all(p.name != inst.name for p in places):
            places.append(_place(inst, distance))
    return places
