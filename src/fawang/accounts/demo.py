"""Demo step 30: a login for every role, attached to a real unit of the demo network.

Every password is ``fawang-demo-2026``. The lines returned list each login with its role
and unit; the README table "Roles and demo logins" mirrors them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from fawang.accounts.models import Role, User
from fawang.accounts.roles import roles_sync_groups, user_apply_role
from fawang.network.models import Institution, Practitioner, ServicePoint
from fawang.regions.models import Level, Region

ORDER = 30
DEMO_PASSWORD = "fawang-demo-2026"  # noqa: S105 - the published demo password


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    display_name: str
    what: str  # which unit, how it is found


WUHOU = "510107"


def _unit(what: str):  # type: ignore[no-untyped-def]
    """Resolve a unit description to (service_point, institution, practitioner)."""
    K = ServicePoint.Kind
    points = ServicePoint.objects.select_related("region")
    if what == "province":
        return points.get(kind=K.CENTRE, level=Level.PROVINCE), None, None
    if what == "hotline":
        return points.get(kind=K.HOTLINE), None, None
    if what == "city":
        return points.get(kind=K.CENTRE, region_id="510100"), None, None
    if what == "county":
        return points.get(kind=K.CENTRE, region_id=WUHOU), None, None
    if what == "outsider":
        return points.get(kind=K.CENTRE, region_id="513401"), None, None
    if what == "township":
        return (
            points.filter(kind=K.STATION, region__parent_id=WUHOU).order_by("region_id")[0],
            None,
            None,
        )
    if what == "village":
        return (
            points.filter(kind=K.ROOM, region_path__startswith=f"510000/510100/{WUHOU}/").order_by(
                "region_id"
            )[0],
            None,
            None,
        )
    if what == "legal_aid":
        return None, Institution.objects.get(kind=Institution.Kind.LEGAL_AID, region_id=WUHOU), None
    if what == "lawyer":
        lawyer = (
            Practitioner.objects.filter(kind=Practitioner.Kind.LAWYER, region_id=WUHOU)
            .select_related("institution")
            .order_by("id")[0]
        )
        return None, lawyer.institution, lawyer
    return None, None, None


# Officials of a government department rather than a point or institution of the service
# network: what → (department, region code). 武侯区司法局 set up 武侯区法律援助中心 (the
# `reviewer`'s unit) and hears objections to its refusals and terminations.
DEPARTMENTS: dict[str, tuple[str, str]] = {"bureau": ("武侯区司法局", WUHOU)}

LOGINS = [
    DemoLogin("citizen", Role.CITIZEN, "张群众", ""),
    DemoLogin("agent", Role.AGENT, "李坐席", "hotline"),
    DemoLogin("clerk_county", Role.CLERK, "王窗口", "county"),
    DemoLogin("clerk_township", Role.CLERK, "赵窗口", "township"),
    DemoLogin("clerk_village", Role.CLERK, "钱窗口", "village"),
    DemoLogin("clerk_xichang", Role.CLERK, "阿牛窗口", "outsider"),
    DemoLogin("lawyer", Role.PRACTITIONER, "", "lawyer"),
    DemoLogin("reviewer", Role.REVIEWER, "孙审查", "legal_aid"),
    DemoLogin("bureau", Role.BUREAU, "蒋监督", "bureau"),
    DemoLogin("dispatcher_county", Role.DISPATCHER, "周调度", "county"),
    DemoLogin("dispatcher_city", Role.DISPATCHER, "吴调度", "city"),
    DemoLogin("dispatcher_province", Role.DISPATCHER, "郑督办", "province"),
    DemoLogin("analyst", Role.ANALYST, "冯分析", "province"),
    DemoLogin("sysadmin", Role.SYSADMIN, "陈系统", "province"),
    DemoLogin("secadmin", Role.SECADMIN, "褚安全", "province"),
    DemoLogin("auditor", Role.AUDITOR, "卫审计", "province"),
]


@transaction.atomic
def accounts_make_demo() -> list[tuple[DemoLogin, User]]:
    groups = roles_sync_groups()
    # One Argon2 hash for the one published password: hashing it 15 times is slow and
    # buys nothing here (every demo login is meant to be known).
    password = make_password(DEMO_PASSWORD)
    out = []
    for login in LOGINS:
        point, institution, practitioner = _unit(login.what)
        user = User.objects.filter(username=login.username).first() or User(username=login.username)
        user.role = login.role
        user.service_point = point
        user.institution = institution
        user.practitioner = practitioner
        user.display_name = login.display_name or (practitioner.name if practitioner else "")
        org = point or institution
        if org is not None:
            user.region = org.region
        elif login.what in DEPARTMENTS:
            user.region = Region.objects.get(code=DEPARTMENTS[login.what][1])
        else:
            user.region = None
        user.is_active = True
        user.password = password
        user.save()
        user_apply_role(user=user, groups=groups)
        out.append((login, user))
    return out


def load(*, rng, now, stdout, options) -> list[str]:  # type: ignore[no-untyped-def]
    rows = accounts_make_demo()
    lines = ["", f"演示账号（密码均为 {DEMO_PASSWORD}）："]
    for login, user in rows:
        unit = user.service_point or user.institution
        name = unit.name if unit else DEPARTMENTS.get(login.what, ("—",))[0]
        lines.append(f"  {login.username:<20} {Role(login.role).label:<12} {name}")
    lines.append(
        "  管理后台 /admin/ ：sysadmin（配置）、secadmin（账号与角色）、auditor（只读审计日志）"
    )
    return lines
