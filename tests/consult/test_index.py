import json
import os
import time

import pytest

from fawang.consult import index as index_module
from fawang.consult.index import StaleIndex, load_index


def citations_of(hits):
    return [h.article.citation for h in hits]


def test_colloquial_wage_question_finds_the_wage_articles(small_index):
    hits = small_index.search("老板不给钱，拖了三个月了", 10)
    laws = {h.article.law_name for h in hits}
    assert "中华人民共和国劳动合同法" in laws or "中华人民共和国劳动法" in laws
    assert any("劳动报酬" in h.article.text or "工资" in h.article.text for h in hits[:5])


def test_colloquial_vocabulary_adds_legal_terms(small_index):
    terms = small_index.weighted_terms("撞了车对方跑了")
    assert "交通事故" in terms
    assert terms["交通事故"] < 1.0  # expansions weigh less than the user's own words


def test_hits_carry_highlighted_terms_that_occur_in_the_text(small_index):
    [hit, *_] = small_index.search("试用期 工资", 3)
    assert hit.terms
    assert all(t in hit.article.text for t in hit.terms)
    d = hit.as_dict()
    assert {"law", "article_no", "text", "highlight", "score"} <= d.keys()


def test_a_question_of_only_stopwords_returns_nothing(small_index):
    assert small_index.search("怎么办呢？", 10) == []


def test_the_index_reloads_without_rebuilding_and_quickly(small_index_dir, monkeypatch):
    monkeypatch.setattr(index_module, "build_index", lambda **kw: pytest.fail("rebuilt"))
    started = time.perf_counter()
    reloaded = load_index(directory=small_index_dir)
    assert time.perf_counter() - started < 1.0
    assert len(reloaded) > 100
    assert reloaded.ranked_ids("拖欠工资") == load_index(directory=small_index_dir).ranked_ids(
        "拖欠工资"
    )


def test_a_changed_corpus_makes_the_index_stale(small_index_dir, tmp_path):
    copy = tmp_path / "index"
    copy.mkdir()
    for f in small_index_dir.iterdir():
        if f.is_file():
            (copy / f.name).write_bytes(f.read_bytes())
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["source"]["size"] += 1
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StaleIndex, match="已变化"):
        load_index(directory=copy)
    manifest["source"]["size"] -= 1
    manifest["source"]["package_version"] = "0.0.0"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StaleIndex, match="版本"):
        load_index(directory=copy)


def test_a_touched_but_identical_corpus_is_not_stale(small_index_dir):
    manifest = json.loads((small_index_dir / "manifest.json").read_text())
    db = manifest["source"]["path"]
    fake = dict(manifest, source=dict(manifest["source"], mtime_ns=1))
    assert index_module.stale_reason(fake, type(small_index_dir)(db)) is None
    assert os.path.exists(db)


def test_a_missing_index_is_reported_not_crashed(tmp_path):
    with pytest.raises(StaleIndex):
        load_index(directory=tmp_path / "nowhere")


def test_every_law_prior_names_a_law_in_the_corpus_and_real_categories():
    from fawang.consult import corpus
    from fawang.consult.index import load_law_priors
    from fawang.workorders.models import Category

    names = {v.law_name for v in corpus.law_versions(corpus.default_db_path())}
    for short, weight, categories in load_law_priors():
        assert corpus.PRC + short in names or short in names, short
        assert 0 < weight <= 1
        assert set(categories) <= set(Category.values), short


def test_the_category_prior_lifts_the_labour_laws_for_a_wage_question(small_index):
    from dataclasses import replace

    question = "干了活老板不给钱怎么办"
    plain = replace(small_index.params, law_prior=0.0, category_prior=0.0)
    with_prior = small_index.params
    small_index.params = plain
    try:
        before = small_index.search(question, 5)
    finally:
        small_index.params = with_prior
    after = small_index.search(question, 5)
    labour = {"中华人民共和国劳动合同法", "中华人民共和国劳动法"}
    assert sum(h.article.law_name in labour for h in after) >= sum(
        h.article.law_name in labour for h in before
    )
    assert after[0].article.law_name in labour


def test_pseudo_relevance_feedback_loads_its_data_only_when_switched_on(small_index_dir):
    from dataclasses import replace

    reloaded = load_index(directory=small_index_dir)
    assert callable(reloaded.feedback_data)
    reloaded.search("拖欠工资", 5)
    assert callable(reloaded.feedback_data)  # off by default: never loaded
    reloaded.params = replace(reloaded.params, prf_weight=0.2)
    assert reloaded.search("拖欠工资", 5)
    assert not callable(reloaded.feedback_data)


