"""The stack of open blocks: which block a command opens, and where its children are read.

A block is opened by a command ("interface X", "crypto map M 10 ipsec-isakmp" ...) and
read as the parent of the commands after it, until "exit", "end", a "!" at column 0
(IOS) or a command that only its ancestors (or the top level) can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grammar.config.commands import START_OF, Keyword, find, words_of

# Blocks whose children are all keyword-led: safe to try before "top".
MODELLED = {"interface", "ike_policy", "ipsec_proposal", "transform_set", "crypto_map", "ezvpn",
            "tg_general", "tg_ipsec", "acl"}

# Group-policy / username attribute names (ASA 8.x-9.x).  Attribute children accept
# any word, so in a newline-less paste only these names cut a command.
ATTRIBUTE_KEYWORDS = frozenset(
    """
    banner dns-server wins-server dhcp-network-scope vpn-access-hours vpn-simultaneous-logins
    vpn-idle-timeout vpn-session-timeout vpn-filter ipv6-vpn-filter vpn-tunnel-protocol
    password-storage ip-comp re-xauth group-lock pfs ipsec-udp ipsec-udp-port
    split-tunnel-policy ipv6-split-tunnel-policy split-tunnel-network-list default-domain
    split-dns intercept-dhcp secure-unit-authentication user-authentication
    user-authentication-idle-timeout ip-phone-bypass client-bypass-protocol leap-bypass nem
    backup-servers msie-proxy vpn-nac-exempt nac-settings address-pools ipv6-address-pools
    smartcard-removal-disconnect client-firewall client-access-rule webvpn
    vpn-framed-ip-address vpn-framed-ipv6-address vpn-group-policy service-type member-of vlan
    security-group-tag split-tunnel-all-dns gateway-fqdn scep-forwarding-url
    description always-on-vpn customization password-management tunnel-group-lock
    ssh-public-key vpn-radius-attributes
    """.split()
)


@dataclass(slots=True)
class Block:
    kind: str
    indent: int
    obj: Any = None  # what the builder filled for the opening command


@dataclass(slots=True)
class Reading:
    """A command as read: its parent block and its kind."""

    level: int  # index of the parent block in the stack, -1 = top level (-2: a "!" that closes all)
    kind: str  # tree alias, or comment | cert | banner | quit
    tree: Any = None


# The blocks to read a command under, in order: (stack level or -1 for top, start
# symbol, strict).  Non-strict entries are the any-word children (attributes,
# unmodelled blocks) in a paste, which read almost anything as a command: they are
# tried last and never prove a cut.
ContextOrder = list[tuple[int, str, bool]]


def opens(reading: Reading) -> str | None:
    """The kind of block a command opens for the commands that follow it."""
    kind, tree = reading.kind, reading.tree
    if kind in ("interface", "ipsec_proposal", "ezvpn", "cert_chain"):
        return kind
    if kind == "ike_policy":
        return "ike_policy" if words_of(tree)[0].isdigit() else "generic"
    if kind in ("transform_set", "transform_set_mode"):
        return "transform_set"
    if kind in ("map_header", "dynamic_map_header"):
        return "crypto_map"
    if kind == "tunnel_group_attributes":
        attr = find(tree, Keyword)
        return {"general-attributes": "tg_general", "ipsec-attributes": "tg_ipsec"}.get(attr, "generic")
    if kind in ("group_policy_attributes", "username_attributes"):
        return "attributes"
    if kind == "ip_access_list":
        return "acl"
    if kind in ("ignored", "crypto_other", "server_key", "aaa_server_host"):
        return "generic"
    if kind == "attribute" and words_of(tree)[0] == "webvpn":
        return "generic"
    return None


def after(stack: list[Block], reading: Reading, indent: int) -> list[Block]:
    """The block stack once ``reading`` is applied (pure: used to look ahead)."""
    if reading.kind == "end":
        return []
    if reading.kind == "exit":
        return stack[: max(reading.level, 0)]
    if reading.kind in ("comment", "cert", "banner", "quit"):
        if reading.kind == "comment" and reading.level == -2:  # a "!" line closes IOS blocks
            return []
        return stack
    base = stack[: reading.level + 1]
    opened = opens(reading)
    return [*base, Block(opened, indent)] if opened else base


def line_order(stack: list[Block], indent: int) -> ContextOrder:
    """Blocks to read a command under, in order, when it starts a physical line."""
    levels = range(len(stack) - 1, -1, -1)
    if indent > 0:  # a child of the innermost block indented less than this line
        order = [(lv, START_OF[stack[lv].kind], True) for lv in levels if stack[lv].indent < indent]
        return [*order, (-1, "top", True)]
    # column 0: a top-level command, else a child whose indentation was stripped
    order = [(lv, START_OF[stack[lv].kind], stack[lv].kind in MODELLED) for lv in levels
             if stack[lv].kind in MODELLED or stack[lv].kind == "attributes"]
    return [(-1, "top", True), *order]


def paste_order(stack: list[Block], first_word: str) -> ContextOrder:
    """Blocks to read a command under when it is found inside a physical line (a paste).

    Keyword-led children first (the paste is most likely still inside the block),
    then top level, then the any-word children.
    """
    levels = range(len(stack) - 1, -1, -1)
    order = [(lv, START_OF[stack[lv].kind], True) for lv in levels if stack[lv].kind in MODELLED
             or (stack[lv].kind == "attributes" and first_word in ATTRIBUTE_KEYWORDS)]
    order.append((-1, "top", True))
    order += [(lv, START_OF[stack[lv].kind], False) for lv in levels
              if stack[lv].kind in ("attributes", "generic", "cert_chain")
              and (lv, START_OF[stack[lv].kind], True) not in order]
    return order
