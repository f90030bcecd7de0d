"""``fawang import_regions FILE.csv``: import real townships and villages.

The CSV (UTF-8, with or without BOM) has the header ``code,name,parent_code`` and
optionally ``lng,lat,population``. The whole file is one transaction: any bad row
rolls everything back and the error names the line.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fawang.regions.services import RegionImportError, regions_import_csv


class Command(BaseCommand):
    help = "Import real townships (9-digit codes) and villages (12-digit codes) from a CSV file."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "file", help="CSV with header code,name,parent_code[,lng,lat,population]"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError("文件不是 UTF-8 编码，请另存为 UTF-8 CSV 后重试。") from exc
        try:
            count = regions_import_csv(text=text)
        except RegionImportError as exc:
            raise CommandError(f"导入失败，未写入任何数据。{exc}") from exc
        except ValueError as exc:  # a bad lng/lat/population number
            raise CommandError(f"导入失败，未写入任何数据。数值格式不正确：{exc}") from exc
        self.stdout.write(f"已导入 {count} 个乡镇/村。")
