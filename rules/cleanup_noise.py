"""Follow-on lines written while a failed negotiation is torn down (note).

## What it detects
``Removing peer from peer table failed, no match!``, ``Error: Unable to remove PeerTblEntry``,
``Removing peer from correlator table failed, no match!``.

## Why it matters
They read like errors but only follow an earlier failure; the cause is above them.

## Example
``Group = 203.0.113.10, IP = 203.0.113.10, Removing peer from peer table failed, no match!``

## Fix
None: fix the failure that precedes them.
"""

from experta import AS

from engine.facts import Observed
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, signature_rule

SIGNATURE = Signature(
    id="cleanup_noise",
    title="Clean-up messages after a failed negotiation",
    severity="info",
    phase="any",
    kind="note",
)


@signature_rule(SIGNATURE, AS.cleanup << Observed(kind="cleanup"))
def cleanup_after_failure(context: RuleContext, cleanup):
    return Finding(explanation=("The ASA writes these while removing a negotiation that did not complete; "
                                "they are a consequence, not a cause: look at what failed before them."),
                   evidence=[cleanup])
