"""Core pipeline benchmark (run by hand: ``uv run python bench/bench_core.py``).

1. Seed case in-process after warm-up: median / p90 of ``diagnose()`` (target <= 20 ms).
2. Throughput on a generated >= 10 MB syslog of many varied sessions (target >= 2 MB/s),
   and peak memory (tracemalloc) of that run.
3. Linearity: time at 1x, 2x and 4x of a 2.5 MB slice.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.diagnose import diagnose  # noqa: E402
from engine.knowledge import RulePackEngine  # noqa: E402
from tests.casefiles import CASES_DIR, case_dirs, load_case, to_syslog  # noqa: E402


def seed_latency(engine: RulePackEngine, runs: int) -> tuple[float, float]:
    case = load_case(CASES_DIR / "seed_ezvpn_aggressive_psk")
    for _ in range(20):
        diagnose(case.inputs, engine=engine)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        diagnose(case.inputs, engine=engine)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9)]


def many_sessions_log(target_bytes: int, seed: int = 7) -> str:
    """Every case's log (syslog form), each copy with its peers re-addressed (the peers
    its expected.toml names, plus the seed client's assigned address) so that each copy
    is a set of new sessions."""
    rng = random.Random(seed)
    templates = []
    for path in case_dirs():
        case = load_case(path)
        peers = sorted({s["peer"] for s in case.expected.get("session", [])} | {"192.168.1.100"})
        for item in case.inputs:
            if "IKEv1" in item.text or "%ASA-" in item.text:
                templates.append((to_syslog(item.text), peers))
    chunks, size, copy = [], 0, 0
    while size < target_bytes:
        copy += 1
        text, peers = rng.choice(templates)
        for n, peer in enumerate(peers):
            octet2, rest = divmod(copy * len(peers) + n, 62500)
            octet3, octet4 = divmod(rest, 250)
            text = text.replace(peer, f"{10 + octet2 % 200}.{octet3}.{octet4 + 1}.{7 + n}")
        chunks.append(text)
        size += len(text)
    return "\n".join(chunks)


def throughput(engine: RulePackEngine, text: str) -> tuple[float, float, int]:
    from grammar.inputs import InputText

    tracemalloc.start()
    start = time.perf_counter()
    report = diagnose([InputText("big.log", text)], engine=engine)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1e6, len(report.sessions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0, help="size of the generated log (MB)")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    engine = RulePackEngine()
    median, p90 = seed_latency(engine, args.runs)
    print(f"seed case: median {median:.2f} ms, p90 {p90:.2f} ms over {args.runs} runs")

    from grammar.inputs import InputText

    text = many_sessions_log(int(args.mb * 1e6))
    mb = len(text.encode()) / 1e6
    start = time.perf_counter()
    diagnose([InputText("big.log", text)], engine=engine)
    elapsed_plain = time.perf_counter() - start
    elapsed, peak, sessions = throughput(engine, text)
    print(f"big log: {mb:.1f} MB, {sessions} sessions, {elapsed_plain:.2f} s -> {mb / elapsed_plain:.2f} MB/s; "
          f"peak traced memory {peak:.0f} MB (tracemalloc run took {elapsed:.2f} s)")

    base = text[: 2_500_000]
    for factor in (1, 2, 4):
        sample = "\n".join([base] * factor)
        start = time.perf_counter()
        diagnose([InputText("lin.log", sample)], engine=engine)
        took = time.perf_counter() - start
        print(f"linearity x{factor}: {len(sample) / 1e6:.1f} MB in {took:.2f} s ({len(sample) / 1e6 / took:.2f} MB/s)")


if __name__ == "__main__":
    main()
