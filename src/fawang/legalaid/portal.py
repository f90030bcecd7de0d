"""The legal-aid panel of the citizen's tracking page: where the case stands and, against
a refusal or a termination, the objection form (art. 49) — or what became of it."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from fawang.accounts.models import User
from fawang.legalaid import documents
from fawang.legalaid.authority import bureau_name, bureau_region
from fawang.legalaid.forms import ObjectionForm
from fawang.legalaid.models import LegalAidCase, Objection
from fawang.legalaid.objections import may_object, objectable_decision
from fawang.workorders.models import Service, WorkOrder


def track_panels(request: HttpRequest, order: WorkOrder) -> list[str]:
    if order.service != Service.LEGAL_AID:
        return []
    case = LegalAidCase.objects.filter(order_id=order.pk).first()
    if case is None:
        return []
    case.order = order
    # Few per case (one per decision): all of them, the latest shown.
    objections = list(
        Objection.objects.select_related("bureau_region")
        .filter(case=case)
        .order_by("filed_at", "id")
    )
    latest = objections[-1] if objections else None
    decision = objectable_decision(case)
    can_object = may_object(decision, objections)
    bureau = ""
    if can_object:
        by = User.objects.select_related("institution__region").filter(pk=decision[3]).first()
        bureau = bureau_name(bureau_region(case, by))
    html = render_to_string(
        "legalaid/_track_panel.html",
        {
            "case": case,
            "order": order,
            "objection": latest,
            "objection_bureau": bureau_name(latest.bureau_region) if latest else "",
            "remedies": documents.remedies_notice(latest.bureau_region.name) if latest else "",
            "can_object": can_object,
            "against": Objection.Against(decision[0]).label if decision else "",
            "bureau": bureau,
            "form": ObjectionForm(),
        },
        request=request,
    )
    return [html]
