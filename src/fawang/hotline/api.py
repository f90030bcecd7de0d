"""CTI event API: ``POST /api/v1/hotline/events``.

A telephony (CTI) system posts one JSON object per call event with a bearer token made by
``fawang hotline_cti_token NAME``::

    POST /api/v1/hotline/events
    Authorization: Bearer <token>
    {"call_id": "C20261129-0001", "event": "offered", "at": "2026-11-29T09:30:00+08:00",
     "caller": "13800138000", "seat_group": "migrant", "language": "zh"}

``event`` is offered, answered (with ``agent``: the employee number), abandoned or ended.
Each (call_id, event) pair is applied once: repeating an event answers 200 with
``"applied": false`` and changes nothing, so the CTI system may retry freely. An
abandoned call from a known number becomes a call-back work order due within 24 hours.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import Field

from fawang.hotline.models import CtiClient
from fawang.hotline.services import CtiError, cti_client_authenticate, cti_event_record

PREFIX = "hotline"


class CtiToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> CtiClient | None:
        return cti_client_authenticate(token=token)


router = Router(tags=["hotline"], auth=CtiToken())


class EventIn(Schema):
    call_id: str = Field(min_length=1, max_length=64)
    event: str = Field(description="offered | answered | abandoned | ended")
    at: dt.datetime
    caller: str = Field("", max_length=24)
    seat_group: str = Field("", max_length=16)
    language: str = Field("", max_length=8)
    agent: str = Field("", max_length=16, description="employee number of the agent")
    direction: str = Field("in", max_length=3)


class EventOut(Schema):
    call_id: str
    applied: bool
    outcome: str
    queue_wait_s: float | None
    talk_s: float | None
    callback_order: str | None


class ErrorOut(Schema):
    detail: str


@router.post("/events", response={200: EventOut, 422: ErrorOut}, summary="Post one CTI event")
def post_event(request: HttpRequest, payload: EventIn):  # type: ignore[no-untyped-def]
    try:
        call, applied = cti_event_record(
            call_id=payload.call_id,
            kind=payload.event,
            at=payload.at,
            caller=payload.caller,
            seat_group=payload.seat_group,
            language=payload.language,
            agent_no=payload.agent,
            direction=payload.direction,
            client=request.auth.name,
        )
    except CtiError as exc:
        raise HttpError(422, str(exc)) from exc
    return {
        "call_id": call.call_id,
        "applied": applied,
        "outcome": call.outcome,
        "queue_wait_s": call.queue_wait_s,
        "talk_s": call.talk_s,
        "callback_order": call.callback_order.number if call.callback_order_id else None,
    }
