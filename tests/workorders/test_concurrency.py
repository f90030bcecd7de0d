"""Numbering under real concurrency needs a real server: PostgreSQL, separate connections."""

import threading

import pytest
from django.db import connection

from fawang.regions.models import Region
from fawang.regions.services import regions_load_sichuan
from fawang.workorders.models import WorkOrder
from fawang.workorders.services import PartyInput, workorder_create


@pytest.mark.postgres
def test_fifty_parallel_creations_give_fifty_distinct_numbers(requires_postgres, transactional_db):
    regions_load_sichuan()
    wuhou = Region.objects.get(code="510107")
    start = threading.Barrier(50)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def create(i: int) -> None:
        try:
            start.wait(timeout=30)
            order, created = workorder_create(
                channel="web",
                service="consultation",
                category="labour_wage",
                region=wuhou,
                description=f"并发受理测试 {i}",
                party=PartyInput(name="并发测试", phone=f"138{i:08d}"),
            )
            assert created
            with lock:
                numbers.append(order.number)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(numbers) == 50 and len(set(numbers)) == 50
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 51))
    assert WorkOrder.objects.count() == 50
