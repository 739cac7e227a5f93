"""The pre-shared keys of the two ends differ.

## What it detects
The key check fails *before* ``PHASE 1 COMPLETED`` for that session: the ASA reports
``PSK Hash Verification Failed!`` while authenticating the peer (AM2/AM3, MM5/MM6), or
the two configs given hold different keys for each other.

## Why it matters
Phase 1 cannot authenticate; the tunnel never comes up. A PSK-hash message *after*
phase 2 on an EZVPN session is something else (``psk_hash_after_established``).

## Example
``Group = EZ, IP = 10.48.66.23, PSK Hash Verification Failed!`` before ``PHASE 1 COMPLETED``.

## Fix
Enter the same key on both ends: ``tunnel-group <peer> ipsec-attributes`` /
`` ikev1 pre-shared-key <key>`` (`` pre-shared-key <key>`` on ASA 8.3 and earlier);
on an IOS EZVPN client ``crypto ipsec client ezvpn <name>`` / `` group <group> key <key>``.
"""

from experta import AS, NOT

from engine.derive import DEFAULT_GROUPS
from engine.facts import PRE_PHASE1, ConfigContext, Observed, Retransmission, SaState, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, one_of, none_of, signature_rule
from rules._remedy import PSK_PLACEHOLDER, l2l_key_lines, local_address, psk_line, remediation

SIGNATURE = Signature(
    id="psk_mismatch",
    title="Pre-shared keys differ",
    severity="error",
    phase="P1 (MM5-6, AM2-3, IKE_AUTH)",
    kind="failure",
    platforms=("asa", "ios"),
)

_INTENDED_GROUP = none_of(*DEFAULT_GROUPS)
_KEY_STAGES = {"MM5": "our MM5 (ID + HASH) was resent: the peer cannot decrypt or verify it",
               "AM2": "our AM2 was resent and AM3 never came: the client rejected our hash"}
_WAIT_STATES = {"MM_WAIT_MSG5": "show crypto isakmp sa: responder waits in MM_WAIT_MSG5 for the peer's MM5",
                "MM_WAIT_MSG6": "show crypto isakmp sa: initiator waits in MM_WAIT_MSG6; the peer dropped our MM5"}


def _configs_say(psk_match: bool | None) -> str:
    if psk_match is False:
        return " The two configs hold different keys for each other (compared by salted fingerprint)."
    if psk_match is None:
        return " Give both configs with clear keys to confirm (masked ***** keys cannot be compared)."
    return ""


def _fixes(context: RuleContext, group: str | None) -> list:
    fixes = []
    if group:
        fixes.append(remediation("asa", [f"tunnel-group {group} ipsec-attributes", psk_line(context.local)],
                                 "re-enter the key; it must equal the peer's"))
    peer = context.peer
    if peer is not None and peer.ezvpn_clients:
        client = next(iter(peer.ezvpn_clients.values()))
        fixes.append(remediation("peer", [f"crypto ipsec client ezvpn {client.name}",
                                          f" group {client.group or group} key {PSK_PLACEHOLDER}"]))
    elif peer is not None:
        address = local_address(context.local) or "<this ASA's address>"
        fixes.append(remediation("peer", l2l_key_lines(peer, address)))
    return fixes


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False, outcome=none_of("established"),
                                                 tunnel_group=_INTENDED_GROUP),
                AS.failure << Observed(kind="psk_hash_failed", stage=PRE_PHASE1),
                AS.config << ConfigContext())
def hash_check_failed_before_phase1(context: RuleContext, session, failure, config):
    if config["psk_match"] is True:
        return None  # both configs hold the same key: the failing hash has another cause
    group = session["tunnel_group"]
    explanation = (f"The pre-shared key hash from {session['peer']} did not verify while phase 1 was still being "
                   f"negotiated{' on tunnel-group ' + group if group else ''}: the keys differ."
                   + _configs_say(config["psk_match"]))
    return Finding(explanation=explanation, evidence=[failure], remediation=_fixes(context, group))


def _stalled(context: RuleContext, session, config, why: str, evidence) -> Finding | None:
    if config["psk_match"] is True:
        return None  # same key on both sides: the stall has another cause
    group = session["tunnel_group"]
    explanation = (f"Phase 1 with {session['peer']} stalls at the authentication step: {why}. With the tunnel-group "
                   f"{group or 'for this peer'} found and the proposal accepted, this is the classic sign of "
                   "different pre-shared keys." + _configs_say(config["psk_match"]))
    return Finding(explanation=explanation, evidence=evidence, remediation=_fixes(context, group),
                   confidence=0.9 if config["psk_match"] is False else 0.6)


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False, outcome=none_of("established"),
                                                 tunnel_group=_INTENDED_GROUP),
                AS.resent << Retransmission(exchange_step=one_of(*_KEY_STAGES)),
                NOT(Observed(kind=one_of("spoofed_am2", "duplicate_first_packet"))),
                AS.config << ConfigContext())
def key_step_resent(context: RuleContext, session, resent, config):
    return _stalled(context, session, config, _KEY_STAGES[resent["exchange_step"]], [resent])


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False, outcome=none_of("established"),
                                                 tunnel_group=_INTENDED_GROUP),
                AS.state << SaState(state=one_of(*_WAIT_STATES)),
                AS.config << ConfigContext())
def waiting_for_authentication(context: RuleContext, session, state, config):
    evidence = [e for e in context.events if e.kind == "tunnel_group_landed"][:1]
    return _stalled(context, session, config, _WAIT_STATES[state["state"]], evidence)
