"""The legal-aid panel on the staff console's order page (one query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from fawang.legalaid.models import LegalAidCase
from fawang.legalaid.selectors import case_is_overdue
from fawang.workorders.models import Service, WorkOrder


def order_panels(request: HttpRequest, order: WorkOrder) -> list[str]:
    if order.service != Service.LEGAL_AID:
        return []
    case = LegalAidCase.objects.select_related("lawyer").filter(order_id=order.pk).first()
    if case is None:
        return []
    html = render_to_string(
        "legalaid/_console_panel.html",
        {"case": case, "order": order, "overdue": case_is_overdue(case, now=timezone.now())},
        request=request,
    )
    return [html]
