"""Cisco ASA / IOS configuration parser: pasted text -> ``DeviceConfig``.

Two steps, as stack.md §2 recommends for Cisco configs:

1. **Cut the text into commands** and find each command's parent block.  Normal
   configs give one command per physical line and indentation names the parent.
   Pasted configs often arrive without newlines (the whole config on one line), so a
   physical line is also cut at keywords: a cut is kept where the words before it
   parse as a command *and* the words after it start another one (see
   ``_Splitter.segment``).  Children are tried against their parent block first, so
   ``group 2`` parses as an isakmp-policy child while ``group EZ key K`` parses as an
   EZVPN child, and ``crypto ipsec client ezvpn EZ`` right after ``interface X`` is
   that interface's binding.
2. **Parse each command** with ``config.lark`` (LALR, contextual lexer), using the
   start symbol of its parent context, and fill the dataclasses of ``config_model``.

Every physical line is either recognised or reported in ``unrecognized`` (with its
secrets redacted).  Secret tokens become a salted fingerprint plus a ``SecretSpan``;
a command the grammar could not read that carries a secret-bearing keyword has the
rest of the command redacted.  Nothing here raises on bad input.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lark import Lark, Token, Transformer, Tree
from lark.lexer import PatternStr

from grammar.config_model import (
    AccessListEntry,
    CryptoMapEntry,
    DeviceConfig,
    EzvpnClient,
    GroupPolicy,
    Interface,
    IsakmpKey,
    LocalPool,
    Phase1Proposal,
    Secret,
    SecretSpan,
    TransformSet,
    TunnelGroup,
    User,
)
from grammar.secrets import decode_type7, default_salt, fingerprint, redact_text, split_lines

__all__ = ["parse_config", "detect_config_platform"]

# --------------------------------------------------------------------------- grammar


class _Kw(str):
    """A keyword picked by a ``!rule`` of the grammar (pw_kw, ike_kw ...)."""


class _Enc(str):
    """An encryption type word in front of a secret (0, 5, 6, 7, 8, 9)."""


class _Flag(str):
    """An ASA flag after a password (encrypted, pbkdf2, nt-encrypted)."""


@dataclass(frozen=True, slots=True)
class _SecretRef:
    token: Token

    def __repr__(self) -> str:  # a parse tree may be printed while debugging
        return "_SecretRef(<hidden>)"


@dataclass(frozen=True, slots=True)
class _Rest:
    tokens: tuple[Token, ...]


_KEYWORD_RULES = """pw_kw if_kind object_kind object_group_kind acl_kind acl_action tg_attr gp_kind
    server_kw ike_kw ikev1_kw ikev_kw ca_kw map_other_kw ezvpn_side if_addr_kind enc_kw psk_direction
    if_kw if_ip_kw ezvpn_kw tg_general_kw tg_ipsec_kw ignored_kw ignored_bare""".split()


class _Shape(Transformer):
    """Turns the leaves the parser cares about into small typed values."""

    def secret(self, children: list) -> _SecretRef:
        return _SecretRef(children[0])

    def rest(self, children: list) -> _Rest:
        return _Rest(tuple(children))

    def enc_type(self, children: list) -> _Enc:
        return _Enc(children[0])

    def pw_flag(self, children: list) -> _Flag:
        return _Flag(children[0])


def _keyword(self: Any, children: list) -> _Kw:
    return _Kw(" ".join(str(c) for c in children if c is not None).lower())


for _rule in _KEYWORD_RULES:
    setattr(_Shape, _rule, _keyword)

# Start symbol per parent context kind.
_START_OF = {
    "interface": "in_interface",
    "ike_policy": "in_ike_policy",
    "ipsec_proposal": "in_ipsec_proposal",
    "transform_set": "in_transform_set",
    "crypto_map": "in_crypto_map",
    "ezvpn": "in_ezvpn",
    "tg_general": "in_tg_general",
    "tg_ipsec": "in_tg_ipsec",
    "attributes": "in_attributes",
    "acl": "in_acl",
    "generic": "in_generic",
    "cert_chain": "in_generic",
}
# Contexts whose children are all keyword-led: safe to try before "top".
_MODELLED = {"interface", "ike_policy", "ipsec_proposal", "transform_set", "crypto_map", "ezvpn",
             "tg_general", "tg_ipsec", "acl"}

_PARSER = Lark.open(
    "config.lark",
    rel_to=__file__,
    parser="lalr",
    lexer="contextual",
    start=["top", *sorted(set(_START_OF.values()))],
    transformer=_Shape(),
)

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


def _first_words(start: str) -> tuple[frozenset[str], bool]:
    """Keywords that can open a command under ``start``, and whether any other word can."""
    keywords, other = set(), False
    for name in _PARSER.parse_interactive(start=start).accepts():
        if name == "$END":
            continue
        pattern = _PARSER.get_terminal(name).pattern
        if isinstance(pattern, PatternStr):
            keywords.add(pattern.value)
        else:
            other = True
    return frozenset(keywords), other


# Per start symbol: the words a command may begin with (None: any word).  Checked
# before calling lark, which costs ~100x more than a set lookup.
_OPENERS = {start: (None if other else keywords)
            for start in ("top", *_START_OF.values())
            for keywords, other in [_first_words(start)]}

# Every keyword that can start a command in some context: where a paste may be cut.
_CUT_WORDS = frozenset().union(*(_first_words(s)[0] for s in _OPENERS)) | ATTRIBUTE_KEYWORDS | {"certificate"}

# Words after which the rest of a command is a secret, for commands the grammar did
# not read (or read only as "recognised, not modelled").
_SECRET_WORDS = frozenset(
    """password secret key pre-shared-key community ldap-login-password passwd key-string
    authentication-key message-digest-key wpa-psk radius-common-pw""".split()
)
_NOT_SECRET_AFTER = {("crypto", "key"), ("key", "chain"), ("password", "encryption")}

# Kind of redaction placeholder per command kind.
_SPAN_KIND = {
    "tg_pre_shared_key": "pre-shared-key",
    "tg_ikev1_pre_shared_key": "pre-shared-key",
    "tg_ikev2_local_key": "pre-shared-key",
    "tg_ikev2_remote_key": "pre-shared-key",
    "isakmp_key": "pre-shared-key",
    "ez_group": "pre-shared-key",
    "g_pre_shared_key": "pre-shared-key",
    "passwd": "password",
    "ez_username": "password",
    "g_password": "password",
    "group_policy": "password",
    "snmp_community": "snmp-community",
    "server_key": "key",
    "aaa_server_host": "key",
    "g_key": "key",
}

# Bounds that keep one pathological line from costing quadratic time.
_MAX_CUTS = 16
_LOOKAHEAD_CUTS = 6
_PARSES_PER_WORD = 4  # lark calls allowed per input word (a newline-less paste needs ~1)
_MAX_PARSES = 200_000  # ~20 s of lark: past it, what is left is reported unrecognised

# Commands of a fixed shape (no free-text tail, no open list of names).  When one of
# them can end at two cuts, the longer reading wins: in "username U password P
# privilege 15" the "privilege 15" is an option, not the IOS "privilege" command.
_CLOSED = frozenset(
    """username username_nopassword enable_secret passwd aaa_server_host isakmp_key ike_enable
    am_disable map_header dynamic_map_header map_interface ip_local_pool tunnel_group_type
    tunnel_group_attributes group_policy group_policy_attributes username_attributes hostname
    interface asa_version ios_version ike_policy ipsec_proposal ezvpn cert_chain transform_set
    transform_set_mode ipsec_sa_lifetime if_nameif if_security_level if_ip_address if_ezvpn
    ez_connect ez_group ez_mode ez_peer ez_username ez_xauth_userid_mode p_authentication p_group
    p_lifetime ms_lifetime ms_connection_type ms_match_address ms_nat_t_disable
    tg_default_group_policy tg_peer_id_validate tg_pre_shared_key tg_ikev1_pre_shared_key
    tg_ikev2_local_key tg_ikev2_remote_key""".split()
)

# --------------------------------------------------------------------------- words


@dataclass(slots=True)
class _Word:
    text: str
    start: int  # column in the physical line
    end: int


def _words(line: str) -> list[_Word]:
    """Whitespace-separated words with their columns (no regex: linear time)."""
    out: list[_Word] = []
    i, n = 0, len(line)
    while i < n:
        while i < n and line[i].isspace():
            i += 1
        j = i
        while j < n and not line[j].isspace():
            j += 1
        if j > i:
            out.append(_Word(line[i:j], i, j))
        i = j
    return out


def _is_comment(words: list[_Word], i: int) -> bool:
    """A comment starts here: "!..." or ":..." at the start of a line, a lone "!" or ":"
    inside one, and the headers of pasted "show running-config" output."""
    w = words[i].text
    if w in ("!", ":") or (i == 0 and w[0] in "!:") or w.startswith("Cryptochecksum:"):
        return True
    nxt = words[i + 1].text if i + 1 < len(words) else ""
    if w in ("Building", "Current") and nxt.startswith("configuration"):
        return True
    # a pasted CLI prompt: "asa# show running-config"
    return len(w) > 1 and w[-1] in "#>" and nxt in ("show", "sh", "sho", "more", "write", "wr")


# --------------------------------------------------------------------------- splitting


@dataclass(slots=True)
class _Ctx:
    kind: str
    indent: int
    obj: Any = None


@dataclass(slots=True)
class _Parsed:
    level: int  # index of the parent context in the stack, -1 = top level
    kind: str  # tree alias, or comment | cert | banner | quit
    tree: Any = None


@dataclass(slots=True)
class _Segment:
    i: int
    k: int
    parsed: _Parsed | None  # None = unrecognised


# An order entry: (stack level or -1 for top, start symbol, strict).  Non-strict
# entries are the any-word children (attributes, unmodelled blocks) in a paste, which
# read almost anything as a command: they are tried last and never prove a cut.
_Order = list[tuple[int, str, bool]]


def _opens(parsed: _Parsed) -> str | None:
    """The context a command opens for the commands that follow it."""
    kind, tree = parsed.kind, parsed.tree
    if kind in ("interface", "ipsec_proposal", "ezvpn", "cert_chain"):
        return kind
    if kind == "ike_policy":
        return "ike_policy" if _words_of(tree)[0].isdigit() else "generic"
    if kind in ("transform_set", "transform_set_mode"):
        return "transform_set"
    if kind in ("map_header", "dynamic_map_header"):
        return "crypto_map"
    if kind == "tunnel_group_attributes":
        attr = _find(tree, _Kw)
        return {"general-attributes": "tg_general", "ipsec-attributes": "tg_ipsec"}.get(attr, "generic")
    if kind in ("group_policy_attributes", "username_attributes"):
        return "attributes"
    if kind == "ip_access_list":
        return "acl"
    if kind in ("ignored", "crypto_other", "server_key", "aaa_server_host"):
        return "generic"
    if kind == "attribute" and _words_of(tree)[0] == "webvpn":
        return "generic"
    return None


def _after(stack: list[_Ctx], parsed: _Parsed, indent: int) -> list[_Ctx]:
    """The context stack once ``parsed`` is applied (pure: used to look ahead)."""
    if parsed.kind == "end":
        return []
    if parsed.kind == "exit":
        return stack[: max(parsed.level, 0)]
    if parsed.kind in ("comment", "cert", "banner", "quit"):
        if parsed.kind == "comment" and parsed.level == -2:  # a "!" line closes IOS blocks
            return []
        return stack
    base = stack[: parsed.level + 1]
    opened = _opens(parsed)
    return [*base, _Ctx(opened, indent)] if opened else base


class _Splitter:
    """Cuts one physical line into commands and parses each (no side effects)."""

    def __init__(self, words: list[_Word], platform: str, budget: list[int]):
        self.words = words
        self.platform = platform
        self.budget = budget
        self.cache: dict[tuple[str, int, int], Any] = {}
        self.cuts = [k for k, w in enumerate(words) if w.text in _CUT_WORDS or w.text in ("!", ":")]
        # a lone "!" separates commands: a look-ahead reading never runs across one
        self.bangs = [k for k, w in enumerate(words) if w.text == "!"]

    # -- parsing one candidate span -------------------------------------------------

    def _lark(self, start: str, i: int, k: int) -> Any:
        key = (start, i, k)
        if key in self.cache:
            return self.cache[key]
        tree = None
        if self.budget[0] > 0:
            self.budget[0] -= 1
            try:
                tree = _PARSER.parse(" ".join(w.text for w in self.words[i:k]), start=start)
            except Exception:  # noqa: BLE001 - lark errors carry the input: drop them whole
                tree = None
        self.cache[key] = tree
        return tree

    def _allowed(self, tree: Any) -> bool:
        if not isinstance(tree, Tree):
            return False
        # Interface-level crypto bindings exist on IOS only; on ASA "crypto map M"
        # after an interface is the start of "crypto map M interface IF".
        return not (self.platform == "asa" and tree.data in ("if_crypto_map", "if_ezvpn"))

    def parse(self, i: int, k: int, order: _Order, *, closes: bool = False, strict: bool = False) -> _Parsed | None:
        """``closes``: a "!" here ends the open blocks (not an indented " !")."""
        words = self.words
        if _is_comment(words, i):
            return _Parsed(-2 if (closes and words[i].text.startswith("!")) else -1, "comment")
        if k == i + 1 and words[i].text == "quit":
            return _Parsed(-1, "quit")
        for level, start, sure in order:
            if strict and not sure:
                continue
            openers = _OPENERS[start]
            if openers is not None and words[i].text not in openers:
                continue
            tree = self._lark(start, i, k)
            if self._allowed(tree):
                return _Parsed(level, str(tree.data), tree)
        return None

    # -- choosing where a command ends ----------------------------------------------

    def _cut_candidates(self, i: int, limit: int) -> list[int]:
        """The next ``limit`` cut positions after ``i``, and the line end when in reach."""
        first = bisect_right(self.cuts, i)
        out = self.cuts[first:first + limit]
        return out + [len(self.words)] if first + limit >= len(self.cuts) else out

    def starts_command(self, k: int, stack: list[_Ctx], *, strict: bool = True) -> bool:
        """Do the words from ``k`` on start a command?  ``strict`` leaves out the
        any-word children (attributes, unmodelled blocks)."""
        order = paste_order(stack, self.words[k].text)
        nxt = bisect_right(self.bangs, k)
        bang = self.bangs[nxt] if nxt < len(self.bangs) else len(self.words)
        return any(self.parse(k, k2, order, strict=strict)
                   for k2 in self._cut_candidates(k, _LOOKAHEAD_CUTS) if k2 <= bang)

    def special(self, i: int, stack: list[_Ctx], banner: list[str | None]) -> int | None:
        """End of a certificate body or a delimited IOS banner starting at ``i``."""
        words, n = self.words, len(self.words)
        if stack and stack[-1].kind == "cert_chain" and words[i].text == "certificate":
            for k in range(i + 1, n):
                if words[k].text == "quit":
                    return k + 1
            return n
        if words[i].text == "banner" and self.platform == "ios" and i + 2 < n:
            opener = words[i + 2].text
            delim = "^C" if opener.startswith("^C") else (opener[0] if not opener[0].isalnum() else None)
            if delim is None:
                return None
            if delim in opener[len(delim):]:
                return i + 3
            for k in range(i + 3, n):
                if delim in words[k].text:
                    return k + 1
            banner[0] = delim  # the banner goes on over the next lines
            return n
        return None

    def segment(self, i: int, stack: list[_Ctx], order: _Order, indent: int, *, closes: bool) -> _Segment:
        cands = self._cut_candidates(i, _MAX_CUTS)
        n = len(self.words)

        def proven(k: int, parsed: _Parsed, strict: bool) -> bool:
            return k == n or self.starts_command(k, _after(stack, parsed, indent), strict=strict)

        # 1: the shortest command after which another command starts; first with
        #    keyword-led readings only, then with the any-word ones
        for strict in (True, False):
            for pos, k in enumerate(cands):
                parsed = self.parse(i, k, order, closes=closes, strict=strict)
                if parsed is None or not proven(k, parsed, strict):
                    continue
                if strict and parsed.kind in _CLOSED:  # a fixed shape: take its longest reading
                    for k2 in cands[pos + 1:]:
                        longer = self.parse(i, k2, order, closes=closes, strict=True)
                        if longer is None or longer.kind not in _CLOSED:
                            break
                        if proven(k2, longer, True):
                            k, parsed = k2, longer
                return _Segment(i, k, parsed)
        # 2: the shortest command at all
        for k in cands:
            parsed = self.parse(i, k, order, closes=closes)
            if parsed is not None:
                return _Segment(i, k, parsed)
        # 3: unrecognised, up to the next word that starts a command
        for k in cands[:-1]:
            if self.starts_command(k, stack):
                return _Segment(i, k, None)
        return _Segment(i, cands[0], None)

    def split(self, stack: list[_Ctx], indent: int, banner: list[str | None], *,
              flat: bool = False) -> tuple[list[_Segment], list[_Ctx]]:
        """Cut the whole line; returns the segments and the stack after them."""
        segments: list[_Segment] = []
        i, n = 0, len(self.words)
        while i < n:
            if banner[0] is not None:  # inside a multi-line IOS banner
                k = next((m + 1 for m in range(i, n) if banner[0] in self.words[m].text), None)
                if k is not None:
                    banner[0] = None
                segments.append(_Segment(i, k or n, _Parsed(-1, "banner")))
                i = k or n
                continue
            end = self.special(i, stack, banner)
            if end is not None:
                kind = "cert" if self.words[i].text == "certificate" else "banner"
                segments.append(_Segment(i, end, _Parsed(-1, kind)))
                i = end
                continue
            first = i == 0
            order = line_order(stack, indent) if first and not flat else paste_order(stack, self.words[i].text)
            seg = self.segment(i, stack, order, indent, closes=not first or indent == 0)
            segments.append(seg)
            if seg.parsed is not None:
                stack = _after(stack, seg.parsed, indent)
            i = seg.k
        return segments, stack


def line_order(stack: list[_Ctx], indent: int) -> _Order:
    """Contexts to try, in order, for a command that starts a physical line."""
    levels = range(len(stack) - 1, -1, -1)
    if indent > 0:  # a child of the innermost block indented less than this line
        order = [(lv, _START_OF[stack[lv].kind], True) for lv in levels if stack[lv].indent < indent]
        return [*order, (-1, "top", True)]
    # column 0: a top-level command, else a child whose indentation was stripped
    order = [(lv, _START_OF[stack[lv].kind], stack[lv].kind in _MODELLED) for lv in levels
             if stack[lv].kind in _MODELLED or stack[lv].kind == "attributes"]
    return [(-1, "top", True), *order]


def paste_order(stack: list[_Ctx], first_word: str) -> _Order:
    """Contexts to try for a command found inside a physical line (a paste).

    Keyword-led children first (the paste is most likely still inside the block),
    then top level, then the any-word children.
    """
    levels = range(len(stack) - 1, -1, -1)
    order = [(lv, _START_OF[stack[lv].kind], True) for lv in levels if stack[lv].kind in _MODELLED
             or (stack[lv].kind == "attributes" and first_word in ATTRIBUTE_KEYWORDS)]
    order.append((-1, "top", True))
    order += [(lv, _START_OF[stack[lv].kind], False) for lv in levels
              if stack[lv].kind in ("attributes", "generic", "cert_chain")
              and (lv, _START_OF[stack[lv].kind], True) not in order]
    return order


# --------------------------------------------------------------------------- tree helpers


def _find(tree: Any, cls: type) -> Any:
    """First value of type ``cls`` in the tree (depth first)."""
    if isinstance(tree, cls):
        return tree
    if isinstance(tree, Tree):
        for child in tree.children:
            found = _find(child, cls)
            if found is not None:
                return found
    return None


def _tokens(tree: Tree, *types: str) -> list[Token]:
    """Direct child tokens of the given terminal types (WORD by default)."""
    types = types or ("WORD",)
    return [c for c in tree.children if isinstance(c, Token) and c.type in types]


def _words_of(tree: Tree) -> list[str]:
    return [str(t) for t in _tokens(tree)]


def _subtrees(tree: Tree, name: str) -> list[Tree]:
    return [c for c in tree.children if isinstance(c, Tree) and c.data == name]


# --------------------------------------------------------------------------- values

_AES_BITS = {"128": "", "192": "-192", "256": "-256"}


def _encryptions(words: list[str]) -> tuple[str, ...]:
    """IKE encryption names, normalised: IOS ``aes 256`` -> ``aes-256``, ``aes 128`` -> ``aes``."""
    out: list[str] = []
    for w in (w.lower() for w in words):
        if w in _AES_BITS and out and out[-1] in ("aes", "aes-gcm", "aes-gmac"):
            out[-1] += _AES_BITS[w]
        else:
            out.append(w)
    return tuple(out)


def _transforms(trees: list[Tree]) -> tuple[str, ...]:
    """Transform names, normalised: IOS ``esp-aes 256`` -> ``esp-aes-256``."""
    out = []
    for t in trees:
        name, bits = str(t.children[0]).lower(), t.children[1]
        if bits is not None and str(bits) in _AES_BITS:
            name += _AES_BITS[str(bits)]
        elif bits is not None:
            name += "-" + str(bits)
        out.append(name)
    return tuple(out)


# ASA IKEv2 ipsec-proposal values in IKEv1 transform vocabulary, so that proposals and
# transform sets (either IKE version, either platform) can be compared.
_PROPOSAL_ENCRYPTION = {
    "des": "esp-des", "3des": "esp-3des", "aes": "esp-aes", "aes-192": "esp-aes-192",
    "aes-256": "esp-aes-256", "aes-gcm": "esp-gcm", "aes-gcm-192": "esp-gcm-192",
    "aes-gcm-256": "esp-gcm-256", "aes-gmac": "esp-gmac", "aes-gmac-192": "esp-gmac-192",
    "aes-gmac-256": "esp-gmac-256", "null": "esp-null",
}
_PROPOSAL_INTEGRITY = {
    "md5": "esp-md5-hmac", "sha-1": "esp-sha-hmac", "sha-256": "esp-sha256-hmac",
    "sha-384": "esp-sha384-hmac", "sha-512": "esp-sha512-hmac", "null": "esp-none",
}

_DEFAULT_PFS = {"asa": "group2", "ios": "group1"}  # bare "set pfs" (config-model.md §2.2/2.4)


def _int(text: Any) -> int | None:
    s = str(text)
    return int(s) if s.isdigit() and len(s) < 19 else None


def _add(items: tuple[str, ...], new: list[str]) -> tuple[str, ...]:
    return items + tuple(x for x in new if x not in items)


# --------------------------------------------------------------------------- building


@dataclass
class _Command:
    """One parsed command, with what the builder needs to read its words."""

    line: int
    words: list[_Word]  # the command's words
    starts: list[int]  # where each word starts in the text given to lark (words joined by " ")
    spans: list[SecretSpan] = field(default_factory=list)

    def word(self, token: Token) -> _Word:
        """The word holding ``token``.  A token can start inside a word when the lexer
        cut a keyword off its front ("pre-shared-keyK3Y"), so this is not a lookup."""
        return self.words[max(bisect_right(self.starts, token.start_pos or 0) - 1, 0)]

    def text_from(self, token: Token | None, physical: str) -> str:
        """The command's text from ``token`` to its end, secrets redacted."""
        if token is None:
            return ""
        first = self.word(token)
        return _redacted_slice(physical, first.start, self.words[-1].end, self.spans)


