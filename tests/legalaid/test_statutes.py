import pytest

from fawang.legalaid.statutes import Citation, article_text, clause_text, cn_number


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (25, "二十五"), (31, "三十一")])
def test_article_numbers_read_in_chinese(n, text):
    assert cn_number(n) == text


def test_it_reads_article_43_from_the_statute_corpus():
    assert "七日内进行审查" in article_text(43)


def test_it_reads_one_item_of_an_article():
    assert clause_text(31, 5) == "请求确认劳动关系或者支付劳动报酬"
    assert clause_text(42, 3).startswith("申请支付劳动报酬")


def test_a_citation_labels_its_article_and_item():
    c = Citation(25, 4)
    assert c.label == "第二十五条第（四）项"
    assert c.full_label == "《中华人民共和国法律援助法》第二十五条第（四）项"
    assert c.text == "可能被判处无期徒刑、死刑的人"


def test_a_missing_article_is_an_error_not_a_guess():
    with pytest.raises(LookupError):
        article_text(99)
    with pytest.raises(LookupError):
        clause_text(31, 12)
