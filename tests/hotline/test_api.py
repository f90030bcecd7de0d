import json

import pytest

from fawang.hotline.models import Call, CtiClient
from fawang.hotline.services import cti_client_create

URL = "/api/v1/hotline/events"


@pytest.fixture
def token(groups):  # type: ignore[no-untyped-def]
    _client, token = cti_client_create(name="cti-test")
    return token


def post(client, token, body):  # type: ignore[no-untyped-def]
    return client.post(
        URL,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def test_events_need_a_valid_token(client, token):
    body = {"call_id": "A", "event": "offered", "at": "2026-03-02T09:00:00+08:00"}
    assert post(client, None, body).status_code == 401
    assert post(client, "wrong", body).status_code == 401
    CtiClient.objects.update(is_active=False)
    assert post(client, token, body).status_code == 401
    assert not Call.objects.exists()


def test_a_call_posted_event_by_event_and_repeated_is_one_call(client, token):
    events = [
        {"call_id": "C-1", "event": "offered", "at": "2026-03-02T09:00:00+08:00",
         "caller": "13800138000", "seat_group": "veteran"},
        {"call_id": "C-1", "event": "answered", "at": "2026-03-02T09:00:15+08:00"},
        {"call_id": "C-1", "event": "ended", "at": "2026-03-02T09:05:15+08:00"},
    ]  # fmt: skip
    first = [post(client, token, e).json() for e in events]
    again = [post(client, token, e).json() for e in events]
    assert [r["applied"] for r in first] == [True, True, True]
    assert [r["applied"] for r in again] == [False, False, False]
    assert first[-1] == {
        "call_id": "C-1",
        "applied": True,
        "outcome": "answered",
        "queue_wait_s": 15.0,
        "talk_s": 300.0,
        "callback_order": None,
    }
    assert Call.objects.count() == 1
    assert Call.objects.get().events.get(kind="offered").client == "cti-test"


def test_bad_events_get_a_clear_422(client, token):
    r = post(
        client, token, {"call_id": "C-2", "event": "ringing", "at": "2026-03-02T09:00:00+08:00"}
    )
    assert r.status_code == 422 and "未知的事件类型" in r.json()["detail"]
    r = post(client, token, {"call_id": "C-2", "event": "offered", "at": "yesterday"})
    assert r.status_code == 422
    r = post(client, token, {"call_id": "", "event": "offered", "at": "2026-03-02T09:00:00+08:00"})
    assert r.status_code == 422


def test_an_abandoned_call_returns_its_call_back_order(client, token, sichuan):
    post(client, token, {"call_id": "C-3", "event": "offered", "at": "2026-03-02T21:00:00+08:00",
                         "caller": "13800138000", "seat_group": "general"})  # fmt: skip
    r = post(
        client, token, {"call_id": "C-3", "event": "abandoned", "at": "2026-03-02T21:01:00+08:00"}
    )
    assert r.json()["outcome"] == "abandoned"
    assert r.json()["callback_order"].startswith("SC510104-20260302-")
