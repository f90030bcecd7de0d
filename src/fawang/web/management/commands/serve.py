"""``fawang serve``: serve the site with waitress (production-grade, pure Python)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from fawang.lib.env import env_int, env_str


class Command(BaseCommand):
    help = "Serve Fawang over HTTP with waitress (HOST/PORT honoured)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default=env_str("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", 8000))
        parser.add_argument("--threads", type=int, default=env_int("FAWANG_THREADS", 8))

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from waitress import serve

        from fawang.wsgi import application

        self.stdout.write(f"法网已启动：http://{options['host']}:{options['port']}/  (Ctrl+C 停止)")
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="fawang",
        )
