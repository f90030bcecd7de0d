"""``fawang analytics_rollups``: rebuild the rollups from the work-order table, or fold in
events since the last run (resumable)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from fawang.analytics.rollups import rollup_catch_up, rollup_rebuild, unit_backlog_refresh


class Command(BaseCommand):
    help = "Rebuild (--rebuild) or catch up the analytics rollups, then refresh the backlog."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--rebuild", action="store_true", help="recompute everything")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        if options["rebuild"]:
            counts = rollup_rebuild()
            self.stdout.write(f"汇总表已重建：{counts}")
        else:
            self.stdout.write(rollup_catch_up(max_batches=10_000))
        self.stdout.write(unit_backlog_refresh())
        self.stdout.write(f"用时 {time.perf_counter() - t0:.1f} 秒")
