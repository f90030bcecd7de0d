import io
import random

from django.utils import timezone

from fawang.analytics import demo
from fawang.analytics.models import IndicatorEntry, OrderRollup
from fawang.workorders.models import WorkOrder
from tests.analytics.conftest import make_order


def test_the_demo_step_rolls_up_bulk_data_injects_labelled_spikes_and_enters_inputs(sichuan):
    now = timezone.now().replace(microsecond=0)
    categories = ["labour_wage", "land", "traffic"]
    for i in range(6):
        make_order(
            sichuan["wuhou" if i % 2 else "xichang"],
            now=now - timezone.timedelta(days=20),
            category=categories[i % 3],
        )
    assert not OrderRollup.objects.exists()  # created without on-commit signals
    out = io.StringIO()
    lines = demo.load(rng=random.Random(1), now=now, stdout=out, options={})
    assert WorkOrder.objects.count() > 6  # the labelled spikes were added
    assert sum(OrderRollup.objects.values_list("n", flat=True)) == WorkOrder.objects.count()
    assert IndicatorEntry.objects.filter(source=demo.DEMO_SOURCE).count() == len(demo.DEMO_ENTRIES)
    assert any("/analytics/" in line for line in lines)
    assert "注入" in out.getvalue()
