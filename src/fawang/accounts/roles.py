"""The three separated administrator roles (三权分立) as Django groups and permissions.

- 系统管理员 (sysadmin) configures: regions, the service network and the policy tables
  (routing rules, deadlines, holidays, hardship standards, indicators) — nothing about
  users, and not the audit log.
- 安全管理员 (secadmin) manages accounts, roles and API tokens — not configuration, not
  the audit log.
- 安全审计员 (auditor) only reads the audit log.

Each gets ``is_staff`` for the admin site; none is a superuser. ``roles_sync_groups`` is
idempotent; models that an installation lacks are skipped.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from fawang.accounts.models import Role, User

ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})

GROUP_NAMES = {
    Role.SYSADMIN: "系统管理员",
    Role.SECADMIN: "安全管理员",
    Role.AUDITOR: "安全审计员",
}

_ALL = ("add", "change", "delete", "view")
# (app_label, model, actions)
GROUP_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    Role.SYSADMIN: [
        ("regions", "region", _ALL),
        ("network", "servicepoint", _ALL),
        ("network", "institution", _ALL),
        ("network", "practitioner", _ALL),
        ("dispatch", "routingrule", _ALL),
        ("dispatch", "deadlinepolicy", _ALL),
        ("dispatch", "holidayyear", _ALL),
        ("dispatch", "holidaydate", _ALL),
        ("dispatch", "feedbackpolicy", _ALL),
        ("legalaid", "hardshipstandard", _ALL),
        ("legalaid", "subsidyrate", _ALL),
        ("legalaid", "legalaidbudget", _ALL),
        ("analytics", "indicator", _ALL),
    ],
    Role.SECADMIN: [
        ("accounts", "user", ("add", "change", "view")),
        ("accounts", "apitoken", ("change", "view")),
        ("auth", "group", ("change", "view")),
        ("auth", "permission", ("view",)),
    ],
    Role.AUDITOR: [
        ("accounts", "auditlog", ("view",)),
        ("admin", "logentry", ("view",)),
    ],
}


@transaction.atomic
def roles_sync_groups() -> dict[str, Group]:
    """Create or update the three admin groups with exactly their permissions."""
    groups = {}
    for role, name in GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, model, actions in GROUP_PERMISSIONS[role]:
            codenames = [f"{action}_{model}" for action in actions]
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
        group.permissions.set(wanted)
        groups[role] = group
    return groups


def user_apply_role(*, user: User, groups: dict[str, Group] | None = None) -> None:
    """Put an admin-role user in their group with admin-site access; others get neither."""
    groups = groups or roles_sync_groups()
    admin_groups = [g for g in groups.values()]
    user.groups.remove(*admin_groups)
    user.is_superuser = False
    user.is_staff = user.role in ADMIN_ROLES
    if user.role in ADMIN_ROLES:
        user.groups.add(groups[user.role])
    user.save(update_fields=["is_staff", "is_superuser"])