def _redacted_slice(physical: str, start: int, end: int, spans: list[SecretSpan]) -> str:
    local = [SecretSpan(1, s.start - start, s.end - start, s.kind) for s in spans
             if s.end > start and s.start < end]
    return redact_text(physical[start:end], local)


class _Builder:
    """Applies parsed commands to a ``DeviceConfig``."""

    def __init__(self, cfg: DeviceConfig, salt: bytes):
        self.cfg = cfg
        self.salt = salt
        self.votes = {"8.3": 0, "8.4": 0}

    # -- secrets --------------------------------------------------------------------

    def secret(self, cmd: _Command, tree: Tree) -> Secret | None:
        ref = _find(tree, _SecretRef)
        if ref is None:
            return None
        enc, flag = _find(tree, _Enc), _find(tree, _Flag)
        enc = None if enc is None else str(enc)
        value = str(ref.token)
        if value.strip("*") == "":  # ASA "show running-config" masking
            return Secret(None, masked=True, encryption_type=enc)
        if flag is not None:  # ASA "encrypted" / "pbkdf2": a one-way hash
            return Secret(None, encryption_type=str(flag))
        if enc is None or enc == "0":
            return Secret(fingerprint(value, self.salt), encryption_type=enc)
        if enc == "7":  # reversible: compare by the clear value
            clear = decode_type7(value)
            return Secret(fingerprint(clear, self.salt) if clear is not None else None, encryption_type="7")
        return Secret(None, encryption_type=enc)  # 5/8/9 hashes, 6/8 encrypted: unknowable

    # -- dispatch -------------------------------------------------------------------

    def apply(self, parsed: _Parsed, cmd: _Command, parent: _Ctx | None, physical: str) -> Any:
        handler: Callable | None = getattr(self, "on_" + parsed.kind, None)
        if handler is None:
            return None
        return handler(parsed.tree, cmd, parent.obj if parent else None, physical)

    def src(self, cmd: _Command) -> tuple[str, int]:
        return (self.cfg.name, cmd.line)

    # -- top level ------------------------------------------------------------------

    def on_hostname(self, t, cmd, obj, phys):
        self.cfg.hostname = _words_of(t)[0]

    def on_asa_version(self, t, cmd, obj, phys):
        self.cfg.version = _words_of(t)[0]

    def on_ios_version(self, t, cmd, obj, phys):
        self.cfg.version = str(_tokens(t, "VERSION")[0])

    def on_interface(self, t, cmd, obj, phys):
        name = _words_of(t)[0]
        iface = next((i for i in self.cfg.interfaces if i.name == name), None)
        if iface is None:
            iface = Interface(name=name, source=self.src(cmd))
            self.cfg.interfaces.append(iface)
        return iface

    def on_name(self, t, cmd, obj, phys):
        ip = _tokens(t, "IP")[0]
        self.cfg.names[_words_of(t)[0]] = str(ip)

    def on_access_list(self, t, cmd, obj, phys):
        acl = _words_of(t)[0]
        body = t.children[-1]
        action = None
        if body.data == "acl_rule":
            action = next((c for c in body.children if isinstance(c, _Kw) and c in ("permit", "deny")), None)
        elif body.data == "acl_remark":
            action = "remark"
        after_name = cmd.words[2] if len(cmd.words) > 2 else None
        text = _redacted_slice(phys, after_name.start, cmd.words[-1].end, cmd.spans) if after_name else ""
        self.cfg.access_lists.setdefault(acl, []).append(
            AccessListEntry(acl=acl, text=text, action=action, source=self.src(cmd)))

    def on_ip_access_list(self, t, cmd, obj, phys):
        name = _words_of(t)[0]
        self.cfg.access_lists.setdefault(name, [])
        return name

    def on_ip_local_pool(self, t, cmd, obj, phys):
        name = _words_of(t)[0]
        rng = _subtrees(t, "pool_range")[0]
        first = str(rng.children[0])
        if "-" in first:
            first, last = first.split("-", 1)
        else:
            last = str(rng.children[1]) if len(rng.children) > 1 and rng.children[1] is not None else first
        mask = _tokens(t, "IP")
        self.cfg.pools[name] = LocalPool(name=name, first=first, last=last,
                                         mask=str(mask[0]) if mask else None, source=self.src(cmd))

    def _user(self, name: str, cmd: _Command) -> User:
        user = self.cfg.users.get(name)
        if user is None:
            user = self.cfg.users[name] = User(name=name, source=self.src(cmd))
        return user

    def on_username(self, t, cmd, obj, phys):
        user = self._user(_words_of(t)[0], cmd)
        user.password = self.secret(cmd, t)
        for priv in _subtrees(t, "user_priv"):
            user.privilege = _int(priv.children[0])

    def on_username_nopassword(self, t, cmd, obj, phys):
        user = self._user(_words_of(t)[0], cmd)
        for priv in _subtrees(t, "user_priv"):
            user.privilege = _int(priv.children[0])

    def on_username_attributes(self, t, cmd, obj, phys):
        return self._user(_words_of(t)[0], cmd)

    def on_tunnel_group_type(self, t, cmd, obj, phys):
        name, kind = _words_of(t)
        self._tunnel_group(name, cmd).type = kind

    def on_tunnel_group_attributes(self, t, cmd, obj, phys):
        return self._tunnel_group(_words_of(t)[0], cmd)

    def _tunnel_group(self, name: str, cmd: _Command) -> TunnelGroup:
        tg = self.cfg.tunnel_groups.get(name)
        if tg is None:
            tg = self.cfg.tunnel_groups[name] = TunnelGroup(name=name, source=self.src(cmd))
        return tg

    def _group_policy(self, name: str, cmd: _Command) -> GroupPolicy:
        gp = self.cfg.group_policies.get(name)
        if gp is None:
            gp = self.cfg.group_policies[name] = GroupPolicy(name=name, source=self.src(cmd))
        return gp

    def on_group_policy(self, t, cmd, obj, phys):
        gp = self._group_policy(_words_of(t)[0], cmd)
        gp.kind = _find(t, _Kw)

    def on_group_policy_attributes(self, t, cmd, obj, phys):
        return self._group_policy(_words_of(t)[0], cmd)

    # -- crypto, top level ----------------------------------------------------------

    def _ike_version(self, t) -> int:
        kw = _find(t, _Kw)
        self.votes["8.3" if kw == "isakmp" else "8.4"] += 1
        return 2 if kw == "ikev2" else 1

    def on_ike_enable(self, t, cmd, obj, phys):
        version = self._ike_version(t)
        nameifs = self.cfg.ike_enabled.setdefault(version, [])
        nameif = _words_of(t)[0]
        if nameif not in nameifs:
            nameifs.append(nameif)

    def on_ike_policy(self, t, cmd, obj, phys):
        version = self._ike_version(t)
        priority = _int(_words_of(t)[0])
        if priority is None:  # IOS named "crypto ikev2 policy NAME": not a proposal
            return None
        policy = next((p for p in self.cfg.policies
                       if p.priority == priority and p.ike_version == version), None)
        if policy is None:
            policy = Phase1Proposal(priority=priority, ike_version=version, source=self.src(cmd))
            self.cfg.policies.append(policy)
        return policy

    def on_am_disable(self, t, cmd, obj, phys):
        self._ike_version(t)
        self.cfg.am_disabled = True

    def on_crypto_other(self, t, cmd, obj, phys):
        kw = _find(t, _Kw)
        if kw in ("ikev1", "ikev2"):
            self.votes["8.4"] += 1

    def on_isakmp_key(self, t, cmd, obj, phys):
        peer = _subtrees(t, "isakmp_key_peer")[0]
        values = [str(c) for c in peer.children if c is not None]
        self.cfg.isakmp_keys.append(IsakmpKey(
            address=values[0], mask=values[1] if len(values) > 1 else None,
            key=self.secret(cmd, t), source=self.src(cmd)))

    def on_transform_set(self, t, cmd, obj, phys):
        v1 = _find(t, _Kw) == "ikev1"
        self.votes["8.4" if v1 else "8.3"] += self.cfg.platform == "asa"
        name = _words_of(t)[0]
        ts = TransformSet(name=name, ike_version=1, transforms=_transforms(_subtrees(t, "xform")),
                          source=self.src(cmd))
        mode = _words_of(t)[1:]
        if mode:
            ts.mode = mode[0].lower()
        self.cfg.transform_sets[name] = ts
        return ts

    def on_transform_set_mode(self, t, cmd, obj, phys):
        name, mode = _words_of(t)
        ts = self.cfg.transform_sets.get(name)
        if ts is None:
            ts = self.cfg.transform_sets[name] = TransformSet(name=name, source=self.src(cmd))
        ts.mode = mode.lower()
        return ts

    def on_ipsec_proposal(self, t, cmd, obj, phys):
        self.votes["8.4"] += 1
        name = _words_of(t)[0]
        ts = self.cfg.transform_sets.get(name)
        if ts is None or ts.ike_version != 2:
            ts = self.cfg.transform_sets[name] = TransformSet(name=name, ike_version=2, source=self.src(cmd))
        return ts

    def on_ipsec_sa_lifetime(self, t, cmd, obj, phys):
        seconds, kilobytes = self._lifetimes(t)
        if seconds is not None:
            self.cfg.global_lifetime_seconds = seconds
        if kilobytes is not None:
            self.cfg.global_lifetime_kilobytes = kilobytes

    @staticmethod
    def _lifetimes(t) -> tuple[int | None, int | None]:
        seconds = kilobytes = None
        for life in _subtrees(t, "sa_life"):
            unit, value = str(life.children[0]), life.children[1]
            if unit == "seconds":
                seconds = _int(value)
            elif str(value) != "unlimited":
                kilobytes = _int(value)
        return seconds, kilobytes

    def on_ezvpn(self, t, cmd, obj, phys):
        name = _words_of(t)[0]
        client = self.cfg.ezvpn_clients.get(name)
        if client is None:
            client = self.cfg.ezvpn_clients[name] = EzvpnClient(name=name, source=self.src(cmd))
        return client

    def _map_entry(self, name: str, seq: Any, dynamic: bool, cmd: _Command) -> CryptoMapEntry | None:
        number = _int(seq)
        if number is None:
            return None
        entry = next((e for e in self.cfg.crypto_maps
                      if e.map_name == name and e.seq == number and e.dynamic == dynamic), None)
        if entry is None:
            entry = CryptoMapEntry(map_name=name, seq=number, dynamic=dynamic, source=self.src(cmd))
            self.cfg.crypto_maps.append(entry)
        return entry

    def on_map_header(self, t, cmd, obj, phys):
        entry = self._map_entry(_words_of(t)[0], _tokens(t, "INT")[0], False, cmd)
        map_type = _subtrees(t, "map_type")
        if entry is not None and map_type:
            kids = [str(c) if c is not None else None for c in map_type[0].children]
            if "dynamic" in kids and kids.index("dynamic") + 1 < len(kids):
                entry.dynamic_map = kids[kids.index("dynamic") + 1]
        return entry

    def on_dynamic_map_header(self, t, cmd, obj, phys):
        return self._map_entry(_words_of(t)[0], _tokens(t, "INT")[0], True, cmd)

    def on_map_entry(self, t, cmd, obj, phys, dynamic: bool = False):
        entry = self._map_entry(_words_of(t)[0], _tokens(t, "INT")[0], dynamic, cmd)
        sub = t.children[-1]
        if entry is not None:
            self.apply(_Parsed(0, str(sub.data), sub), cmd, _Ctx("crypto_map", 0, entry), phys)

    def on_dynamic_map_entry(self, t, cmd, obj, phys):
        self.on_map_entry(t, cmd, obj, phys, dynamic=True)

    def on_map_interface(self, t, cmd, obj, phys):
        name, nameif = _words_of(t)[:2]
        self.cfg.map_interfaces[name] = nameif

    def on_cert_chain(self, t, cmd, obj, phys):
        return None

    # -- interface children ---------------------------------------------------------

    def on_if_nameif(self, t, cmd, iface, phys):
        iface.nameif = _words_of(t)[0]

    def on_if_ip_address(self, t, cmd, iface, phys):
        address, mask = (str(x) for x in _tokens(t, "IP")[:2])
        iface.address, iface.mask = address, mask

    def on_if_ezvpn(self, t, cmd, iface, phys):
        iface.ezvpn = _words_of(t)[0]
        iface.ezvpn_inside = _find(t, _Kw) == "inside"

    def on_if_crypto_map(self, t, cmd, iface, phys):
        self.cfg.map_interfaces[_words_of(t)[0]] = iface.nameif or iface.name

    # -- IKE policy children --------------------------------------------------------

    def on_p_authentication(self, t, cmd, policy, phys):
        if policy is not None:
            policy.authentication = _words_of(t)[0].lower()

    def on_p_encryption(self, t, cmd, policy, phys):
        if policy is not None:
            policy.encryption = _encryptions(_words_of(t))

    def on_p_hash(self, t, cmd, policy, phys):
        if policy is not None:
            policy.hash = tuple(w.lower() for w in _words_of(t))

    on_p_integrity = on_p_hash

    def on_p_prf(self, t, cmd, policy, phys):
        if policy is not None:
            policy.prf = tuple(w.lower() for w in _words_of(t))

    def on_p_group(self, t, cmd, policy, phys):
        if policy is not None:
            policy.group = tuple(g for g in (_int(x) for x in _tokens(t, "INT")) if g is not None)

    def on_p_lifetime(self, t, cmd, policy, phys):
        if policy is not None:
            policy.lifetime = _int(_tokens(t, "INT")[0])

    # -- IKEv2 ipsec-proposal / transform-set children ------------------------------

    def on_pp_encryption(self, t, cmd, ts, phys):
        ts.transforms = _add(ts.transforms, [_PROPOSAL_ENCRYPTION.get(w.lower(), "esp-" + w.lower())
                                             for w in _words_of(t)])

    def on_pp_integrity(self, t, cmd, ts, phys):
        ts.transforms = _add(ts.transforms, [_PROPOSAL_INTEGRITY.get(w.lower(), "esp-" + w.lower() + "-hmac")
                                             for w in _words_of(t)])

    def on_ts_mode(self, t, cmd, ts, phys):
        ts.mode = _words_of(t)[0].lower()

    # -- crypto map children (IOS block lines and ASA single-line "set ...") ---------

    def on_ms_match_address(self, t, cmd, entry, phys):
        entry.match_address = _words_of(t)[0]

    def on_ms_peer(self, t, cmd, entry, phys):
        entry.peers = _add(entry.peers, [w for w in _words_of(t) if w != "default"])

    def on_ms_transform_set(self, t, cmd, entry, phys):
        if self.cfg.platform == "asa":
            self.votes["8.4" if _find(t, _Kw) == "ikev1" else "8.3"] += 1
        entry.transform_sets = _add(entry.transform_sets, _words_of(t))

    def on_ms_ipsec_proposal(self, t, cmd, entry, phys):
        self.votes["8.4"] += 1
        entry.ikev2_proposals = _add(entry.ikev2_proposals, _words_of(t))

    def on_ms_pfs(self, t, cmd, entry, phys):
        group = _words_of(t)
        entry.pfs = group[0].lower() if group else _DEFAULT_PFS[self.cfg.platform]

    def on_ms_reverse_route(self, t, cmd, entry, phys):
        entry.reverse_route = True

    def on_ms_lifetime(self, t, cmd, entry, phys):
        seconds, kilobytes = self._lifetimes(t)
        if seconds is not None:
            entry.lifetime_seconds = seconds
        if kilobytes is not None:
            entry.lifetime_kilobytes = kilobytes

    def on_ms_connection_type(self, t, cmd, entry, phys):
        entry.connection_type = _words_of(t)[0]

    def on_ms_phase1_mode(self, t, cmd, entry, phys):
        entry.phase1_mode = _words_of(t)[0]

    def on_ms_nat_t_disable(self, t, cmd, entry, phys):
        entry.nat_t_disable = True

    # -- EZVPN client children ------------------------------------------------------

    def on_ez_connect(self, t, cmd, client, phys):
        kids = [str(c) for c in _subtrees(t, "ezvpn_connect")[0].children if c is not None]
        client.connect = " ".join(kids)

    def on_ez_group(self, t, cmd, client, phys):
        client.group = _words_of(t)[0]
        client.group_key = self.secret(cmd, t)

    def on_ez_mode(self, t, cmd, client, phys):
        client.mode = _words_of(t)[0]

    def on_ez_peer(self, t, cmd, client, phys):
        client.peers = _add(client.peers, _words_of(t)[:1])

    def on_ez_username(self, t, cmd, client, phys):
        client.username = _words_of(t)[0]
        client.password = self.secret(cmd, t)

    def on_ez_xauth_userid_mode(self, t, cmd, client, phys):
        client.xauth_userid_mode = _words_of(t)[0]

    # -- tunnel-group children ------------------------------------------------------

    def on_tg_default_group_policy(self, t, cmd, tg, phys):
        tg.default_group_policy = _words_of(t)[0]

    def on_tg_address_pool(self, t, cmd, tg, phys):
        tg.address_pools = _add(tg.address_pools, _words_of(t))

    def on_tg_authentication_server_group(self, t, cmd, tg, phys):
        tg.authentication_server_group = " ".join(_words_of(t))

    def on_tg_pre_shared_key(self, t, cmd, tg, phys):
        self.votes["8.3"] += 1
        tg.pre_shared_key = self.secret(cmd, t)

    def on_tg_ikev1_pre_shared_key(self, t, cmd, tg, phys):
        self.votes["8.4"] += 1
        tg.pre_shared_key = self.secret(cmd, t)

    def on_tg_ikev2_local_key(self, t, cmd, tg, phys):
        self.votes["8.4"] += 1
        tg.ikev2_local_key = self.secret(cmd, t)

    def on_tg_ikev2_remote_key(self, t, cmd, tg, phys):
        self.votes["8.4"] += 1
        tg.ikev2_remote_key = self.secret(cmd, t)

    def on_tg_peer_id_validate(self, t, cmd, tg, phys):
        tg.peer_id_validate = _words_of(t)[0]

    def on_tg_isakmp_keepalive(self, t, cmd, tg, phys):
        tg.isakmp_keepalive = cmd.text_from(_find(t, _Rest).tokens[0], phys)

    def on_tg_user_authentication(self, t, cmd, tg, phys):
        tg.user_authentication = cmd.text_from(_find(t, _Rest).tokens[0], phys)

    # -- attributes, ACL lines ------------------------------------------------------

    def on_attribute(self, t, cmd, owner, phys):
        key = _words_of(t)[0]
        rest = _find(t, _Rest)
        if isinstance(owner, (GroupPolicy, User)):
            owner.attributes[key] = cmd.text_from(rest.tokens[0], phys) if rest else ""

    def on_acl_line(self, t, cmd, acl, phys, action: str | None = None):
        if isinstance(acl, str):
            action = action or next((c for c in t.children if isinstance(c, _Kw)), None)
            self.cfg.access_lists.setdefault(acl, []).append(AccessListEntry(
                acl=acl, text=_redacted_slice(phys, cmd.words[0].start, cmd.words[-1].end, cmd.spans),
                action=action, source=self.src(cmd)))

    def on_acl_remark(self, t, cmd, acl, phys):
        self.on_acl_line(t, cmd, acl, phys, action="remark")


