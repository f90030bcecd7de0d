"""System checks of the dispatch context's configuration."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def auto_route_channels_check(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    """``FAWANG_AUTO_ROUTE_CHANNELS`` may only name intake channels."""
    from fawang.workorders.models import Channel

    unknown = sorted(set(settings.FAWANG_AUTO_ROUTE_CHANNELS) - set(Channel.values))
    if not unknown:
        return []
    return [
        Error(
            f"FAWANG_AUTO_ROUTE_CHANNELS: unknown channel(s) {unknown}",
            hint="use " + ", ".join(Channel.values),
            id="fawang.E001",
        )
    ]
