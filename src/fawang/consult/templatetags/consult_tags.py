from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape the article text and wrap the matched query terms in <mark>."""
    safe = str(escape(text or ""))
    words = sorted({t for t in terms or [] if t and re.fullmatch(r"\w+", t)}, key=len, reverse=True)
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words))
        safe = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", safe)
    return mark_safe(safe.replace("\n", "<br>"))  # noqa: S308 - escaped above
