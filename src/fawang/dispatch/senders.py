"""Pluggable senders for SMS and e-mail to requesters (setting ``FAWANG_SMS_SENDER``).

A sender has ``send(*, channel, to, subject, body)`` and raises ``SendError`` when the
message was not accepted; the outbox retries it. A gateway for a real SMS provider is a
small class like these, named in the setting.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail

from fawang.lib.logging import mask_text

log = logging.getLogger("fawang.dispatch.sender")


class SendError(Exception):
    """The message was not accepted by the gateway; try again later."""


class ConsoleSender:
    """The demo sender: writes the message to the log, with the recipient masked."""

    def send(self, *, channel: str, to: str, subject: str, body: str) -> None:
        shown = mask_text(to) if channel == "sms" else "***"
        log.info("[%s → %s] %s %s", channel, shown, mask_text(subject), mask_text(body))


class DjangoMailSender(ConsoleSender):
    """E-mail through Django's mail settings; SMS still to the console."""

    def send(self, *, channel: str, to: str, subject: str, body: str) -> None:
        if channel != "email":
            super().send(channel=channel, to=to, subject=subject, body=body)
            return
        try:
            send_mail(subject or body[:40], body, None, [to])
        except OSError as exc:
            raise SendError(str(exc)) from exc


class FailingSender:
    """Always fails: for drills and tests of the retry path."""

    def send(self, *, channel: str, to: str, subject: str, body: str) -> None:
        raise SendError("gateway unavailable")
