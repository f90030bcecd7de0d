"""Demo step 10: the real province, cities and counties, then synthetic townships and
villages (named 演示…, flagged ``is_synthetic``) — about 10 per county and 10 per township."""

from __future__ import annotations

from fawang.lib.progress import progress_bar
from fawang.regions.models import Level, Region
from fawang.regions.services import regions_load_sichuan, regions_make_demo_townships

ORDER = 10


def load(*, rng, now, stdout, options) -> list[str]:  # type: ignore[no-untyped-def]
    real = regions_load_sichuan()
    counties = Region.objects.filter(level=Level.COUNTY).count()
    if Region.objects.filter(is_synthetic=True, level=Level.VILLAGE).exists():
        # Re-running the demo keeps the townships and villages other demo rows point to.
        synthetic = Region.objects.filter(is_synthetic=True).count()
    else:
        with progress_bar(counties, "乡镇和村（演示）") as bar:
            synthetic = regions_make_demo_townships(progress=bar.update)
    stdout.write(f"  区划：真实省市县 {real} 个，演示乡镇和村 {synthetic} 个")
    return []
