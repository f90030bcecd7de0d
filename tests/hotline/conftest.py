"""Hotline fixtures: seat groups and a helper that records calls as the telephony saw them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from fawang.hotline.models import Call, SeatGroup
from fawang.hotline.services import seat_groups_ensure

_seq = itertools.count(1)


@pytest.fixture
def groups(db) -> dict[str, SeatGroup]:  # type: ignore[no-untyped-def]
    return {g.code: g for g in seat_groups_ensure()}


def at(day: str, hhmm: str = "10:00") -> dt.datetime:
    """An aware Beijing-time instant."""
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day} {hhmm}"))


def make_call(
    group: SeatGroup,
    offered: dt.datetime,
    *,
    answered_after: float | None = None,
    abandoned_after: float | None = None,
    talk: float = 120,
    caller: str = "13800138000",
    direction: str = "in",
    call_id: str | None = None,
) -> Call:
    call = Call(
        call_id=call_id or f"T-{next(_seq)}",
        direction=direction,
        seat_group=group,
        language=group.language,
        source=Call.Source.CDR,
    )
    call.set_offered(offered)
    call.set_caller(caller)
    if answered_after is not None:
        call.outcome = Call.Outcome.ANSWERED
        call.answered_at = offered + dt.timedelta(seconds=answered_after)
        call.queue_wait_s = answered_after
        call.ended_at = call.answered_at + dt.timedelta(seconds=talk)
        call.talk_s = talk
    elif abandoned_after is not None:
        call.outcome = Call.Outcome.ABANDONED
        call.queue_wait_s = abandoned_after
        call.ended_at = offered + dt.timedelta(seconds=abandoned_after)
    call.save()
    return call
