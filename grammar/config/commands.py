"""The command grammar: ``config.lark`` as one LALR parser, and the shape of its trees.

A tree's leaves that the builder reads are turned into small typed values while lark
parses (``Shape``), so that callers find them by type instead of by position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lark import Lark, Token, Transformer, Tree
from lark.lexer import PatternStr

# --------------------------------------------------------------------------- shaped leaves


class Keyword(str):
    """A keyword picked by a ``!rule`` of the grammar (pw_kw, ike_kw ...)."""


class EncryptionType(str):
    """An encryption type word in front of a secret (0, 5, 6, 7, 8, 9)."""


class PasswordFlag(str):
    """An ASA flag after a password (encrypted, pbkdf2, nt-encrypted)."""


@dataclass(frozen=True, slots=True)
class SecretRef:
    token: Token

    def __repr__(self) -> str:  # a parse tree may be printed while debugging
        return "SecretRef(<hidden>)"


@dataclass(frozen=True, slots=True)
class Rest:
    tokens: tuple[Token, ...]


_KEYWORD_RULES = """pw_kw if_kind object_kind object_group_kind acl_kind acl_action tg_attr gp_kind
    server_kw ike_kw ikev1_kw ikev_kw ca_kw map_other_kw ezvpn_side if_addr_kind enc_kw psk_direction
    if_kw if_ip_kw ezvpn_kw tg_general_kw tg_ipsec_kw ignored_kw ignored_bare""".split()


class Shape(Transformer):
    """Turns the leaves the parser cares about into small typed values."""

    def secret(self, children: list) -> SecretRef:
        return SecretRef(children[0])

    def rest(self, children: list) -> Rest:
        return Rest(tuple(children))

    def enc_type(self, children: list) -> EncryptionType:
        return EncryptionType(children[0])

    def pw_flag(self, children: list) -> PasswordFlag:
        return PasswordFlag(children[0])


def _keyword(self: Any, children: list) -> Keyword:
    return Keyword(" ".join(str(c) for c in children if c is not None).lower())


for _rule in _KEYWORD_RULES:
    setattr(Shape, _rule, _keyword)

# --------------------------------------------------------------------------- parser

# Start symbol for the children of each kind of block (config.lark's header lists them).
START_OF = {
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
START_SYMBOLS = ("top", *sorted(set(START_OF.values())))

PARSER = Lark.open(
    "config.lark",
    rel_to=__file__,
    parser="lalr",
    lexer="contextual",
    start=list(START_SYMBOLS),
    transformer=Shape(),
)


def _first_words(start: str) -> tuple[frozenset[str], bool]:
    """Keywords that can open a command under ``start``, and whether any other word can."""
    keywords, other = set(), False
    for name in PARSER.parse_interactive(start=start).accepts():
        if name == "$END":
            continue
        pattern = PARSER.get_terminal(name).pattern
        if isinstance(pattern, PatternStr):
            keywords.add(pattern.value)
        else:
            other = True
    return frozenset(keywords), other


_FIRST_WORDS = {start: _first_words(start) for start in START_SYMBOLS}

# Per start symbol: the words a command may begin with (None: any word).  Checked
# before calling lark, which costs ~100x more than a set lookup.
OPENERS = {start: None if other else keywords for start, (keywords, other) in _FIRST_WORDS.items()}

# Every keyword that can open a command under some start symbol.
OPENING_KEYWORDS = frozenset().union(*(keywords for keywords, _ in _FIRST_WORDS.values()))

# --------------------------------------------------------------------------- reading trees


def find(tree: Any, cls: type) -> Any:
    """First value of type ``cls`` in the tree (depth first)."""
    if isinstance(tree, cls):
        return tree
    if isinstance(tree, Tree):
        for child in tree.children:
            found = find(child, cls)
            if found is not None:
                return found
    return None


def tokens(tree: Tree, *types: str) -> list[Token]:
    """Direct child tokens of the given terminal types (WORD by default)."""
    types = types or ("WORD",)
    return [c for c in tree.children if isinstance(c, Token) and c.type in types]


def words_of(tree: Tree) -> list[str]:
    """The direct WORD children, as text."""
    return [str(t) for t in tokens(tree)]


def subtrees(tree: Tree, name: str) -> list[Tree]:
    return [c for c in tree.children if isinstance(c, Tree) and c.data == name]
