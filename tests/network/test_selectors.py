import pytest
from django.test import Client

from fawang.network.models import Institution, Practitioner, ServicePoint
from fawang.network.selectors import (
    _WIDENING_KM,
    DirectoryQuery,
    bounding_box,
    directory_search,
    haversine_km,
)

TIANFU_SQUARE = (104.0657, 30.6570)


def test_haversine_gives_known_distances():
    # Chengdu (Tianfu Square) to Xichang is about 355 km as the crow flies.
    assert haversine_km(*TIANFU_SQUARE, 102.2644, 27.8945) == pytest.approx(355, abs=10)
    assert haversine_km(*TIANFU_SQUARE, *TIANFU_SQUARE) == 0


def test_the_bounding_box_contains_the_circle():
    min_lng, max_lng, min_lat, max_lat = bounding_box(*TIANFU_SQUARE, 10)
    assert haversine_km(*TIANFU_SQUARE, TIANFU_SQUARE[0], max_lat) == pytest.approx(10, rel=1e-3)
    assert haversine_km(*TIANFU_SQUARE, max_lng, TIANFU_SQUARE[1]) == pytest.approx(10, rel=1e-2)
    assert min_lng < TIANFU_SQUARE[0] < max_lng and min_lat < TIANFU_SQUARE[1] < max_lat


@pytest.fixture
def network(sichuan):
    def point(region, name, lng, lat, languages=",zh,", kind=ServicePoint.Kind.CENTRE):
        return ServicePoint.objects.create(
            name=name,
            kind=kind,
            level=region.level,
            region=region,
            lng=lng,
            lat=lat,
            languages=languages,
        )

    pts = {
        "wuhou": point(sichuan["wuhou"], "武侯中心", 104.043, 30.642, ",zh,en,"),
        "jinjiang": point(sichuan["jinjiang"], "锦江中心", 104.083, 30.656),
        "village": point(
            sichuan["wuhou_village"], "一社区服务室", 104.05, 30.63, kind=ServicePoint.Kind.ROOM
        ),
        "xichang": point(sichuan["xichang"], "西昌中心", 102.264, 27.894, ",zh,ii,"),
    }
    firm = Institution.objects.create(
        name="演示律师事务所",
        kind=Institution.Kind.LAW_FIRM,
        region=sichuan["xichang"],
        lng=102.27,
        lat=27.9,
        languages=",zh,ii,",
    )
    Practitioner.objects.create(
        name="吉克阿呷",
        kind=Practitioner.Kind.LAWYER,
        institution=firm,
        region=sichuan["xichang"],
        languages=",zh,ii,",
    )
    return pts


def names(result):
    return [h.obj.name for h in result.hits]


def test_it_finds_by_kind_region_subtree_and_language(network):
    in_wuhou = directory_search(query=DirectoryQuery(entity="point", region_code="510107"))
    assert set(names(in_wuhou)) == {"武侯中心", "一社区服务室"}
    rooms = directory_search(query=DirectoryQuery(entity="point", kind="room"))
    assert names(rooms) == ["一社区服务室"]
    english = directory_search(query=DirectoryQuery(entity="point", language="en"))
    assert names(english) == ["武侯中心"]
    yi = directory_search(query=DirectoryQuery(entity="practitioner", language="ii"))
    assert names(yi) == ["吉克阿呷"]
    unknown = directory_search(query=DirectoryQuery(entity="point", region_code="999999"))
    assert unknown.hits == []


def test_nearest_first_with_distances_in_km(network):
    result = directory_search(
        query=DirectoryQuery(entity="point", lng=TIANFU_SQUARE[0], lat=TIANFU_SQUARE[1], limit=3)
    )
    assert names(result) == ["锦江中心", "武侯中心", "一社区服务室"]
    distances = [h.distance_km for h in result.hits]
    assert distances == sorted(distances) and distances[0] < 3
    within = directory_search(
        query=DirectoryQuery(
            entity="point", lng=TIANFU_SQUARE[0], lat=TIANFU_SQUARE[1], radius_km=2.5
        )
    )
    assert names(within) == ["锦江中心"]


def test_practitioners_are_found_near_their_region(network):
    result = directory_search(
        query=DirectoryQuery(entity="practitioner", lng=102.26, lat=27.89, limit=5)
    )
    assert names(result) == ["吉克阿呷"] and result.hits[0].distance_km < 50


def test_the_public_directory_page_searches_in_chinese(network):
    client = Client()
    page = client.get("/network/", {"what": "point:", "language": "ii"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "法律服务名录" in text and "西昌中心" in text and "武侯中心" not in text
    near = client.get("/network/", {"what": "point:", "lng": "104.0657", "lat": "30.657"})
    assert "公里" in near.content.decode()
    bad = client.get("/network/", {"what": "point:", "lng": "104.0657"})
    assert "同时填写经度和纬度" in bad.content.decode()


def test_the_directory_api_returns_nearest_entries(network):
    r = Client().get(
        "/api/v1/network/directory",
        {"entity": "point", "lng": TIANFU_SQUARE[0], "lat": TIANFU_SQUARE[1], "limit": 2},
    )
    assert r.status_code == 200
    data = r.json()
    assert [e["name"] for e in data["results"]] == ["锦江中心", "武侯中心"]
    assert data["results"][1]["languages"] == ["zh", "en"]
    assert Client().get("/api/v1/network/directory", {"lng": 104}).status_code == 422


def test_the_directory_reads_a_bounded_number_of_queries(network, django_assert_max_num_queries):
    # One query per widening step (at most six) and one for the chosen rows.
    with django_assert_max_num_queries(len(_WIDENING_KM) + 1):
        directory_search(query=DirectoryQuery(entity="practitioner", lng=103.0, lat=29.0))
    with django_assert_max_num_queries(2):
        directory_search(query=DirectoryQuery(entity="practitioner", language="ii"))
