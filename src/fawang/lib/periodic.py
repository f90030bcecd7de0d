"""Periodic jobs. Each app may have ``tasks.py`` with ``PERIODIC = [(seconds, function)]``;
a function takes ``now`` and returns a short summary string. ``fawang worker`` runs them
on their intervals; ``fawang periodic`` runs them all once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fawang.lib.plugins import app_modules

Job = tuple[int, Callable[[dt.datetime], str]]


def periodic_jobs() -> list[Job]:
    jobs: list[Job] = []
    for _label, module in app_modules("tasks"):
        jobs.extend(getattr(module, "PERIODIC", []))
    return jobs