# --------------------------------------------------------------------------- platform


def _is_ipv4(word: str) -> bool:
    parts = word.split(".")
    return len(parts) == 4 and all(p.isdigit() and len(p) <= 3 for p in parts)


_DEBUG_PREFIXES = ("%ASA-", "%PIX-", "%CRYPTO-", "[IKEv1", "[IKEv2", "IKEv2-", "ISAKMP:", "ISAKMP",
                   "#pkts", "current_peer", "IPSEC(", "IPSEC:", "IKE_DECODE")


def _platform_scores(text: str) -> tuple[int, int, int, int]:
    """(asa, ios, neutral config, debug/show) marker counts, from one pass over the words."""
    w = text.split()[:200_000]
    n = len(w)

    def at(i: int) -> str:
        return w[i] if 0 <= i < n else ""

    asa = ios = neutral = debug = 0
    for i, word in enumerate(w):
        if word.startswith(_DEBUG_PREFIXES) or (word == "=" and at(i - 1) in ("IP", "Group", "Username")):
            debug += 1
            continue
        if word in ("nameif", "security-level", "same-security-traffic", "passwd", "pager", "asdm"):
            asa += 1
        elif word in ("tunnel-group", "group-policy") and at(i + 2) in (
                "type", "general-attributes", "ipsec-attributes", "internal", "external", "attributes",
                "webvpn-attributes", "ppp-attributes"):
            asa += 2
        elif word in ("ASA", "PIX") and at(i + 1) == "Version":
            asa += 3
        elif word == "crypto":
            nxt = at(i + 1)
            if nxt in ("ikev1", "ikev2") and at(i + 2) in ("enable", "policy", "am-disable"):
                asa += 2
            elif nxt == "isakmp" and at(i + 2) in ("enable", "am-disable"):
                asa += 2
            elif nxt == "ipsec" and at(i + 2) in ("ikev1", "ikev2"):
                asa += 2
            elif nxt == "ipsec" and at(i + 2) == "client" and at(i + 3) == "ezvpn":
                ios += 2
            elif nxt == "isakmp" and at(i + 2) in ("key", "profile", "client", "keepalive"):
                ios += 2
            elif nxt in ("map", "dynamic-map") and at(i + 4) in ("set", "match"):
                asa += 1
            elif nxt == "map" and at(i + 2) and at(i + 3) == "interface":
                asa += 2
            elif nxt == "map" and at(i + 4) == "ipsec-isakmp" and at(i + 5) != "dynamic":
                ios += 1
            elif nxt in ("isakmp", "ipsec", "map", "dynamic-map", "ca", "pki", "key", "keyring", "ikev2"):
                neutral += 1
        elif word == "version" and at(i + 1)[:1].isdigit() and at(i - 1) != "Version":
            ios += 2
        elif word in ("boot-start-marker", "control-plane", "encr"):
            ios += 2
        elif word == "service" and at(i + 1) in ("timestamps", "password-encryption", "config"):
            ios += 1
        elif word == "line" and at(i + 1) in ("vty", "con", "aux"):
            ios += 1
        elif word == "ip" and at(i + 1) in ("route", "cef", "nat", "domain-name", "domain", "http", "name-server",
                                             "subnet-zero", "classless"):
            ios += 1
        elif word == "ip" and at(i + 1) == "local" and at(i + 2) == "pool":
            if "-" in at(i + 4) or at(i + 5) == "mask":
                asa += 1
            else:
                neutral += 1
        elif word == "username" and at(i + 2) in ("attributes", "password", "nopassword", "privilege", "secret"):
            neutral += 1
        elif word in ("interface", "hostname") and at(i + 1) and not at(i + 1).endswith(":"):
            neutral += 1
        elif word == "access-list" and at(i + 1) and at(i + 2) in ("extended", "standard", "remark", "permit",
                                                                     "deny", "line"):
            neutral += 1
        elif word == "address" and at(i - 1) == "ip" and _is_ipv4(at(i + 1)):
            neutral += 1
    return asa, ios, neutral, debug


