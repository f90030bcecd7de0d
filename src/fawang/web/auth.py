"""Authentication backend that loads a session's user together with its region."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class JurisdictionBackend(ModelBackend):
    """ModelBackend, but the user of a session comes with ``region`` (the jurisdiction
    every staff page scopes by) in the same query."""

    def get_user(self, user_id: Any):  # type: ignore[no-untyped-def]
        model = get_user_model()
        user = model._default_manager.select_related("region").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
