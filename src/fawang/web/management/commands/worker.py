"""``fawang worker``: process queued tasks and run the periodic jobs on their intervals
(``fawang.lib.worker``)."""

from __future__ import annotations

import signal

from django.core.management.base import BaseCommand

from fawang.lib.worker import WorkerLoop


class Command(BaseCommand):
    help = "Background worker: the task queue (routing, rollups …) and the periodic jobs."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--tick", type=float, default=1.0, help="seconds between passes when idle"
        )
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        loop = WorkerLoop(tick=options["tick"])
        if options["once"]:
            ran = loop.run_once()
            self.stdout.write(f"worker: {ran} tasks, {len(loop.jobs)} periodic jobs")
            return
        # SIGTERM / Ctrl+C: finish the current task, then stop.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: loop.stop.set())
        self.stdout.write(f"worker started with {len(loop.jobs)} periodic jobs")
        loop.run_forever()
