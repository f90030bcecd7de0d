"""Small template helpers of the portal and console."""

from __future__ import annotations

from django import template

from fawang.accounts.models import STAFF_ROLES, Role
from fawang.workorders.models import Status

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """The Chinese label of a work-order status code."""
    return str(Status(value).label) if value in Status.values else value


@register.simple_tag(takes_context=True)
def staff_links(context) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The console links the signed-in user's role may use: (url name, label)."""
    from django.utils.translation import gettext as _

    user = context.get("user")
    if user is None or not user.is_authenticated or user.role not in STAFF_ROLES:
        return []
    links = [("console_queue", _("工单队列"))]
    if user.role == Role.AGENT:
        links.append(("console_hotline", _("来电登记")))
    if user.role == Role.CLERK:
        links.append(("console_walkin", _("窗口登记")))
    if user.role in (Role.REVIEWER, Role.BUREAU):
        links.append(("legalaid:cases", _("法律援助案件")))
    if user.role == Role.BUREAU:
        links.append(("legalaid:objections", _("法律援助异议")))
    return links
