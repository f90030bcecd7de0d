"""``fawang periodic``: run every periodic job once (what the worker runs each minute)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from fawang.lib.periodic import periodic_jobs


class Command(BaseCommand):
    help = "Run every periodic job once (overdue scan, outbox, rollups …)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        now = timezone.now()
        for _interval, job in periodic_jobs():
            summary = job(now)
            self.stdout.write(f"{job.__module__}.{job.__name__}: {summary}")
