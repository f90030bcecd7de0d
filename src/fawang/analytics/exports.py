"""Exports: any dashboard table as CSV or Excel; work orders and their events as Parquet
for outside engines (no personal data: no requester, description or reasons)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.analytics.selectors import LABELS, Dashboard
from fawang.workorders.models import WorkOrder, WorkOrderEvent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dashboard_table(board: Dashboard, name: str) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of one dashboard table; KeyError for an unknown table."""
    measures = [_("工单数"), _("评价数"), _("平均满意度"), _("超期答复数"), _("超期答复率(%)")]

    def m(row: dict[str, Any]) -> list[Any]:
        return [row["n"], row["sat_n"], row["satisfaction"], row["late_n"], row["late_share"]]

    if name == "trend":
        return [_("月份"), *measures], [[r["month"], *m(r)] for r in board.trend]
    if name in LABELS:
        head = {
            "category": _("事项类别"),
            "channel": _("渠道"),
            "service": _("服务类型"),
            "status": _("状态"),
        }[name]
        return [head, *measures], [[r["name"], *m(r)] for r in board.mixes.get(name, [])]
    if name == "areas":
        return (
            [
                _("区划代码"),
                _("区划"),
                _("常住人口"),
                *measures,
                _("每万人工单数"),
                _("当前在办"),
                _("当前超期"),
                _("超期占比(%)"),
            ],
            [
                [
                    r["code"],
                    r["name"],
                    r["population"],
                    *m(r),
                    r["per_10k"],
                    r["open_n"],
                    r["overdue_now"],
                    r["overdue_share"],
                ]
                for r in board.areas
            ],
        )
    if name == "units":
        return (
            [_("承办单位"), _("县区代码"), _("在办"), _("超期"), _("超期占比(%)")],
            [
                [u["unit_name"], u["county_code"], u["open_n"], u["overdue_n"], u["overdue_share"]]
                for u in board.units
            ],
        )
    raise KeyError(name)


def _filename(stem: str, ext: str) -> str:
    return f"fawang-{stem}-{timezone.localtime():%Y%m%d-%H%M}.{ext}"


def csv_response(stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    buf = io.StringIO()
    buf.write("\ufeff")  # so that Excel opens UTF-8 Chinese correctly
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def xlsx_response(
    stem: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31] or "data"
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(
            10, len(str(header)) * 2 + 2
        )
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response


# --------------------------------------------------------------------------- Parquet

ORDER_COLUMNS = (
    "id",
    "number",
    "channel",
    "service",
    "category",
    "status",
    "language",
    "county_id",
    "region_path",
    "assigned_point_id",
    "assigned_institution_id",
    "created_at",
    "first_response_due_at",
    "due_at",
    "first_responded_at",
    "replied_at",
    "closed_at",
    "satisfaction",
)
EVENT_COLUMNS = ("id", "order_id", "at", "kind", "from_status", "to_status", "unit")


def _schema(kind: str):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    ts = pa.timestamp("us", tz="UTC")
    if kind == "workorders":
        types = {
            "id": pa.int64(),
            "assigned_point_id": pa.int64(),
            "assigned_institution_id": pa.int64(),
            "satisfaction": pa.int16(),
        }
        return pa.schema(
            [(c, types.get(c, ts if c.endswith("_at") else pa.string())) for c in ORDER_COLUMNS]
        )
    types = {"id": pa.int64(), "order_id": pa.int64(), "at": ts}
    return pa.schema([(c, types.get(c, pa.string())) for c in EVENT_COLUMNS])


def _batches(qs: QuerySet, columns: Sequence[str], size: int) -> Iterator[list[tuple]]:
    """Keyset pagination by id, so memory stays flat at any size."""
    last = 0
    while True:
        rows = list(qs.filter(id__gt=last).order_by("id").values_list(*columns)[:size])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def parquet_write(
    *,
    kind: str,
    path: Path,
    region_path: str = "",
    batch: int = 50_000,
    progress=None,  # type: ignore[no-untyped-def]
) -> int:
    """Write ``workorders`` or ``events`` (within ``region_path``) to a Parquet file in
    row groups of ``batch``; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if kind == "workorders":
        qs: QuerySet = WorkOrder.objects.all()
        columns: Sequence[str] = ORDER_COLUMNS
        if region_path:
            qs = qs.filter(region_path__startswith=region_path)
    elif kind == "events":
        qs = WorkOrderEvent.objects.all()
        columns = EVENT_COLUMNS
        if region_path:
            qs = qs.filter(order__region_path__startswith=region_path)
    else:
        raise ValueError(kind)
    schema = _schema(kind)
    written = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for rows in _batches(qs, columns, batch):
            table = pa.Table.from_arrays(
                [
                    pa.array([r[i] for r in rows], type=schema.field(i).type)
                    for i in range(len(columns))
                ],
                schema=schema,
            )
            writer.write_table(table)
            written += len(rows)
            if progress is not None:
                progress(len(rows))
    return written
