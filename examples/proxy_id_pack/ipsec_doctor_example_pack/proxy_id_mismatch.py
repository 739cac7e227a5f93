"""The crypto ACLs (proxy identities) of the two ends are not mirror images.

## What it detects
After ``PHASE 1 COMPLETED`` the ASA rejects the peer's quick-mode offer because no crypto
map entry's ACL matches the proxy identities the peer proposes:
``Rejecting IPSec tunnel: no matching crypto map entry for remote proxy <net>/<mask>/<proto>/<port>
local proxy <net>/<mask>/<proto>/<port> on interface <nameif>`` (713061). The proxies are
given from this ASA's side: *remote* is the peer's network, *local* is ours.

## Why it matters
Phase 1 is up but no IPsec SA is built, so no traffic passes. The ``QM FSM error`` and
``crypto map policy not found`` lines that follow are consequences (``qm_fsm_error``).
Not this signature: both proxies ``0.0.0.0/0.0.0.0/0/0`` is a route-based peer against a
policy-based ASA (``route_based_peer_any_any``); ``All IPSec SA proposals found
unacceptable!`` is a transform-set mismatch (``transform_set_mismatch``).

## Example
``%ASA-3-713061: Group = 203.0.113.30, IP = 203.0.113.30, Rejecting IPSec tunnel: no matching
crypto map entry for remote proxy 10.2.0.0/255.255.0.0/0/0 local proxy 10.1.1.0/255.255.255.0/0/0
on interface outside``

## Fix
Make the two ACLs exact mirrors (same networks, masks, protocol and ports; a superset is not
enough): on the ASA ``access-list <ACL> extended permit ip <local net> <mask> <remote net> <mask>``
in the ACL of ``crypto map <MAP> <seq> match address <ACL>`` for this peer, or narrow the
peer's ACL to mirror the ASA's. If the ASA NATs before encrypting, the proxy is the
post-NAT address.
"""

from experta import AS, MATCH, TEST

from engine.facts import Observed, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, signature_rule
from engine.report import Remediation
from grammar.config_model import CryptoMapEntry, DeviceConfig

SIGNATURE = Signature(
    id="proxy_id_mismatch",
    title="Crypto ACLs (proxy identities) are not mirror images",
    severity="error",
    phase="P2 (QM1)",
    kind="failure",
    status="experimental",
    platforms=("asa",),
    references=("Cisco ASA Series Syslog Messages: 713061",),
)

ANY = "0.0.0.0/0.0.0.0"
PROTOCOLS = {"0": "ip", "1": "icmp", "6": "tcp", "17": "udp"}


def is_any(proxy: str) -> bool:
    return proxy.startswith(ANY + "/")


def acl_operand(proxy: str) -> str:
    """``10.1.1.0/255.255.255.0/0/0`` → ``10.1.1.0 255.255.255.0`` (``host``/``any4`` forms)."""
    address, mask, *_ = proxy.split("/")
    if address == mask == "0.0.0.0":
        return "any4"
    if mask == "255.255.255.255":
        return f"host {address}"
    return f"{address} {mask}"


def acl_line(acl: str, local: str, remote: str) -> str:
    """The ACL entry that matches traffic from ``local`` to ``remote`` (proxy strings)."""
    protocol, port = (local.split("/") + ["0", "0"])[2:4]
    name = PROTOCOLS.get(protocol, protocol)
    ports = f" eq {port}" if name in ("tcp", "udp") and port != "0" else ""
    return f"access-list {acl} extended permit {name} {acl_operand(local)} {acl_operand(remote)}{ports}"


def entry_for_peer(config: DeviceConfig, peer: str) -> CryptoMapEntry | None:
    return next((entry for entry in sorted(config.crypto_maps, key=lambda e: (e.map_name, e.seq))
                 if peer in (config.resolve(p) for p in entry.peers)), None)


@signature_rule(
    SIGNATURE,
    AS.session << Session(phase1_done=True),
    AS.rejected << Observed(kind="proxy_rejected", remote_proxy=MATCH.remote, local_proxy=MATCH.local),
    TEST(lambda remote, local: not (is_any(remote) and is_any(local))),  # that is route_based_peer_any_any
)
def crypto_acl_not_mirrored(context: RuleContext, session, rejected, remote: str, local: str):
    peer = session["peer"]
    explanation = (f"Phase 1 with {peer} completed, but the ASA found no crypto map entry whose ACL matches the "
                   f"proxy identities {peer} proposes: its side {acl_operand(remote)}, ours {acl_operand(local)}. The "
                   "crypto ACLs of the two ends must be exact mirror images.")
    entry = entry_for_peer(context.local, peer) if context.local is not None else None
    acl = entry.match_address if entry is not None and entry.match_address else "<crypto ACL for this peer>"
    if entry is not None and entry.match_address and context.local is not None:
        ours = [line.text for line in context.local.access_lists.get(entry.match_address, [])]
        explanation += (f" crypto map {entry.map_name} {entry.seq} matches access-list {entry.match_address}: "
                        + ("; ".join(ours) if ours else "which is not defined") + ".")
    fix = Remediation(target="asa", lines=[acl_line(acl, local, remote)],
                      note=f"mirrors what {peer} proposes; or narrow the peer's crypto ACL to mirror this ASA's")
    return Finding(explanation=explanation, evidence=[rejected], remediation=[fix])
