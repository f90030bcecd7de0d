"""Loading divisions: the real province, cities and counties; demo or imported townships
and villages."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from fawang.regions import geo
from fawang.regions.models import Level, Region, path_for

_DATA = Path(__file__).parent / "data"
CITY_POPULATION_SOURCE = "第七次全国人口普查（2020）各市（州）常住人口"
COUNTY_POPULATION_SOURCE = "演示估算：市（州）七普人口按县区类型加权分摊，非官方数据"
_CN_DIGITS = "一二三四五六七八九十"


def _city_population() -> dict[str, int]:
    with (_DATA / "city_population_2020.csv").open(encoding="utf-8") as fh:
        return {row["code"]: int(row["population"]) for row in csv.DictReader(fh)}


def _county_weight(name: str) -> float:
    if name.endswith("区"):
        return 1.6
    if name.endswith("市"):
        return 1.3
    if "自治县" in name:
        return 0.6
    return 1.0


@lru_cache(maxsize=1)
def _sichuan_rows() -> tuple[dict, ...]:
    """Field values of the province, its cities and counties, parents first."""
    city_pop = _city_population()
    prov = geo.province()
    lng, lat = prov.centroid
    rows = [
        {
            "code": geo.PROVINCE_CODE,
            "name": prov.name,
            "level": Level.PROVINCE,
            "parent_id": None,
            "path": geo.PROVINCE_CODE,
            "lng": lng,
            "lat": lat,
            "population": sum(city_pop.values()),
            "population_source": CITY_POPULATION_SOURCE,
        }
    ]
    city_path = {}
    for city in geo.cities():
        lng, lat = city.centroid
        city_path[city.code] = path_for(city.code, geo.PROVINCE_CODE)
        rows.append(
            {
                "code": city.code,
                "name": city.name,
                "level": Level.CITY,
                "parent_id": geo.PROVINCE_CODE,
                "path": city_path[city.code],
                "lng": lng,
                "lat": lat,
                "population": city_pop.get(city.code),
                "population_source": CITY_POPULATION_SOURCE,
            }
        )
    by_city: dict[str, list[geo.Division]] = {}
    for county in geo.counties():
        by_city.setdefault(county.code[:4] + "00", []).append(county)
    for city_code, members in by_city.items():
        total_w = sum(_county_weight(c.name) for c in members)
        for county in members:
            lng, lat = county.centroid
            share = _county_weight(county.name) / total_w
            rows.append(
                {
                    "code": county.code,
                    "name": county.name,
                    "level": Level.COUNTY,
                    "parent_id": city_code,
                    "path": path_for(county.code, city_path[city_code]),
                    "lng": lng,
                    "lat": lat,
                    "population": int((city_pop.get(city_code) or 0) * share),
                    "population_source": COUNTY_POPULATION_SOURCE,
                }
            )
    return tuple(rows)


@transaction.atomic
def regions_load_sichuan() -> int:
    """Create or update Sichuan, its 21 cities and 183 counties in one upsert. Idempotent."""
    rows = [Region(**values) for values in _sichuan_rows()]
    Region.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "level",
            "parent",
            "path",
            "lng",
            "lat",
            "population",
            "population_source",
        ],
    )
    return len(rows)


def _ordinal(i: int) -> str:
    if i <= 10:
        return _CN_DIGITS[i - 1]
    tens, ones = divmod(i, 10)
    return (
        (_CN_DIGITS[tens - 1] if tens > 1 else "") + "十" + (_CN_DIGITS[ones - 1] if ones else "")
    )


def _stem(county_name: str) -> str:
    for suffix in ("藏族自治县", "彝族自治县", "羌族自治县", "自治县", "区", "县", "市"):
        if county_name.endswith(suffix) and len(county_name) > len(suffix) + 1:
            return county_name[: -len(suffix)]
    return county_name


@transaction.atomic
def regions_make_demo_townships(
    *,
    townships_per_county: int = 10,
    villages_per_township: int = 10,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Synthetic townships and villages, clearly named 演示 so no one takes them for real.

    Their points are scattered inside the real county polygon."""
    import random

    rng = random.Random(51)
    rows: list[Region] = []
    for county in Region.objects.filter(level=Level.COUNTY).order_by("code"):
        division = next(d for d in geo.counties() if d.code == county.code)
        minx, miny, maxx, maxy = division.geometry.bounds
        stem = _stem(county.name)
        for t in range(1, townships_per_county + 1):
            t_code = f"{county.code}{t:03d}"
            t_lng, t_lat = _point_inside(division, rng, (minx, miny, maxx, maxy))
            t_name = f"{stem}演示{_ordinal(t)}镇"
            t_path = path_for(t_code, county.path)
            rows.append(
                Region(
                    code=t_code,
                    name=t_name,
                    level=Level.TOWNSHIP,
                    parent_id=county.code,
                    path=t_path,
                    lng=t_lng,
                    lat=t_lat,
                    is_synthetic=True,
                    population=(county.population or 0) // townships_per_county,
                    population_source=county.population_source,
                )
            )
            for v in range(1, villages_per_township + 1):
                v_code = f"{t_code}{v:03d}"
                v_lng, v_lat = t_lng + rng.uniform(-0.02, 0.02), t_lat + rng.uniform(-0.02, 0.02)
                rows.append(
                    Region(
                        code=v_code,
                        name=f"{t_name}{_ordinal(v)}村",
                        level=Level.VILLAGE,
                        parent_id=t_code,
                        path=path_for(v_code, t_path),
                        lng=v_lng,
                        lat=v_lat,
                        is_synthetic=True,
                        population_source="",
                    )
                )
        if progress:
            progress(1)
    Region.objects.filter(is_synthetic=True).delete()
    Region.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _point_inside(division: geo.Division, rng, bounds) -> tuple[float, float]:
    from shapely.geometry import Point

    minx, miny, maxx, maxy = bounds
    for _ in range(200):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if division.geometry.contains(Point(x, y)):
            return round(x, 6), round(y, 6)
    return division.centroid


