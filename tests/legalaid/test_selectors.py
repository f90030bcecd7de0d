from decimal import Decimal

from fawang.legalaid.models import LegalAidBudget
from fawang.legalaid.selectors import case_figures, spending_per_head
from fawang.legalaid.services import legalaid_accept, legalaid_apply, legalaid_decide
from tests.legalaid.conftest import application, at


def test_spending_per_head_divides_the_budget_by_the_population_entered_beside_it(sichuan):
    assert spending_per_head(year=2026) is None
    LegalAidBudget.objects.create(
        region=sichuan["province"],
        year=2026,
        amount=Decimal("250000000"),
        amount_source="测试经费",
        population=83674866,
        population_source="七普",
    )
    result = spending_per_head(year=2026)
    assert result["value"] == Decimal("2.99") and result["unit"] == "元"
    assert result["amount_source"] == "测试经费" and result["population_source"] == "七普"


def test_figures_count_by_matter_region_month_and_decision_days(sichuan, legal_aid):
    reviewer = legal_aid["reviewer"]
    for day, matter in ((2, "maintenance"), (3, "maintenance"), (4, "traffic")):
        case = legalaid_apply(**application(sichuan["wuhou"], matter=matter), now=at(2026, 11, day))
        legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, day))
        legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, day + 2))
    since, until = at(2026, 1, 1, 0), at(2027, 1, 1, 0)
    f = case_figures(user=reviewer, since=since, until=until)
    assert f["total"] == 3
    assert {r["matter"]: r["n"] for r in f["by_matter"]} == {"maintenance": 2, "traffic": 1}
    assert f["by_month"] == [{"month": "2026-11", "n": 3}]
    assert f["by_region"][0]["n"] == 3
    assert f["decision_days"]["n"] == 3 and f["decision_days"]["over_7_working"] == 0
