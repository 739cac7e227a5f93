"""The responder kept its shorter IPsec SA lifetime instead of the initiator's (normal).

## What it detects
``Overriding Initiator's IPSec rekeying duration from <proposed> to <kept> seconds``
(syslog 713075 family): in IKEv1 quick mode the responder uses the smaller of the
proposed and its configured lifetime and tells the initiator with a RESPONDER-LIFETIME notify.

## Why it matters
It is not a failure; lifetimes never stop a tunnel. It explains why the SA rekeys at
the responder's value, which matters when chasing rekey flaps.

## Example
``Group = EZ, Username = cisco, IP = 10.48.66.23, Overriding Initiator's IPSec rekeying duration from 2147483 to 28800 seconds``

## Fix
Nothing required. To make both ends equal, set the same lifetime on both: the ASA's
map entry (``crypto dynamic-map DYN 10 set security-association lifetime seconds N``)
or global ``crypto ipsec security-association lifetime seconds N``, and the peer's.
"""

from experta import AS

from engine.facts import Observed, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, signature_rule
from grammar.config_model import CryptoMapEntry, DeviceConfig
from rules._remedy import remediation

SIGNATURE = Signature(
    id="ipsec_lifetime_override",
    title="Responder overrode the initiator's IPsec SA lifetime (normal)",
    severity="info",
    phase="P2 (QM2)",
    kind="note",
)


def matched_entry(context: RuleContext, local: DeviceConfig) -> CryptoMapEntry | None:
    """The map entry the session used: named by the debug log (map and entry number),
    else the static entry whose ``set peer`` is this peer."""
    map_name = entry = None
    for event in context.events:
        if event.kind == "remote_peer_map":
            map_name = event.fields["crypto_map"]
        elif event.kind == "ipsec_proposal_acceptable":
            entry = event.fields["entry"]
    for candidate in local.crypto_maps:
        if candidate.map_name == map_name and (entry is None or candidate.seq == entry):
            return candidate
    return entry_naming(local, context.session.peer)


def entry_naming(config: DeviceConfig, address: str | None) -> CryptoMapEntry | None:
    return next((e for e in sorted(config.crypto_maps, key=lambda e: (e.map_name, e.seq))
                 if address and address in map(config.resolve, e.peers)), None)


def asa_lines(local: DeviceConfig, entry: CryptoMapEntry | None, seconds: int) -> list[str]:
    if entry is None:
        return [f"crypto ipsec security-association lifetime seconds {seconds}"]
    keyword = "crypto dynamic-map" if entry.dynamic else "crypto map"
    return [f"{keyword} {entry.map_name} {entry.seq} set security-association lifetime seconds {seconds}"]


@signature_rule(SIGNATURE, AS.session << Session(), AS.override << Observed(kind="lifetime_override"))
def lifetime_overridden(context: RuleContext, session, override):
    proposed, kept, unit = override["proposed"], override["kept"], override.get("unit", "seconds")
    who = "this ASA" if session["role"] == "responder" else "the responder"
    if proposed == 0:  # a volume of 0 means "no volume limit": any configured value is smaller
        offer = "no volume limit" if unit.startswith("k") else "no time limit"
    else:
        offer = f"an IPsec SA lifetime of {proposed} {unit}"
    explanation = (f"{session['peer']} proposed {offer}; {who} kept {kept} {unit}, the smaller value, as IKEv1 "
                   "quick mode does, and told the initiator (RESPONDER-LIFETIME notify). Not a failure: the SA "
                   f"rekeys at {kept} {unit}.")
    fixes = []
    local, peer = context.local, context.peer
    if local is not None and unit.startswith("sec"):
        entry = matched_entry(context, local)
        source = (f"{'dynamic-map' if entry.dynamic else 'crypto map'} {entry.map_name} {entry.seq}"
                  if entry and entry.lifetime_seconds else "the global setting")
        value = (entry.lifetime_seconds if entry and entry.lifetime_seconds else local.global_lifetime_seconds) or kept
        explanation += f" The ASA value comes from {source} ({value} s)."
        if entry is not None and not entry.lifetime_seconds:
            fixes.append(remediation("asa", asa_lines(local, entry, kept),
                                     "optional: states the lifetime on the entry used instead of the global one"))
    if peer is not None and unit.startswith("sec"):
        fixes.extend(peer_lines(peer, local, kept))
    return Finding(explanation=explanation, evidence=[override], remediation=fixes)


def peer_lines(peer: DeviceConfig, local: DeviceConfig | None, seconds: int) -> list:
    """Make the peer propose what this side keeps: its own entry for us, else globally."""
    entry = entry_naming(peer, local.crypto_address() if local is not None else None)
    if entry is not None and peer.platform == "asa":
        lines = [f"crypto map {entry.map_name} {entry.seq} set security-association lifetime seconds {seconds}"]
    else:
        lines = [f"crypto ipsec security-association lifetime seconds {seconds}"]
    return [remediation("peer", lines, "optional: makes the peer propose the value this side keeps")]
