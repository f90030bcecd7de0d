"""``fawang bench NAME`` runs one benchmark; ``fawang bench all`` runs them all."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fawang.lib.bench import emit_to
from fawang.lib.plugins import app_modules


def registry() -> dict:
    found: dict = {}
    for _label, module in app_modules("bench"):
        found.update(getattr(module, "BENCHMARKS", {}))
    return found


class Command(BaseCommand):
    help = "Run benchmarks and print `BENCH <name> <value> <unit>` lines."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("name", help="benchmark name, or 'all'; 'list' lists them")
        parser.add_argument("--queries", help="JSONL query file (consult)")
        parser.add_argument("--seconds", type=float, help="duration for load benchmarks")
        parser.add_argument("--rows", type=int, help="data size for scale benchmarks")
        parser.add_argument("--database-url", help="database for benchmarks that need PostgreSQL")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        benches = registry()
        name = options["name"]
        if name == "list":
            for key in sorted(benches):
                self.stdout.write(key)
            return
        if name == "all":
            selected = sorted(benches)
        elif name in benches:
            selected = [name]
        else:
            raise CommandError(f"unknown benchmark {name!r}; known: {', '.join(sorted(benches))}")
        emit = emit_to(self.stdout)
        extra = {
            k: v for k, v in options.items() if k in {"queries", "seconds", "rows", "database_url"}
        }
        for key in selected:
            self.stderr.write(f"# bench {key}")
            benches[key](emit, extra)
