"""``fawang serve``: serve the site with waitress (production-grade, pure Python);
``--with-worker`` also runs the background worker in a thread of the same process."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from fawang.lib.env import env_int, env_str


class Command(BaseCommand):
    help = "Serve Fawang over HTTP with waitress (HOST/PORT honoured)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default=env_str("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", 8000))
        parser.add_argument("--threads", type=int, default=env_int("FAWANG_THREADS", 8))
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run the worker (task queue, periodic jobs) in a background thread; "
            "for the demo and one-machine installs, production runs `fawang worker`",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from waitress import serve

        from fawang.lib.worker import start_worker_thread
        from fawang.wsgi import application

        loop = None
        if options["with_worker"]:
            _thread, loop = start_worker_thread()
            self.stdout.write("后台任务处理（派单、汇总、提醒）已在本进程中启动")
        self.stdout.write(f"法网已启动：http://{options['host']}:{options['port']}/  (Ctrl+C 停止)")
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="fawang",
            )
        finally:
            if loop is not None:
                loop.stop.set()
