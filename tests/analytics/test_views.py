import io

import pyarrow.parquet as pq
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fawang.accounts.models import AuditLog, Role
from fawang.analytics.models import IndicatorEntry
from fawang.analytics.rollups import rollup_rebuild, unit_backlog_refresh
from fawang.workorders.models import Category
from tests.analytics.conftest import make_order

PASSWORD = "correct-horse-battery"


@pytest.fixture
def orders(sichuan, personas):
    from django.utils import timezone

    now = timezone.now()
    for _i in range(6):
        make_order(sichuan["wuhou"], now=now, category=Category.LABOUR_WAGE)
    for _i in range(3):
        make_order(sichuan["jinjiang"], now=now, category=Category.MARRIAGE_FAMILY)
    for _i in range(4):
        make_order(sichuan["xichang"], now=now, category=Category.LAND)
    rollup_rebuild()
    unit_backlog_refresh()
    return personas


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_the_province_dashboard_counts_every_county_in_a_constant_number_of_queries(
    client, orders, django_assert_max_num_queries
):
    _login(client, orders["province_supervisor"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("analytics:dashboard"))
    assert response.status_code == 200
    board = response.context["board"]
    assert board.totals["n"] == 13
    areas = {a["code"]: a for a in board.areas}
    assert len(areas) == 21 and areas["510100"]["n"] == 9 and areas["513400"]["n"] == 4
    assert areas["510100"]["per_10k"] > 0
    assert {m["key"]: m["n"] for m in board.mixes["category"]}["land"] == 4
    assert "chart-map" in response.content.decode()


def test_a_city_supervisor_sees_only_the_city_and_drills_down_to_a_county(client, orders):
    _login(client, orders["city_supervisor"])
    board = client.get(reverse("analytics:dashboard")).context["board"]
    assert board.totals["n"] == 9
    assert {a["code"] for a in board.areas} >= {"510107", "510104"}
    county = client.get(reverse("analytics:dashboard"), {"region": "510107"}).context["board"]
    assert county.totals["n"] == 6 and [a["code"] for a in county.areas] == ["510107"]
    outside = client.get(reverse("analytics:dashboard"), {"region": "513401"})
    assert outside.status_code == 404
    assert client.get(reverse("analytics:geojson", args=["513400"])).status_code == 404
    geo = client.get(reverse("analytics:geojson", args=["510100"])).json()
    assert any(f["properties"]["code"] == "510107" for f in geo["features"])


def test_a_citizen_cannot_open_the_dashboard(client, orders):
    _login(client, orders["citizen"])
    assert client.get(reverse("analytics:dashboard")).status_code == 403
    client.logout()
    assert client.get(reverse("analytics:dashboard")).status_code == 302


def test_dashboard_tables_export_as_csv_and_excel_and_are_audited(client, orders):
    _login(client, orders["province_supervisor"])
    response = client.get(reverse("analytics:export", args=["areas", "csv"]))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "成都市" in text and text.splitlines()[0].startswith("区划代码")
    response = client.get(reverse("analytics:export", args=["category", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "事项类别" and ("土地承包/征地", 4) in [(r[0], r[1]) for r in rows[1:]]
    assert client.get(reverse("analytics:export", args=["nope", "csv"])).status_code == 404
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT).count() == 2


def test_parquet_exports_hold_no_personal_data_and_stay_in_jurisdiction(client, orders):
    analyst = orders["city_supervisor"]
    analyst.role = Role.ANALYST
    analyst.save()
    _login(client, analyst)
    response = client.get(reverse("analytics:parquet", args=["workorders"]))
    table = pq.read_table(io.BytesIO(b"".join(response.streaming_content)))
    assert table.num_rows == 9
    assert "party_id" not in table.column_names and "description" not in table.column_names
    events = client.get(reverse("analytics:parquet", args=["events"]))
    assert pq.read_table(io.BytesIO(b"".join(events.streaming_content))).num_rows == 9
    _login(client, orders["county_clerk"])
    assert client.get(reverse("analytics:parquet", args=["events"])).status_code == 403


def test_a_province_official_enters_an_indicator_with_source_and_date(client, orders):
    _login(client, orders["province_supervisor"])
    url = reverse("analytics:indicators")
    bad = client.post(url, {"indicator": "youth_base_city", "input_code": "value", "value": "80"})
    assert bad.status_code == 200 and "数据来源" in bad.content.decode()
    ok = client.post(
        url,
        {
            "indicator": "youth_base_city",
            "input_code": "value",
            "value": "80",
            "as_of": "2026-06-30",
            "source": "省普法办年度检查",
        },
    )
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "省普法办年度检查" in page
    assert IndicatorEntry.objects.get().entered_by == orders["province_supervisor"]
    _login(client, orders["county_clerk"])
    assert client.post(url, {"indicator": "youth_base_city"}).status_code == 403
