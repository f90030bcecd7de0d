"""A structured consultation answer, assembled deterministically from search and directory.

你的情况 (category, service path) → 相关法条 (the top articles, each citation verified) →
你可以怎么做 (path advice) → 去哪里办 (the nearest service point and institution).
An optional LLM draft is added only after its citations went through the same check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fawang.consult import llm
from fawang.consult.citations import check_citations
from fawang.consult.classify import Suggestion, classify
from fawang.consult.index import Hit, StatuteIndex
from fawang.consult.selectors import Place, where_to_go
from fawang.regions.models import Region


@dataclass
class Answer:
    question: str
    suggestion: Suggestion
    situation: str
    articles: list[dict[str, object]]
    actions: list[str]
    places: list[Place]
    draft: llm.Draft | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "classification": self.suggestion.as_dict(),
            "situation": self.situation,
            "articles": self.articles,
            "actions": self.actions,
            "where_to_go": [p.as_dict() for p in self.places],
            "draft": None
            if self.draft is None
            else {
                "text": self.draft.text,
                "model": self.draft.model,
                "citations": [c.as_dict() for c in self.draft.checks],
                "all_verified": self.draft.all_verified,
            },
            "notes": self.notes,
        }


def _articles(hits: list[Hit]) -> list[dict[str, object]]:
    """Hit dicts whose citation passed the check (a stale index could hold a dropped one)."""
    out = []
    for hit in hits:
        d = hit.as_dict()
        checks = check_citations(str(d["citation"]))
        if checks and checks[0].verified:
            d["citation_status"] = checks[0].as_dict()
            out.append(d)
    return out


def answer_question(
    question: str,
    *,
    index: StatuteIndex,
    k: int = 5,
    region: Region | None = None,
    lng: float | None = None,
    lat: float | None = None,
    use_llm: bool = True,
) -> Answer:
    suggestion = classify(question)
    articles = _articles(index.search(question, k))
    situation = _("您的问题属于「%(category)s」类事项，建议途径：%(paths)s。") % {
        "category": suggestion.category_label,
        "paths": "、".join(suggestion.path_labels),
    }
    if suggestion.legal_aid_likely:
        situation += _("从您的描述看，您可能符合法律援助条件。")
    notes = []
    if not articles:
        notes.append(_("没有找到直接相关的法条，建议拨打12348由值班律师解答。"))
    answer = Answer(
        question=question,
        suggestion=suggestion,
        situation=situation,
        articles=articles,
        actions=suggestion.advice,
        places=where_to_go(paths=suggestion.paths, region=region, lng=lng, lat=lat),
        notes=notes,
    )
    if use_llm and llm.enabled():
        answer.draft = llm.draft_answer(question, articles)
    return answer
