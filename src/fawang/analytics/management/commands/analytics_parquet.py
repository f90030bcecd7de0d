"""``fawang analytics_parquet --out DIR``: work orders and events as Parquet files for
outside engines (DuckDB, Spark, pandas), without personal data."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fawang.analytics.exports import parquet_write
from fawang.lib.progress import progress_bar
from fawang.regions.models import Region
from fawang.workorders.models import WorkOrder, WorkOrderEvent


class Command(BaseCommand):
    help = "Export work orders and their events to Parquet (no personal data)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--out", required=True, help="directory to write into")
        parser.add_argument("--region", default="", help="region code to limit to (subtree)")
        parser.add_argument("--batch", type=int, default=100_000, help="rows per row group")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        path = ""
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"未知区划代码：{options['region']}")
            path = region.path
        for kind, model in (("workorders", WorkOrder), ("events", WorkOrderEvent)):
            total = model.objects.count()
            bar = progress_bar(total, kind)
            n = parquet_write(
                kind=kind,
                path=out / f"{kind}.parquet",
                region_path=path,
                batch=options["batch"],
                progress=bar.update,
            )
            bar.close()
            self.stdout.write(f"{kind}: {n} 行 → {out / (kind + '.parquet')}")
