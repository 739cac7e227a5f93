"""Benign remote-access/EZVPN messages (note).

## What it detects
``Received unknown transaction mode attribute``, ``Delay Quick Mode processing``,
``Gratuitous ARP sent for``, ``QM IsRekeyed old sa not found by addr``,
``OBSOLETE DESCRIPTOR - INDEX 1``, ``Claims to be IOS but failed authentication``.

## Why it matters
All appear in working EZVPN sessions; knowing them avoids false leads. Reported for
remote-access sessions only (aggressive mode or an XAUTH user): a LAN-to-LAN session
printing one of them gets no remote-access explanation.

## Example
``Group = EZ, Username = cisco, IP = 10.48.66.23, Received unknown transaction mode attribute: 28692``

## Fix
None.
"""

from experta import AS

from engine.facts import Observed, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, none_of, signature_rule

SIGNATURE = Signature(
    id="ra_client_noise",
    title="Benign remote-access client messages",
    severity="info",
    phase="P1.5-P2",
    kind="note",
)


@signature_rule(SIGNATURE, Session(exchange="aggressive"), AS.noise << Observed(kind="ra_noise"))
def aggressive_mode_client(context: RuleContext, noise):
    return benign_client_messages(context, noise)


@signature_rule(SIGNATURE, Session(username=none_of(None)), AS.noise << Observed(kind="ra_noise"))
def xauth_user_client(context: RuleContext, noise):
    return benign_client_messages(context, noise)


def benign_client_messages(context: RuleContext, noise) -> Finding:
    seen = sorted({event.fields["what"] for event in context.events if event.kind == "ra_noise"})
    return Finding(explanation="Benign remote-access client messages, seen in working sessions: "
                               + "; ".join(seen) + ".",
                   evidence=[noise])
