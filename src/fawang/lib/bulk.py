"""Fast bulk inserts for generated data (the demo): plain ``executemany`` of prepared
tuples, for the tables where ``bulk_create``'s per-value preparation dominates.

Callers pass values already in database form: use ``db_datetime`` for aware datetimes
and ``json.dumps`` for JSON. Rows skip ``save()`` and signals, as with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


def db_datetime(value: dt.datetime | None) -> Any:
    """An aware datetime as the database backend stores it."""
    return None if value is None else connection.ops.adapt_datetimefield_value(value)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = 5000,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``) into ``model``'s table.

    Concrete fields not named get their default (or now for ``auto_now``), so a field
    added to the model later does not break the generator."""
    meta = model._meta
    qn = connection.ops.quote_name
    named = [meta.get_field(name) for name in fields]
    extra_cols, extra_vals = [], []
    now = timezone.now()
    for f in meta.concrete_fields:
        if f in named or (f.primary_key and f.name not in fields):
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        else:
            value = None
        extra_cols.append(f.column)
        extra_vals.append(f.get_db_prep_save(value, connection))
    columns = ", ".join(qn(c) for c in [*(f.column for f in named), *extra_cols])
    marks = ", ".join(["%s"] * (len(named) + len(extra_cols)))
    extra = tuple(extra_vals)
    if extra:
        rows = (tuple(row) + extra for row in rows)
    # Table and column names come from the model, values are parameters.
    sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    total = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(iterator, batch)):
            cursor.executemany(sql, chunk)
            total += len(chunk)
            if progress is not None:
                progress(len(chunk))
    return total


def reset_sequence(model: type[models.Model]) -> None:
    """After inserting explicit ids on PostgreSQL, move the id sequence past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
