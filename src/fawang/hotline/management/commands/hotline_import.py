"""``fawang hotline_import FILE.csv``: import call-detail records (format: ``--help``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fawang.hotline.services import CDR_DOC, cdr_import
from fawang.lib.progress import progress_bar


class Command(BaseCommand):
    help = "Import call-detail records (CSV) of the 12348 hotline. Format:\n\n" + CDR_DOC

    def create_parser(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(*args, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", help="CSV file")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        data = path.read_bytes()
        lines = max(0, data.count(b"\n") - 1)
        with progress_bar(lines, "导入话单") as bar:
            result = cdr_import(data=data, progress=bar.update)
        for message in result.errors:
            self.stderr.write(message)
        for message in result.warnings:
            self.stderr.write(message)
        self.stdout.write(
            f"新增 {result.created} 条，跳过已存在 {result.skipped} 条，"
            f"错误 {len(result.errors)} 行，生成回拨工单 {result.callbacks} 个。"
        )
        if result.errors and not result.created:
            raise CommandError("没有导入任何记录。")