def detect_config_platform(text: str) -> str | None:
    """``"asa"`` or ``"ios"`` when ``text`` looks like a device configuration, else None.

    Content based and cheap (one pass over the words).  Debug logs, syslog and
    ``show crypto ...`` output carry few config command shapes and many log markers,
    so they give None.
    """
    if not isinstance(text, str):
        return None
    asa, ios, neutral, debug = _platform_scores(text)
    config = asa + ios + neutral
    if config < 2 or debug > 2 * config:
        return None
    return "ios" if ios > asa else "asa"


# --------------------------------------------------------------------------- entry point


def _fallback_spans(line: int, words: list[_Word]) -> list[SecretSpan]:
    """Redact the rest of a command after its first secret-bearing keyword."""
    lowered = [w.text.lower() for w in words]
    snmp = bool(lowered) and lowered[0] == "snmp-server"
    for idx, word in enumerate(lowered[:-1]):
        if word in _SECRET_WORDS or (snmp and word in ("auth", "priv")):
            prev = lowered[idx - 1] if idx else ""
            nxt = lowered[idx + 1]
            if (prev, word) in _NOT_SECRET_AFTER or (word, nxt) in _NOT_SECRET_AFTER:
                continue
            return [SecretSpan(line, words[idx + 1].start, words[-1].end, "secret")]
    return []


