"""Who is calling the JSON API: a system with a bearer token, a signed-in member of staff
(Django session; unsafe methods need the CSRF token), or an anonymous member of the public.

Endpoints list ``CALLERS`` (anyone, public endpoints) or ``STAFF`` (staff only) as their
``auth``; ``request.auth`` is then a ``User`` or ``ANONYMOUS``. Throttles key on it.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle
from ninja.utils import check_csrf

from fawang.accounts.models import User
from fawang.accounts.tokens import api_token_authenticate


class _Anonymous:
    """A truthy stand-in for an unauthenticated caller of a public endpoint."""

    is_authenticated = False
    pk = None

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "ANONYMOUS"


ANONYMOUS = _Anonymous()


class TokenAuth(HttpBearer):
    """``Authorization: Bearer fw_…`` — a token created by ``fawang api_token create``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(key=token.strip(), now=timezone.now())
        if user is not None:
            request.user = user
        return user


class StaffSessionAuth(APIKeyCookie):
    """The Django session of a signed-in user. Unlike ninja's SessionAuth, the CSRF check
    runs only when there is a signed-in user, so anonymous public calls need no token;
    a signed-in browser must send X-CSRFToken on POST like every form of the site."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, _("缺少或错误的 CSRF 令牌。"))
        return request.COOKIES.get(self.param_name) or "session"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if key else None


def anonymous(request: HttpRequest) -> _Anonymous:
    return ANONYMOUS


def caller_user(request: HttpRequest) -> User | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else None


CALLERS = [TokenAuth(), StaffSessionAuth(), anonymous]
STAFF = [TokenAuth(), StaffSessionAuth()]


class _WindowThrottle(BaseThrottle):
    """A fixed-window counter in the Django cache (``add`` + ``incr``: atomic on Redis and
    in local memory), so it is safe with the threads of one server and across servers
    sharing Redis. The rate is read from settings on every call ("N/s|m|h|d" or "off")."""

    scope = ""
    setting = ""
    default = ""
    _PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

    def __init__(self) -> None:
        self._local = threading.local()

    def rate(self) -> tuple[int, int] | None:
        raw = str(getattr(settings, self.setting, self.default) or "").strip()
        if raw in ("", "off"):
            return None
        count, _sep, unit = raw.partition("/")
        try:
            return int(count), self._PERIODS[unit.strip()[:1]]
        except (ValueError, KeyError):
            raise ImproperlyConfigured(f"{self.setting} must be like 30/m or off") from None

    def ident(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def get_ident(self, request: HttpRequest) -> str | None:
        """The client address. X-Forwarded-For is trusted only when NINJA_NUM_PROXIES says
        how many proxies stand in front; otherwise any caller could forge it to escape."""
        if getattr(settings, "NINJA_NUM_PROXIES", None) is None:
            return request.META.get("REMOTE_ADDR")
        return super().get_ident(request)

    def allow_request(self, request: HttpRequest) -> bool:
        rate = self.rate()
        ident = self.ident(request) if rate else None
        if rate is None or ident is None:
            return True
        limit, period = rate
        now = time.time()
        window = int(now // period)
        key = f"fw:throttle:{self.scope}:{ident}:{window}"
        cache.add(key, 0, period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, period + 1)
            count = 1
        self._local.wait = (window + 1) * period - now
        return count <= limit

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class AnonymousThrottle(_WindowThrottle):
    """Anonymous callers, per client address (``FAWANG_API_ANON_RATE``, default 30/m)."""

    scope = "anon"
    setting = "FAWANG_API_ANON_RATE"
    default = "30/m"

    def ident(self, request: HttpRequest) -> str | None:
        if caller_user(request) is not None:
            return None
        return self.get_ident(request)


class CallerThrottle(_WindowThrottle):
    """Staff and systems, per account (``FAWANG_API_AUTH_RATE``, default 6000/m)."""

    scope = "auth"
    setting = "FAWANG_API_AUTH_RATE"
    default = "6000/m"

    def ident(self, request: HttpRequest) -> str | None:
        user = caller_user(request)
        return str(user.pk) if user is not None else None


def throttles() -> list[BaseThrottle]:
    return [AnonymousThrottle(), CallerThrottle()]
