"""Headless Chromium for page tests: Debian's ``chromium`` driven by Playwright.

A test asks for the ``browser_page`` fixture and the ``live_server``; ``login_page(user)``
gives a page already signed in as that user. Without a browser the test skips with the
reason, except under CI=true, where it fails.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture
def browser_page(live_server):  # type: ignore[no-untyped-def]
    exe = find_chromium()
    if exe is None:
        reason = "no Chromium found (apt-get install chromium) for the page test"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + "; CI=true forbids skipping")
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a dev dependency
        pytest.skip("playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # ORM calls made while Playwright's loop ran may have opened a connection of
            # their own: close it, or it outlives the test database.
            connections.close_all()


def login(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    """Sign ``page`` in as ``user`` by planting a session cookie."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "domain": host,
                "path": "/",
            },
        ]
    )
