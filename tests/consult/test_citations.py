from hypothesis import given
from hypothesis import strategies as st

from fawang.consult import citations, corpus
from fawang.consult.citations import check_citations, extract_citations


def statuses(text: str) -> list[tuple[str | None, int | None, int, str]]:
    return [(c.law, c.number, c.suffix, c.status) for c in check_citations(text)]


def test_a_real_current_article_is_verified_with_its_text():
    [check] = check_citations(
        "依据《中华人民共和国劳动合同法》第三十条，用人单位应当及时足额支付劳动报酬。"
    )
    assert check.status == citations.CURRENT
    assert check.verified
    assert "劳动报酬" in check.text


def test_an_abbreviated_name_resolves_to_the_full_law():
    [check] = check_citations("《劳动合同法》第八十二条")
    assert check.law == "中华人民共和国劳动合同法"
    assert check.status == citations.CURRENT
    [alias] = check_citations("《民诉法》第一百二十二条")
    assert alias.law == "中华人民共和国民事诉讼法"


def test_a_made_up_article_number_is_reported_missing():
    [check] = check_citations("《劳动合同法》第九百九十九条")
    assert check.status == citations.MISSING
    assert not check.verified
    assert "编造" in check.message


def test_a_made_up_law_is_reported_unknown():
    [check] = check_citations("《中华人民共和国火星开发法》第一条")
    assert check.status == citations.UNKNOWN_LAW
    assert not check.verified


def test_an_article_of_a_law_marked_amended_is_flagged_amended():
    # 刑法 is marked 已被修改 in the corpus (amendments pending consolidation).
    [check] = check_citations("《刑法》第二百六十四条")
    assert check.status == citations.AMENDED
    assert check.verified
    assert "盗窃" in check.text


def test_a_repealed_law_is_reported_repealed():
    assert statuses("《中华人民共和国环境保护法》第一条")[0][3] == citations.REPEALED


def test_laws_replaced_by_the_civil_code_are_repealed_even_if_absent_from_the_corpus():
    [check] = check_citations("根据《合同法》第五十二条，合同无效。")
    assert check.law == "中华人民共和国合同法"
    assert check.status == citations.REPEALED
    assert "民法典" in check.message


def test_zhi_yi_suffixes_are_part_of_the_article():
    [real, fake] = check_citations("《刑法》第二百八十七条之二；《刑法》第二百八十七条之九")
    assert (real.number, real.suffix, real.verified) == (287, 2, True)
    assert "信息网络" in real.text
    assert (fake.number, fake.suffix, fake.status) == (287, 9, citations.MISSING)


def test_arabic_and_full_width_digits_and_runs_of_articles_are_found():
    found = extract_citations("《民法典》第1254条，《劳动合同法》第三十八条、第四十六条和第４７条")
    assert [(law, n) for _raw, law, n, _s in found] == [
        ("民法典", 1254),
        ("劳动合同法", 38),
        ("劳动合同法", 46),
        ("劳动合同法", 47),
    ]
    assert all(c.status == citations.CURRENT for c in check_citations("《民法典》第1254条"))


def test_the_same_citation_twice_is_checked_once():
    assert len(check_citations("《民法典》第一千二百五十四条……《民法典》第1254条")) == 1


def test_text_without_citations_gives_nothing():
    assert check_citations("老板不给工资怎么办") == []
    assert check_citations("") == []


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_numerals_round_trip(n):
    assert corpus.cn_to_int(citations.int_to_cn(n)) == n


def test_article_numbers_split_into_number_and_suffix():
    assert corpus.split_article_no("第一百二十条之三") == (120, 3)
    assert corpus.split_article_no("第五十六条") == (56, 0)
    assert corpus.cn_to_int("第十条") == 10
    assert corpus.cn_to_int("条") is None
