"""Notifications: every message is an outbox row written in the caller's transaction;
``outbox_deliver`` (a periodic job) hands it to a sender with retries and backoff."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from fawang.accounts.models import Role, User
from fawang.dispatch.models import Notification, OutboxMessage
from fawang.dispatch.senders import SendError
from fawang.lib import crypto
from fawang.lib.validators import mask_mobile
from fawang.workorders.models import WorkOrder

log = logging.getLogger("fawang.dispatch.outbox")

BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 6 * 3600
STALE_CLAIM = dt.timedelta(minutes=10)
STAFF_ROLES_FOR_UNIT = (Role.CLERK, Role.DISPATCHER, Role.PRACTITIONER, Role.REVIEWER, Role.AGENT)


def _mask_recipient(channel: str, to: str) -> str:
    if channel == OutboxMessage.Channel.SMS:
        return mask_mobile(to)
    if "@" in to:
        name, _at, domain = to.partition("@")
        return f"{name[:1]}***@{domain}"
    return "***"


def outbox_enqueue_requester(
    *, order: WorkOrder, body: str, now: dt.datetime, subject: str = ""
) -> OutboxMessage | None:
    """An SMS to the order's requester, if they left a phone number."""
    phone = order.party.reveal_phone() if order.party.phone_enc else ""
    if not phone:
        return None
    return OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.SMS,
        recipient_enc=crypto.encrypt(phone, context="outbox.recipient"),
        recipient_masked=_mask_recipient("sms", phone),
        order=order,
        subject=subject,
        body=body,
        next_attempt_at=now,
        created_at=now,
    )


def outbox_enqueue_email(
    *, to: str, subject: str, body: str, now: dt.datetime, order: WorkOrder | None = None
) -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.EMAIL,
        recipient_enc=crypto.encrypt(to, context="outbox.recipient"),
        recipient_masked=_mask_recipient("email", to),
        order=order,
        subject=subject,
        body=body,
        next_attempt_at=now,
        created_at=now,
    )


def outbox_enqueue_staff(
    *, users: Iterable[User], body: str, now: dt.datetime, order: WorkOrder | None = None
) -> int:
    rows = [
        OutboxMessage(
            channel=OutboxMessage.Channel.INAPP,
            user=u,
            recipient_masked=str(u)[:120],
            order=order,
            body=body,
            next_attempt_at=now,
            created_at=now,
        )
        for u in users
    ]
    OutboxMessage.objects.bulk_create(rows)
    return len(rows)


def staff_of_unit(*, point_id: int | None = None, institution_id: int | None = None):
    q = Q()
    if point_id:
        q |= Q(service_point_id=point_id)
    if institution_id:
        q |= Q(institution_id=institution_id)
    if not q:
        return User.objects.none()
    return User.objects.filter(q, is_active=True, role__in=STAFF_ROLES_FOR_UNIT)


def get_sender():  # type: ignore[no-untyped-def]
    return import_string(settings.FAWANG_SMS_SENDER)()


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(
        seconds=min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_MAX_SECONDS)
    )


def outbox_deliver(*, now: dt.datetime | None = None, limit: int = 500, sender=None) -> dict:  # type: ignore[no-untyped-def]
    """Deliver due messages. Each is claimed by compare-and-set (pending → sending), so
    two workers never send one message twice; a claim left by a crashed worker is taken
    back after ten minutes. A failure is retried with exponential backoff until
    ``max_attempts``, then the message is marked failed (visible in the admin)."""
    now = now or timezone.now()
    sender = sender or get_sender()
    OutboxMessage.objects.filter(
        state=OutboxMessage.State.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(state=OutboxMessage.State.PENDING)
    ids = list(
        OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    result = {"sent": 0, "retry": 0, "failed": 0}
    for pk in ids:
        claimed = OutboxMessage.objects.filter(pk=pk, state=OutboxMessage.State.PENDING).update(
            state=OutboxMessage.State.SENDING, claimed_at=now
        )
        if claimed != 1:
            continue
        msg = OutboxMessage.objects.get(pk=pk)
        attempts = msg.attempts + 1
        try:
            if msg.channel == OutboxMessage.Channel.INAPP:
                _deliver_inapp(msg, now)
            else:
                to = crypto.decrypt(msg.recipient_enc, context="outbox.recipient")
                sender.send(channel=msg.channel, to=to, subject=msg.subject, body=msg.body)
        except (SendError, OSError, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
            if attempts >= msg.max_attempts:
                state, key = OutboxMessage.State.FAILED, "failed"
                log.error("outbox %s to %s failed for good: %s", pk, msg.recipient_masked, error)
            else:
                state, key = OutboxMessage.State.PENDING, "retry"
                log.warning(
                    "outbox %s to %s failed (try %d): %s", pk, msg.recipient_masked, attempts, error
                )
            OutboxMessage.objects.filter(pk=pk, state=OutboxMessage.State.SENDING).update(
                state=state,
                attempts=attempts,
                last_error=error,
                next_attempt_at=now + _backoff(attempts),
                claimed_at=None,
            )
            result[key] += 1
            continue
        OutboxMessage.objects.filter(pk=pk, state=OutboxMessage.State.SENDING).update(
            state=OutboxMessage.State.SENT, attempts=attempts, sent_at=now, last_error=""
        )
        result["sent"] += 1
    return result


def _deliver_inapp(msg: OutboxMessage, now: dt.datetime) -> None:
    if msg.user_id is None:
        raise ValueError("in-app message without a user")
    with transaction.atomic():
        Notification.objects.create(
            user_id=msg.user_id, order_id=msg.order_id, text=msg.body[:300], created_at=now
        )


def outbox_retry(*, message_ids: Iterable[int], now: dt.datetime | None = None) -> int:
    """Put failed messages back in the queue (an admin action)."""
    return OutboxMessage.objects.filter(
        pk__in=list(message_ids), state=OutboxMessage.State.FAILED
    ).update(state=OutboxMessage.State.PENDING, attempts=0, next_attempt_at=now or timezone.now())
