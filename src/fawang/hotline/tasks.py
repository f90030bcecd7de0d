"""Periodic job: missed calls become call-back work orders (every minute)."""

from __future__ import annotations

import datetime as dt

from fawang.hotline.services import hotline_callbacks_create


def callbacks(now: dt.datetime) -> str:
    return f"hotline call-backs: {hotline_callbacks_create(now=now)}"


PERIODIC = [(60, callbacks)]
