"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from fawang.accounts.middleware import current_ip
from fawang.accounts.models import AuditLog, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditLog:
    real_actor = actor if actor is not None and actor.is_authenticated else None
    return AuditLog.objects.create(
        actor=real_actor,
        username=username or (real_actor.username if real_actor else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail or {},
        ip=current_ip(),
    )
