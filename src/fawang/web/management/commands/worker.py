"""``fawang worker``: run periodic jobs on their intervals and process queued tasks."""

from __future__ import annotations

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from fawang.lib.periodic import periodic_jobs

log = logging.getLogger("fawang.worker")


class Command(BaseCommand):
    help = "Background worker: periodic jobs (every minute by default) and the task queue."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--tick", type=float, default=5.0, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        jobs = periodic_jobs()
        last_run: dict[int, float] = {}
        self.stdout.write(f"worker started with {len(jobs)} periodic jobs")
        while True:
            mono = time.monotonic()
            for i, (interval, job) in enumerate(jobs):
                if mono - last_run.get(i, -1e9) >= interval:
                    last_run[i] = mono
                    try:
                        summary = job(timezone.now())
                        log.info("%s: %s", job.__name__, summary)
                    except Exception:
                        log.exception("periodic job %s failed", job.__name__)
            call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
            if options["once"]:
                return
            time.sleep(options["tick"])
