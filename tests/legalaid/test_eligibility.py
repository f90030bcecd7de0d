"""One row per branch of the law; each asserts the articles the decision cites."""

from decimal import Decimal

import pytest

from fawang.legalaid.eligibility import (
    ALL_CIRCUMSTANCES,
    MATTERS,
    Application,
    MeansTest,
    Outcome,
    Standard,
    assess,
)

STD = Standard(
    income_per_head=Decimal("2000"),
    assets_limit=Decimal("100000"),
    region_name="成都市",
    effective_from="2024-01-01",
    source="测试",
    is_demo=True,
)
RICH = {"household_size": 1, "monthly_income": Decimal("9000")}
POOR = {"household_size": 3, "monthly_income": Decimal("4500")}

CASES = [
    # art. 25: appointed criminal defence, one row per item; rich does not matter.
    (
        "criminal_defence",
        {"minor"},
        RICH,
        Outcome.GRANT,
        MeansTest.MANDATORY,
        ["第二十五条第（一）项"],
    ),
    (
        "criminal_defence",
        {"sensory_disability"},
        RICH,
        Outcome.GRANT,
        MeansTest.MANDATORY,
        ["第二十五条第（二）项"],
    ),
    (
        "criminal_defence",
        {"limited_capacity"},
        RICH,
        Outcome.GRANT,
        MeansTest.MANDATORY,
        ["第二十五条第（三）项"],
    ),
    (
        "criminal_defence",
        {"life_or_death"},
        RICH,
        Outcome.GRANT,
        MeansTest.MANDATORY,
        ["第二十五条第（四）项", "第二十六条"],
    ),
    (
        "criminal_defence",
        {"death_review"},
        RICH,
        Outcome.GRANT,
        MeansTest.MANDATORY,
        ["第二十五条第（五）项", "第二十六条"],
    ),
    (
        "criminal_defence",
        {"absentia"},
        RICH,
        Outcome.GRANT,
        MeansTest.MANDATORY,
        ["第二十五条第（六）项"],
    ),
    # art. 24: other criminal defence is means-tested.
    (
        "criminal_defence",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第二十四条", "第三十四条", "第四十一条"],
    ),
    (
        "criminal_defence",
        set(),
        RICH,
        Outcome.DENY,
        MeansTest.FAILED,
        ["第二十四条", "第三十四条", "第四十一条"],
    ),
    # art. 31: each item, means-tested.
    (
        "state_compensation",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（一）项", "第三十四条", "第四十一条"],
    ),
    (
        "social_insurance",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（二）项", "第三十四条", "第四十一条"],
    ),
    (
        "pension",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（三）项", "第三十四条", "第四十一条"],
    ),
    (
        "maintenance",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（四）项", "第三十四条", "第四十一条"],
    ),
    (
        "labour_remuneration",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（五）项", "第三十四条", "第四十一条"],
    ),
    (
        "capacity",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（六）项", "第三十四条", "第四十一条"],
    ),
    (
        "work_injury",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（七）项", "第三十四条", "第四十一条"],
    ),
    (
        "traffic",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（七）项", "第三十四条", "第四十一条"],
    ),
    (
        "food_drug",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（七）项", "第三十四条", "第四十一条"],
    ),
    (
        "medical",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（七）项", "第三十四条", "第四十一条"],
    ),
    (
        "environment",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第三十一条第（八）项", "第三十四条", "第四十一条"],
    ),
    (
        "traffic",
        set(),
        RICH,
        Outcome.DENY,
        MeansTest.FAILED,
        ["第三十一条第（七）项", "第三十四条", "第四十一条"],
    ),
    # arts. 29 and 33.
    (
        "criminal_victim",
        set(),
        POOR,
        Outcome.GRANT,
        MeansTest.PASSED,
        ["第二十九条", "第三十四条", "第四十一条"],
    ),
    (
        "retrial",
        set(),
        RICH,
        Outcome.DENY,
        MeansTest.FAILED,
        ["第三十三条", "第三十四条", "第四十一条"],
    ),
    # art. 32: no economic test, even for matters outside art. 31.
    (
        "marriage_family",
        {"hero_relative"},
        RICH,
        Outcome.GRANT,
        MeansTest.NOT_APPLIED,
        ["第三十二条第（一）项"],
    ),
    (
        "traffic",
        {"bravery"},
        RICH,
        Outcome.GRANT,
        MeansTest.NOT_APPLIED,
        ["第三十一条第（七）项", "第三十二条第（二）项"],
    ),
    (
        "state_compensation",
        {"retrial_acquittal"},
        RICH,
        Outcome.GRANT,
        MeansTest.NOT_APPLIED,
        ["第三十一条第（一）项", "第三十二条第（三）项"],
    ),
    (
        "marriage_family",
        {"abuse_victim"},
        RICH,
        Outcome.GRANT,
        MeansTest.NOT_APPLIED,
        ["第三十二条第（四）项"],
    ),
    # art. 42: proof of status waives the check.
    (
        "maintenance",
        {"no_income_group"},
        RICH,
        Outcome.GRANT,
        MeansTest.WAIVED,
        ["第三十一条第（四）项", "第四十二条第（一）项"],
    ),
    (
        "social_insurance",
        {"social_assistance"},
        RICH,
        Outcome.GRANT,
        MeansTest.WAIVED,
        ["第三十一条第（二）项", "第四十二条第（二）项"],
    ),
    (
        "labour_remuneration",
        {"migrant_worker"},
        RICH,
        Outcome.GRANT,
        MeansTest.WAIVED,
        ["第三十一条第（五）项", "第四十二条第（三）项"],
    ),
    (
        "work_injury",
        {"migrant_worker"},
        RICH,
        Outcome.GRANT,
        MeansTest.WAIVED,
        ["第三十一条第（七）项", "第四十二条第（三）项"],
    ),
    # art. 42 (三) covers wages and work injury only: a migrant worker's traffic claim is tested.
    (
        "traffic",
        {"migrant_worker"},
        RICH,
        Outcome.DENY,
        MeansTest.FAILED,
        ["第三十一条第（七）项", "第三十四条", "第四十一条"],
    ),
    # out of scope.
    ("contract", set(), POOR, Outcome.DENY, MeansTest.OUT_OF_SCOPE, ["第三十一条", "第三十二条"]),
    (
        "marriage_family",
        set(),
        POOR,
        Outcome.DENY,
        MeansTest.OUT_OF_SCOPE,
        ["第三十一条", "第三十二条"],
    ),
    # art. 25 circumstances do not make a civil matter mandatory.
    (
        "contract",
        {"minor"},
        POOR,
        Outcome.DENY,
        MeansTest.OUT_OF_SCOPE,
        ["第三十一条", "第三十二条"],
    ),
]