def test_every_topic_cue_names_a_searchable_law_and_real_articles():
    from fawang.consult import corpus
    from fawang.consult.index import load_topic_cues

    articles = corpus.searchable_articles(corpus.default_db_path())
    numbers: dict[str, set[int]] = {}
    for a in articles:
        numbers.setdefault(corpus.short_name(a.law_name), set()).add(a.number)
    cues = load_topic_cues()
    assert len(cues) > 200
    for cue in cues:
        assert cue.law in numbers, cue.law
        assert cue.alternatives and all(all(alt) for alt in cue.alternatives), cue
        for lo, hi in cue.numbers:
            assert lo <= hi and numbers[cue.law] & set(range(lo, hi + 1)), (cue.law, lo, hi)


def test_no_topic_cue_is_listed_twice():
    # Each matching line lifts its articles once more: a copied line doubles the lift.
    from collections import Counter

    from fawang.consult.index import load_topic_cues

    counts = Counter(load_topic_cues())
    assert [cue for cue, n in counts.items() if n > 1] == []


def test_a_malformed_topic_cue_line_is_reported_with_its_line(tmp_path):
    import pytest

    from fawang.consult.index import load_topic_cues

    path = tmp_path / "cues.tsv"
    lines = ["# comment", "劳动合同法\t36-50\t辞退|开除", "劳动法\tabc\t加班"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues\.tsv:3"):
        load_topic_cues(path)
    path.write_text("劳动法\t加班\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues\.tsv:1"):
        load_topic_cues(path)


def test_a_topic_cue_lifts_the_articles_of_its_topic(small_index):
    from dataclasses import replace

    question = "单位说我试用期不合格要辞退我，能拿到补偿吗"
    cue = next(c for c, _rows, _kind in small_index.cues if c.matches(question))
    assert cue.law == "劳动合同法"
    lift = small_index.cue_boost(question)
    rows = [i for i, a in enumerate(small_index.articles) if a.law_name.endswith("劳动合同法")]
    dismissal = [i for i in rows if 36 <= small_index.articles[i].number <= 50]
    assert lift is not None and lift[dismissal].min() > 0
    assert small_index.cue_boost("今天天气很好") is None
    with_cues = small_index.params
    small_index.params = replace(with_cues, cue_law=0.0, cue_group=0.0, cue_article=0.0)
    try:
        before = [h.article.number for h in small_index.search(question, 5)]
    finally:
        small_index.params = with_cues
    after = [h.article.number for h in small_index.search(question, 5)]
    in_topic = lambda ns: sum(36 <= n <= 50 for n in ns)  # noqa: E731
    assert in_topic(after) >= in_topic(before) and in_topic(after) >= 2


def test_the_cue_scan_finds_exactly_the_cues_a_plain_check_finds(small_index):
    from fawang.consult.text import DATA_DIR

    questions = [
        line.split("\t")[-1]
        for line in (DATA_DIR / "questions.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    questions += ["单位说我试用期不合格要辞退我", "加班", "", "abc+"]
    for question in questions:
        cues = small_index.cues
        plain = [r for r, (cue, _rows, _kind) in enumerate(cues) if cue.matches(question)]
        assert small_index.matched_cues(question) == plain, question


def test_every_code_whose_chapters_restart_has_its_books_listed():
    from fawang.consult import corpus
    from fawang.consult.index import load_books

    articles = corpus.searchable_articles(corpus.default_db_path())
    books = load_books()
    firsts = {law: {first for first, _title in rows} for law, rows in books.items()}
    last_chapter: dict[str, str] = {}
    missing = []
    for a in sorted(articles, key=lambda a: (a.law_name, a.number, a.suffix)):
        law = corpus.short_name(a.law_name)
        before = last_chapter.get(law)
        first = a.chapter.startswith("第一章")
        restarted = first and before is not None and not before.startswith("第一章")
        if restarted and a.number not in firsts.get(law, ()):
            missing.append((law, a.number, a.chapter))
        last_chapter[law] = a.chapter
    # 全国人大议事规则 numbers its first chapter from article 2: not a second book.
    assert [m for m in missing if m[0] != "全国人民代表大会议事规则"] == []
    numbers = {}
    for a in articles:
        numbers.setdefault(corpus.short_name(a.law_name), set()).add(a.number)
    for law, rows in books.items():
        assert law in numbers, law
        assert rows[0][0] == 1, law
        assert all(first in numbers[law] for first, _title in rows), law


def test_the_civil_codes_general_provisions_are_told_apart_by_book():
    from fawang.consult import corpus
    from fawang.consult.index import book_titles, places

    articles = [
        a
        for a in corpus.searchable_articles(corpus.default_db_path())
        if corpus.short_name(a.law_name) in ("民法典", "刑事诉讼法")
    ]
    books = book_titles(articles)
    where = {
        (corpus.short_name(a.law_name), a.number): p
        for a, p in zip(articles, places(articles, books), strict=True)
        if not a.suffix
    }
    assert where[("民法典", 1165)] == "第七编 侵权责任 第一章 一般规定"
    assert where[("民法典", 463)] == "第三编 合同 第一分编 通则 第一章 一般规定"
    assert where[("民法典", 1062)].startswith("第五编 婚姻家庭 第三章 家庭关系")
    # laws.db carries the last chapter on into a book without chapters: not shown.
    assert where[("民法典", 1260)] == "附则"
    assert where[("刑事诉讼法", 259)] == "第四编 执行"
    assert where[("刑事诉讼法", 258)] == "第三编 审判 第五章 审判监督程序"


def test_a_malformed_books_line_is_reported_with_its_line(tmp_path):
    from fawang.consult.index import load_books

    path = tmp_path / "books.tsv"
    path.write_text("# comment\n民法典\t1\t第一编 总则\n民法典\t二百零五\t第二编 物权\n", "utf-8")
    with pytest.raises(ValueError, match=r"books\.tsv:3"):
        load_books(path)


def test_a_hit_says_where_its_article_sits(small_index):
    hit = small_index.search("拖欠工资", 1)[0]
    data = hit.as_dict()
    assert data["place"] == " ".join(x for x in (hit.article.chapter, hit.article.section) if x)
    assert data["place"].startswith("第")


def test_bigrams_reorder_the_top_ten_and_never_change_which_they_are(small_index):
    from dataclasses import replace

    question = "公司不给加班费怎么办"
    with_bigrams = small_index.params
    small_index.params = replace(with_bigrams, bigram_weight=0.0)
    try:
        before = small_index.search(question, 10)
    finally:
        small_index.params = with_bigrams
    after = small_index.search(question, 10)
    assert {h.article.id for h in after} == {h.article.id for h in before}
    assert [h.score for h in after] == sorted((h.score for h in after), reverse=True)
    # 劳动法第四十四条 (pay for overtime) holds the vocabulary's 延长工作时间 in that order.
    overtime = [h.article.citation for h in after].index("《劳动法》第四十四条")
    assert overtime < [h.article.citation for h in before].index("《劳动法》第四十四条")


def test_fewer_results_are_the_first_of_more(small_index):
    for question in ("公司不给加班费怎么办", "撞了车对方跑了", "调解协议对方反悔"):
        hits = small_index.search(question, 30)
        thirty = [h.article.id for h in hits]
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        for k in (3, 10, 12):
            assert [h.article.id for h in small_index.search(question, k)] == thirty[:k]


def test_compiled_topic_cues_are_kept_until_the_cue_file_changes(
    small_index_dir, monkeypatch, tmp_path
):
    first = load_index(directory=small_index_dir)
    assert (small_index_dir / "cues.pickle").exists()
    # The next load takes them from the cache: parsing the file would fail here.
    monkeypatch.setattr(index_module, "load_topic_cues", lambda: pytest.fail("recompiled"))
    again = load_index(directory=small_index_dir)
    assert [(c.law, c.numbers) for c, _r, _k in again.cues] == [
        (c.law, c.numbers) for c, _r, _k in first.cues
    ]
    question = "公司不给加班费怎么办"
    assert again.matched_cues(question) == first.matched_cues(question)
    # An edited cue file (another digest) is compiled afresh.
    monkeypatch.undo()
    edited = tmp_path / "topic_cues.tsv"
    edited.write_text(index_module.TOPIC_CUES_PATH.read_text() + "# edited\n")
    monkeypatch.setattr(index_module, "TOPIC_CUES_PATH", edited)
    compiled = []
    real = index_module.load_topic_cues
    monkeypatch.setattr(index_module, "load_topic_cues", lambda: compiled.append(1) or real())
    load_index(directory=small_index_dir)
    assert compiled == [1]
