"""``fawang consult_index``: (re)build the statute search index when the corpus changed."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from fawang.consult import corpus
from fawang.consult.index import StaleIndex, build_index, index_dir, load_index
from fawang.lib.progress import progress_bar


class Command(BaseCommand):
    help = "Build the statute search index under var/ (skipped when it is up to date)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
        parser.add_argument("--check", action="store_true", help="only report whether stale")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        db_path = corpus.default_db_path()
        reason = None
        try:
            started = time.perf_counter()
            index = load_index()
            self.stdout.write(
                f"法条索引为最新（{len(index)} 条，载入 {time.perf_counter() - started:.2f} 秒）："
                f"{index_dir()}"
            )
        except StaleIndex as exc:
            reason = str(exc)
            self.stdout.write(f"法条索引需要重建：{reason}")
        if options["check"]:
            return
        if reason is None and not options["force"]:
            return
        self.stdout.write(f"正在从 {db_path} 建立法条索引……")
        bar = progress_bar(total=0, desc="建立法条索引")

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        index = build_index(progress=progress)
        bar.close()
        self.stdout.write(
            f"已建立法条索引：{len(index)} 条，用时 {index.manifest['built_seconds']} 秒。"
        )
