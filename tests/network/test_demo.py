import io
import random

from django.db.models import Sum

from fawang.network.demo import LAWYERS_PER_10K, network_make_demo
from fawang.network.models import Institution, Practitioner, ServicePoint
from fawang.regions.models import Level, Region
from fawang.regions.services import regions_load_sichuan, regions_make_demo_townships


def test_the_demo_network_has_every_level_kind_and_language(db):
    regions_load_sichuan()
    regions_make_demo_townships(townships_per_county=1, villages_per_township=2)
    network_make_demo(rng=random.Random(7), stdout=io.StringIO())
    centres = ServicePoint.objects.filter(kind="centre")
    assert centres.filter(level=Level.PROVINCE).count() == 1
    assert centres.filter(level=Level.CITY).count() == 21
    assert centres.filter(level=Level.COUNTY).count() == 183
    assert ServicePoint.objects.filter(kind="station").count() == 183
    assert ServicePoint.objects.filter(kind="room").count() == 366
    for kind in ServicePoint.Kind.values:
        assert ServicePoint.objects.filter(kind=kind).exists(), kind
    for kind in Institution.Kind.values:
        assert Institution.objects.filter(kind=kind).exists(), kind
    for kind in Practitioner.Kind.values:
        assert Practitioner.objects.filter(kind=kind).exists(), kind
    assert Institution.objects.filter(kind="arbitration").count() == 21
    assert Institution.objects.filter(kind="appraisal", cma=True).exists()
    assert Institution.objects.filter(kind="appraisal", cnas=True).exists()
    population = Region.objects.filter(level=Level.COUNTY).aggregate(p=Sum("population"))["p"]
    lawyers = Practitioner.objects.filter(kind="lawyer").count()
    assert abs(lawyers / (population / 10000) - LAWYERS_PER_10K) < 0.2
    chengdu_lawyers = Practitioner.objects.filter(
        kind="lawyer", region_path__startswith="510000/510100"
    )
    assert chengdu_lawyers.count() / lawyers > 0.4  # concentrated in the capital
    bo = Practitioner.objects.filter(languages__contains=",bo,")
    assert bo.exists() and not bo.exclude(region_path__regex=r"^510000/51(32|33)00").exists()
    ii = Practitioner.objects.filter(languages__contains=",ii,")
    assert ii.exists() and not ii.exclude(region_path__startswith="510000/513400").exists()
    assert Practitioner.objects.filter(
        languages__contains=",en,", region_path__startswith="510000/510100"
    ).exists()
    assert not Practitioner.objects.exclude(region_path__startswith="510000/").exists()
    # Lawyers carry the year of their licence as the start of practice; those who defend
    # carry a criminal-defence start date too (art. 26 of the Legal Aid Law counts it).
    assert not Practitioner.objects.filter(kind="lawyer", practice_since__isnull=True).exists()
    sample = Practitioner.objects.filter(kind="lawyer").first()
    assert str(sample.practice_since.year) == sample.licence_no[7:11]
    defenders = Practitioner.objects.filter(kind="lawyer", criminal_practice_since__isnull=False)
    assert defenders.exists() and not defenders.exclude(expertise__contains="刑事").exists()
    assert not Practitioner.objects.filter(kind="mediator", practice_since__isnull=False).exists()