class RegionImportError(ValueError):
    pass


@transaction.atomic
def regions_import_csv(*, text: str | Iterable[str]) -> int:
    """Import real townships and villages from CSV with the header ``code,name,parent_code``
    (optional ``lng,lat,population``). A township code has 9 digits, a village code 12;
    the parent must exist or come earlier in the file. Any bad row rolls back the whole file.
    """
    lines = io.StringIO(text) if isinstance(text, str) else text
    reader = csv.DictReader(lines)
    required = {"code", "name", "parent_code"}
    if not reader.fieldnames or not required <= set(reader.fieldnames):
        raise RegionImportError(f"CSV 表头必须包含 {', '.join(sorted(required))}")
    count = 0
    for lineno, row in enumerate(reader, start=2):
        code, name, parent_code = (
            row["code"].strip(),
            row["name"].strip(),
            row["parent_code"].strip(),
        )
        level = {9: Level.TOWNSHIP, 12: Level.VILLAGE}.get(len(code))
        if level is None or not code.isdigit():
            raise RegionImportError(f"第{lineno}行：代码 {code!r} 应为9位（乡镇）或12位（村）数字")
        if not name:
            raise RegionImportError(f"第{lineno}行：名称不能为空")
        parent = Region.objects.filter(code=parent_code).first()
        if parent is None or parent.level != level - 1 or not code.startswith(parent_code):
            raise RegionImportError(f"第{lineno}行：上级代码 {parent_code!r} 不存在或与本级不匹配")
        defaults = {
            "name": name,
            "level": level,
            "parent": parent,
            "path": path_for(code, parent.path),
            "is_synthetic": False,
        }
        for key in ("lng", "lat"):
            if row.get(key):
                defaults[key] = float(row[key])
        if row.get("population"):
            defaults["population"] = int(row["population"])
        Region.objects.update_or_create(code=code, defaults=defaults)
        count += 1
    return count
