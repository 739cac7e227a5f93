"""Our first phase 1 message is resent and never answered.

## What it detects
``IKE_DECODE RESENDING Message (msgid=0) with payloads : HDR + SA (1) + ...`` — the first
main-mode (MM1) or aggressive-mode (AM1) message — with no reply from the peer;
``show crypto isakmp sa`` shows ``MM_WAIT_MSG2``; 713136 ``IKE session establishment timed out``.

## Why it matters
Nothing reaches the peer, or nothing comes back: no route, UDP 500/4500 blocked on the
path, the peer down, or IKE not enabled on the peer's interface. No config of *this*
side's crypto can fix it.

## Example
``[IKEv1]IP = 123.123.123.123, IKE_DECODE RESENDING Message (msgid=0) with payloads : HDR + SA (1) + VENDOR (13) + VENDOR (13) + NONE (0) total length : 124``

## Fix
Check the route to the peer and permit UDP 500, UDP 4500 and ESP on every firewall in
between; on the peer, enable IKE on the interface facing us
(``crypto ikev1 enable outside``).
"""

from experta import AS

from engine.facts import Retransmission, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, one_of, signature_rule
from rules._remedy import enable_ike_lines, remediation

SIGNATURE = Signature(
    id="peer_unreachable",
    title="First phase 1 message never answered",
    severity="error",
    phase="P1 first message",
    kind="failure",
)


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False, role="initiator",
                                                 reached=one_of("MM1", "AM1")),
                AS.resent << Retransmission(exchange_step=one_of("MM1", "AM1")))
def first_message_unanswered(context: RuleContext, session, resent):
    fixes = []
    if context.peer is not None:
        fixes.append(remediation("peer", enable_ike_lines(context.peer, "outside"),
                                 "if IKE is not enabled on the peer's interface facing us"))
    return Finding(
        explanation=(f"The first {resent['exchange_step']} message to {session['peer']} was resent "
                     f"{resent['count']} time(s) with no reply: the peer does not receive it or its answers do not "
                     "come back (routing, UDP 500/4500 filtered, peer down or IKE disabled on it)."),
        evidence=[resent], remediation=fixes)
