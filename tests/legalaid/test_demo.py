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
    assert LegalAidCase.objects.count() == 25  # replaced, not doubled
    assert HardshipStandard.objects.filter(is_demo=True).count() == 21
    assert not HardshipStandard.objects.filter(is_demo=False).exists()
    assert SubsidyRate.objects.filter(is_demo=True).exists()
    assert len({c.status for c in LegalAidCase.objects.all()}) >= 3
    year = timezone.localtime(now).year
    per_head = spending_per_head(year=year)
    assert per_head["is_demo"] and per_head["unit"] == "元" and per_head["value"] > 0
    assert LegalAidBudget.objects.filter(year=year).count() == 22
    assert any("la_reviewer" in line for line in lines)
