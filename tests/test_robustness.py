"""No input may crash the pipeline: random text and bytes, truncated, shuffled and
duplicated real logs. Unusable input raises only ``UnusableInput`` (one-line reason)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.diagnose import diagnose
from engine.knowledge import RulePackEngine
from grammar.inputs import InputText, UnusableInput
from tests.casefiles import CASES_DIR, case_dirs, load_case

ENGINE = RulePackEngine()
SEED = load_case(CASES_DIR / "seed_ezvpn_aggressive_psk")
SEED_DEBUG = next(i for i in SEED.inputs if i.name == "debug.txt").text
ALL_LOG_LINES = [line for path in case_dirs() for item in load_case(path).inputs
                 for line in item.text.splitlines() if "IKEv1" in line or "%ASA-" in line]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(*texts: str):
    try:
        report = diagnose([InputText(f"in{n}.txt", text) for n, text in enumerate(texts)], engine=ENGINE)
    except UnusableInput as exc:
        assert "\n" not in str(exc)
        return None
    for summary in report.inputs:
        assert summary.recognized + summary.unrecognized_count <= summary.lines
    report.to_dict()
    return report


@SETTINGS
@given(st.text(max_size=3000))
def test_random_text(text):
    run(text)


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    try:
        item = InputText.from_bytes("blob", data)
    except UnusableInput as exc:
        assert "\n" not in str(exc)
        return
    run(item.text)


@SETTINGS
@given(st.integers(min_value=0, max_value=len(SEED_DEBUG)))
def test_truncated_seed(cut):
    run(SEED_DEBUG[:cut] or "x")


@SETTINGS
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=3))
def test_shuffled_and_duplicated_real_lines(rng: random.Random, copies: int):
    lines = ALL_LOG_LINES * copies
    rng.shuffle(lines)
    run("\n".join(lines[:400]))


@SETTINGS
@given(st.lists(st.sampled_from(["[IKEv1]: ", "%ASA-7-713906: ", "IP = 1.2.3.4, ", "Group = ", "IKE_DECODE ",
                                 "(msgid=", ")", " + ", "HDR", "total length : ", "\n", "IPSEC: ", "SPI : 0x",
                                 "0000: ", "PHASE 1 COMPLETED", "Overriding Initiator's IPSec rekeying duration from ",
                                 "crypto map ", "tunnel-group ", " pre-shared-key ", "username x password "]),
                max_size=200))
def test_adversarial_fragments(parts):
    run("".join(parts) or "x")


def test_duplicated_seed_session_is_still_one_peer():
    report = run(SEED_DEBUG + "\n" + SEED_DEBUG)
    assert report is not None
    assert {s.peer for s in report.sessions} == {"10.48.66.23"}


def test_empty_and_binary_inputs_are_unusable():
    for data in (b"", b"   \n", b"\x00\x01\x02binary"):
        try:
            InputText.from_bytes("x", data)
        except UnusableInput:
            continue
        raise AssertionError(data)
