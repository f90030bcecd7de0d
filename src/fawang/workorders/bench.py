"""``fawang bench intake``: work-order creation through the API under load, on PostgreSQL.

Starts ``fawang serve`` (waitress) on a free loopback port in a subprocess, runs 8
concurrent keep-alive clients for 20 s (``--seconds``) POSTing ``/api/v1/workorders`` with a
system token, then the same load against a bare Django view that inserts one row (served
from the same process through a bench-only URLconf). Prints orders/s, p50 and p99 latency
for both and the ratio, which is the figure that matters: what the whole intake path
(auth, throttle, validation, encryption, numbering, event, audit) costs over a bare insert.

Database: ``--database-url`` or ``FAWANG_BENCH_DATABASE_URL`` (default
``postgresql://postgres@127.0.0.1:5432/fawang_bench``); it is created and migrated.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings

from fawang.lib.bench import Emit, percentile

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/fawang_bench"
CLIENTS = 8
WARMUP_S = 2.0


def _ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit("intake 基准测试需要 PostgreSQL：请用 --database-url postgresql://…")
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare() -> str:
    """In the bench database: the real regions and a system token; returns the token."""
    from django.utils import timezone

    from fawang.accounts.models import Role, User
    from fawang.accounts.tokens import api_token_create
    from fawang.regions.models import Region
    from fawang.regions.services import regions_load_sichuan

    if not Region.objects.filter(code="510107").exists():
        regions_load_sichuan()
    user, _ = User.objects.get_or_create(
        username="bench_intake",
        defaults={"role": Role.DISPATCHER, "region": Region.objects.get(code="510000")},
    )
    _token, clear = api_token_create(user=user, name="bench intake", now=timezone.now())
    return clear


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("服务进程意外退出，见 var/bench_intake_server.log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("服务在规定时间内没有就绪")


def _body(rng: random.Random, i: int) -> bytes:
    return json.dumps(
        {
            "channel": "hotline",
            "service": "consultation",
            "category": rng.choice(["labour_wage", "marriage_family", "neighbour", "consumer"]),
            "region_code": rng.choice(["510107", "510104", "513401", "511702", "513226"]),
            "description": f"基准测试来电 {i}：老板拖欠工资，想咨询如何维权。",
            "party": {
                "name": "基准测试",
                "phone": f"13{rng.randint(0, 999999999):09d}",
                "id_number": "11010519491231002X",
            },
        },
        ensure_ascii=False,
    ).encode()


def _load(port: int, path: str, token: str, seconds: float) -> tuple[list[float], int, float]:
    """Run CLIENTS keep-alive clients for ``seconds``; latencies (ms) of 2xx answers,
    the number of failures and the measured wall time."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start_gate = threading.Barrier(CLIENTS + 1)
    stop_at = [0.0]
    measure_from = [0.0]

    def client(n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        mine: list[float] = []
        bad = 0
        i = 0
        start_gate.wait()
        while (now := time.perf_counter()) < stop_at[0]:
            i += 1
            try:
                conn.request("POST", path, body=_body(rng, i), headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = 200 <= resp.status < 300
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            took = (time.perf_counter() - now) * 1000
            if now >= measure_from[0]:
                if ok:
                    mine.append(took)
                else:
                    bad += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    begin = time.perf_counter()
    measure_from[0] = begin + WARMUP_S
    stop_at[0] = begin + WARMUP_S + seconds
    start_gate.wait()
    for t in threads:
        t.join()
    return latencies, errors[0], seconds


def intake(emit: Emit, options: dict[str, Any]) -> None:
    url = options.get("database_url") or os.environ.get("FAWANG_BENCH_DATABASE_URL") or DEFAULT_URL
    seconds = float(options.get("seconds") or 20)
    _ensure_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "fawang.workorders.bench_settings",
        "FAWANG_LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run(  # noqa: S603 - our own interpreter and command
        [python, "-m", "fawang.cli", "migrate", "--noinput", "-v", "0"], env=env, check=True
    )
    token = subprocess.run(  # noqa: S603
        [python, "-c", "import django; django.setup(); "
         "from fawang.workorders.bench import prepare; print(prepare())"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    port = _free_port()
    log_path = Path(settings.VAR_DIR) / "bench_intake_server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603
            [python, "-m", "fawang.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--threads", str(CLIENTS)],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait_ready(port, server)
            api, api_errors, api_s = _load(port, "/api/v1/workorders", token, seconds)
            bare, bare_errors, bare_s = _load(port, "/__bench__/bare", token, seconds)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    api_rate = len(api) / api_s
    bare_rate = len(bare) / bare_s
    emit("intake_orders_per_s", api_rate, "orders/s")
    emit("intake_p50_ms", percentile(api, 50), "ms")
    emit("intake_p99_ms", percentile(api, 99), "ms")
    emit("intake_errors", api_errors, "requests")
    emit("intake_bare_orders_per_s", bare_rate, "rows/s")
    emit("intake_bare_p50_ms", percentile(bare, 50), "ms")
    emit("intake_bare_p99_ms", percentile(bare, 99), "ms")
    emit("intake_bare_errors", bare_errors, "requests")
    emit("intake_ratio_to_bare", api_rate / bare_rate if bare_rate else float("nan"), "x")


BENCHMARKS = {"intake": intake}
