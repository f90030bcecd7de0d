"""Jurisdiction: the one place where staff queries are scoped to a region subtree."""

from __future__ import annotations

from django.db.models import QuerySet

from fawang.accounts.models import User


def scope_to_jurisdiction(qs: QuerySet, *, user: User, path_field: str = "region_path") -> QuerySet:
    """Rows whose region lies in the user's jurisdiction; none for non-staff users."""
    path = user.jurisdiction_path if user.is_authenticated else None
    if path is None:
        return qs.none()
    return qs.filter(**{f"{path_field}__startswith": path})


def in_jurisdiction(*, user: User, region_path: str) -> bool:
    path = user.jurisdiction_path if user.is_authenticated else None
    return path is not None and region_path.startswith(path)
