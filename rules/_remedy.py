"""Remediation builders shared by the signatures: config lines in the config's own
syntax (ASA 8.3 ``crypto isakmp`` vs 8.4+ ``crypto ikev1``, IOS), with its real
names and sequence numbers. Keys and passwords are never printed: placeholders."""

from __future__ import annotations

from dataclasses import dataclass

from engine.report import Remediation
from grammar.config_model import DeviceConfig, Phase1Proposal

PSK_PLACEHOLDER = "<pre-shared-key>"

# An IOS EZVPN (hardware) client in aggressive mode offers every encryption/hash
# combination with pre-shared key + XAUTH, and one DH group: group 2 (aggressive
# mode carries a single KE payload). Strongest first.
EZVPN_CLIENT_OFFERS: tuple[tuple[str, str], ...] = (
    ("aes-256", "sha"), ("aes-256", "md5"), ("aes-192", "sha"), ("aes-192", "md5"),
    ("aes", "sha"), ("aes", "md5"), ("3des", "sha"), ("3des", "md5"), ("des", "sha"), ("des", "md5"),
)
EZVPN_CLIENT_GROUP = 2

# IOS "encr"/ASA "encryption" and hash spellings normalised by the config parser.
_IOS_ENCRYPTION = {"aes": "aes", "aes-192": "aes 192", "aes-256": "aes 256", "3des": "3des", "des": "des"}


@dataclass(frozen=True)
class Proposal:
    """One phase-1 offer: what a policy must equal to match it."""

    encryption: str
    hash: str
    group: int
    authentication: str = "pre-share"
    lifetime: int = 86400


def is_legacy_asa(config: DeviceConfig | None) -> bool:
    return config is not None and config.platform == "asa" and config.syntax == "8.3"


def ike_keyword(config: DeviceConfig | None) -> str:
    """``isakmp`` on ASA <= 8.3 and IOS, ``ikev1`` on ASA 8.4+ (and when no config says)."""
    if config is not None and (config.platform == "ios" or config.syntax == "8.3"):
        return "isakmp"
    return "ikev1"


def free_policy_priority(config: DeviceConfig | None, preferred: int = 20) -> int:
    used = {policy.priority for policy in (config.policies if config else [])}
    priority = preferred
    while priority in used:
        priority += 10
    return priority


def policy_matches(policy: Phase1Proposal, offer: Proposal) -> bool:
    return (
        (policy.authentication or "pre-share") in (offer.authentication, "pre-share")
        and offer.encryption in (policy.encryption or ("3des",))
        and offer.hash in (policy.hash or ("sha",))
        and offer.group in (policy.group or (2,))
    )


def phase1_policy_lines(config: DeviceConfig | None, offer: Proposal, priority: int) -> list[str]:
    if config is not None and config.platform == "ios":
        return [f"crypto isakmp policy {priority}", f" encr {_IOS_ENCRYPTION.get(offer.encryption, offer.encryption)}",
                f" hash {offer.hash}", f" authentication {offer.authentication}", f" group {offer.group}",
                f" lifetime {offer.lifetime}"]
    return [f"crypto {ike_keyword(config)} policy {priority}", f" authentication {offer.authentication}",
            f" encryption {offer.encryption}", f" hash {offer.hash}", f" group {offer.group}",
            f" lifetime {offer.lifetime}"]


def enable_ike_lines(config: DeviceConfig | None, nameif: str) -> list[str]:
    return [f"crypto {ike_keyword(config)} enable {nameif}"]


def psk_line(config: DeviceConfig | None) -> str:
    return " pre-shared-key " + PSK_PLACEHOLDER if is_legacy_asa(config) else " ikev1 pre-shared-key " + PSK_PLACEHOLDER


def l2l_key_lines(config: DeviceConfig | None, peer_address: str) -> list[str]:
    """Lines that give a LAN-to-LAN peer a pre-shared key on this device: an ASA
    tunnel-group named by the peer's address, or an IOS ``crypto isakmp key``."""
    if config is not None and config.platform == "ios":
        return [f"crypto isakmp key {PSK_PLACEHOLDER} address {peer_address}"]
    return tunnel_group_lines(config, peer_address, "ipsec-l2l")


def tunnel_group_lines(config: DeviceConfig | None, name: str, group_type: str,
                       group_policy: str | None = None) -> list[str]:
    lines = [f"tunnel-group {name} type {group_type}"]
    if group_policy:
        lines += [f"tunnel-group {name} general-attributes", f" default-group-policy {group_policy}"]
    lines += [f"tunnel-group {name} ipsec-attributes", psk_line(config)]
    return lines


def local_address(config: DeviceConfig | None) -> str | None:
    return config.crypto_address() if config is not None else None


def remediation(target: str, lines: list[str], note: str = "") -> Remediation:
    return Remediation(target=target, lines=lines, note=note)


def _acl_selectors(entries) -> set[tuple[str, str, str]]:
    """(protocol, source, destination) of ``extended permit`` lines, addresses as written."""
    selectors = set()
    for entry in entries:
        words = entry.text.split()
        if len(words) < 3 or words[0] != "extended" or words[1] != "permit":
            continue
        protocol, rest = words[2], words[3:]
        ends = []
        while rest and len(ends) < 2:
            if rest[0] in ("any", "any4") or len(rest) < 2:
                ends.append("any")
                rest = rest[1:]
            elif rest[0] == "host":
                ends.append(rest[1] + "/255.255.255.255")
                rest = rest[2:]
            else:
                ends.append(rest[0] + "/" + rest[1])
                rest = rest[2:]
        if len(ends) == 2:
            selectors.add((protocol, ends[0], ends[1]))
    return selectors


def acls_mirror(ours, theirs) -> bool:
    """Are two crypto ACLs exact mirror images (source and destination swapped)?"""
    mine, other = _acl_selectors(ours), _acl_selectors(theirs)
    return bool(mine) and mine == {(protocol, dst, src) for protocol, src, dst in other}
