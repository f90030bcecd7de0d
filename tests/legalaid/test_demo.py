import io
import random

from django.utils import timezone

from fawang.legalaid import demo
from fawang.legalaid.models import HardshipStandard, LegalAidBudget, LegalAidCase, SubsidyRate
from fawang.legalaid.selectors import spending_per_head


def test_the_demo_marks_its_policy_rows_and_reloads_cleanly(
    sichuan, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(demo, "CASES", 25)
    now = timezone.now()
    for _ in range(2):
        lines = demo.load(rng=random.Random(3), now=now, stdout=io.StringIO(), options={})
    assert LegalAidCase.objects.count() == 25 + 10  # replaced, not doubled (10 showcase)
    assert HardshipStandard.objects.filter(is_demo=True).count() == 21
    assert not HardshipStandard.objects.filter(is_demo=False).exists()
    assert SubsidyRate.objects.filter(is_demo=True).exists()
    assert len({c.status for c in LegalAidCase.objects.all()}) >= 3
    year = timezone.localtime(now).year
    per_head = spending_per_head(year=year)
    assert per_head["is_demo"] and per_head["unit"] == "元" and per_head["value"] > 0
    assert LegalAidBudget.objects.filter(year=year).count() == 22
    assert any("la_reviewer" in line for line in lines)


def test_the_demo_shows_objections_advance_aid_and_the_three_year_rule(
    sichuan, monkeypatch, settings, tmp_path
):
    from fawang.legalaid.models import Objection
    from fawang.legalaid.selectors import (
        advance_materials_overdue,
        advance_suggested,
        objection_is_overdue,
    )

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(demo, "CASES", 10)
    now = timezone.now()
    lines = demo.load(rng=random.Random(5), now=now, stdout=io.StringIO(), options={})
    assert any("la_bureau" in line for line in lines)
    statuses = set(Objection.objects.values_list("status", flat=True))
    assert statuses == {"open", "upheld", "corrected"}
    assert Objection.objects.filter(against="termination").exists()
    assert any(objection_is_overdue(o, now=now) for o in Objection.objects.all())
    assert any(o.is_open and not objection_is_overdue(o, now=now) for o in Objection.objects.all())
    shown = LegalAidCase.objects.filter(order__idempotency_key__startswith="demo-la-show-")
    today = timezone.localdate(now)
    assert shown.filter(status="advanced").count() == 2
    assert any(advance_materials_overdue(c, today=today) for c in shown)
    assert shown.filter(advance_ended_at__isnull=False, status="denied").exists()
    assert shown.filter(advance_at__isnull=False, status="assigned").exists()
    assert any(advance_suggested(c, today=today) is not None for c in shown)
    death = next(c for c in shown if "life_or_death" in c.circumstances)
    skipped = [c for c in death.assignment_basis["candidates"] if c["unqualified"]]
    assert death.status == "assigned" and any(c["name"] == "贺新律" for c in skipped)
