"""Shape checks of the demo generator on a small run (a fixed clock, a fixed seed)."""

import datetime as dt
import itertools
import random
from collections import Counter

import pytest
from django.utils import timezone

from fawang.lib.validators import validate_id_number, validate_mobile
from fawang.regions.models import Region
from fawang.regions.services import regions_load_sichuan
from fawang.workorders.demo import (
    SPRING_FESTIVAL,
    _path,
    path_is_legal,
    spring_festival_weight,
    workorders_make_demo,
)
from fawang.workorders.models import NumberSequence, Party, Status, WorkOrder, WorkOrderEvent
from fawang.workorders.services import PartyInput, workorder_create
from fawang.workorders.transitions import TRANSITIONS

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
FESTIVAL = dt.date(2026, 2, 17)


@pytest.fixture(scope="module")
def _generated(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """One generator run shared by this module's tests (committed, removed afterwards)."""
    with django_db_blocker.unblock():
        regions_load_sichuan()
        stats = workorders_make_demo(rng=random.Random(5), now=NOW, count=4000)
    yield stats
    with django_db_blocker.unblock():
        WorkOrder.objects.all().delete()
        Party.objects.all().delete()
        NumberSequence.objects.all().delete()
        for level in (5, 4, 3, 2, 1):  # children first: parents are protected
            Region.objects.filter(level=level).delete()


@pytest.fixture
def demo(_generated, db):  # type: ignore[no-untyped-def]
    return _generated


def test_every_generated_path_follows_the_transition_table():
    rng = random.Random(1)
    for channel in ("hotline", "web", "walk_in"):
        for _ in range(500):
            assert path_is_legal(_path(rng, channel))


def test_the_festival_table_holds_real_lunar_new_year_days():
    assert dt.date(2025, 1, 29) in SPRING_FESTIVAL and FESTIVAL in SPRING_FESTIVAL
    assert spring_festival_weight(FESTIVAL - dt.timedelta(days=14))[1] > 3
    assert spring_festival_weight(FESTIVAL)[0] < 0.5  # the festival week is quiet
    assert spring_festival_weight(dt.date(2026, 6, 1)) == (1.0, 1.0)


def test_the_channel_mix_is_half_hotline_and_covers_the_province(demo):
    assert demo["orders"] == WorkOrder.objects.count() == 4000
    mix = Counter(WorkOrder.objects.values_list("channel", flat=True))
    assert abs(mix["hotline"] / 4000 - 0.5) < 0.04
    assert abs(mix["web"] / 4000 - 0.3) < 0.04
    assert abs(mix["walk_in"] / 4000 - 0.2) < 0.04
    assert WorkOrder.objects.values("county").distinct().count() > 150
    first = WorkOrder.objects.order_by("created_at").first().created_at
    assert (NOW - first).days > 500


def test_wage_disputes_rise_before_the_spring_festival(demo):
    def wage_share(start, end):
        qs = WorkOrder.objects.filter(created_at__date__gte=start, created_at__date__lt=end)
        total = qs.count()
        return qs.filter(category="labour_wage").count() / total

    before = wage_share(FESTIVAL - dt.timedelta(days=28), FESTIVAL - dt.timedelta(days=3))
    summer = wage_share(dt.date(2026, 5, 1), dt.date(2026, 8, 1))
    assert before > 1.8 * summer


def test_rural_counties_ask_about_land_and_chengdu_districts_about_consumption(demo):
    def share(category, **where):
        qs = WorkOrder.objects.filter(**where)
        return qs.filter(category=category).count() / qs.count()

    rural = {"county__name__endswith": "县"}
    chengdu = {"county__code__startswith": "5101", "county__name__endswith": "区"}
    assert share("land", **rural) > 4 * share("land", **chengdu)
    assert share("consumer", **chengdu) > 2 * share("consumer", **rural)


def test_statuses_follow_age_and_events_replay_to_the_status(demo):
    old = WorkOrder.objects.filter(created_at__lt=NOW - dt.timedelta(days=120))
    closed = old.filter(status__in=[Status.CLOSED, Status.REJECTED]).count()
    assert closed / old.count() > 0.95
    assert old.filter(status=Status.CLOSED, satisfaction__isnull=False).exists()
    recent = WorkOrder.objects.filter(created_at__gte=NOW - dt.timedelta(days=2))
    assert recent.exclude(status__in=[Status.CLOSED, Status.REJECTED]).count() > 0
    assert WorkOrder.objects.filter(
        status__in=[Status.IN_PROGRESS, Status.ACCEPTED], due_at__lt=NOW
    ).exists()  # some are overdue
    events = WorkOrderEvent.objects.order_by("order_id", "at", "id").values_list(
        "order_id", "from_status", "to_status"
    )
    status = dict(WorkOrder.objects.values_list("id", "status"))
    for order_id, rows in itertools.groupby(events, key=lambda e: e[0]):
        chain = [(f, t) for _o, f, t in rows]
        assert chain[0] == ("", Status.RECEIVED)
        for f, t in chain[1:]:
            assert t in TRANSITIONS[f]
        assert chain[-1][1] == status.pop(order_id)
    assert status == {}


def test_parties_carry_valid_encrypted_identity_numbers(demo):
    for party in Party.objects.filter(kind="person").order_by("?")[:50]:
        id_number = party.reveal_id_number()
        assert validate_id_number(id_number) == id_number
        assert id_number not in party.id_number_enc
        assert validate_mobile(party.reveal_phone())


def test_new_orders_number_after_the_demo_ones(demo):
    today = WorkOrder.objects.filter(created_at__date=timezone.localtime(NOW).date()).first()
    if today is None:
        pytest.skip("no demo order on the last day in this seed")
    order, _ = workorder_create(
        channel="web",
        service="consultation",
        category="other",
        region=today.county,
        description="演示之后的新工单",
        party=PartyInput(name="李四", phone="13900000000"),
        now=NOW,
    )
    assert order.number != today.number
    assert WorkOrder.objects.filter(number=order.number).count() == 1
