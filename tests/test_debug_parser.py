"""The log splitter and the message grammar (grammar/splitter.py, grammar/debug.py)."""

from __future__ import annotations

import pytest

from grammar import debug
from grammar.debug import hexdump_bytes, parse_log
from grammar.splitter import split_line
from tests.casefiles import CASES_DIR

SEED_DEBUG = (CASES_DIR / "seed_ezvpn_aggressive_psk" / "debug.txt").read_text()


def kinds(text: str) -> list[str]:
    return [event.kind for event in parse_log("t", text).events]


def only_event(text: str):
    events = parse_log("t", text).events
    assert len(events) == 1, [e.raw for e in events]
    return events[0]


def test_seed_every_line_recognised_and_messages_counted():
    result = parse_log("debug.txt", SEED_DEBUG)
    assert (result.lines, result.recognized, result.unrecognized_count) == (196, 196, 0)
    # collapsed lines hold many messages: far more events than lines with a prefix
    assert len(result.events) == 185


def test_console_and_syslog_prefix_on_one_message():
    segments = split_line("Oct 28 15:30:24 [IKEv1 DEBUG]%ASA-7-715046: Group = EZ, IP = 10.48.66.23, "
                          "constructing ke payload %ASA-7-715046: Group = EZ, IP = 10.48.66.23, constructing nonce payload")
    assert [s.prefix.form for s in segments] == ["console", "syslog"]
    assert segments[0].prefix.syslog_id == 715046 and segments[0].prefix.facility == "IKEv1 DEBUG"
    assert segments[1].body.endswith("constructing nonce payload")


def test_syslog_with_timestamp_and_host():
    event = only_event("Apr  7 13:08:35 asa1.pofp.internal %ASA-5-713119: Group = 22.22.22.22, "
                       "IP = 22.22.22.22, PHASE 1 COMPLETED")
    assert (event.kind, event.peer, event.group, event.syslog_id, event.level) == (
        "phase1_completed", "22.22.22.22", "22.22.22.22", 713119, 5)
    assert event.timestamp == "Apr  7 13:08:35"


def test_number_before_syslog_prefix_stays_in_previous_message():
    events = parse_log("t", "%ASA-7-713236: IP = 10.1.1.1, IKE_DECODE RECEIVED Message (msgid=0) with payloads : "
                            "HDR + SA (1) + NONE (0) total length : 1134 %ASA-7-715047: IP = 10.1.1.1, "
                            "processing SA payload").events
    assert events[0].fields["length"] == 1134
    assert events[1].text == "IP = 10.1.1.1, processing SA payload"


def test_wrapped_message_is_joined():
    text = ("Oct 28 15:30:24 [IKEv1]: IP = 10.48.66.23, IKE_DECODE SENDING Message\n"
            "(msgid=8bd3cce6) with payloads : HDR + HASH (8) + SA (1) + NONCE (10) +\n"
            "ID (5) + ID (5) + NOTIFY (11) + NONE (0) total length : 196\n")
    result = parse_log("t", text)
    assert result.recognized == 3 and result.unrecognized_count == 0
    (event,) = result.events
    assert event.kind == "ike_decode" and event.end_line == 3
    assert event.fields["payloads"] == ["HDR", "HASH", "SA", "NONCE", "ID", "ID", "NOTIFY", "NONE"]


def test_wrapped_lifetime_override():
    event = only_event("Oct 28 15:30:24 [IKEv1]: Group = EZ, Username = cisco, IP = 10.48.66.23, Overriding "
                       "Initiator's IPSec rekeying duration from 2147483\nto 28800 seconds\n")
    assert event.kind == "lifetime_override"
    assert (event.fields["proposed"], event.fields["kept"]) == (2147483, 28800)


def test_unknown_lines_are_reported_not_dropped():
    text = ("Relevant configuration:\n"
            "Oct 28 15:30:24 [IKEv1]: IP = 10.48.66.23, PHASE 1 COMPLETED\n"
            "some prose the engineer pasted\n")
    result = parse_log("t", text)
    assert result.unrecognized_count == 2
    assert [line for line, _ in result.unrecognized] == [1, 3]
    assert result.recognized == 1


def test_ipsec_block_fields_attach_and_spi_is_read():
    text = ("IPSEC: New embryonic SA created @ 0x5416EBD0,\n    SCB: 0x53707C08,\n    Direction: inbound\n"
            "    SPI : 0xD6602721\n    Session ID: 0x00067000\n    Tunnel type: ra\n    Protocol : esp\n")
    event = only_event(text)
    assert (event.kind, event.spi, event.fields["direction"], event.fields["tunnel_type"]) == (
        "ipsec_embryonic_sa", "d6602721", "inbound", "ra")


def test_hexdump_rows_on_separate_lines_join():
    text = ("Oct 28 15:30:24 [IKEv1 DECODE]: 0000: 00000000 7534000B 62736E73 2D383731 ....u4..bsns-871\n"
            "0010: 2D332E75 32000943 6973636F 20383731 -3.u2..Cisco 871\n")
    event = only_event(text)
    assert event.kind == "hexdump"
    assert hexdump_bytes(event.text).startswith(b"\x00\x00\x00\x00u4\x00\x0bbsns-871-3.u2")


def test_truncated_hexdump_keeps_whole_rows():
    # found by hypothesis: a paste cut inside a hex group used to raise ValueError
    text = "0000: 00000000 7534000B 62736E73 2D383731 ....u4..bsns-871 0010: 2D332E7"
    assert hexdump_bytes(text) == bytes.fromhex("000000007534000B62736E732D383731")


