"""The ASA finds no tunnel-group for the peer, or lands it on a default group.

## What it detects
* Main mode LAN-to-LAN: ``Can't find a valid tunnel group, aborting...!`` (or 713022
  ``No Group found matching ...``): a PSK L2L peer is looked up by its IP address, so
  its tunnel-group must be named by that IP literal, not an alias or hostname.
* Aggressive mode: ``Received ISAKMP Aggressive Mode message 1 with unknown tunnel group
  name X`` and ``Sending spoofed ISAKMP Aggressive Mode message 2`` — the ASA answers
  with a fake AM2 on purpose, so the client only sees a failed key check.
* ``Connection landed on tunnel_group DefaultRAGroup|DefaultL2LGroup`` while a specific
  tunnel-group for this peer or client group exists.

## Why it matters
Without the intended tunnel-group there is no key and no policy for the peer: phase 1
fails, and any PSK failure that follows is a consequence, not the cause.

## Example
``Group = 203.0.113.10, IP = 203.0.113.10, Can't find a valid tunnel group, aborting...!``

## Fix
``tunnel-group <peer IP> type ipsec-l2l`` + ``tunnel-group <peer IP> ipsec-attributes`` /
`` ikev1 pre-shared-key <key>``; for EZVPN ``tunnel-group <group> type remote-access``, or
correct the client's ``group`` name. Do not put an L2L key into DefaultL2LGroup as a fix.
"""

from experta import AS

from engine.derive import DEFAULT_GROUPS
from engine.facts import ConfigContext, Observed, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, one_of, signature_rule
from rules._remedy import PSK_PLACEHOLDER, acls_mirror, remediation, tunnel_group_lines

SIGNATURE = Signature(
    id="tunnel_group_mismatch",
    title="No matching tunnel-group for the peer",
    severity="error",
    phase="P1",
    kind="failure",
)


def alias_groups(context: RuleContext) -> list[str]:
    """Non-default tunnel-groups not named by an IP literal (aliases, hostnames)."""
    local = context.local
    if local is None:
        return []
    return [name for name, group in local.tunnel_groups.items()
            if name not in DEFAULT_GROUPS and group.type in ("ipsec-l2l", None)
            and not name.replace(".", "").isdigit()]


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False),
                AS.missing << Observed(kind=one_of("no_tunnel_group", "group_not_found")))
def l2l_group_not_found(context: RuleContext, session, missing):
    peer = session["peer"]
    aliases = alias_groups(context)
    explanation = (f"The ASA found no tunnel-group for {peer}. A main-mode pre-shared-key LAN-to-LAN peer is looked "
                   f"up by its IP address, so the tunnel-group must be named exactly {peer}.")
    if aliases:
        explanation += (" The config has " + ", ".join(f"tunnel-group {name}" for name in aliases)
                        + ": a name other than the peer's IP literal never matches.")
    if context.local is not None and peer in context.local.tunnel_groups:
        explanation += f" tunnel-group {peer} exists: the peer probably sends another identity (hostname/FQDN)."
    return Finding(explanation=explanation, evidence=[missing],
                   remediation=[remediation("asa", tunnel_group_lines(context.local, peer, "ipsec-l2l"),
                                            "the key must equal the peer's")])


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False),
                AS.unknown << Observed(kind=one_of("unknown_am_group", "spoofed_am2")),
                AS.config << ConfigContext())
def aggressive_mode_unknown_group(context: RuleContext, session, unknown, config):
    names = [e.fields.get("tunnel_group") for e in context.events if e.kind == "unknown_am_group"]
    sent = next((n for n in names if n), None) or config.get("peer_group") or "<group sent by the client>"
    local = context.local
    remote_access = [name for name, group in (local.tunnel_groups.items() if local else [])
                     if group.type in ("remote-access", "ipsec-ra")]
    explanation = (f"The client at {session['peer']} asked for tunnel-group '{sent}' in aggressive mode; the ASA has "
                   "no such tunnel-group and answered with a spoofed AM2 on purpose, so the client only sees a "
                   "failed key check.")
    fixes = []
    if remote_access:
        explanation += " Remote-access tunnel-groups configured: " + ", ".join(remote_access) + "."
        if context.peer is not None and context.peer.ezvpn_clients:
            client = next(iter(context.peer.ezvpn_clients.values()))
            fixes.append(remediation("peer", [f"crypto ipsec client ezvpn {client.name}",
                                              f" group {remote_access[0]} key {PSK_PLACEHOLDER}"],
                                     f"or point the client at the existing group {remote_access[0]}"))
    fixes.insert(0, remediation("asa", tunnel_group_lines(local, sent, "remote-access"),
                                "creates the group the client asks for"))
    return Finding(explanation=explanation, evidence=[unknown], remediation=fixes)


@signature_rule(SIGNATURE, AS.session << Session(),
                AS.landed << Observed(kind="tunnel_group_landed", tunnel_group=one_of(*DEFAULT_GROUPS)),
                AS.config << ConfigContext())
def landed_on_default_group(context: RuleContext, session, landed, config):
    default, meant = landed["tunnel_group"], config["specific_group_for_peer"]
    peer = session["peer"]
    if not meant and default == "DefaultRAGroup" and session["exchange"] != "main":
        return None  # a remote-access client meant for the default group: nothing wrong
    if meant:
        why = (f"tunnel-group {meant} exists for it, so the peer's identity (address after NAT, or the group "
               "name it sends) does not match that tunnel-group")
    else:
        why = (f"a main-mode pre-shared-key peer is looked up by its IP address and no tunnel-group is named "
               f"{peer}, so it fell through to {default}")
    explanation = f"{peer} landed on {default}: {why}. Any key failure that follows is a consequence."
    fixes = []
    entry = re_addressed_entry(context)
    if entry is not None:
        keyword = "crypto dynamic-map" if entry.dynamic else "crypto map"
        old = entry.peers[0] if entry.peers else None
        explanation += (f" {keyword} {entry.map_name} {entry.seq} protects the peer's traffic but names peer "
                        f"{old}: the peer was probably re-addressed.")
        fixes.append(remediation("asa", [f"{keyword} {entry.map_name} {entry.seq} set peer {peer}"],
                                 f"point entry {entry.seq} at the peer's current address"))
    if not meant:
        fixes.append(remediation("asa", tunnel_group_lines(context.local, peer, "ipsec-l2l"),
                                 "a tunnel-group named by the peer's address, with the key the peer uses; do not "
                                 "put an L2L key into the default group"))
    else:
        fixes.append(remediation("asa", [],
                                 f"make the peer present '{meant}' (its address or group name), or rename the "
                                 "tunnel-group to what the peer presents"))
    return Finding(explanation=explanation, evidence=[landed], remediation=[f for f in fixes if f.lines or f.note],
                   severity="error" if session["outcome"] != "established" else "warning")


def re_addressed_entry(context: RuleContext):
    """The local static map entry whose ACL mirrors the peer's ACL towards us, when it
    names another peer address (the peer was re-addressed or is NATed)."""
    local, peer = context.local, context.peer
    if local is None or peer is None:
        return None
    ours = local.crypto_address()
    theirs = [e for e in peer.crypto_maps if not e.dynamic and (not ours or ours in map(peer.resolve, e.peers))]
    for entry in local.crypto_maps:
        if entry.dynamic or not entry.match_address or context.session.peer in map(local.resolve, entry.peers):
            continue
        for other in theirs:
            if other.match_address and acls_mirror(local.access_lists.get(entry.match_address, []),
                                                   peer.access_lists.get(other.match_address, [])):
                return entry
    return None
