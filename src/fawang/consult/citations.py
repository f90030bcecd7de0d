"""Citation check: find every 《法律》第…条 in a text and verify it against the corpus.

Handles Chinese and Arabic numerals (第一千二百五十四条, 第1254条), 之一/之二 suffixes,
abbreviated names (《劳动合同法》 → 中华人民共和国劳动合同法, 《民诉法》), runs such as
《劳动合同法》第三十八条、第四十六条 (the second inherits the law), and the laws that the
Civil Code repealed on 2021-01-01 (《合同法》, 《婚姻法》 …), which are not in the corpus.

Each citation gets one status: ``current`` (现行有效), ``amended`` (the article is in a law
marked 已被修改, or only in an older version of a law that has a newer one), ``repealed``
(the law is repealed), ``missing`` (the law exists but has no such article) or
``unknown_law`` (no such law in the corpus).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fawang.consult import corpus

CURRENT, AMENDED, REPEALED, MISSING, UNKNOWN_LAW = (
    "current",
    "amended",
    "repealed",
    "missing",
    "unknown_law",
)
VERIFIED = frozenset({CURRENT, AMENDED})

_NUM = r"[0-9０-９零〇一二两三四五六七八九十百千]+"
_ARTICLE = rf"第\s*({_NUM})\s*条(?:\s*之\s*([一二三四五六七八九十]+))?"
CITATION_RE = re.compile(rf"《([^《》\n]{{2,60}})》\s*{_ARTICLE}")
CONTINUATION_RE = re.compile(
    rf"\s*(?:第[^，。；、《]{{1,8}}款)?\s*(?:[、，,和及与]|以及)\s*{_ARTICLE}"
)
_VERSION_NOTE_RE = re.compile(r"[（(][^（）()]*[）)]$")

# Common abbreviations that are not simply the name without 中华人民共和国.
ALIASES = {
    "民诉法": "中华人民共和国民事诉讼法",
    "刑诉法": "中华人民共和国刑事诉讼法",
    "行诉法": "中华人民共和国行政诉讼法",
    "消法": "中华人民共和国消费者权益保护法",
    "消保法": "中华人民共和国消费者权益保护法",
    "个保法": "中华人民共和国个人信息保护法",
    "道交法": "中华人民共和国道路交通安全法",
    "劳动法": "中华人民共和国劳动法",
    "劳合法": "中华人民共和国劳动合同法",
    "破产法": "中华人民共和国企业破产法",
    "网安法": "中华人民共和国网络安全法",
    "治安处罚法": "中华人民共和国治安管理处罚法",
    "法援法": "中华人民共和国法律援助法",
}

# Laws the Civil Code replaced (民法典第一千二百六十条): repealed on 2021-01-01, so they
# are not in the current-law corpus, yet people and models still cite them.
REPEALED_BY_CIVIL_CODE = {
    "中华人民共和国婚姻法",
    "中华人民共和国继承法",
    "中华人民共和国民法通则",
    "中华人民共和国收养法",
    "中华人民共和国担保法",
    "中华人民共和国合同法",
    "中华人民共和国物权法",
    "中华人民共和国侵权责任法",
    "中华人民共和国民法总则",
}


@dataclass(frozen=True)
class CitationCheck:
    raw: str
    law_as_written: str
    law: str | None
    number: int | None
    suffix: int
    status: str
    message: str
    article_id: int | None = None
    text: str = ""
    current_text: str = ""
    versions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def verified(self) -> bool:
        return self.status in VERIFIED

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict[str, object]:
        return {
            "citation": self.raw,
            "law": self.law or self.law_as_written,
            "article": self.number,
            "suffix": self.suffix,
            "status": self.status,
            "status_label": str(self.label),
            "verified": self.verified,
            "message": self.message,
            "text": self.text,
        }


STATUS_LABELS = {
    CURRENT: gettext_lazy("现行有效"),
    AMENDED: gettext_lazy("已修改"),
    REPEALED: gettext_lazy("已废止"),
    MISSING: gettext_lazy("无此条"),
    UNKNOWN_LAW: gettext_lazy("无此法律"),
}


def _normalise_digits(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


def _suffix_label(suffix: int) -> str:
    digits = "零一二三四五六七八九十"
    return f"之{digits[suffix]}" if 0 < suffix <= 10 else ""


def article_label(number: int, suffix: int = 0) -> str:
    return f"第{int_to_cn(number)}条{_suffix_label(suffix)}"


def int_to_cn(n: int) -> str:
    """1254 → 一千二百五十四; 10 → 十; 105 → 一百零五 (the way statutes number articles)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"
    parts: list[str] = []
    units = [(1000, "千"), (100, "百"), (10, "十")]
    rest = n
    zero = False
    for value, unit in units:
        d, rest = divmod(rest, value)
        if d:
            if zero:
                parts.append("零")
                zero = False
            if not (unit == "十" and d == 1 and not parts):
                parts.append(digits[d])
            parts.append(unit)
        elif parts:
            zero = True
    if rest:
        if zero:
            parts.append("零")
        parts.append(digits[rest])
    return "".join(parts)


@dataclass(frozen=True)
class _LawBook:
    names: frozenset[str]
    # law name → statuses of its versions, e.g. {"现行有效", "历史版本"}
    statuses: dict[str, frozenset[str]]
    by_short: dict[str, str]


@cache
def _law_book(db_path: Path) -> _LawBook:
    statuses: dict[str, set[str]] = {}
    for v in corpus.law_versions(db_path):
        statuses.setdefault(v.law_name, set()).add(v.status)
    by_short = {corpus.short_name(n): n for n in statuses}
    return _LawBook(frozenset(statuses), {k: frozenset(v) for k, v in statuses.items()}, by_short)


