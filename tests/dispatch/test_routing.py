"""Routing: a table test for every service, language routing, least loaded, fallback one
level up, return excludes the returning unit, and the dispatcher's override."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from fawang.dispatch.models import RoutingDecision, RoutingRule
from fawang.dispatch.services import order_return, order_sign_for, routing_override, routing_route
from fawang.workorders.models import Service, Status
from fawang.workorders.services import TransitionError

ROUTING_TABLE = [
    ("consultation", "labour_wage", "wuhou_centre"),
    ("legal_aid", "labour_wage", "wuhou_aid"),
    ("mediation", "neighbour", "township_med"),
    ("mediation", "medical", "wuhou_med"),
    ("notary", "inheritance", "notary_a"),
    ("arbitration", "contract", "arbitration"),
    ("appraisal", "medical", "appraisal_clinic"),
    ("appraisal", "contract", "appraisal_docs"),
    ("complaint", "other", "city_centre"),
    ("enterprise_complaint", "company", "enterprise"),
    ("other", "other", "wuhou_centre"),
]


def test_the_routing_table_covers_every_service(db):
    services = {s for s, _c, _t in ROUTING_TABLE}
    assert services == set(Service.values)
    seeded = set(RoutingRule.objects.filter(category="").values_list("service", flat=True))
    assert seeded == set(Service.values)


@pytest.mark.parametrize(("service", "category", "expected"), ROUTING_TABLE)
def test_each_service_goes_where_its_rule_says(network, make_order, service, category, expected):
    order = make_order(service=service, category=category)
    decision = routing_route(order=order)
    order.refresh_from_db()
    target = order.assigned_point or order.assigned_institution
    assert target == network[expected]
    assert order.status == Status.DISPATCHED
    assert decision.target_name == network[expected].name
    assert decision.rule is not None and decision.reason
    assert decision.candidates and decision.candidates[-1]["candidates"][0]["name"] == target.name
    assert order.due_at is not None and order.first_response_due_at is not None
    assert order.events.filter(to_status=Status.DISPATCHED, extra__decision=decision.pk).exists()


def test_among_the_eligible_the_least_loaded_wins(network, make_order):
    for _ in range(3):
        routing_override(
            order=make_order(service="notary"),
            actor=None,
            reason="压力测试",
            institution=network["notary_a"],
        )
    decision = routing_route(order=make_order(service="notary"))
    assert decision.target_institution == network["notary_b"]
    loads = {c["name"]: c["open"] for c in decision.candidates[0]["candidates"]}
    assert loads == {"成都市蜀都公证处": 3, "成都市律政公证处": 0}


def test_a_tibetan_speaker_goes_to_a_seat_that_speaks_tibetan(network, make_order):
    decision = routing_route(order=make_order(service="consultation", language="bo"))
    assert decision.target_point == network["hotline"]
    assert decision.levels_up == 2
    assert "藏语" in decision.reason


def test_a_yi_speaker_goes_to_the_legal_aid_centre_with_yi_staff(network, make_order, sichuan):
    order = make_order(service="legal_aid", language="ii", region=sichuan["xichang"])
    assert routing_route(order=order).target_institution == network["xichang_aid"]


def test_without_any_unit_speaking_the_language_the_order_waits_for_a_dispatcher(
    network, make_order
):
    order = make_order(service="legal_aid", language="ii")
    decision = routing_route(order=order)
    order.refresh_from_db()
    assert decision.target_name == "" and "人工派单" in decision.reason
    assert order.status == Status.RECEIVED
    assert [s["level"] for s in decision.candidates] == [3, 2, 1]


def test_with_no_unit_in_the_county_it_goes_one_level_up(network, make_order, sichuan):
    order = make_order(service="legal_aid", region=sichuan["jinjiang"])
    decision = routing_route(order=order)
    assert decision.target_institution == network["city_aid"]
    assert decision.levels_up == 1
    assert "上提1级" in decision.reason
    assert [s["count"] for s in decision.candidates] == [0, 1]


def test_a_returned_order_is_not_routed_back_to_the_unit_that_returned_it(
    network, make_order, personas
):
    order = make_order(service="mediation", category="neighbour")
    routing_route(order=order)
    order.refresh_from_db()
    assert order.assigned_institution == network["township_med"]
    order_return(order=order, actor=personas["county_clerk"], reason="不属于本街道")
    order.refresh_from_db()
    routing_route(order=order, actor=personas["county_dispatcher"])
    order.refresh_from_db()
    assert order.assigned_institution == network["wuhou_med"]


def test_a_dispatcher_overrides_with_a_reason_kept_beside_the_rules_choice(
    network, make_order, personas
):
    order = make_order(service="legal_aid")
    routing_route(order=order)
    order.refresh_from_db()
    decision = routing_override(
        order=order,
        actor=personas["county_dispatcher"],
        reason="当事人要求就近",
        institution=network["wuhou_med"],
    )
    order.refresh_from_db()
    assert order.assigned_institution == network["wuhou_med"]
    assert decision.is_override and decision.decided_by == personas["county_dispatcher"]
    assert "当事人要求就近" in decision.reason
    assert RoutingDecision.objects.filter(order=order).count() == 2


def test_an_override_needs_a_reason_a_dispatcher_and_a_unit_in_jurisdiction(
    network, make_order, personas
):
    order = make_order(service="legal_aid")
    with pytest.raises(TransitionError):
        routing_override(
            order=order,
            actor=personas["county_dispatcher"],
            reason=" ",
            point=network["wuhou_centre"],
        )
    with pytest.raises(PermissionDenied):
        routing_override(
            order=order, actor=personas["county_clerk"], reason="x", point=network["wuhou_centre"]
        )
    with pytest.raises(PermissionDenied):
        routing_override(
            order=order,
            actor=personas["county_dispatcher"],
            reason="x",
            institution=network["xichang_aid"],
        )
    assert not RoutingDecision.objects.filter(order=order).exists()


def test_an_accepted_order_is_transferred_when_overridden(network, make_order, personas):
    order = make_order(service="legal_aid")
    routing_route(order=order)
    order.refresh_from_db()
    order_sign_for(order=order, actor=personas["county_clerk"])
    order.refresh_from_db()
    routing_override(
        order=order,
        actor=personas["county_dispatcher"],
        reason="改由区中心",
        point=network["wuhou_centre"],
    )
    order.refresh_from_db()
    assert order.status == Status.TRANSFERRED and order.assigned_point == network["wuhou_centre"]


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        ("武侯演示一街道人民调解委员会", "wuhou_centre"),  # a township unit → its county
        ("成都市公共法律服务中心", "province_centre"),  # the city centre → the province
        ("武侯演示一街道人民调解", "wuhou_centre"),  # part of one name in the county
        ("不存在的单位名称", "city_centre"),  # unknown: the default, above the county
        ("", "city_centre"),
    ],
)
def test_a_complaint_goes_above_the_unit_it_names(network, make_order, named, expected):
    order = make_order(service="complaint", category="other")
    order.opposing_party = named
    order.save(update_fields=["opposing_party"])
    decision = routing_route(order=order)
    order.refresh_from_db()
    assert order.assigned_point == network[expected], decision.reason
