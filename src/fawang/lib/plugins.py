"""Find the optional per-app modules (``urls``, ``api``, ``bench``, ``demo``) of our apps.

Each bounded context contributes its own pages, API router, benchmarks and demo data by
having the module; nothing central lists them, so apps do not edit each other's files.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

from django.conf import settings


def fawang_apps() -> list[str]:
    return [app for app in settings.INSTALLED_APPS if app.startswith("fawang.")]


def app_modules(submodule: str) -> Iterator[tuple[str, ModuleType]]:
    """Yield ``(label, module)`` for each fawang app that has ``<app>.<submodule>``."""
    for app in fawang_apps():
        name = f"{app}.{submodule}"
        if importlib.util.find_spec(name) is not None:
            yield app.rsplit(".", 1)[-1], importlib.import_module(name)
