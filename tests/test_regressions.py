"""Bugs found in review, each pinned by the input that showed it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from engine.diagnose import diagnose
from engine.knowledge import RulePackEngine
from grammar.debug import parse_log
from grammar.inputs import InputText
from tests.casefiles import CASES_DIR

ENGINE = RulePackEngine()
FIXTURES = Path(__file__).parent / "fixtures" / "regressions"
SEED = CASES_DIR / "seed_ezvpn_aggressive_psk"


def run(*inputs: tuple[str, str]):
    return diagnose([InputText(name, text) for name, text in inputs], engine=ENGINE)


def case_file(case: str, name: str) -> tuple[str, str]:
    return name, (CASES_DIR / case / name).read_text()


def fixture(name: str) -> tuple[str, str]:
    return name, (FIXTURES / name).read_text()


def ids(session) -> dict:
    return {d.id: d for d in session.diagnoses}


def test_unrecognised_examples_never_echo_a_key():
    log = ("Oct 28 15:30:24 [IKEv1]: IP = 203.0.113.60, IKE_DECODE RECEIVED Message (msgid=0) with payloads : "
           "HDR + SA (1) + NONE (0) total length : 172\n"
           "asa# show run tunnel-group\n"
           "tunnel-group 203.0.113.60 ipsec-attributes\n"
           " ikev1 pre-shared-key S3cr3tKey!\n"
           "username admin password Passw0rdXYZ privilege 15\n")
    report = run(("log.txt", log))
    text = str(report.to_dict())
    assert "S3cr3tKey!" not in text and "Passw0rdXYZ" not in text
    assert report.inputs[0].unrecognized_count == 4


def test_long_token_does_not_hang_the_keyword_prefilter():
    # was quadratic: 100k characters took 16 s; a 1 MB token must finish in seconds
    code = ("from grammar.debug import parse_log; "
            "parse_log('x', '%ASA-7-715047: IP = 1.1.1.1, ' + 'A' * 1_000_000)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, cwd=Path(__file__).parent.parent)


def test_timestamp_glued_to_previous_message_still_starts_a_message():
    log = ("Oct 28 15:30:24 [IKEv1]: IP = 10.48.66.23, IKE_DECODE RECEIVED Message (msgid=0) with payloads : "
           "HDR + SA (1) + KE (4) + NONCE (10) + ID (5) + NONE (0) total length : 1134\n"
           "Oct 28 15:30:24 [IKEv1]: Group = EZ, IP = 10.48.66.23, PHASE 1 COMPLETEDOct 28 15:30:24 [IKEv1]: "
           "Group = EZ, Username = cisco, IP = 10.48.66.23, PHASE 2 COMPLETED (msgid=8bd3cce6)\n")
    (session,) = run(("log.txt", log)).sessions
    assert session.outcome == "established"


def test_unrelated_line_is_not_swallowed_by_a_wrapped_message():
    log = ("Oct 28 15:30:24 [IKEv1]: IP = 203.0.113.9, IKE_DECODE RECEIVED Message (msgid=0) with payloads : "
           "HDR + SA (1) + VENDOR (13) +\n"
           "asa# show crypto isakmp sa\n")
    result = parse_log("log", log)
    assert result.unrecognized == [(2, "asa# show crypto isakmp sa")]


def test_hexdump_goes_to_the_session_whose_notify_it_decodes():
    lines = (SEED / "debug.txt").read_text().splitlines()
    # another peer's message between the client's notify and the hex dump of it
    last = lines[-1]
    cut = last.index("Oct 28 15:30:24 [IKEv1 DECODE]: OBSOLETE")
    lines[-1:] = [last[:cut], "%ASA-7-715047: IP = 203.0.113.9, processing SA payload", last[cut:]]
    report = run(("debug.txt", "\n".join(lines)))
    seed = next(s for s in report.sessions if s.peer == "10.48.66.23")
    other = next(s for s in report.sessions if s.peer == "203.0.113.9")
    assert seed.client.serial == "FHK094412Q6" and other.client is None


def test_log_starting_after_phase2_is_not_a_psk_mismatch():
    last_line = (SEED / "debug.txt").read_text().splitlines()[-1]
    report = run(("tail.txt", last_line), case_file("seed_ezvpn_aggressive_psk", "show-isakmp-sa.txt"),
                 case_file("seed_ezvpn_aggressive_psk", "show-ipsec-sa.txt"))
    (session,) = report.sessions  # 192.168.1.100 is the client's assigned address, not a peer
    assert session.outcome == "established"
    assert "psk_mismatch" not in ids(session) and "psk_hash_after_established" in ids(session)


def test_psk_failure_on_a_default_group_blames_the_group_not_the_key():
    log = "\n".join([
        "%ASA-7-713236: IP = 203.0.113.77, IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR + SA (1) + "
        "VENDOR (13) + NONE (0) total length : 172",
        "%ASA-7-713906: IP = 203.0.113.77, Connection landed on tunnel_group DefaultL2LGroup",
        "%ASA-3-713902: Group = DefaultL2LGroup, IP = 203.0.113.77, PSK Hash Verification Failed!"])
    (session,) = run(("log.txt", log), case_file("psk_mismatch_l2l_mm_initiator_wait_msg6", "asa.cfg")).sessions
    found = ids(session)
    assert "psk_mismatch" not in found
    assert "tunnel_group_mismatch" in found
    assert not any("DefaultL2LGroup ipsec-attributes" in line
                   for fix in found["tunnel_group_mismatch"].remediation for line in fix.lines)


def test_syslog_only_retry_is_a_second_ike_sa():
    log = "\n".join([
        "Jun 10 2010 17:36:05: %ASA-3-713902: Group = 203.0.113.60, IP = 203.0.113.60, All SA proposals found "
        "unacceptable",
        "Jun 10 2010 17:50:05: %ASA-5-713119: Group = 203.0.113.60, IP = 203.0.113.60, PHASE 1 COMPLETED",
        "Jun 10 2010 17:50:06: %ASA-5-713120: Group = 203.0.113.60, IP = 203.0.113.60, PHASE 2 COMPLETED "
        "(msgid=6abd3691)"])
    first, second = run(("log.txt", log)).sessions
    assert (first.outcome, second.outcome) == ("phase1_failed", "established")
    assert "ike_policy_mismatch" in ids(first) and first.ike_version == 1


def test_default_l2l_group_with_unknown_exchange_is_reported():
    log = "\n".join([
        "Dec 19 2026 14:46:12 asa01 : %ASA-7-713906: IP = 203.0.113.77, Connection landed on tunnel_group "
        "DefaultL2LGroup",
        "Dec 19 2026 14:46:13 asa01 : %ASA-3-713902: Group = DefaultL2LGroup, IP = 203.0.113.77, QM FSM error "
        "(P2 struct &0x00007fff33763a70, mess id 0x2c44baec)!"])
    (session,) = run(("log.txt", log), case_file("psk_mismatch_l2l_mm_initiator_wait_msg6", "asa.cfg")).sessions
    assert "tunnel_group_mismatch" in ids(session)


def test_peer_config_is_chosen_by_addresses_not_file_order():
    case = "psk_mismatch_l2l_mm_initiator_wait_msg6"
    # the peer sits behind NAT: its config owns no address the log shows, and comes first
    report = run(case_file(case, "debug.txt"), fixture("peer_nat.cfg"), case_file(case, "asa.cfg"))
    fixes = ids(report.sessions[0])["psk_mismatch"].remediation
    peer_lines = [line for fix in fixes if fix.target == "peer" for line in fix.lines]
    assert peer_lines and "10.9.9.11" not in " ".join(peer_lines)


def test_transform_set_fix_copies_the_set_the_peer_uses_for_us():
    case = "ike_policy_mismatch_lookalike_phase2_transform"
    report = run(case_file(case, "syslog.txt"), case_file(case, "asa.cfg"), fixture("peer_ts.cfg"))
    lines = [line for fix in ids(report.sessions[0])["transform_set_mismatch"].remediation for line in fix.lines]
    assert any("ESP-3DES-MD5 esp-3des esp-md5-hmac" in line for line in lines)
    assert not any("UNUSED-DES" in line for line in lines)


def test_ios_peer_gets_ios_key_lines():
    case = "peer_missing_tunnel_group_console_mm_wait_msg4"
    report = run(case_file(case, "debug.txt"), case_file(case, "asa.cfg"), case_file(case, "show-isakmp-sa.txt"),
                 fixture("ios_peer.cfg"))
    (fix,) = [f for f in ids(report.sessions[0])["peer_missing_tunnel_group"].remediation if f.target == "peer"]
    assert fix.lines[0].startswith("crypto isakmp key <pre-shared-key> address ")


def test_lifetime_override_names_the_entry_and_zero_volume_is_no_limit():
    case = "ipsec_lifetime_override_l2l_syslog_seconds"
    report = run(case_file(case, "syslog.txt"), case_file(case, "asa.cfg"), case_file(case, "peer.cfg"))
    fixes = ids(report.sessions[0])["ipsec_lifetime_override"].remediation
    assert {fix.target for fix in fixes} == {"asa", "peer"}
    assert all(line.startswith("crypto map outside_map 10 set security-association lifetime seconds 28800")
               for fix in fixes for line in fix.lines)
    kbs = "ipsec_lifetime_override_l2l_syslog_kbs_ukfast"
    report = run(case_file(kbs, "show-logging.txt"), case_file(kbs, "asa.cfg"))
    assert "proposed no volume limit" in ids(report.sessions[0])["ipsec_lifetime_override"].explanation


def test_event_order_follows_input_order_not_file_names():
    lines = (SEED / "debug.txt").read_text().splitlines()
    report = run(("b_first_half.txt", "\n".join(lines[:100])), ("a_second_half.txt", "\n".join(lines[100:])))
    (session,) = report.sessions
    assert "psk_hash_after_established" in ids(session)
