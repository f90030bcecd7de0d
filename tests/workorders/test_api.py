import json

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from fawang.accounts.models import AuditLog
from fawang.accounts.tokens import api_token_create, api_token_revoke
from fawang.workorders.models import Party, WorkOrder, WorkOrderEvent
from tests.workorders.test_services import make_order

URL = "/api/v1/workorders"
GOOD_ID = "11010519491231002X"


def payload(**overrides):
    body = {
        "service": "consultation",
        "category": "labour_wage",
        "region_code": "510107",
        "description": "工地老板拖欠我三个月工资，怎么办？",
        "party": {"name": "王小二", "phone": "13800138000", "id_number": GOOD_ID},
    }
    body.update(overrides)
    return body


def post(client, body, **headers):
    return client.post(URL, json.dumps(body), content_type="application/json", headers=headers)


def test_an_anonymous_caller_creates_an_order(sichuan):
    r = post(Client(), payload())
    assert r.status_code == 201, r.content
    data = r.json()
    order = WorkOrder.objects.get(number=data["number"])
    assert data["number"].startswith("SC510107-") and data["status"] == "received"
    assert order.channel == "api" and order.created_by is None
    assert "?number=" in data["track_url"]
    assert GOOD_ID not in Party.objects.get().id_number_enc


def test_the_answer_says_the_order_is_received_and_being_dispatched(sichuan):
    data = post(Client(), payload()).json()
    assert data["status_label"] == "已受理"
    assert data["status_note"] == "已受理，正在分派承办单位。"


def test_a_repeated_idempotency_key_through_the_api_gives_one_order(sichuan):
    client = Client()
    first = post(client, payload(), **{"Idempotency-Key": "retry-42"})
    again = post(client, payload(), **{"Idempotency-Key": "retry-42"})
    in_body = post(client, payload(idempotency_key="retry-42"))
    assert (first.status_code, again.status_code, in_body.status_code) == (201, 200, 200)
    assert first.json()["number"] == again.json()["number"] == in_body.json()["number"]
    assert WorkOrder.objects.count() == 1 and Party.objects.count() == 1


def test_a_different_header_and_body_key_is_refused(sichuan):
    r = post(Client(), payload(idempotency_key="a"), **{"Idempotency-Key": "b"})
    assert r.status_code == 422
    assert "幂等键" in r.json()["errors"]["idempotency_key"][0]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            {"party": {"name": "王", "phone": "13800138000", "id_number": "110105194912310021"}},
            "party.id_number",
            "校验位",
        ),
        (
            {"party": {"name": "王", "phone": "13800138000", "id_number": "110105194902300028"}},
            "party.id_number",
            "出生日期",
        ),
        ({"party": {"name": "王", "phone": "12345"}}, "party.phone", "11位手机号码"),
        ({"party": {"name": "王"}}, "party.phone", "必填"),
        ({"description": "短"}, "description", "至少"),
        ({"region_code": "999999"}, "region_code", "不存在"),
        ({"region_code": "510100"}, "region_code", "县"),
        ({"category": "astrology"}, "category", "取值无效"),
        ({"channel": "hotline"}, "channel", "工作人员"),
    ],
)
def test_bad_input_gets_422_with_chinese_field_errors_and_writes_nothing(
    sichuan, change, field, words
):
    r = post(Client(), payload(**change))
    assert r.status_code == 422, r.content
    errors = r.json()["errors"]
    assert field in errors, errors
    assert words in errors[field][0]
    assert WorkOrder.objects.count() == 0 and Party.objects.count() == 0
    assert WorkOrderEvent.objects.count() == 0


def test_a_point_in_sichuan_finds_the_county_without_a_region_code(sichuan):
    r = post(Client(), payload(region_code="", lng=104.043, lat=30.642))
    assert r.status_code == 201, r.content
    assert r.json()["county_code"] == "510107"


def test_listing_needs_a_member_of_staff(sichuan, personas):
    assert Client().get(URL).status_code == 401
    citizen = Client()
    citizen.force_login(personas["citizen"])
    assert citizen.get(URL).status_code == 403


