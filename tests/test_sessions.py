"""Grouping events into sessions: per peer, per IKE SA, attachment of peer-less lines."""

from __future__ import annotations

from engine.diagnose import diagnose
from engine.knowledge import RulePackEngine
from engine.sessions import SessionTracker, client_identity_from_notify
from grammar.debug import parse_log
from grammar.inputs import InputText
from tests.casefiles import CASES_DIR

ENGINE = RulePackEngine()
SEED_DEBUG = (CASES_DIR / "seed_ezvpn_aggressive_psk" / "debug.txt").read_text()


def sessions_of(text: str):
    tracker = SessionTracker()
    parse_log("log", text, on_event=tracker.add)
    return tracker.finish()


def test_seed_is_one_session_with_every_milestone_and_identity():
    (session,) = sessions_of(SEED_DEBUG)
    assert (session.peer, session.role, session.exchange, session.outcome) == (
        "10.48.66.23", "responder", "aggressive", "established")
    assert session.ordered_reached() == ["AM1", "AM2", "AM3", "XAUTH", "MODE_CFG", "QM1", "QM2", "QM3"]
    assert session.assigned_address == "192.168.1.100"
    assert session.spis == {"d6602721", "8c52372d"}
    assert session.client["serial"] == "FHK094412Q6"
    # "Inconsistent PSK hash size" names the client's assigned address, not its public one
    assert any(e.kind == "psk_hash_inconsistent" and e.peer == "192.168.1.100" for e in session.events)


def test_a_second_negotiation_with_the_same_peer_is_a_second_ike_sa():
    report = diagnose([InputText("log", SEED_DEBUG + "\n" + SEED_DEBUG)], engine=ENGINE)
    assert [(s.peer, s.ike_sa, s.outcome) for s in report.sessions] == [
        ("10.48.66.23", "10.48.66.23#1", "established"), ("10.48.66.23", "10.48.66.23#2", "established")]


def test_ipsec_blocks_attach_by_spi_across_interleaved_peers():
    text = "\n".join([
        "[IKEv1]: Group = EZ, Username = a, IP = 10.0.0.1, IKE: requesting SPI!",
        "IPSEC: New embryonic SA created @ 0x1,",
        "    Direction: inbound",
        "    SPI : 0xAAAA0001",
        "[IKEv1]: IP = 10.0.0.2, IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR + SA (1) + NONE (0) "
        "total length : 100",
        "[IKEv1 DEBUG]: Group = EZ, Username = a, IP = 10.0.0.1, IKE got SPI from key engine: SPI = 0xaaaa0001",
        "IPSEC: Creating outbound VPN context, SPI 0xAAAA0001",
        "    Flags: 0x00000005",
    ])
    by_peer = {s.peer: s for s in sessions_of(text)}
    assert set(by_peer) == {"10.0.0.1", "10.0.0.2"}
    kinds = {e.kind for e in by_peer["10.0.0.1"].events}
    assert {"ipsec_embryonic_sa", "got_spi"} <= kinds
    assert not any(e.kind.startswith("ipsec") for e in by_peer["10.0.0.2"].events)


def test_unrelated_traffic_syslog_opens_no_session():
    text = ("%ASA-6-302015: Built inbound UDP connection 1 for outside:8.8.8.8/53 (8.8.8.8/53) to "
            "inside:10.1.1.1/5353 (10.1.1.1/5353)\n")
    assert sessions_of(text) == []


def test_client_identity_tlvs_tolerate_truncation():
    data = b"\x00\x00\x00\x00u4\x00\x0bbsns-871-3.u2\x00\x09Cisco 871u5\x00\x0bFHK0944"
    assert client_identity_from_notify(data) == {"hostname": "bsns-871-3", "model": "Cisco 871"}


def test_quick_mode_started_by_the_phase1_responder():
    # An ASA that answered phase 1 may start phase 2 itself: its own first QM message is QM1.
    text = "\n".join([
        "[IKEv1]: IP = 10.0.0.5, IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR + SA (1) + NONE (0) "
        "total length : 100",
        "[IKEv1]: IP = 10.0.0.5, IKE_DECODE SENDING Message (msgid=0) with payloads : HDR + SA (1) + NONE (0) "
        "total length : 100",
        "[IKEv1]: Group = 10.0.0.5, IP = 10.0.0.5, PHASE 1 COMPLETED",
        "[IKEv1]: IP = 10.0.0.5, IKE_DECODE SENDING Message (msgid=1a2b3c4d) with payloads : HDR + HASH (8) + "
        "SA (1) + NONCE (10) + ID (5) + ID (5) + NONE (0) total length : 200",
        "[IKEv1]: IP = 10.0.0.5, IKE_DECODE RECEIVED Message (msgid=1a2b3c4d) with payloads : HDR + HASH (8) + "
        "SA (1) + NONCE (10) + ID (5) + ID (5) + NONE (0) total length : 200",
        "[IKEv1]: IP = 10.0.0.5, IKE_DECODE SENDING Message (msgid=1a2b3c4d) with payloads : HDR + HASH (8) + "
        "NONE (0) total length : 52",
    ])
    (session,) = sessions_of(text)
    assert session.role == "responder"
    assert [m for m in session.ordered_reached() if m.startswith("QM")] == ["QM1", "QM2", "QM3"]
