"""The legal-aid panel on the staff console's order page (one query): the case, and an
open objection with its deadline (overdue ones stand out)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from fawang.legalaid.models import LegalAidCase
from fawang.legalaid.selectors import case_is_overdue, open_objection_due
from fawang.workorders.models import Service, WorkOrder


def order_panels(request: HttpRequest, order: WorkOrder) -> list[str]:
    if order.service != Service.LEGAL_AID:
        return []
    case = (
        LegalAidCase.objects.select_related("lawyer")
        .annotate(objection_due=open_objection_due())
        .filter(order_id=order.pk)
        .first()
    )
    if case is None:
        return []
    now = timezone.now()
    html = render_to_string(
        "legalaid/_console_panel.html",
        {
            "case": case,
            "order": order,
            "overdue": case_is_overdue(case, now=now),
            "objection_overdue": case.objection_due is not None and case.objection_due < now,
        },
        request=request,
    )
    return [html]
