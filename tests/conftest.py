"""Shared fixtures: the Sichuan regions, a small network and personas at every level."""

from __future__ import annotations

import importlib
import os

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from fawang.accounts.models import Role, User
from fawang.network.models import ServicePoint
from fawang.regions.models import Level, Region
from fawang.regions.services import regions_load_sichuan
from tests.browser import browser_page  # noqa: F401  (fixture)

# Two counties in different cities, and one more in the first city.
WUHOU = "510107"  # 成都市武侯区
JINJIANG = "510104"  # 成都市锦江区
XICHANG = "513401"  # 凉山州西昌市
CHENGDU = "510100"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Production hashes with Argon2 (~0.4 s a user here); tests only need a hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def task_failures(settings):  # type: ignore[no-untyped-def]
    """Production queues hand-offs (routing a new order, recomputing rollups) for the
    worker; here a task runs as soon as it is enqueued, so that a test sees its effect
    where it used to see the synchronous receiver's. Tests of the queue itself use
    ``task_queue``. A task that fails fails the test, unless the test empties this list."""
    settings.TASKS = IMMEDIATE_TASKS
    failures: list = []

    def record(sender, task_result, **kwargs):  # type: ignore[no-untyped-def]
        if task_result.status == TaskResultStatus.FAILED:
            failures.append(task_result)

    task_finished.connect(record, dispatch_uid="tests.task_failures")
    yield failures
    task_finished.disconnect(dispatch_uid="tests.task_failures")
    assert not failures, [e.traceback for r in failures for e in r.errors]


@pytest.fixture
def task_queue(settings):  # type: ignore[no-untyped-def]
    """Tasks go to the database queue, as in production, until a worker runs them."""
    settings.TASKS = QUEUED_TASKS


# Rows the migrations seed (idempotent functions): routing rules, deadline and feedback
# policies, hotline seat groups, the plan's indicators.
MIGRATION_SEEDS = [
    ("fawang.dispatch.migrations.0002_seed_defaults", "seed"),
    ("fawang.hotline.migrations.0002_seat_groups", "forwards"),
    ("fawang.analytics.migrations.0002_seed_table1_indicators", "seed"),
]


@pytest.fixture
def committed_db(transactional_db):  # type: ignore[no-untyped-def]
    """Data committed for real, as in production: other threads and the worker's own
    transactions see it, and after-commit hooks run at once. An earlier such test may
    have flushed the tables, so the migrations' seeded rows are put back first."""
    from django.apps import apps

    for module, function in MIGRATION_SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def requires_postgres(db):  # type: ignore[no-untyped-def]
    if not is_postgres():
        if os.environ.get("FAWANG_POSTGRES_PASSED") == "1":
            pytest.skip("PostgreSQL-only: ran and passed in this CI run's PostgreSQL pass")
        if os.environ.get("CI") == "true":
            pytest.fail("this test needs PostgreSQL (set DATABASE_URL); CI=true forbids skipping")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgresql://… to run it")


@pytest.fixture
def sichuan(db) -> dict[str, Region]:  # type: ignore[no-untyped-def]
    regions_load_sichuan()
    township = Region.objects.create(
        code=f"{WUHOU}001",
        name="武侯演示一街道",
        level=Level.TOWNSHIP,
        parent_id=WUHOU,
        path=f"510000/{CHENGDU}/{WUHOU}/{WUHOU}001",
        is_synthetic=True,
    )
    village = Region.objects.create(
        code=f"{WUHOU}001001",
        name="武侯演示一街道一社区",
        level=Level.VILLAGE,
        parent=township,
        path=f"{township.path}/{WUHOU}001001",
        is_synthetic=True,
    )
    return {
        "province": Region.objects.get(code="510000"),
        "chengdu": Region.objects.get(code=CHENGDU),
        "wuhou": Region.objects.get(code=WUHOU),
        "jinjiang": Region.objects.get(code=JINJIANG),
        "xichang": Region.objects.get(code=XICHANG),
        "wuhou_township": township,
        "wuhou_village": village,
    }


def _point(region: Region, kind: str, level: int, name: str) -> ServicePoint:
    return ServicePoint.objects.create(
        name=name, kind=kind, level=level, region=region, capacity=50
    )


def _user(username: str, role: str, point: ServicePoint | None = None) -> User:
    user = User(username=username, role=role, service_point=point, display_name=username)
    user.set_password("correct-horse-battery")
    user.save()
    return user


@pytest.fixture
def personas(sichuan) -> dict[str, User]:  # type: ignore[no-untyped-def]
    """A village clerk, a county clerk and dispatcher, a city supervisor, a province
    supervisor, an outsider clerk from another county and a citizen."""
    c = ServicePoint.Kind.CENTRE
    province_pt = _point(sichuan["province"], c, Level.PROVINCE, "四川省公共法律服务中心")
    city_pt = _point(sichuan["chengdu"], c, Level.CITY, "成都市公共法律服务中心")
    wuhou_pt = _point(sichuan["wuhou"], c, Level.COUNTY, "武侯区公共法律服务中心")
    village_pt = _point(
        sichuan["wuhou_village"],
        ServicePoint.Kind.ROOM,
        Level.VILLAGE,
        "武侯演示一社区公共法律服务室",
    )
    xichang_pt = _point(sichuan["xichang"], c, Level.COUNTY, "西昌市公共法律服务中心")
    return {
        "village_clerk": _user("village_clerk", Role.CLERK, village_pt),
        "county_clerk": _user("county_clerk", Role.CLERK, wuhou_pt),
        "county_dispatcher": _user("county_dispatcher", Role.DISPATCHER, wuhou_pt),
        "city_supervisor": _user("city_supervisor", Role.DISPATCHER, city_pt),
        "province_supervisor": _user("province_supervisor", Role.DISPATCHER, province_pt),
        "outsider_clerk": _user("outsider_clerk", Role.CLERK, xichang_pt),
        "citizen": _user("citizen", Role.CITIZEN),
    }
