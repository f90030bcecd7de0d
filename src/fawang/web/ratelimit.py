"""Counting failed guesses in the Django cache (local memory, or Redis via REDIS_URL)."""

from __future__ import annotations

from django.core.cache import cache


class Limiter:
    """At most ``limit`` failures per ``window`` seconds for a key."""

    def __init__(self, name: str, *, limit: int, window: int) -> None:
        self.name, self.limit, self.window = name, limit, window

    def _key(self, key: str) -> str:
        return f"fawang:rl:{self.name}:{key}"

    def blocked(self, key: str) -> bool:
        return int(cache.get(self._key(key), 0)) >= self.limit

    def fail(self, key: str) -> int:
        k = self._key(key)
        if cache.add(k, 1, self.window):
            return 1
        try:
            return cache.incr(k)
        except ValueError:  # expired between add and incr
            cache.set(k, 1, self.window)
            return 1

    def reset(self, key: str) -> None:
        cache.delete(self._key(key))
