from fawang.legalaid.bench import BENCHMARKS


def test_the_benchmark_prints_the_rate_beside_its_baselines():
    lines = []
    BENCHMARKS["legalaid"](
        lambda name, value, unit: lines.append((name, value, unit)), {"rows": 300}
    )
    names = [n for n, _v, _u in lines]
    assert names[:3] == [
        "legalaid_eligibility_per_s",
        "legalaid_baseline_build_inputs_per_s",
        "legalaid_baseline_trivial_rule_per_s",
    ]
    assert all(v > 0 for _n, v, _u in lines)