@pytest.mark.parametrize(("body", "kind", "fields"), [
    ("Group = 206.54.167.110, IP = 206.54.167.110, All SA proposals found unacceptable",
     "ike_proposals_unacceptable", {}),
    ("Group = 100.60.140.10, IP = 192.168.1.1, All IPSec SA proposals found unacceptable!",
     "ipsec_proposals_unacceptable", {}),
    ("Group = 203.0.113.10, IP = 203.0.113.10, Can't find a valid tunnel group, aborting...!", "no_tunnel_group", {}),
    ("IP = 22.22.22.22, Connection landed on tunnel_group DefaultRAGroup", "tunnel_group_landed",
     {"tunnel_group": "DefaultRAGroup"}),
    ("IP = 233.22.22.233, Received an un-encrypted INVALID_COOKIE notify message, dropping", "invalid_cookie", {}),
    ("IP = 233.22.22.233, Information Exchange processing failed", "info_exchange_failed", {}),
    ("IP = 233.22.22.233, Oakley proposal is acceptable", "oakley_acceptable", {}),
    ("IP = 192.168.157.61, Duplicate first packet detected. Ignoring packet.", "duplicate_first_packet", {}),
    ("Group = 22.22.22.22, IP = 22.22.22.22, PHASE 2 COMPLETED (msgid=6abd3691)", "phase2_completed",
     {"msgid": "6abd3691"}),
    ("Group = 77.88.99.100, IP = 77.88.99.100, Removing peer from peer table failed, no match!", "cleanup", {}),
    ("Group = 77.88.99.100, IP = 77.88.99.100, QM FSM error (P2 struct &0x00007fff33763a70, mess id 0x2c44baec)!",
     "qm_fsm_error", {}),
    ("Group = 77.88.99.100, IP = 77.88.99.100, Session is being torn down. Reason: crypto map policy not found",
     "torn_down", {"reason": "crypto map policy not found"}),
    ("Group = 206.54.167.110, IP = 206.54.167.110, Rejecting IPSec tunnel: no matching crypto map entry for remote "
     "proxy 100.120.5.0/255.255.255.0/0/0 local proxy 10.0.16.0/255.255.255.0/0/0 on interface outside",
     "proxy_rejected", {"remote_proxy": "100.120.5.0/255.255.255.0/0/0", "interface": "outside"}),
    ("IP = 10.0.0.1, Received ISAKMP Aggressive Mode message 1 with unknown tunnel group name EZVPN",
     "unknown_am_group", {"tunnel_group": "EZVPN"}),
    ("IP = 10.0.0.1, Sending spoofed ISAKMP Aggressive Mode message 2 due to receipt of unknown tunnel group. "
     "Aborting connection.", "spoofed_am2", {}),
    ("Group = EZ, IP = 212.9.5.245, Automatic NAT Detection Status:    Remote end is NOT behind a NAT device    "
     "This  end  IS  behind a NAT device", "nat_detection", {"remote_behind_nat": False, "local_behind_nat": True}),
    ("Group = EZ, Username = bob, IP = 10.0.0.1, Remote peer has failed user authentication - check configured "
     "username and password", "xauth_failed", {"we_are_client": False}),
    # KEY_ADD/KEY_UPDATE were once dropped by the keyword pre-filter (terminals named KEY_*)
    ("Group = EZ, Username = cisco, IP = 10.48.66.23, IKE got a KEY_ADD msg for SA: SPI = 0x8c52372d", "key_add",
     {"spi": "8c52372d"}),
    ("Group = EZ, Username = cisco, IP = 10.48.66.23, Pitcher: received KEY_UPDATE, spi 0xd6602721", "key_update",
     {"spi": "d6602721"}),
    ("IP = 10.0.0.1, IKE MM Initiator FSM error history (struct &0xafd4cc28)  <state>, <event>:  MM_DONE, "
     "EV_ERROR-->MM_WAIT_MSG2, EV_RETRY-->MM_WAIT_MSG2, EV_TIMEOUT", "fsm_error_history",
     {"exchange": "MM", "role": "initiator", "state": "MM_WAIT_MSG2"}),
    ("IP = 203.0.113.10, Header invalid, missing SA payload! (next payload = 4)", "header_invalid", {}),
    ("IP = 123.123.123.123, IKE_DECODE RESENDING Message (msgid=0) with payloads : HDR + SA (1) + VENDOR (13) + "
     "VENDOR (13) + NONE (0) total length : 124", "ike_decode",
     {"direction": "RESENDING", "payloads": ["HDR", "SA", "VENDOR", "VENDOR", "NONE"]}),
])
def test_typed_messages_in_both_prefix_forms(body, kind, fields):
    for prefix in ("Dec 19 15:49:51 [IKEv1]: ", "%ASA-5-713904: "):
        event = only_event(prefix + body)
        assert event.kind == kind, (prefix, event.kind)
        for key, value in fields.items():
            assert event.fields[key] == value


def test_a_typed_phrase_with_odd_tail_falls_back_to_generic_with_headers():
    event = only_event("[IKEv1]: Group = EZ, IP = 10.0.0.9, IKE SA Proposal # x is odd")
    assert (event.kind, event.group, event.peer) == ("generic", "EZ", "10.0.0.9")


def test_reparsing_is_bounded_per_line(monkeypatch):
    """Linear time: an endless wrapped message is re-parsed a bounded number of times."""
    calls = 0
    real = debug._PARSER.parse

    def counting(text):
        nonlocal calls
        calls += 1
        return real(text)

    monkeypatch.setattr(debug._PARSER, "parse", counting)
    lines = ["[IKEv1]: IP = 10.0.0.1, IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR +"]
    lines += ["SA (1) + VENDOR (13) +"] * 5000
    result = parse_log("t", "\n".join(lines))
    assert result.lines == 5001
    assert calls <= 3 * result.lines
