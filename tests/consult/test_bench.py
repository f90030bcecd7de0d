import json

from fawang.consult import bench


def test_evaluate_scores_recall_mrr_and_latency_on_strict_rows(tmp_path, small_index):
    hits = small_index.ranked_ids("用人单位拖欠劳动报酬", 10)
    rows = [
        {"query": "用人单位拖欠劳动报酬", "strict": True,
         "gold": [{"corpus_id": hits[1]}, {"corpus_id": -1}]},
        {"query": "完全无关的问题", "strict": True, "gold": [{"corpus_id": -2}]},
        {"query": "不计分", "strict": False, "gold": [{"corpus_id": hits[0]}]},
    ]  # fmt: skip
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    strict = bench.read_queries(path)
    assert len(strict) == 2
    result = bench.evaluate(lambda q: small_index.ranked_ids(q, 10), strict)
    assert result["recall"] == 0.25  # (1/2 + 0) / 2
    assert result["mrr"] == 0.25  # (1/2 + 0) / 2
    assert result["p50_ms"] >= 0
    assert result["queries"] == 2


def test_the_default_query_file_is_the_shared_dev_set():
    assert bench.default_queries().name == "dev.jsonl"
    assert "consult" in bench.BENCHMARKS
