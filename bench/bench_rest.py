"""Throughput and latency of ``POST /v1/diagnose`` with the seed case, against the real server.

Starts ``ipsec-doctor serve`` on 127.0.0.1 with a throw-away SQLite database (or uses
``--url``/``--key``), creates a key, warms the workers up, then for each concurrency level
sends a fixed number of requests from that many client threads and prints requests/s and
p50/p99 latency. It stops by itself.

    uv run python bench/bench_rest.py [--workers 1] [--requests 200] [--levels 1,10,50]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED_CASE = ROOT / "cases" / "seed_ezvpn_aggressive_psk"
STARTUP_SECONDS = 60


@dataclass(frozen=True)
class Level:
    clients: int
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def seed_payload() -> dict:
    inputs = [
        {"name": p.name, "text": p.read_text()} for p in sorted(SEED_CASE.iterdir()) if p.suffix in (".txt", ".cfg")
    ]
    return {"inputs": inputs}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


@contextmanager
def local_server(workers: int) -> Iterator[tuple[str, str]]:
    """A fresh server on 127.0.0.1; yields its URL and an API key."""
    with tempfile.TemporaryDirectory(prefix="ipsec-doctor-bench-") as data:
        env = {
            **os.environ,
            "IPSEC_DOCTOR_DATABASE_URL": f"sqlite:///{data}/bench.sqlite3",
            "IPSEC_DOCTOR_LOG_LEVEL": "WARNING",
        }
        key = _cli(env, "keys", "create", "bench").strip().splitlines()[-1].split()[-1]
        port = _free_port()
        log_path = Path(data) / "server.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"

        def fail(why: str) -> SystemExit:
            return SystemExit(f"{why}; server log:\n{log_path.read_text()[-3000:]}")

        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                if process.poll() is not None:
                    raise fail("the server exited during start-up")
                try:
                    if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise fail("the server did not become ready")
                time.sleep(0.1)
            yield url, key
        finally:
            process.terminate()
            process.wait(timeout=30)


def run_level(url: str, key: str, payload: dict, clients: int, requests: int) -> Level:
    per_client = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(count: int) -> None:
        nonlocal errors
        mine: list[float] = []
        failed = 0
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=120) as http:
            start.wait()
            for _ in range(count):
                began = time.perf_counter()
                response = http.post("/v1/diagnose", json=payload)
                mine.append(time.perf_counter() - began)
                failed += response.status_code != 200
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client, args=(count,)) for count in per_client]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return Level(clients, requests, time.perf_counter() - began, latencies, errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (default: 1)")
    parser.add_argument("--requests", type=int, default=200, help="requests per concurrency level (default: 200)")
    parser.add_argument("--levels", default="1,10,50", help="concurrent clients, comma-separated (default: 1,10,50)")
    parser.add_argument("--url", help="bench a running server instead of starting one (needs --key)")
    parser.add_argument("--key", help="API key for --url")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    payload = seed_payload()

    @contextmanager
    def target() -> Iterator[tuple[str, str]]:
        if args.url:
            if not args.key:
                raise SystemExit("--url needs --key")
            yield args.url.rstrip("/"), args.key
        else:
            with local_server(args.workers) as started:
                yield started

    with target() as (url, key):
        # every worker thread builds its rule engine on first use: warm them up, unmeasured
        run_level(url, key, payload, clients=max(levels), requests=max(levels) * 2)
        size = len(httpx.Request("POST", url, json=payload).content)
        print(
            f"POST /v1/diagnose, seed case ({size} bytes), server {url}, "
            f"{'external' if args.url else f'{args.workers} worker(s)'}, {os.cpu_count()} CPUs"
        )
        print(f"{'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for clients in levels:
            level = run_level(url, key, payload, clients, max(args.requests, clients))
            print(
                f"{level.clients:>7} {level.requests:>8} {level.rate:>8.1f} "
                f"{level.percentile(50) * 1000:>8.1f} {level.percentile(99) * 1000:>8.1f} {level.errors:>6}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
