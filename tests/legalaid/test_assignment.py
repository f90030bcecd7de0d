import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from fawang.legalaid.assignment import assignment_candidates, full_years
from fawang.legalaid.services import (
    LegalAidError,
    legalaid_accept,
    legalaid_apply,
    legalaid_assign,
    legalaid_decide,
)
from fawang.network.models import Practitioner
from fawang.workorders.services import PartyInput
from tests.legalaid.conftest import application, at


def defence(sichuan, legal_aid, circumstances=("life_or_death",), day=3):  # type: ignore[no-untyped-def]
    """A granted application for the defence of a suspect held in Wuhou."""
    reviewer = legal_aid["reviewer"]
    case = legalaid_apply(
        **application(
            sichuan["wuhou"],
            applicant=PartyInput(name="刘某某", phone="13700137000"),
            matter="criminal_defence",
            circumstances=list(circumstances),
            opposing_party="",
            facts="家属代为申请：涉嫌故意杀人，已被羁押，没有委托辩护人。",
        ),
        now=at(2026, 11, 2),
    )
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=case, actor=reviewer, grant=True, now=at(2026, 11, day))
    return case


def lawyer(sichuan, legal_aid, name, criminal_since, practice_since=None):  # type: ignore[no-untyped-def]
    return Practitioner.objects.create(
        name=name,
        kind=Practitioner.Kind.LAWYER,
        institution=legal_aid["firm_a"],
        region=sichuan["wuhou"],
        expertise="刑事",
        capacity=5,
        practice_since=practice_since or criminal_since,
        criminal_practice_since=criminal_since,
    )


def test_a_possible_death_sentence_goes_only_to_a_lawyer_with_three_years_of_defence(
    sichuan, legal_aid
):
    junior = lawyer(sichuan, legal_aid, "新律师", dt.date(2024, 6, 1))
    senior = lawyer(sichuan, legal_aid, "老律师", dt.date(2015, 3, 1), dt.date(2012, 7, 1))
    case = defence(sichuan, legal_aid)
    by_name = {
        c.practitioner.name: c for c in assignment_candidates(case, as_of=dt.date(2026, 11, 4))
    }
    assert "不满三年（2024年6月起）" in by_name["新律师"].unqualified
    assert "第二十六条" in by_name["新律师"].unqualified and not by_name["新律师"].eligible
    assert "未登记刑事辩护执业起始日期" in by_name["李律师"].unqualified
    assert by_name["老律师"].eligible and not by_name["老律师"].unqualified
    assert "刑事辩护执业11年（2015年3月起）" in "；".join(by_name["老律师"].reasons)
    # The junior, never assigned, would win the rotation; the law skips them.
    assert legalaid_assign(case=case, actor=legal_aid["reviewer"], now=at(2026, 11, 4)) == senior
    assert case.assignment_basis["chosen"]["name"] == "老律师"
    assert any(c["unqualified"] for c in case.assignment_basis["candidates"])
    assert junior.legal_aid_cases.count() == 0


def test_a_reviewer_cannot_choose_a_lawyer_under_three_years_for_such_a_case(sichuan, legal_aid):
    junior = lawyer(sichuan, legal_aid, "新律师", dt.date(2024, 6, 1))
    case = defence(sichuan, legal_aid, circumstances=("death_review",))
    with pytest.raises(LegalAidError, match="不满三年"):
        legalaid_assign(
            case=case, actor=legal_aid["reviewer"], practitioner=junior, now=at(2026, 11, 4)
        )
    case.refresh_from_db()
    assert case.status == "granted" and case.lawyer_id is None


def test_the_three_years_are_counted_to_the_day_of_assignment(sichuan, legal_aid):
    lawyer(sichuan, legal_aid, "满期律师", dt.date(2023, 11, 5))
    case = defence(sichuan, legal_aid)
    day_before = {
        c.practitioner.name: c for c in assignment_candidates(case, as_of=dt.date(2026, 11, 4))
    }
    on_the_day = {
        c.practitioner.name: c for c in assignment_candidates(case, as_of=dt.date(2026, 11, 5))
    }
    assert not day_before["满期律师"].eligible and on_the_day["满期律师"].eligible
    assert full_years(dt.date(2020, 2, 29), dt.date(2023, 2, 28)) == 2
    assert full_years(dt.date(2020, 2, 29), dt.date(2023, 3, 1)) == 3


def test_with_no_qualified_lawyer_the_assignment_is_refused_with_the_article(sichuan, legal_aid):
    lawyer(sichuan, legal_aid, "新律师", dt.date(2025, 1, 10))
    case = defence(sichuan, legal_aid)
    with pytest.raises(LegalAidError, match="第二十六条"):
        legalaid_assign(case=case, actor=legal_aid["reviewer"], now=at(2026, 11, 4))


def test_other_criminal_defence_does_not_ask_for_years_of_practice(sichuan, legal_aid):
    junior = lawyer(sichuan, legal_aid, "新律师", dt.date(2025, 1, 10))
    case = defence(sichuan, legal_aid, circumstances=("minor",))
    candidates = assignment_candidates(case, as_of=dt.date(2026, 11, 4))
    assert not any(c.unqualified for c in candidates)
    assert legalaid_assign(case=case, actor=legal_aid["reviewer"], now=at(2026, 11, 4)) in (
        junior,
        legal_aid["li"],
    )


def test_criminal_practice_cannot_start_before_practice(sichuan, legal_aid):
    with pytest.raises(IntegrityError), transaction.atomic():
        lawyer(sichuan, legal_aid, "错误", dt.date(2010, 1, 1), practice_since=dt.date(2015, 1, 1))
