"""Who may reach the staff console and its intake pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from fawang.accounts.models import STAFF_ROLES, Role

# Roles that move orders through their transitions (analysts and the three admin roles
# read the queue but do not handle cases).
HANDLING_ROLES = frozenset(
    {Role.AGENT, Role.CLERK, Role.PRACTITIONER, Role.REVIEWER, Role.DISPATCHER}
)


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "web/403.html", {"message": message}, status=403)


def role_required(roles: Iterable[str] = STAFF_ROLES) -> Callable:
    """Anonymous users go to the login page; signed-in users of another role get a 403
    page in Chinese."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in allowed:
                return forbidden(request, _("您的账号角色无权使用此页面。"))
            if user.jurisdiction_path is None:
                return forbidden(
                    request, _("您的账号尚未设置所属单位或管辖区划，请联系系统管理员。")
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(STAFF_ROLES)
