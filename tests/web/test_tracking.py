from django.test import RequestFactory

from fawang.web import tracking


def request_with_session():  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.session = {}
    return request


def test_a_lookup_is_remembered_for_an_hour_and_for_the_last_five_orders(monkeypatch):
    request = request_with_session()
    clock = [1_000_000]
    monkeypatch.setattr(tracking.time, "time", lambda: clock[0])
    for i in range(7):
        tracking.track_remember(request, f"SC510107-20261102-000{i}")
        clock[0] += 1
    assert not tracking.track_proven(request, "SC510107-20261102-0001")  # pushed out
    assert tracking.track_proven(request, "SC510107-20261102-0006")
    assert len(request.session[tracking.TRACKED_KEY]) == tracking.KEEP
    clock[0] += tracking.PROOF_SECONDS
    assert not tracking.track_proven(request, "SC510107-20261102-0006")
    assert not tracking.track_proven(request, "SC510107-20261102-9999")
