"""Benchmarks are commands, not timed tests (see ``fawang bench``).

Each app may have a ``bench.py`` with ``BENCHMARKS = {"name": function}``; a function
takes ``(out, options)`` where ``out(name, value, unit)`` prints one figure as
``BENCH <name> <value> <unit>`` and ``options`` holds the extra command-line options
(``--queries PATH`` and so on). Every figure is printed beside a baseline measured in the
same run, because machines are noisy.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy


class Emit(Protocol):
    def __call__(self, name: str, value: float | int | str, unit: str) -> None: ...


BenchFn = Callable[[Emit, dict[str, Any]], None]


def emit_to(stream=sys.stdout) -> Emit:  # type: ignore[no-untyped-def]
    def emit(name: str, value: float | int | str, unit: str) -> None:
        if isinstance(value, float):
            text = f"{value:.4g}" if abs(value) < 1000 else f"{value:.1f}"
        else:
            text = str(value)
        stream.write(f"BENCH {name} {text} {unit}\n")
        stream.flush()

    return emit


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    return float(numpy.percentile(numpy.asarray(values, dtype=float), q))