@pytest.mark.parametrize(("matter", "circ", "money", "outcome", "means", "articles"), CASES)
def test_each_branch_cites_its_articles(matter, circ, money, outcome, means, articles):
    result = assess(Application(matter=matter, circumstances=frozenset(circ), **money), STD)
    assert (result.outcome, result.means_test) == (outcome, means)
    assert result.articles == articles
    assert result.explanation  # the reviewer can read why


def test_every_matter_and_circumstance_is_exercised_by_the_table():
    assert {row[0] for row in CASES} == set(MATTERS) - {"other"}
    assert set().union(*(row[1] for row in CASES)) == set(ALL_CIRCUMSTANCES)


def test_the_income_test_uses_income_per_head_and_says_so():
    result = assess(
        Application(matter="maintenance", household_size=4, monthly_income=Decimal("8000")), STD
    )
    assert result.outcome == Outcome.GRANT and result.income_per_head == Decimal("2000.00")
    assert "人均 2000.00 元" in result.explanation and "演示数据" in result.explanation
    over = assess(
        Application(matter="maintenance", household_size=4, monthly_income=Decimal("8004")), STD
    )
    assert over.outcome == Outcome.DENY and "高于经济困难标准" in over.explanation


def test_assets_above_the_limit_fail_the_test():
    result = assess(
        Application(
            matter="maintenance",
            household_size=3,
            monthly_income=Decimal("3000"),
            assets=Decimal("200000"),
        ),
        STD,
    )
    assert result.outcome == Outcome.DENY and "家庭资产" in result.explanation


def test_without_a_standard_the_engine_leaves_the_decision_to_the_reviewer():
    result = assess(Application(matter="maintenance", monthly_income=Decimal("100")), None)
    assert result.outcome == Outcome.UNDETERMINED
    assert result.articles == ["第三十一条第（四）项", "第三十四条"]


def test_the_migrant_wage_claim_is_flagged_for_the_green_channel():
    result = assess(
        Application(matter="labour_remuneration", circumstances=frozenset({"migrant_worker"})), None
    )
    assert result.wage_green_channel and "绿色通道" in result.explanation


def test_every_cited_text_comes_from_the_corpus():
    for row in CASES:
        result = assess(Application(matter=row[0], circumstances=frozenset(row[1]), **row[2]), STD)
        for c in result.citations:
            assert c.text  # raises LookupError if the corpus lacks it
