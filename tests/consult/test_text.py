from hypothesis import given, settings
from hypothesis import strategies as st

from fawang.consult.text import Rule, expand, vocabulary


def plain_expand(question, rules):  # type: ignore[no-untyped-def]
    """The definition: every rule whose keys all occur, in rule order, terms once."""
    out = []
    for rule in rules:
        if all(k in question for k in rule.keys):
            out.extend(rule.terms)
    return list(dict.fromkeys(out))


RULES = [
    Rule(("老板不给钱",), ("拖欠", "劳动报酬")),
    Rule(("老板",), ("用人单位",)),
    Rule(("离婚", "孩子"), ("抚养", "子女")),
    Rule(("孩子",), ("子女",)),
    Rule(("车", "没过户"), ("转让", "未办理登记")),
    Rule(("撞", "人"), ("交通事故",)),
    Rule(("人",), ("自然人",)),
]


def test_expansion_follows_rule_order_and_needs_every_key():
    assert expand("老板不给钱怎么办", RULES) == ["拖欠", "劳动报酬", "用人单位"]
    assert expand("离婚后孩子归谁", RULES) == ["抚养", "子女"]
    assert expand("孩子的事，离婚时怎么算", RULES) == ["抚养", "子女"]  # keys in any order
    assert expand("孩子离家出走", RULES) == ["子女"]  # 离家 is not 离婚
    assert expand("车卖了没过户", RULES) == ["转让", "未办理登记"]
    assert expand("没过户", RULES) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["老板", "不给钱", "离婚", "孩子", "车", "没过户", "撞", "人", "的", "了"]),
        max_size=8,
    )
)
def test_the_scan_finds_exactly_what_testing_every_rule_finds(parts):
    question = "".join(parts)
    assert expand(question, RULES) == plain_expand(question, RULES)
    assert expand(question, vocabulary()) == plain_expand(question, vocabulary())


def test_no_colloquial_phrase_is_listed_twice():
    from collections import Counter

    counts = Counter(rule.keys for rule in vocabulary())
    assert [keys for keys, n in counts.items() if n > 1] == []


def test_bigrams_pair_the_characters_of_each_chinese_run():
    from fawang.consult.text import bigrams

    assert bigrams("租赁物，承租人") == ["租赁", "赁物", "承租", "租人"]
    assert bigrams("押金 3000 元") == ["押金"]  # digits and lone characters make no pair
    assert bigrams("") == []
