"""A PSK-hash failure logged on a tunnel that is already up (EZVPN client info): benign.

## What it detects
After ``PHASE 2 COMPLETED`` an IOS EZVPN client sends an informational notify carrying
its hostname, model, serial and image; the ASA logs ``Processing PSK Hash``,
``Inconsistent PSK hash size`` and ``PSK Hash Verification Failed!`` for it.

## Why it matters
It looks like a key mismatch but is not: phase 1 and phase 2 already completed and
``show crypto isakmp sa`` shows ``AM_ACTIVE``. Chasing the key wastes time.

## Example
``PHASE 2 COMPLETED (msgid=8bd3cce6)`` … ``Inconsistent PSK hash size`` … ``PSK Hash Verification Failed!``

## Fix
None needed.
"""

from experta import AS

from engine.facts import PHASE2, POST_PHASE2, Observed, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, one_of, signature_rule

SIGNATURE = Signature(
    id="psk_hash_after_established",
    title="PSK-hash failure after the tunnel came up (EZVPN client info): benign",
    severity="info",
    phase="after P2",
    kind="note",
)


# Inside an encrypted exchange (phase 1 keys in use) on a tunnel that is up — also when
# the log starts after PHASE 2 COMPLETED and only show output says the tunnel is up.
@signature_rule(SIGNATURE, AS.session << Session(outcome="established"),
                AS.failure << Observed(kind="psk_hash_failed", stage=one_of(PHASE2, POST_PHASE2)))
def hash_failure_on_up_tunnel(context: RuleContext, session, failure):
    evidence = [failure]
    identity = context.session.client
    what = f" (client {identity['hostname']})" if identity.get("hostname") else ""
    return Finding(
        explanation=("The PSK-hash failure comes inside an encrypted informational exchange on an established "
                     f"tunnel: it is the EZVPN client's information notify{what}, not a key mismatch."),
        evidence=evidence)
