import datetime as dt
from decimal import Decimal

import pytest

from fawang.accounts.models import AuditLog
from fawang.analytics.indicators import EntryError, indicator_enter, indicator_table
from fawang.analytics.models import Indicator
from fawang.network.models import Institution, Practitioner, ServicePoint
from fawang.regions.models import Level, Region

TODAY = dt.date(2026, 11, 20)


def _institution(region, kind, n, **flags):
    for i in range(n):
        Institution.objects.create(name=f"{kind}{i}", kind=kind, region=region, **flags)


def _people(region, kind, n, **flags):
    for i in range(n):
        Practitioner.objects.create(name=f"{kind}{i}", kind=kind, region=region, **flags)


@pytest.fixture
def network(sichuan):
    wuhou, village = sichuan["wuhou"], sichuan["wuhou_village"]
    # A second village, so that "per village" divides by two.
    Region.objects.create(
        code="510107001002",
        name="武侯演示一街道二社区",
        level=Level.VILLAGE,
        parent=sichuan["wuhou_township"],
        path=sichuan["wuhou_township"].path + "/510107001002",
        is_synthetic=True,
    )
    _people(wuhou, Practitioner.Kind.LAWYER, 7)
    _people(wuhou, Practitioner.Kind.LAWYER, 2, is_active=False)  # not counted
    _people(wuhou, Practitioner.Kind.MEDIATOR, 3, full_time=True)
    _people(wuhou, Practitioner.Kind.MEDIATOR, 4)  # part-time: not counted
    _people(village, Practitioner.Kind.UNDERSTANDING, 5, is_backbone=True)
    _people(village, Practitioner.Kind.UNDERSTANDING, 6)
    _institution(wuhou, Institution.Kind.NOTARY, 3, standardised=True)
    _institution(wuhou, Institution.Kind.NOTARY, 1)
    _institution(wuhou, Institution.Kind.APPRAISAL, 2, cma=True)
    _institution(wuhou, Institution.Kind.APPRAISAL, 1, cnas=True, cma=True)
    _institution(wuhou, Institution.Kind.APPRAISAL, 4)
    _institution(wuhou, Institution.Kind.ARBITRATION, 1, standardised=True, informatised=True)
    _institution(wuhou, Institution.Kind.ARBITRATION, 2, standardised=True)
    for i in range(4):
        ServicePoint.objects.create(
            name=f"监狱{i}",
            kind=ServicePoint.Kind.PRISON,
            level=Level.COUNTY,
            region=wuhou,
            smart_services=i == 0,
        )
    ServicePoint.objects.create(
        name="戒毒所", kind=ServicePoint.Kind.REHAB, level=Level.COUNTY, region=wuhou
    )
    return sichuan


def _by_code(**kwargs):
    return {row.indicator.code: row for row in indicator_table(today=TODAY, **kwargs)}


def _enter(code, input_code, value, user, source="省司法厅统计"):
    return indicator_enter(
        indicator=Indicator.objects.get(code=code),
        input_code=input_code,
        value=Decimal(value),
        as_of=dt.date(2026, 6, 30),
        source=source,
        user=user,
    )


def test_every_table_one_row_is_defined_with_its_2020_value_and_2025_target(db):
    rows = list(Indicator.objects.order_by("order"))
    assert len(rows) == 15
    lawyers = Indicator.objects.get(code="lawyers_per_10k")
    assert (lawyers.baseline_2020, lawyers.target_2025) == (Decimal("3.34"), Decimal("4"))
    assert Indicator.objects.get(code="hotline_connection_rate").baseline_2020 == 72


def test_each_indicator_is_computed_from_a_hand_made_network(network, personas):
    rows = _by_code()
    population = Region.objects.get(code="510000").population
    assert rows["lawyers_per_10k"].current.value == Decimal(7 * 10000 / population).quantize(
        Decimal("0.01")
    )
    assert rows["full_time_mediators"].current.value == 3
    assert rows["backbone_understanding"].current.value == Decimal("2.50")  # 5 over 2 villages
    assert rows["notary_standardised"].current.value == Decimal("75.00")
    assert rows["appraisal_cma_cnas"].current.value == 3
    assert rows["arbitration_std_info"].current.value == Decimal("33.33")
    assert rows["prison_smart_coverage"].current.value == Decimal("25.00")
    # Not computable yet: their denominators are not in the platform.
    for code in ("prison_centres_built", "rehab_centres_built", "ordinary_understanding_rate"):
        assert rows[code].current.method == "missing"
    # With the denominators entered by an official, they are computed and say so.
    user = personas["province_supervisor"]
    _enter("prison_centres_built", "prisons_total", "5", user)
    _enter("rehab_centres_built", "rehab_total", "2", user)
    _enter("ordinary_understanding_rate", "village_groups", "12", user)
    _enter("legal_aid_per_capita", "legal_aid_spending", str(population * Decimal("2.2")), user)
    rows = _by_code()
    assert rows["prison_centres_built"].current.value == Decimal("80.00")
    assert "省司法厅统计" in rows["prison_centres_built"].current.source
    assert rows["rehab_centres_built"].current.value == Decimal("50.00")
    assert rows["ordinary_understanding_rate"].current.value == Decimal("50.00")
    assert rows["legal_aid_per_capita"].current.value == Decimal("2.20")
    assert rows["legal_aid_per_capita"].met


def test_indicators_the_platform_does_not_hold_show_the_latest_entry_with_source(network, personas):
    user = personas["province_supervisor"]
    _enter("youth_base_city", "value", "70", user, source="2025年普法检查")
    latest = _enter("youth_base_city", "value", "81", user, source="2026年普法检查")
    latest.as_of = dt.date(2026, 9, 1)
    latest.save()
    row = _by_code()["youth_base_city"]
    assert row.current.value == 81 and row.current.source == "2026年普法检查"
    assert row.progress == 50.0  # (81 - 62) / (100 - 62)
    assert (
        AuditLog.objects.filter(object_type="indicator", object_id="youth_base_city").count() == 2
    )


def test_progress_is_clamped_and_marks_a_met_target(network):
    row = _by_code()["appraisal_cma_cnas"]  # 3 against 9 → 15
    assert row.progress == 0.0 and not row.met


def test_an_entry_needs_a_source_a_known_input_and_a_past_date(network, personas):
    user = personas["province_supervisor"]
    with pytest.raises(EntryError):
        _enter("youth_base_city", "value", "70", user, source=" ")
    with pytest.raises(EntryError):
        _enter("youth_base_city", "prisons_total", "70", user)
    with pytest.raises(EntryError):
        indicator_enter(
            indicator=Indicator.objects.get(code="youth_base_city"),
            input_code="value",
            value=Decimal(1),
            as_of=dt.date(2999, 1, 1),
            source="x",
            user=user,
        )


def test_the_indicator_table_costs_a_constant_number_of_queries(
    network, django_assert_max_num_queries
):
    # Definitions, entries, five grouped counts, and the legal-aid and hotline modules'.
    with django_assert_max_num_queries(14):
        indicator_table(today=TODAY)
