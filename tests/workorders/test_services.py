import pytest

from fawang.accounts.models import AuditLog
from fawang.workorders.models import Channel, Party, Service, Status, WorkOrder, WorkOrderEvent
from fawang.workorders.services import (
    PartyInput,
    TransitionError,
    party_reveal,
    workorder_create,
    workorder_transition,
)

ID = "11010519491231002X"


def make_order(region, **kwargs):
    defaults = dict(
        channel=Channel.WEB,
        service=Service.CONSULTATION,
        category="labour_wage",
        region=region,
        description="老板拖欠三个月工资不给",
        party=PartyInput(name="张三丰", phone="13800138000", id_number=ID),
    )
    defaults.update(kwargs)
    return workorder_create(**defaults)


def test_it_numbers_orders_by_county_and_day(sichuan):
    first, _ = make_order(sichuan["wuhou_village"])
    second, _ = make_order(sichuan["wuhou"])
    assert first.number.startswith("SC510107-") and first.number.endswith("-0001")
    assert second.number.endswith("-0002")
    assert first.county_id == "510107"
    assert first.events.get().to_status == Status.RECEIVED


def test_a_repeated_idempotency_key_gives_one_order(sichuan):
    a, created_a = make_order(sichuan["wuhou"], idempotency_key="k-1")
    b, created_b = make_order(sichuan["wuhou"], idempotency_key="k-1")
    assert (created_a, created_b) == (True, False)
    assert a.pk == b.pk
    assert WorkOrder.objects.count() == 1


def test_the_id_number_is_encrypted_and_found_by_blind_index(sichuan):
    order, _ = make_order(sichuan["wuhou"])
    party = Party.objects.get(pk=order.party_id)
    assert ID not in party.id_number_enc
    assert party.id_number_masked == "110105********002X"
    from fawang.lib.crypto import blind_index

    assert Party.objects.filter(id_number_index=blind_index(ID, purpose="id_number")).exists()


def test_an_illegal_transition_is_refused_and_writes_nothing(sichuan, personas):
    order, _ = make_order(sichuan["wuhou"])
    with pytest.raises(TransitionError):
        workorder_transition(order=order, to=Status.CLOSED, actor=personas["county_clerk"])
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    assert WorkOrderEvent.objects.filter(order=order).count() == 1


def test_a_legal_transition_writes_one_event(sichuan, personas):
    order, _ = make_order(sichuan["wuhou"])
    workorder_transition(order=order, to=Status.ACCEPTED, actor=personas["county_clerk"])
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED and order.first_responded_at is not None
    assert list(order.events.values_list("to_status", flat=True)) == ["received", "accepted"]


def test_suspension_resumes_to_the_previous_status_only(sichuan, personas):
    order, _ = make_order(sichuan["wuhou"])
    clerk = personas["county_clerk"]
    workorder_transition(order=order, to=Status.ACCEPTED, actor=clerk)
    with pytest.raises(TransitionError):
        workorder_transition(order=order, to=Status.SUSPENDED, actor=clerk)  # no reason
    workorder_transition(order=order, to=Status.SUSPENDED, actor=clerk, reason="等待材料")
    with pytest.raises(TransitionError):
        workorder_transition(order=order, to=Status.IN_PROGRESS, actor=clerk)
    workorder_transition(order=order, to=Status.ACCEPTED, actor=clerk)
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED and order.status_before_suspend == ""


def test_revealing_an_id_number_is_audited_and_role_checked(sichuan, personas):
    order, _ = make_order(sichuan["wuhou"])
    clear = party_reveal(party=order.party, user=personas["county_clerk"], order=order)
    assert clear["id_number"] == ID
    assert AuditLog.objects.filter(action="read_pii", username="county_clerk").count() == 1
    with pytest.raises(PermissionError):
        party_reveal(party=order.party, user=personas["county_dispatcher"], order=order)