def test_the_list_is_scoped_to_the_jurisdiction_and_masked(sichuan, personas):
    mine, _ = make_order(sichuan["wuhou_village"])
    theirs, _ = make_order(sichuan["xichang"])
    clerk = Client()
    clerk.force_login(personas["county_clerk"])
    data = clerk.get(URL).json()
    assert [row["number"] for row in data["items"]] == [mine.number]
    assert data["count"] == 1
    row = data["items"][0]
    assert row["party_id_number"] == "110105********002X"
    assert row["party_phone"] == "138****8000" and row["party_name"] == "张*丰"
    assert GOOD_ID not in json.dumps(data)
    province = Client()
    province.force_login(personas["province_supervisor"])
    numbers = {row["number"] for row in province.get(URL).json()["items"]}
    assert numbers == {mine.number, theirs.number}


def test_the_list_filters_and_paginates(sichuan, personas):
    for _ in range(3):
        make_order(sichuan["wuhou"])
    make_order(sichuan["wuhou"], category="neighbour")
    clerk = Client()
    clerk.force_login(personas["county_dispatcher"])
    page = clerk.get(URL, {"page_size": 2, "page": 2}).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    neighbour = clerk.get(URL, {"category": "neighbour"}).json()
    assert neighbour["count"] == 1


def test_an_order_outside_the_jurisdiction_reads_as_missing_and_is_audited(sichuan, personas):
    theirs, _ = make_order(sichuan["xichang"])
    clerk = Client()
    clerk.force_login(personas["county_clerk"])
    assert clerk.get(f"{URL}/{theirs.number}").status_code == 404
    assert AuditLog.objects.filter(
        action="denied", username="county_clerk", object_id=theirs.number
    ).exists()
    outsider = Client()
    outsider.force_login(personas["outsider_clerk"])
    detail = outsider.get(f"{URL}/{theirs.number}").json()
    assert detail["number"] == theirs.number
    assert [e["to_status"] for e in detail["events"]] == ["received"]


def test_a_system_token_acts_for_its_account_until_revoked(sichuan, personas):
    now = timezone.now()
    mine, _ = make_order(sichuan["wuhou"])
    _token, clear = api_token_create(user=personas["county_dispatcher"], name="12345平台", now=now)
    auth = {"Authorization": f"Bearer {clear}"}
    listed = Client().get(URL, headers=auth)
    assert listed.status_code == 200 and listed.json()["items"][0]["number"] == mine.number
    created = post(Client(), payload(channel="hotline"), **auth)
    assert created.status_code == 201
    order = WorkOrder.objects.get(number=created.json()["number"])
    assert order.channel == "hotline" and order.created_by == personas["county_dispatcher"]
    api_token_revoke(prefix=clear[:10], now=now)
    assert Client().get(URL, headers=auth).status_code == 401
    assert Client().get(URL, headers={"Authorization": "Bearer fw_guess"}).status_code == 401


def test_a_signed_in_browser_must_send_the_csrf_token(sichuan, personas):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["county_clerk"])
    r = post(browser, payload(channel="walk_in"))
    assert r.status_code == 403
    assert WorkOrder.objects.count() == 0


@override_settings(FAWANG_API_ANON_RATE="2/m")
def test_anonymous_creation_is_throttled(sichuan):
    client = Client()
    codes = [post(client, payload()).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert WorkOrder.objects.count() == 2


def test_the_openapi_document_and_docs_page_render(db):
    client = Client()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/workorders" in schema.json()["paths"]
    assert client.get("/api/docs").status_code == 200


@override_settings(FAWANG_API_ANON_RATE="1/m")
def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(sichuan):
    client = Client()
    first = post(client, payload(), **{"X-Forwarded-For": "1.1.1.1"})
    second = post(client, payload(), **{"X-Forwarded-For": "2.2.2.2"})
    assert (first.status_code, second.status_code) == (201, 429)
