"""API tokens for systems: create, authenticate, revoke. Only hashes are stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q

from fawang.accounts.models import ApiToken, AuditLog, User
from fawang.accounts.services import audit_record

TOKEN_PREFIX = "fw_"  # noqa: S105 - a marker, not a secret
# last_used_at is refreshed at most this often, so that tokens cost no write per request.
_TOUCH_EVERY = dt.timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    now: dt.datetime,
    expires_at: dt.datetime | None = None,
    actor: User | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the clear token (shown once)."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        user=user,
        prefix=clear[:10],
        key_hash=_hash(clear),
        created_at=now,
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action=AuditLog.Action.CREATE,
        object_type="api_token",
        object_id=str(token.pk),
        detail={"user": user.username, "name": name},
        username=actor.username if actor else "system",
    )
    return token, clear


def api_token_authenticate(*, key: str, now: dt.datetime) -> User | None:
    """The active user a valid, unexpired, unrevoked token stands for; otherwise None."""
    if not key.startswith(TOKEN_PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__region")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, prefix: str, now: dt.datetime, actor: User | None = None) -> int:
    """Revoke the tokens starting with ``prefix``; returns how many."""
    ids = list(
        ApiToken.objects.filter(prefix__startswith=prefix, revoked_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    ApiToken.objects.filter(pk__in=ids).update(revoked_at=now)
    for pk in ids:
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            object_type="api_token",
            object_id=str(pk),
            detail={"revoked": True},
            username=actor.username if actor else "system",
        )
    return len(ids)