def _starts(words: list[_Word]) -> list[int]:
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w.text) + 1
    return starts


class _Run:
    """State of one parse_config call."""

    def __init__(self, name: str, text: str, salt: bytes):
        self.lines = split_lines(text)
        platform = detect_config_platform(text)
        if platform is None:
            asa, ios, _, _ = _platform_scores(text)
            platform = "ios" if ios > asa else "asa"
        self.cfg = DeviceConfig(name=name, platform=platform, lines=len(self.lines))
        self.builder = _Builder(self.cfg, salt)
        self.stack: list[_Ctx] = []
        self.banner: list[str | None] = [None]
        self.errors = 0  # commands the grammar read but the builder failed on (a bug)
        words = sum(len(line.split()) for line in self.lines)
        self.budget = [min(_PARSES_PER_WORD * words + 1000, _MAX_PARSES)]
        filled = sum(1 for line in self.lines if line.strip()) or 1
        # Many words per line: a config pasted without (most of) its newlines.
        self.paste_like = words / filled >= 12
        # No indented line at all: the indentation was stripped, so a line at column 0
        # may still be a child of the block above it (tried first, as in a paste).
        self.flat = filled > 1 and not any(line[:1].isspace() and line.strip() for line in self.lines)

    def run(self) -> DeviceConfig:
        bad_lines: set[int] = set()
        for number, physical in enumerate(self.lines, start=1):
            if not self.line(number, physical):
                bad_lines.add(number)
        cfg = self.cfg
        cfg.recognized = cfg.lines - len(bad_lines)
        if cfg.platform == "ios":
            cfg.syntax = "ios"
        else:
            v83, v84 = self.builder.votes["8.3"], self.builder.votes["8.4"]
            cfg.syntax = "8.3" if v83 > v84 or (v83 == v84 and _pre_84(cfg.version)) else "8.4"
        return cfg

    def line(self, number: int, physical: str) -> bool:
        words = _words(physical)
        if not words:
            return True
        indent = words[0].start
        splitter = _Splitter(words, self.cfg.platform, self.budget)
        plain = self.banner[0] is None and words[0].text != "banner"
        whole = None
        order = paste_order(self.stack, words[0].text) if self.flat else line_order(self.stack, indent)
        if plain:  # the line read as one command (what a normal config is made of)
            whole = splitter.parse(0, len(words), order, closes=indent == 0)
        inner_cuts = sum(1 for k in splitter.cuts if k > 0)
        if whole is not None and (not self.paste_like or inner_cuts == 0):
            segments = [_Segment(0, len(words), whole)]
        else:
            segments, _ = splitter.split(list(self.stack), indent, self.banner, flat=self.flat)
            recognised = all(s.parsed is not None for s in segments)
            # A line that reads as one command is cut only in a paste-like text, and
            # only when every piece is recognised: in a normal config, keywords inside
            # a command ("... permit ip interface outside any") are arguments.
            if whole is not None and len(segments) > 1 and not (recognised and self.paste_like):
                self.banner[0] = None
                segments = [_Segment(0, len(words), whole)]
        ok = True
        for seg in segments:
            ok &= self.apply(number, physical, words[seg.i:seg.k], seg.parsed, indent)
        return ok

    def apply(self, number: int, physical: str, words: list[_Word], parsed: _Parsed | None, indent: int) -> bool:
        cmd = _Command(number, words, _starts(words))
        if parsed is not None and parsed.tree is not None:
            ref = _find(parsed.tree, _SecretRef)
            if ref is not None:
                word = cmd.word(ref.token)
                kind = _SPAN_KIND.get(parsed.kind)
                if kind is None:  # username / enable: "password" or "secret"
                    kind = "secret" if _find(parsed.tree, _Kw) == "secret" else "password"
                cmd.spans.append(SecretSpan(number, word.start, word.end, kind))
        if not cmd.spans:
            cmd.spans = _fallback_spans(number, words)
        self.cfg.secret_spans.extend(cmd.spans)
        if parsed is None:
            text = _redacted_slice(physical, words[0].start, words[-1].end, cmd.spans)
            self.cfg.unrecognized.append((number, text))
            return False
        parent = self.stack[parsed.level] if 0 <= parsed.level < len(self.stack) else None
        opened = _opens(parsed) if parsed.tree is not None else None
        try:
            obj = self.builder.apply(parsed, cmd, parent, physical) if parsed.tree is not None else None
        except Exception:  # noqa: BLE001 - a builder bug costs this command, not the config
            self.errors += 1
            self.cfg.unrecognized.append((number, _redacted_slice(physical, words[0].start, words[-1].end,
                                                                  cmd.spans)))
            return False
        self.stack = _after(self.stack, parsed, indent)
        if opened and self.stack and self.stack[-1].kind == opened:
            self.stack[-1].obj = obj
        return True


