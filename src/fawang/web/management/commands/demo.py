"""``fawang demo``: load the Sichuan regions and a realistic demo data set.

Each app may have a ``demo.py`` with ``ORDER`` (an int; lower runs first) and
``load(*, rng, now, stdout) -> list[str]`` returning lines to print (e.g. logins).
"""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from fawang.lib.plugins import app_modules


class Command(BaseCommand):
    help = "Load the Sichuan regions and the demo data set (idempotent: resets demo data)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--orders", type=int, default=24000, help="work orders to generate")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        now = timezone.now().replace(microsecond=0)
        steps = sorted(app_modules("demo"), key=lambda item: getattr(item[1], "ORDER", 100))
        report: list[str] = []
        for label, module in steps:
            t0 = time.perf_counter()
            self.stderr.write(f"» {label} …")
            lines = module.load(rng=rng, now=now, stdout=self.stderr, options=options) or []
            report.extend(lines)
            self.stderr.write(f"  {label} done in {time.perf_counter() - t0:.1f}s")
        self.stdout.write("")
        self.stdout.write(f"演示数据已就绪（{time.perf_counter() - started:.0f} 秒）。")
        for line in report:
            self.stdout.write(line)
