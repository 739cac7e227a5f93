"""A phase 1 packet for a negotiation this side already dropped (note).

## What it detects
``Header invalid, missing SA payload! (next payload = 4)``: a key-exchange message (MM3,
next payload KE) arrives for a negotiation the ASA no longer has, usually because it
aborted it a moment earlier.

## Why it matters
It is a symptom, not a cause: the peer is still retrying a negotiation that failed for
the reason reported before it. Fix that, then clear the SAs on both sides.

## Example
``Dec 19 14:46:12 [IKEv1]: IP = 203.0.113.10, Header invalid, missing SA payload! (next payload = 4)``

## Fix
None on its own: fix the primary failure, then ``clear crypto isakmp sa <peer>`` on both ends.
"""

from experta import AS

from engine.facts import Observed, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, signature_rule

SIGNATURE = Signature(
    id="stale_phase1_packet",
    title="Phase 1 packet for a negotiation already dropped",
    severity="info",
    phase="P1",
    kind="note",
)


@signature_rule(SIGNATURE, AS.session << Session(), AS.stale << Observed(kind="header_invalid"))
def packet_for_dropped_negotiation(context: RuleContext, session, stale):
    return Finding(explanation=(f"{session['peer']} keeps sending key-exchange packets for a phase 1 negotiation this "
                                "side already dropped; a symptom of the failure reported with it."),
                   evidence=[stale])