def _pre_84(version: str | None) -> bool:
    if not version:
        return False
    head = version.split("(")[0].split(".")
    try:
        major, minor = int(head[0]), int(head[1]) if len(head) > 1 else 0
    except ValueError:
        return False
    return (major, minor) < (8, 4)


def parse_config(name: str, text: str, *, salt: bytes | None = None) -> DeviceConfig:
    """Parse an ASA or IOS configuration (platform detected from the content).

    Never raises on bad input: what cannot be read is listed in ``unrecognized``
    (secrets redacted).  Secrets are kept as salted fingerprints (``salt`` defaults to
    ``grammar.secrets.default_salt()``) and located by ``secret_spans``.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str):
        text = ""
    salt = default_salt() if salt is None else salt
    try:
        return _Run(name, text, salt).run()
    except Exception:  # noqa: BLE001 - last resort: report every line, secrets redacted
        return _unparsed(name, text)


def _unparsed(name: str, text: str) -> DeviceConfig:
    lines = split_lines(text)
    cfg = DeviceConfig(name=name, platform="asa", lines=len(lines))
    for number, physical in enumerate(lines, start=1):
        words = _words(physical)
        if not words:
            cfg.recognized += 1
            continue
        spans = _fallback_spans(number, words)
        cfg.secret_spans.extend(spans)
        cfg.unrecognized.append((number, _redacted_slice(physical, words[0].start, words[-1].end, spans)))
    return cfg

