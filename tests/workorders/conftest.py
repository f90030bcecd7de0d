import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles():  # type: ignore[no-untyped-def]
    """API throttles count in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()
