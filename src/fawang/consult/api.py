"""Statute search API: /api/v1/statutes/… (search, classify, citation check, answer)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from fawang.consult import services
from fawang.consult.citations import check_citations

PREFIX = "statutes"
router = Router(tags=["statutes 法条检索"])


class SearchParams(Schema):
    q: str = ""
    k: int = 10


class CitationIn(Schema):
    text: str


class AnswerIn(Schema):
    question: str
    region: str | None = None
    lng: float | None = None
    lat: float | None = None


def _question(text: str) -> str:
    try:
        return services.clean_question(text)
    except services.BadQuestion as exc:
        raise HttpError(400, str(exc)) from exc


def _index():  # type: ignore[no-untyped-def]
    index = services.ready_index()
    if index is None:
        raise HttpError(503, services.BUILDING_MESSAGE)
    return index


@router.get("/search")
def search(request: HttpRequest, params: Query[SearchParams]) -> dict:
    """Articles for a question, best first: law, article number, text, highlighted terms."""
    question = _question(params.q)
    if not 1 <= params.k <= services.MAX_K:
        raise HttpError(400, f"k 须在 1 到 {services.MAX_K} 之间")
    return services.search_payload(_index(), question, params.k)


@router.get("/classify")
def classify(request: HttpRequest, q: str = "") -> dict:
    """The work-order category and the suggested service path for a question."""
    return services.classify_payload(_question(q))


@router.post("/citations/check")
def citations_check(request: HttpRequest, payload: CitationIn) -> dict:
    """Every 《…》第…条 in the text with its status: current, amended, repealed, missing."""
    if len(payload.text) > services.MAX_TEXT:
        raise HttpError(400, f"文本过长（最多 {services.MAX_TEXT} 字）")
    checks = check_citations(payload.text)
    return {
        "total": len(checks),
        "verified": sum(c.verified for c in checks),
        "citations": [c.as_dict() for c in checks],
    }


@router.post("/answer")
def answer(request: HttpRequest, payload: AnswerIn) -> dict:
    """A structured answer: situation → articles → what you can do → where to go."""
    question = _question(payload.question)
    region = services.region_or_none(payload.region)
    return services.answer_payload(
        _index(), question, region=region, lng=payload.lng, lat=payload.lat
    )
