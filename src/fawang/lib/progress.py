"""A progress bar for long commands (tqdm on a terminal, plain lines otherwise)."""

from __future__ import annotations

import sys

from tqdm import tqdm


def progress_bar(total: int, desc: str):  # type: ignore[no-untyped-def]
    return tqdm(
        total=total,
        desc=desc,
        unit="",
        dynamic_ncols=True,
        file=sys.stderr,
        mininterval=0.5,
        disable=None,
    )
