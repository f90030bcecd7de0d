"""The actions on an order, suspension pausing the clock, and the feedback loop."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from fawang.dispatch import services
from fawang.dispatch.models import FeedbackPolicy, OutboxMessage, Rating, ReturnVisit
from fawang.workorders.models import Status, WorkOrder
from fawang.workorders.services import TransitionError
from tests.dispatch.conftest import at


def routed(make_order, **kw) -> WorkOrder:  # type: ignore[no-untyped-def]
    order = make_order(**kw)
    services.routing_route(order=order, now=order.created_at)
    order.refresh_from_db()
    return order


def test_the_full_loop_dispatch_sign_start_reply_close(network, make_order, personas):
    clerk = personas["county_clerk"]
    order = routed(make_order)
    assert order.assigned_point == network["wuhou_centre"]
    assert OutboxMessage.objects.filter(user__service_point=network["wuhou_centre"]).exists()
    services.order_sign_for(order=order, actor=clerk, now=at(2026, 11, 2, 11))
    services.order_start(order=order, actor=clerk, now=at(2026, 11, 2, 12))
    services.order_reply(order=order, actor=clerk, text="已解答", now=at(2026, 11, 3))
    order.refresh_from_db()
    assert order.status == Status.REPLIED and order.first_responded_at == at(2026, 11, 2, 11)
    sms = OutboxMessage.objects.get(channel="sms", order=order)
    assert sms.recipient_masked == "138****8000"
    assert "13800138000" not in sms.body and "/dispatch/rate/" in sms.body
    # A full address the requester can open from the SMS.
    assert settings.FAWANG_PUBLIC_URL.rstrip("/") + "/dispatch/rate/" in sms.body
    services.order_close(order=order, actor=clerk, now=at(2026, 11, 4))
    order.refresh_from_db()
    assert order.status == Status.CLOSED


def test_return_requires_a_reason_and_tells_the_county_dispatchers(network, make_order, personas):
    order = routed(make_order)
    with pytest.raises(TransitionError):
        services.order_return(order=order, actor=personas["county_clerk"], reason="")
    services.order_return(order=order, actor=personas["county_clerk"], reason="非本中心受理范围")
    order.refresh_from_db()
    assert order.status == Status.RETURNED
    assert OutboxMessage.objects.filter(
        user=personas["county_dispatcher"], body__contains="被退回"
    ).exists()


def test_transfer_and_escalate_move_the_order_to_a_new_unit(network, make_order, personas):
    clerk = personas["county_clerk"]
    order = routed(make_order)
    services.order_sign_for(order=order, actor=clerk)
    services.order_transfer(
        order=order, actor=clerk, reason="涉及劳动仲裁", institution=network["wuhou_aid"]
    )
    order.refresh_from_db()
    assert order.status == Status.TRANSFERRED and order.assigned_institution == network["wuhou_aid"]
    upper = services.order_escalate(order=order, actor=clerk, reason="重大疑难")
    order.refresh_from_db()
    assert upper == network["city_centre"]
    assert order.status == Status.ESCALATED and order.assigned_point == network["city_centre"]


def test_suspension_pauses_the_clock_and_resume_extends_the_deadline(network, make_order, personas):
    clerk = personas["county_clerk"]
    order = routed(make_order, service="legal_aid", now=at(2026, 9, 21, 9))
    services.order_sign_for(order=order, actor=clerk, now=at(2026, 9, 21, 10))
    order.refresh_from_db()
    due_before = order.due_at
    # Seven working days from Mon 21 Sep: 22, 23, 24, (25–27 Mid-autumn) 28, 29, 30,
    # (1–7 Oct National Day) 8 Oct.
    assert timezone.localtime(due_before).date() == dt.date(2026, 10, 8)
    # Suspended Wed 23 Sep 10:00 → resumed Thu 8 Oct 10:00: working time in between is
    # 23 (14h) + 24, 28, 29, 30 Sep (4 × 24h) + 8 Oct (10h) = 120h, five working days.
    services.order_suspend(
        order=order, actor=clerk, reason="等待当事人补充材料", now=at(2026, 9, 23, 10)
    )
    order.refresh_from_db()
    assert order.status == Status.SUSPENDED
    paused = services.order_resume(order=order, actor=clerk, now=at(2026, 10, 8, 10))
    order.refresh_from_db()
    assert paused == 120 * 3600
    assert order.status == Status.ACCEPTED
    # 8 Oct 23:59:59 + 5 working days: 9, Sat 10 (make-up workday), 12, 13, 14 Oct.
    assert timezone.localtime(order.due_at).date() == dt.date(2026, 10, 14)
    assert order.events.filter(extra__paused_working_seconds=paused).exists()


def test_a_suspended_order_is_not_overdue(network, make_order, personas):
    order = routed(make_order, now=at(2026, 11, 2))
    services.order_sign_for(order=order, actor=personas["county_clerk"])
    services.order_suspend(order=order, actor=personas["county_clerk"], reason="等待鉴定")
    assert not services.overdue_queryset(at(2026, 12, 20)).filter(pk=order.pk).exists()


def replied(network, make_order, personas) -> WorkOrder:  # type: ignore[no-untyped-def]
    order = routed(make_order)
    clerk = personas["county_clerk"]
    services.order_sign_for(order=order, actor=clerk)
    services.order_reply(order=order, actor=clerk, text="已答复", now=at(2026, 11, 3))
    order.refresh_from_db()
    return order


def test_a_good_rating_marks_the_order_reviewed_and_sets_satisfaction(
    network, make_order, personas
):
    order = replied(network, make_order, personas)
    rating = services.rating_submit(
        token=services.rating_token(order), stars=5, reasons=["good"], now=at(2026, 11, 4)
    )
    order.refresh_from_db()
    assert order.status == Status.REVIEWED and order.satisfaction == 5
    assert rating.outcome == Rating.Outcome.REVIEWED
    with pytest.raises(services.RatingLinkError):
        services.rating_submit(token=services.rating_token(order), stars=1)


def test_a_low_rating_reopens_the_order_to_the_supervisor(network, make_order, personas):
    order = replied(network, make_order, personas)
    rating = services.rating_submit(
        token=services.rating_token(order), stars=2, reasons=["unresolved"], now=at(2026, 11, 4)
    )
    order.refresh_from_db()
    assert rating.outcome == Rating.Outcome.REOPENED
    assert order.status == Status.REOPENED and order.satisfaction == 2
    assert order.assigned_point == network["city_centre"]
    assert order.due_at > at(2026, 11, 4)
    assert OutboxMessage.objects.filter(user=personas["city_supervisor"], order=order).exists()


def test_a_low_rating_with_complaint_opens_a_complaint_about_the_unit(
    network, make_order, personas
):
    order = replied(network, make_order, personas)
    rating = services.rating_submit(
        token=services.rating_token(order), stars=1, complain=True, now=at(2026, 11, 4)
    )
    order.refresh_from_db()
    complaint = rating.complaint
    assert order.status == Status.REVIEWED
    assert complaint.service == "complaint" and complaint.party.phone_last4 == "8000"
    assert complaint.assigned_point == network["city_centre"]
    assert network["wuhou_centre"].name in complaint.opposing_party


def test_a_forged_or_stale_rating_link_is_refused(network, make_order, personas):
    order = replied(network, make_order, personas)
    with pytest.raises(services.RatingLinkError):
        services.rating_order_for_token(services.rating_token(order) + "x")
    WorkOrder.objects.filter(pk=order.pk).update(replied_at=at(2026, 11, 5))
    with pytest.raises(services.RatingLinkError):
        services.rating_order_for_token(services.rating_token(order))


def test_a_sample_of_closed_orders_becomes_return_visits(network, make_order, personas):
    FeedbackPolicy.objects.update(sample_percent=50)
    agent = personas["county_clerk"]
    for i in range(20):
        order = routed(make_order, now=at(2026, 11, 2, 9, i))
        services.order_sign_for(order=order, actor=agent)
        services.order_reply(order=order, actor=agent, text="答复")
        services.order_close(order=order, actor=agent, now=at(2026, 11, 5, 9, i))
    n = ReturnVisit.objects.count()
    assert 3 <= n <= 17
    visit = ReturnVisit.objects.first()
    services.visit_record(visit=visit, actor=agent, state="done", stars=4, notes="满意")
    visit.refresh_from_db()
    assert visit.state == "done" and visit.done_by == agent
    with pytest.raises(ValueError):
        services.visit_record(visit=visit, actor=agent, state="done", stars=4, notes="")


def test_a_reply_and_a_resume_made_elsewhere_still_send_the_link_and_move_the_deadline(
    network, make_order, personas, django_capture_on_commit_callbacks
):
    from fawang.workorders.services import workorder_transition

    clerk = personas["county_clerk"]
    order = routed(make_order, service="legal_aid", now=at(2026, 9, 21, 9))
    with django_capture_on_commit_callbacks(execute=True):
        workorder_transition(order=order, to=Status.ACCEPTED, actor=clerk, now=at(2026, 9, 21, 10))
        workorder_transition(
            order=order,
            to=Status.SUSPENDED,
            actor=clerk,
            reason="补充材料",
            now=at(2026, 9, 23, 10),
        )
        workorder_transition(order=order, to=Status.ACCEPTED, actor=clerk, now=at(2026, 10, 8, 10))
    order.refresh_from_db()
    assert timezone.localtime(order.due_at).date() == dt.date(2026, 10, 14)
    with django_capture_on_commit_callbacks(execute=True):
        workorder_transition(order=order, to=Status.REPLIED, actor=clerk, reason="答复")
    assert (
        OutboxMessage.objects.filter(channel="sms", order=order, body__contains="评价").count() == 1
    )
