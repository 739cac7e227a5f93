"""The chat-agnostic summary: per-peer headline, top diagnoses by severity, fixes, link."""

from __future__ import annotations

from api.chat.summary import render_markdown, summarize
from tests.api.support import diagnosis, report


def test_top_diagnoses_are_ranked_by_severity_then_confidence() -> None:
    found = [
        diagnosis("note_a", "info", confidence=1.0),
        diagnosis("risk_b", "warning", confidence=0.9),
        diagnosis("fail_c", "error", confidence=0.5),
        diagnosis("fail_d", "error", confidence=0.8),
    ]
    summary = summarize(report(("10.0.0.1", "phase1_failed", found)), case_id=None, case_url=None, top=3)
    peer = summary.peers[0]
    assert [f.id for f in peer.top] == ["fail_d", "fail_c", "risk_b"]
    assert peer.more == 1
    assert peer.headline == "10.0.0.1: phase1 failed, reached MM2, tunnel-group L2L"


def test_markdown_has_headline_fix_lines_and_link_but_no_evidence() -> None:
    document = report(
        (
            "10.0.0.1",
            "phase1_failed",
            [
                diagnosis(
                    "psk_mismatch", fix=["tunnel-group 10.0.0.1 ipsec-attributes", " ikev1 pre-shared-key <new key>"]
                )
            ],
        ),
        findings=[diagnosis("crypto_map_incomplete", "warning", fix=["crypto map M 10 set peer 10.0.0.1"])],
    )
    text = render_markdown(summarize(document, case_id="c" * 32, case_url="https://d.example/v1/cases/" + "c" * 32))
    assert "[" + "c" * 32 + "](https://d.example/v1/cases/" + "c" * 32 + ")" in text
    assert "**10.0.0.1: phase1 failed, reached MM2, tunnel-group L2L**" in text
    assert "  tunnel-group 10.0.0.1 ipsec-attributes" in text
    assert "Configuration findings" in text and "crypto map M 10 set peer 10.0.0.1" in text
    assert "evidence line" not in text and "why psk_mismatch" not in text


def test_no_sessions_says_so() -> None:
    summary = summarize(report(), case_id=None, case_url=None)
    assert summary.headline == "No IKE negotiation found in the input."
    assert "No IKE negotiation found" in render_markdown(summary)
