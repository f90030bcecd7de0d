"""Conflict of interest: a lawyer may not act against a client of theirs or of their firm."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def party_key(name: str) -> str:
    """A comparable form of a person's or company's name: NFKC (full-width brackets and
    letters to half-width), no spaces, lower case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or "")).lower()
