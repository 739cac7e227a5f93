"""NAT-T detection result: who is behind a NAT device (note).

## What it detects
``Automatic NAT Detection Status: Remote end is NOT behind a NAT device This end IS behind a NAT device``.

## Why it matters
When either end is behind NAT, IKE and ESP move to UDP 4500 (NAT-T): firewalls on
the path must permit it, and the peer must have NAT-T enabled. Useful context for
data-plane and NAT-T problems; never a failure on its own.

Reported only when NAT was found; a "NOT behind a NAT device" result for both ends is
kept as the session's ``nat`` field, not a diagnosis.

## Example
``%ASA-6-713172: Group = 212.9.5.245, IP = 212.9.5.245, Automatic NAT Detection Status:    Remote end is NOT behind a NAT device    This  end  IS  behind a NAT device``

## Fix
None. If NAT was detected, permit UDP 4500 between the peers.
"""

from experta import AS

from engine.facts import Observed
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, signature_rule

SIGNATURE = Signature(
    id="nat_detected",
    title="NAT-T detection result",
    severity="info",
    phase="P1",
    kind="note",
)


@signature_rule(SIGNATURE, AS.detection << Observed(kind="nat_detection", remote_behind_nat=True))
def peer_behind_nat(context: RuleContext, detection):
    return _explain(detection)


@signature_rule(SIGNATURE, AS.detection << Observed(kind="nat_detection", local_behind_nat=True))
def this_end_behind_nat(context: RuleContext, detection):
    return _explain(detection)


def _explain(detection) -> Finding:
    remote, local = detection["remote_behind_nat"], detection["local_behind_nat"]
    behind = " and ".join(side for side, flag in (("the peer", remote), ("this end", local)) if flag)
    return Finding(explanation=(f"NAT detected: {behind} behind a NAT device, so IKE and ESP move to UDP 4500 "
                                "(NAT-T); every firewall between the peers must permit UDP 4500."),
                   evidence=[detection])
