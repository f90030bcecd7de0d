"""Settings for ``fawang bench intake`` only: the normal settings plus a URLconf with a
bare one-row-insert view as the baseline, and the per-account throttle set high enough
not to limit the load (its bookkeeping still runs). Never used outside the benchmark."""

from fawang.settings import *  # noqa: F403

ROOT_URLCONF = "fawang.workorders.bench_urls"
FAWANG_API_AUTH_RATE = "100000000/m"
