"""``fawang bench legalaid``: how many eligibility assessments a second the engine makes,
beside two baselines from the same run — building the input objects alone, and a trivial
rule (income per head against the standard, nothing else)."""

from __future__ import annotations

import random
import time
from decimal import Decimal
from typing import Any

from fawang.legalaid.eligibility import MIX_FOR_BENCH, Application, Standard, assess
from fawang.lib.bench import Emit

N = 20000


def _inputs(rng: random.Random, n: int) -> list[Application]:
    return [
        Application(
            matter=matter,
            circumstances=frozenset(circ),
            household_size=rng.randrange(1, 7),
            monthly_income=Decimal(rng.randrange(0, 20000)),
            assets=Decimal(rng.randrange(0, 200000)),
        )
        for matter, circ in (rng.choice(MIX_FOR_BENCH) for _ in range(n))
    ]


def run(emit: Emit, options: dict[str, Any]) -> None:
    n = int(options.get("rows") or N)
    rng = random.Random(7)
    std = Standard(
        income_per_head=Decimal(2000),
        assets_limit=Decimal(120000),
        region_name="成都市",
        effective_from="2024-01-01",
        source="bench",
        is_demo=True,
    )
    t0 = time.perf_counter()
    apps = _inputs(rng, n)
    build = time.perf_counter() - t0

    t0 = time.perf_counter()
    trivial = [a.monthly_income / max(a.household_size, 1) <= std.income_per_head for a in apps]
    trivial_s = time.perf_counter() - t0

    assess(apps[0], std)  # warm the statute cache and translations
    t0 = time.perf_counter()
    results = [assess(a, std) for a in apps]
    engine_s = time.perf_counter() - t0
    assert len(results) == len(trivial) == n

    emit("legalaid_eligibility_per_s", n / engine_s, "assessments/s")
    emit("legalaid_baseline_build_inputs_per_s", n / build, "inputs/s")
    emit("legalaid_baseline_trivial_rule_per_s", n / trivial_s, "decisions/s")
    granted = sum(1 for r in results if r.outcome == "grant")
    emit("legalaid_granted_share", granted / n, "ratio")


BENCHMARKS = {"legalaid": run}
