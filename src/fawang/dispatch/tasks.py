"""Periodic jobs run by ``fawang worker`` (every minute) and ``fawang periodic`` (once)."""

from __future__ import annotations

import datetime as dt

from fawang.dispatch import notify, services


def supervise_overdue(now: dt.datetime) -> str:
    """Open and escalate supervision items (督办) for overdue orders."""
    return str(services.supervision_scan(now=now))


def deliver_outbox(now: dt.datetime) -> str:
    """Send queued SMS / e-mail / in-app messages, with retries."""
    result = notify.outbox_deliver(now=now)
    return " ".join(f"{k}={v}" for k, v in result.items())


PERIODIC = [(60, supervise_overdue), (60, deliver_outbox)]
