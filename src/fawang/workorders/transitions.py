"""The one transition table of the work order (ARCHITECTURE §3)."""

from __future__ import annotations

from fawang.workorders.models import Status as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.DISPATCHED, S.ACCEPTED, S.REJECTED, S.SUSPENDED, S.ESCALATED}),
    S.DISPATCHED: frozenset({S.ACCEPTED, S.RETURNED, S.TRANSFERRED, S.ESCALATED, S.DISPATCHED}),
    S.ACCEPTED: frozenset(
        {S.IN_PROGRESS, S.REPLIED, S.RETURNED, S.TRANSFERRED, S.ESCALATED, S.SUSPENDED}
    ),
    S.IN_PROGRESS: frozenset({S.REPLIED, S.TRANSFERRED, S.ESCALATED, S.SUSPENDED}),
    S.REPLIED: frozenset({S.REVIEWED, S.CLOSED, S.REOPENED}),
    S.REVIEWED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.RETURNED: frozenset({S.DISPATCHED, S.ACCEPTED, S.REJECTED, S.ESCALATED}),
    S.TRANSFERRED: frozenset({S.ACCEPTED, S.RETURNED, S.DISPATCHED, S.ESCALATED}),
    S.ESCALATED: frozenset({S.DISPATCHED, S.ACCEPTED, S.REJECTED}),
    # Resuming returns to the status held before suspension (checked in the service).
    S.SUSPENDED: frozenset({S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS}),
    S.REJECTED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS, S.ESCALATED}),
}

# Transitions that must say why.
REASON_REQUIRED = frozenset(
    {S.RETURNED, S.TRANSFERRED, S.ESCALATED, S.SUSPENDED, S.REJECTED, S.REOPENED}
)


def allowed_targets(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())
