"""Write paths behind the intake pages: one transaction each, over the work-order services."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts.models import User
from fawang.lib.validators import mask_mobile
from fawang.regions.models import Region
from fawang.workorders.models import Attachment, Status, WorkOrder
from fawang.workorders.services import (
    PartyInput,
    workorder_add_event,
    workorder_create,
    workorder_transition,
)


def _attach(order: WorkOrder, files: Sequence[UploadedFile]) -> None:
    for f in files:
        original = Path(f.name or "file").name[-200:]
        stored = uuid.uuid4().hex + Path(original).suffix.lower()
        attachment = Attachment(order=order, name=original, size=f.size or 0)
        attachment.file.save(stored, f, save=False)
        attachment.save()


def intake_submit(
    *,
    channel: str,
    idempotency_key: str,
    service: str,
    category: str,
    place: Region,
    language: str,
    description: str,
    party: PartyInput,
    opposing_party: str = "",
    attachments: Sequence[UploadedFile] = (),
    created_by: User | None = None,
    lng: float | None = None,
    lat: float | None = None,
    intake_extra: dict[str, Any] | None = None,
    accept_now: bool = False,
    now: dt.datetime | None = None,
) -> tuple[WorkOrder, bool]:
    """Create the order with its attachments (and, for a walk-in accepted at the window,
    its acceptance) in one transaction. A repeated idempotency key returns the first
    order and writes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        order, created = workorder_create(
            channel=channel,
            service=service,
            category=category,
            region=place,
            description=description.strip(),
            party=party,
            opposing_party=opposing_party.strip(),
            language=language,
            created_by=created_by,
            idempotency_key=idempotency_key,
            lng=lng,
            lat=lat,
            now=now,
        )
        if not created:
            return order, False
        _attach(order, attachments)
        if intake_extra:
            workorder_add_event(
                order=order,
                kind="intake",
                actor=created_by,
                reason=_("来电登记"),
                extra=intake_extra,
                now=now,
            )
        if accept_now:
            updates: dict[str, Any] = {}
            if created_by is not None and created_by.service_point_id:
                updates["assigned_point_id"] = created_by.service_point_id
            workorder_transition(
                order=order,
                to=Status.ACCEPTED,
                actor=created_by,
                reason=_("窗口当场签收办理"),
                now=now,
                updates=updates,
            )
    return order, True


def hotline_intake_extra(*, caller_number: str, seat: str) -> dict[str, str]:
    """What the call leaves on the order's history: the seat and the masked caller."""
    return {"seat": seat, "caller_masked": mask_mobile(caller_number)}
