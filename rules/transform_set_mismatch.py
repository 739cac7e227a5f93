"""No IPsec transform set / proposal matches in quick mode.

## What it detects
After ``PHASE 1 COMPLETED`` the ASA rejects the peer's quick-mode offer with
``All IPSec SA proposals found unacceptable!``.

## Why it matters
Phase 1 is up but no IPsec SA can be built, so no traffic passes.

## Example
``%ASA-6-713905: Group = 100.60.140.10, IP = 192.168.1.1, All IPSec SA proposals found unacceptable!``

## Fix
Give the map entry a transform set equal to one the peer offers:
``crypto ipsec ikev1 transform-set <TS> <esp-enc> <esp-hash>`` and
``crypto map <MAP> <seq> set ikev1 transform-set <TS>`` (ASA 8.3 and earlier:
``crypto ipsec transform-set`` / ``set transform-set``).
"""

from experta import AS

from engine.facts import Observed, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, signature_rule
from grammar.config_model import DeviceConfig
from rules._remedy import is_legacy_asa, remediation

SIGNATURE = Signature(
    id="transform_set_mismatch",
    title="No IPsec transform set matches the peer's",
    severity="error",
    phase="P2 (QM1-2, CHILD_SA)",
    kind="failure",
)


def entry_for_peer(config: DeviceConfig, peer_ip: str | None):
    """The map entry used for ``peer_ip``: the static entry naming it, else a dynamic one."""
    for entry in sorted(config.crypto_maps, key=lambda e: (e.dynamic, e.map_name, e.seq)):
        if (peer_ip and peer_ip in map(config.resolve, entry.peers)) or entry.dynamic:
            return entry
    return None


def offered_by_peer(local: DeviceConfig, peer: DeviceConfig | None):
    """The transform set the peer's own map entry for us proposes (first in its list)."""
    if peer is None:
        return None
    entry = entry_for_peer(peer, local.crypto_address())
    names = entry.transform_sets if entry is not None else ()
    return next((peer.transform_sets[name] for name in names if name in peer.transform_sets), None)


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=True, phase2_done=False),
                AS.rejected << Observed(kind="ipsec_proposals_unacceptable"))
def no_transform_matches(context: RuleContext, session, rejected):
    local, peer = context.local, context.peer
    explanation = (f"Phase 1 with {session['peer']} completed, but none of the peer's IPsec proposals matched a "
                   "transform set of the crypto map entry used.")
    fixes = []
    if local is not None:
        entry = entry_for_peer(local, session["peer"])
        ours = sorted({" ".join(local.transform_sets[n].transforms) for n in (entry.transform_sets if entry else ())
                       if n in local.transform_sets})
        if ours:
            explanation += " This side offers: " + "; ".join(ours) + "."
        wanted = offered_by_peer(local, peer)
        if entry is not None and wanted is not None:
            legacy = is_legacy_asa(local)
            name = wanted.name if wanted.name not in local.transform_sets else f"{wanted.name}-PEER"
            keyword = "crypto dynamic-map" if entry.dynamic else "crypto map"
            fixes.append(remediation("asa", [
                f"crypto ipsec {'' if legacy else 'ikev1 '}transform-set {name} {' '.join(wanted.transforms)}",
                f"{keyword} {entry.map_name} {entry.seq} set {'' if legacy else 'ikev1 '}transform-set "
                + " ".join((*entry.transform_sets, name))],
                f"adds the peer's transform set ({' '.join(wanted.transforms)}) to entry {entry.seq}"))
    return Finding(explanation=explanation, evidence=[rejected], remediation=fixes)
