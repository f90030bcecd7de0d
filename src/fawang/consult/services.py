"""Consultation use cases shared by the API, the pages and the intake fragments."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from fawang.consult.answer import answer_question
from fawang.consult.classify import classify
from fawang.consult.index import StatuteIndex, index_or_start_build
from fawang.consult.text import has_chinese
from fawang.regions.models import Region

MAX_QUESTION = 2000
MAX_TEXT = 20000
MAX_K = 50
BUILDING_MESSAGE = "法条索引正在建立（首次使用约需半分钟），请稍后再试。"


class BadQuestion(ValueError):
    pass


def clean_question(text: str | None) -> str:
    question = re.sub(r"\s+", " ", text or "").strip()
    if not question:
        raise BadQuestion(_("请输入要咨询的问题。"))
    if len(question) > MAX_QUESTION:
        raise BadQuestion(
            _("问题过长（%(n)d 字），请精简到 %(max)d 字以内。")
            % {"n": len(question), "max": MAX_QUESTION}
        )
    return question


def ready_index() -> StatuteIndex | None:
    return index_or_start_build()


def notice_for(question: str) -> str:
    if not has_chinese(question):
        return _("目前只能检索中文法条，请用中文描述您的问题（例如：老板拖欠工资怎么办）。")
    return ""


def search_payload(index: StatuteIndex, question: str, k: int = 10) -> dict:
    hits = index.search(question, k)
    return {
        "query": question,
        "notice": notice_for(question),
        "count": len(hits),
        "results": [h.as_dict() for h in hits],
    }


def classify_payload(question: str) -> dict:
    return classify(question).as_dict()


def region_or_none(code: str | None) -> Region | None:
    if not code:
        return None
    return Region.objects.filter(code=code).first()


def answer_payload(
    index: StatuteIndex,
    question: str,
    *,
    region: Region | None = None,
    lng: float | None = None,
    lat: float | None = None,
) -> dict:
    return answer_question(question, index=index, region=region, lng=lng, lat=lat).as_dict()
