from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from fawang.accounts.models import AuditLog
from fawang.accounts.services import audit_record


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    audit_record(actor=user, action=AuditLog.Action.LOGIN)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if user is not None:
        audit_record(actor=user, action=AuditLog.Action.LOGOUT)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):  # type: ignore[no-untyped-def]
    audit_record(
        actor=None,
        action=AuditLog.Action.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
    )
