"""Helpers for paged lists."""

from __future__ import annotations

from django.http import HttpRequest


def query_without_page(request: HttpRequest) -> str:
    """The request's query string less ``page``: the filters that the page links and the
    export link carry on."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
