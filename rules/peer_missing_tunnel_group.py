"""The peer accepts our proposal but has no tunnel-group or key for us (MM_WAIT_MSG4).

## What it detects
We initiate main mode; the peer accepts the proposal (MM2, ``Oakley proposal is
acceptable``) but never answers our MM3 (``KE + NONCE``): the ASA resends it, may get an
``un-encrypted INVALID_COOKIE notify`` back, and ``show crypto isakmp sa`` shows
``MM_WAIT_MSG4``.

## Why it matters
The responder has no tunnel-group/PSK for our address (wrong peer IP configured on
its side, or our address NATed to one it does not expect). It is not a key *mismatch*,
which fails later at MM5/MM6.

## Example
``IKE_DECODE RESENDING Message (msgid=0) with payloads : HDR + KE (4) + NONCE (10) + ...`` then
``Received an un-encrypted INVALID_COOKIE notify message, dropping``.

## Fix
On the peer: ``tunnel-group <our public IP> type ipsec-l2l`` / ``tunnel-group <our public
IP> ipsec-attributes`` / `` ikev1 pre-shared-key <key>`` (an IOS peer:
``crypto isakmp key <key> address <our public IP>``).
"""

from experta import AS

from engine.facts import PRE_PHASE1, Observed, Retransmission, SaState, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, one_of, signature_rule
from rules._remedy import l2l_key_lines, local_address, remediation

SIGNATURE = Signature(
    id="peer_missing_tunnel_group",
    title="Peer has no tunnel-group or key for this side (stuck in MM_WAIT_MSG4)",
    severity="error",
    phase="P1 (MM3-4)",
    kind="failure",
)


def build(context: RuleContext, session, evidence, why: str, confidence: float) -> Finding:
    ours = local_address(context.local) or "<this side's public IP>"
    explanation = (f"{session['peer']} accepted the phase 1 proposal but did not answer the key exchange (MM3): "
                   f"{why}. The peer has no tunnel-group or pre-shared key for {ours} — typically it has another "
                   "address configured for us, or our address is NATed to one it does not expect.")
    lines = l2l_key_lines(context.peer, ours)
    return Finding(explanation=explanation, evidence=evidence, confidence=confidence,
                   remediation=[remediation("peer", lines, "on the peer, named by this side's public address")])


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False, role="initiator"),
                AS.resent << Retransmission(exchange_step="MM3"))
def key_exchange_resent(context: RuleContext, session, resent):
    evidence = [resent] + [e for e in context.events if e.kind in ("oakley_acceptable", "invalid_cookie")][:3]
    return build(context, session, evidence, f"our MM3 was resent {resent['count']} time(s)", 0.9)


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False),
                AS.state << SaState(state="MM_WAIT_MSG4"))
def waiting_for_msg4(context: RuleContext, session, state):
    evidence = [e for e in context.events if e.kind in ("oakley_acceptable", "invalid_cookie")][:3]
    return build(context, session, evidence, "show crypto isakmp sa shows MM_WAIT_MSG4", 0.8)


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False, last_milestone=one_of("MM2", "MM3")),
                AS.cookie << Observed(kind="invalid_cookie", stage=PRE_PHASE1))
def invalid_cookie_after_mm2(context: RuleContext, session, cookie):
    return build(context, session, [cookie], "the peer answered with an un-encrypted INVALID_COOKIE notify", 0.7)
