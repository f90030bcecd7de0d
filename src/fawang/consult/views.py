"""Public consultation pages: statute search with a structured answer, citation check, and
the HTML fragment that the hotline and window intake pages embed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from fawang.consult import services
from fawang.consult.answer import answer_question
from fawang.consult.citations import check_citations
from fawang.regions.models import Level, Region


def _counties() -> list[Region]:
    return list(Region.objects.filter(level=Level.COUNTY).only("code", "name").order_by("code"))


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    context: dict[str, object] = {"q": raw, "counties": _counties(), "region_code": ""}
    status = 200
    if "q" in request.GET:
        try:
            question = services.clean_question(raw)
        except services.BadQuestion as exc:
            context["error"] = str(exc)
            status = 400
        else:
            index = services.ready_index()
            if index is None:
                context["error"] = services.BUILDING_MESSAGE
                status = 503
            else:
                code = request.GET.get("region", "")
                region = services.region_or_none(code) or getattr(request.user, "region", None)
                context["region_code"] = code
                context["answer"] = answer_question(question, index=index, region=region)
                context["notice"] = services.notice_for(question)
    return render(request, "consult/search.html", context, status=status)


@require_GET
def fragment(request: HttpRequest) -> HttpResponse:
    """Results only (no page chrome), for ``{% include "consult/_search_widget.html" %}``."""
    context: dict[str, object] = {"q": request.GET.get("q", "")}
    try:
        question = services.clean_question(context["q"])  # type: ignore[arg-type]
    except services.BadQuestion as exc:
        context["error"] = str(exc)
        return render(request, "consult/_results.html", context, status=400)
    index = services.ready_index()
    if index is None:
        context["error"] = services.BUILDING_MESSAGE
        return render(request, "consult/_results.html", context, status=503)
    try:
        k = max(1, min(int(request.GET.get("k", 5)), services.MAX_K))
    except ValueError:
        k = 5
    context["hits"] = [h.as_dict() for h in index.search(question, k)]
    context["suggestion"] = services.classify(question)
    context["notice"] = services.notice_for(question)
    return render(request, "consult/_results.html", context)


@require_http_methods(["GET", "POST"])
def citations_page(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("text", "") if request.method == "POST" else ""
    context: dict[str, object] = {"text": text}
    status = 200
    if request.method == "POST":
        if not text.strip():
            context["error"] = "请粘贴要核验的文字。"
            status = 400
        elif len(text) > services.MAX_TEXT:
            context["error"] = f"文字过长，请分段核验（每次最多 {services.MAX_TEXT} 字）。"
            status = 400
        else:
            context["checks"] = check_citations(text)
            context["checked"] = True
    return render(request, "consult/citations.html", context, status=status)
