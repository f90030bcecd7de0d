"""Optional LLM backend that drafts consultation prose (off unless FAWANG_LLM_URL is set).

OpenAI-compatible ``POST {FAWANG_LLM_URL}/chat/completions``. The model sees the question
and the articles our search found; whatever it writes, every 《…》第…条 in it is checked
against the corpus (``citations.check_citations``) before anyone sees it, and citations
that do not verify are marked in the text.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from fawang.consult.citations import CitationCheck, check_citations

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 20

SYSTEM_PROMPT = (
    "你是四川12348公共法律服务热线的法律咨询助手。请用通俗的中文回答群众的问题，"
    "只引用下面给出的法条，引用格式为《法律简称》第X条，不要编造法条。"
    "回答分三部分：你的情况、法律怎么规定、你可以怎么做。不超过400字。"
)


@dataclass(frozen=True)
class Draft:
    text: str
    checks: list[CitationCheck]
    model: str

    @property
    def all_verified(self) -> bool:
        return all(c.verified for c in self.checks)


def enabled() -> bool:
    return bool(getattr(settings, "FAWANG_LLM_URL", ""))


def _mark_unverified(text: str, checks: list[CitationCheck]) -> str:
    for check in checks:
        if not check.verified and check.raw in text:
            text = text.replace(check.raw, f"{check.raw}〔未通过核验：{check.label}〕")
    return text


def draft_answer(question: str, articles: list[dict[str, object]]) -> Draft | None:
    """Ask the configured model for prose; None when off or when the backend fails."""
    if not enabled():
        return None
    url = settings.FAWANG_LLM_URL.rstrip("/") + "/chat/completions"
    context = "\n".join(f"{a['citation']}：{a['text']}" for a in articles)
    body = {
        "model": settings.FAWANG_LLM_MODEL or "default",
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"相关法条：\n{context}\n\n群众的问题：{question}"},
        ],
        "temperature": 0.2,
    }
    request = urllib.request.Request(  # noqa: S310 - operator-configured http(s) URL
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            payload = json.loads(response.read().decode("utf-8"))
        text = payload["choices"][0]["message"]["content"].strip()
    except (urllib.error.URLError, TimeoutError, ValueError, KeyError, IndexError) as exc:
        log.warning("LLM backend unavailable: %s", type(exc).__name__)
        return None
    checks = check_citations(text)
    return Draft(_mark_unverified(text, checks), checks, body["model"])
