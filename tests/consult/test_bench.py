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


def test_the_halves_share_no_gold_article_and_keep_linked_queries_together():
    rows = [
        {"id": f"q{i}", "query": "x", "strict": True, "gold": [{"corpus_id": g} for g in golds]}
        for i, golds in enumerate([[1], [2], [1, 3], [4], [5], [3], [6], [7]])
    ]
    a, b = bench.split_halves(rows)
    assert len(a) + len(b) == len(rows)
    gold_a = {g for r in a for g in bench.gold_ids(r)}
    gold_b = {g for r in b for g in bench.gold_ids(r)}
    assert not gold_a & gold_b
    together = {r["id"] for r in a} if "q0" in {r["id"] for r in a} else {r["id"] for r in b}
    assert {"q0", "q2", "q5"} <= together


def test_the_classifier_figures_beat_always_answering_the_commonest_category():
    figures = bench.classify_figures()
    assert figures["questions"] >= 100
    assert figures["accuracy"] > figures["majority"] + 0.3


def test_our_own_questions_name_real_articles_and_a_bad_line_is_reported(tmp_path):
    import pytest

    from fawang.consult import corpus

    articles = corpus.searchable_articles(corpus.default_db_path())
    rows = bench.own_questions(articles)
    assert len(rows) >= 150 and all(r["gold"] and r["query"] for r in rows)
    assert sum(r["set"] == "check" for r in rows) >= 40
    by_id = {a.id: a for a in articles}
    cited = {by_id[g["corpus_id"]].article_no for r in rows for g in r["gold"]}
    assert "第一百三十三条之一" in cited  # 133之一 in the file
    known = {a.id for a in articles}
    assert all(g["corpus_id"] in known for r in rows for g in r["gold"])
    bad = tmp_path / "own.tsv"
    bad.write_text(
        "# c\n离婚冷静期多久？\t民法典\t1077\tcheck\n问题\t民法典\t99999\tseen\n", "utf-8"
    )
    with pytest.raises(ValueError, match=r"own\.tsv:3"):
        bench.own_questions(articles, bad)
    bad.write_text("离婚冷静期多久？\t民法典\t1077\n", "utf-8")
    with pytest.raises(ValueError, match=r"own\.tsv:1"):
        bench.own_questions(articles, bad)
