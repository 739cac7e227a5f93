"""``QM FSM error`` and ``crypto map policy not found`` teardown lines: a follow-on (note).

## What it detects
``QM FSM error (P2 struct &0x..., mess id 0x...)!``, often with
``Removing peer from correlator table failed, no match!`` and
``Session is being torn down. Reason: crypto map policy not found``.

## Why it matters
It only says "phase 2 was rejected locally". The cause is earlier in the log or in the
config: a transform-set, PFS or proxy-ID mismatch, or an incomplete crypto map entry.
Reported so nobody chases it as the root cause.

## Example
``%ASA-3-713902: Group = 77.88.99.100, IP = 77.88.99.100, QM FSM error (P2 struct &0x00007fff33763a70, mess id 0x2c44baec)!``

## Fix
None on its own: fix the phase 2 failure reported with it.
"""

from experta import AS

from engine.facts import Observed
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, signature_rule

SIGNATURE = Signature(
    id="qm_fsm_error",
    title="Quick-mode FSM error: a follow-on of a phase 2 rejection",
    severity="info",
    phase="P2",
    kind="note",
)

_CAUSES = {"ipsec_proposals_unacceptable": "no transform set matched",
           "proxy_rejected": "the proxy identities (crypto ACL) did not match"}


@signature_rule(SIGNATURE, AS.error << Observed(kind="qm_fsm_error"))
def quick_mode_rejected(context: RuleContext, error):
    causes = sorted({_CAUSES[e.kind] for e in context.events if e.kind in _CAUSES})
    because = f" Here: {' and '.join(causes)}." if causes else \
        " No cause is logged: check the crypto map entry (ACL, peer, transform set, PFS) for this peer."
    teardown = [e for e in context.events if e.kind == "torn_down"][:2]
    return Finding(explanation="QM FSM error means phase 2 was rejected by this side; it is a consequence, "
                               "not the cause." + because,
                   evidence=[error, *teardown])