def resolve_law(name: str, db_path: Path | None = None) -> str | None:
    """A law's name as written (full, short, abbreviated) → its full name, or None."""
    db_path = db_path or corpus.default_db_path()
    book = _law_book(db_path)
    raw = re.sub(r"\s+", "", name or "").strip("《》")
    raw = _VERSION_NOTE_RE.sub("", raw)  # 《刑法（2020修正）》
    if not raw:
        return None
    for candidate in (raw, corpus.PRC + raw):
        if candidate in book.names or candidate in REPEALED_BY_CIVIL_CODE:
            return candidate
    if raw in ALIASES:
        return ALIASES[raw]
    short = raw.removeprefix(corpus.PRC)
    if short in book.by_short:
        return book.by_short[short]
    return None


def _verify(
    raw: str, law_written: str, number: int | None, suffix: int, db_path: Path
) -> CitationCheck:
    law = resolve_law(law_written, db_path)
    if law is None:
        return CitationCheck(
            raw, law_written, None, number, suffix, UNKNOWN_LAW,
            _("法规库中没有《%(law)s》，该引用无法核实。") % {"law": law_written},
        )  # fmt: skip
    label = article_label(number or 0, suffix)
    if law in REPEALED_BY_CIVIL_CODE:
        return CitationCheck(
            raw, law_written, law, number, suffix, REPEALED,
            _("《%(law)s》已于2021年1月1日民法典施行时废止，请改引民法典相应条文。")
            % {"law": corpus.short_name(law)},
        )  # fmt: skip
    if not number:
        return CitationCheck(raw, law_written, law, number, suffix, MISSING, _("条号无法识别。"))
    versions = corpus.articles_by_number(db_path, law, number, suffix)
    statuses = _law_book(db_path).statuses.get(law, frozenset())
    current = [a for a in versions if a.status == "现行有效"]
    amended = [a for a in versions if a.status == "已被修改"]
    older = [a for a in versions if a.status == "历史版本"]
    repealed = [a for a in versions if a.status == "已废止"]
    short = corpus.short_name(law)
    kinds = tuple(sorted({a.status for a in versions}))
    if current:
        a = current[0]
        return CitationCheck(
            raw, law_written, law, number, suffix, CURRENT,
            _("《%(law)s》%(article)s现行有效。") % {"law": short, "article": label},
            a.id, a.text, a.text, kinds,
        )  # fmt: skip
    if amended:
        a = amended[0]
        return CitationCheck(
            raw, law_written, law, number, suffix, AMENDED,
            _("《%(law)s》已被修改，%(article)s请以最新修正文本为准。")
            % {"law": short, "article": label},
            a.id, a.text, a.text, kinds,
        )  # fmt: skip
    if older and ("现行有效" in statuses or "已被修改" in statuses):
        a = older[0]
        return CitationCheck(
            raw, law_written, law, number, suffix, AMENDED,
            _("《%(law)s》%(article)s只见于旧版本，现行版本已无此条（已修改或重新编号）。")
            % {"law": short, "article": label},
            a.id, a.text, "", kinds,
        )  # fmt: skip
    if repealed or (statuses and statuses <= {"已废止", "历史版本"}):
        a = (repealed or older or [None])[0]
        return CitationCheck(
            raw, law_written, law, number, suffix, REPEALED,
            _("《%(law)s》已废止，%(article)s不再适用。") % {"law": short, "article": label},
            a.id if a else None, a.text if a else "", "", kinds,
        )  # fmt: skip
    return CitationCheck(
        raw, law_written, law, number, suffix, MISSING,
        _("《%(law)s》没有%(article)s，该引用可能是编造的。")
        % {"law": short, "article": label},
    )  # fmt: skip


def extract_citations(text: str) -> list[tuple[str, str, int | None, int]]:
    """(raw, law as written, article number, suffix) for each citation, in order, deduplicated."""
    found: list[tuple[str, str, int | None, int]] = []
    source = _normalise_digits(text or "")
    for m in CITATION_RE.finditer(source):
        law = m.group(1).strip()
        number = corpus.cn_to_int(m.group(2))
        suffix = corpus.cn_to_int(m.group(3)) or 0 if m.group(3) else 0
        found.append((m.group(0), law, number, suffix))
        end = m.end()
        while True:
            c = CONTINUATION_RE.match(source, end)
            if not c:
                break
            n = corpus.cn_to_int(c.group(1))
            s = corpus.cn_to_int(c.group(2)) or 0 if c.group(2) else 0
            found.append((f"《{law}》{c.group(0).lstrip('、，,和及与以 ')}", law, n, s))
            end = c.end()
    seen: set[tuple[str, int | None, int]] = set()
    unique = []
    for item in found:
        key = (item[1], item[2], item[3])
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def check_citations(text: str, *, db_path: Path | None = None) -> list[CitationCheck]:
    """Every 《…》第…条 in ``text`` with its status against the statute corpus."""
    db_path = db_path or corpus.default_db_path()
    return [
        _verify(raw, law, number, suffix, db_path)
        for raw, law, number, suffix in extract_citations(text)
    ]


def verify_citation(law: str, number: int, suffix: int = 0, *, db_path=None) -> CitationCheck:  # type: ignore[no-untyped-def]
    db_path = db_path or corpus.default_db_path()
    raw = f"《{law}》{article_label(number, suffix)}"
    return _verify(raw, law, number, suffix, db_path)
