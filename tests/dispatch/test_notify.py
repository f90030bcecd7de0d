"""The outbox: a failing sender is retried with backoff and nothing is lost."""

from __future__ import annotations

import datetime as dt
import logging

from fawang.dispatch import notify
from fawang.dispatch.models import Notification, OutboxMessage
from fawang.dispatch.senders import ConsoleSender, SendError
from tests.dispatch.conftest import at


class FlakySender:
    """Fails the first ``failures`` sends, then accepts; records what it delivered."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.delivered: list[tuple[str, str]] = []

    def send(self, *, channel, to, subject, body):  # type: ignore[no-untyped-def]
        if self.failures:
            self.failures -= 1
            raise SendError("gateway timeout")
        self.delivered.append((to, body))


def test_a_failing_sender_is_retried_with_backoff_and_nothing_is_lost(make_order):
    order = make_order()
    now = at(2026, 11, 2)
    for i in range(3):
        notify.outbox_enqueue_requester(order=order, body=f"消息{i}", now=now)
    sender = FlakySender(failures=4)
    r1 = notify.outbox_deliver(now=now, sender=sender)
    assert r1 == {"sent": 0, "retry": 3, "failed": 0}
    # Not due again before the backoff (30 s after the first failure).
    assert notify.outbox_deliver(now=now + dt.timedelta(seconds=10), sender=sender)["sent"] == 0
    r2 = notify.outbox_deliver(now=now + dt.timedelta(seconds=31), sender=sender)
    assert r2 == {"sent": 2, "retry": 1, "failed": 0}
    last = OutboxMessage.objects.get(state="pending")
    assert last.attempts == 2 and last.next_attempt_at == now + dt.timedelta(seconds=31 + 60)
    r3 = notify.outbox_deliver(now=now + dt.timedelta(seconds=100), sender=sender)
    assert r3["sent"] == 1
    assert sorted(b for _to, b in sender.delivered) == ["消息0", "消息1", "消息2"]
    assert {to for to, _b in sender.delivered} == {"13800138000"}
    assert OutboxMessage.objects.filter(state="sent").count() == 3


def test_a_message_that_keeps_failing_ends_failed_and_visible_then_can_be_retried(make_order):
    order = make_order()
    now = at(2026, 11, 2)
    msg = notify.outbox_enqueue_requester(order=order, body="评价链接", now=now)
    sender = FlakySender(failures=100)
    t = now
    for _ in range(msg.max_attempts):
        notify.outbox_deliver(now=t, sender=sender)
        t += dt.timedelta(hours=7)
    msg.refresh_from_db()
    assert msg.state == "failed" and msg.attempts == msg.max_attempts
    assert "gateway timeout" in msg.last_error
    assert notify.outbox_retry(message_ids=[msg.pk], now=t) == 1
    notify.outbox_deliver(now=t, sender=FlakySender(failures=0))
    msg.refresh_from_db()
    assert msg.state == "sent"


def test_a_message_is_claimed_once(make_order):
    order = make_order()
    now = at(2026, 11, 2)
    msg = notify.outbox_enqueue_requester(order=order, body="x", now=now)
    OutboxMessage.objects.filter(pk=msg.pk).update(state="sending", claimed_at=now)
    sender = FlakySender(failures=0)
    notify.outbox_deliver(now=now + dt.timedelta(minutes=1), sender=sender)
    assert sender.delivered == []
    # A claim abandoned by a crashed worker is taken back after ten minutes.
    notify.outbox_deliver(now=now + dt.timedelta(minutes=11), sender=sender)
    assert len(sender.delivered) == 1


def test_in_app_messages_become_notifications(personas):
    now = at(2026, 11, 2)
    notify.outbox_enqueue_staff(users=[personas["county_clerk"]], body="新派工单", now=now)
    notify.outbox_deliver(now=now, sender=FlakySender(failures=0))
    assert Notification.objects.get(user=personas["county_clerk"]).text == "新派工单"


def test_the_console_sender_never_logs_the_phone_number_in_clear(caplog):
    with caplog.at_level(logging.INFO, logger="fawang.dispatch.sender"):
        ConsoleSender().send(channel="sms", to="13800138000", subject="", body="回电13900139000")
    assert "13800138000" not in caplog.text and "13900139000" not in caplog.text
    assert "138****8000" in caplog.text
