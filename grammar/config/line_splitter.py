"""Cuts one physical line into commands, each read under its parent block.

A normal config has one command per line.  A config pasted without newlines has many:
the line is cut at keywords, and a cut is kept where the words before it read as a
command *and* the words after it start another one (``LineSplitter.segment``).
Children are tried against their parent block first, so ``group 2`` reads as an
isakmp-policy child while ``group EZ key K`` reads as an EZVPN child.  Nothing here
changes the block stack: ``_Run`` applies the readings one by one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lark import Tree

from grammar.config.blocks import ATTRIBUTE_KEYWORDS, Block, ContextOrder, Reading, after, line_order, paste_order
from grammar.config.commands import OPENERS, OPENING_KEYWORDS
from grammar.config.prefix_parser import PrefixParser
from grammar.config.words import Word

# Where a paste may be cut: before a word that can open a command somewhere.
CUT_WORDS = OPENING_KEYWORDS | ATTRIBUTE_KEYWORDS | {"certificate"}

# Bounds that keep one pathological line from costing quadratic time.
_MAX_CUTS = 16
_LOOKAHEAD_CUTS = 6
READS_PER_WORD = 4  # span readings allowed per input word (a newline-less paste needs ~1)
MAX_READS = 200_000  # past it, what is left of the config is reported unrecognised

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


def _is_comment(words: list[Word], i: int) -> bool:
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


@dataclass(slots=True)
class Segment:
    """Words ``begin:end`` of the line, and how they read (None: unrecognised)."""

    begin: int
    end: int
    reading: Reading | None


class LineSplitter:
    """Cuts one physical line into commands and reads each (no side effects)."""

    def __init__(self, words: list[Word], platform: str, budget: list[int]):
        self.words = words
        self.texts = [w.text for w in words]
        self.platform = platform
        self.budget = budget  # span readings left for the whole config (shared cell)
        self.trees: dict[tuple[str, int, int], Any] = {}  # (start symbol, i, k) -> tree of words i:k
        self.prefixes: dict[tuple[str, int], PrefixParser] = {}  # (start symbol, i) -> its parser

    @cached_property
    def cuts(self) -> list[int]:
        """Where the line may be cut: before these words."""
        return [k for k, w in enumerate(self.texts) if w in CUT_WORDS or w in ("!", ":")]

    @cached_property
    def bangs(self) -> list[int]:
        """The lone "!"s: they separate commands, a look-ahead never runs across one."""
        return [k for k, w in enumerate(self.texts) if w == "!"]

    def commands(self, stack: list[Block], indent: int, banner: list[str | None], *,
                 paste_like: bool, flat: bool) -> list[Segment]:
        """The line's commands.  ``banner`` holds the delimiter of an IOS banner that
        goes on over the next lines; ``paste_like``: the config lost its newlines;
        ``flat``: it lost its indentation."""
        words, n = self.words, len(self.words)
        whole = None
        if banner[0] is None and words[0].text != "banner":  # the line as one command
            order = paste_order(stack, words[0].text) if flat else line_order(stack, indent)
            whole = self.read(0, n, order, closes=indent == 0)
        if whole is not None and (not paste_like or not any(k > 0 for k in self.cuts)):
            return [Segment(0, n, whole)]
        segments = self.split(list(stack), indent, banner, flat=flat)
        recognised = all(s.reading is not None for s in segments)
        # A line that reads as one command is cut only in a paste-like text, and only
        # when every piece is recognised: in a normal config, keywords inside a command
        # ("... permit ip interface outside any") are arguments.
        if whole is not None and len(segments) > 1 and not (recognised and paste_like):
            banner[0] = None
            return [Segment(0, n, whole)]
        return segments

    # -- reading one candidate span -------------------------------------------------

    def _tree(self, start: str, i: int, k: int) -> Any:
        key = (start, i, k)
        if key in self.trees:
            return self.trees[key]
        tree = None
        if self.budget[0] > 0:
            self.budget[0] -= 1
            prefixes = self.prefixes.get((start, i))
            if prefixes is None:
                prefixes = self.prefixes[(start, i)] = PrefixParser(self.texts, i, start)
            tree = prefixes.tree(k)
        self.trees[key] = tree
        return tree

    def _allowed(self, tree: Any) -> bool:
        if not isinstance(tree, Tree):
            return False
        # Interface-level crypto bindings exist on IOS only; on ASA "crypto map M"
        # after an interface is the start of "crypto map M interface IF".
        return not (self.platform == "asa" and tree.data in ("if_crypto_map", "if_ezvpn"))

    def read(self, i: int, k: int, order: ContextOrder, *, closes: bool = False,
             strict: bool = False) -> Reading | None:
        """Words ``i:k`` as one command.  ``closes``: a "!" here ends the open blocks
        (not an indented " !")."""
        words = self.words
        if _is_comment(words, i):
            return Reading(-2 if (closes and words[i].text.startswith("!")) else -1, "comment")
        if k == i + 1 and words[i].text == "quit":
            return Reading(-1, "quit")
        for level, start, sure in order:
            if strict and not sure:
                continue
            openers = OPENERS[start]
            if openers is not None and words[i].text not in openers:
                continue
            tree = self._tree(start, i, k)
            if self._allowed(tree):
                return Reading(level, str(tree.data), tree)
        return None

    # -- choosing where a command ends ----------------------------------------------

    def _cut_candidates(self, i: int, limit: int) -> list[int]:
        """The next ``limit`` cut positions after ``i``, and the line end when in reach."""
        first = bisect_right(self.cuts, i)
        out = self.cuts[first:first + limit]
        return out + [len(self.words)] if first + limit >= len(self.cuts) else out

    def starts_command(self, k: int, stack: list[Block], *, strict: bool = True) -> bool:
        """Do the words from ``k`` on start a command?  ``strict`` leaves out the
        any-word children (attributes, unmodelled blocks)."""
        order = paste_order(stack, self.words[k].text)
        nxt = bisect_right(self.bangs, k)
        bang = self.bangs[nxt] if nxt < len(self.bangs) else len(self.words)
        return any(self.read(k, k2, order, strict=strict)
                   for k2 in self._cut_candidates(k, _LOOKAHEAD_CUTS) if k2 <= bang)

    def _first_with(self, begin: int, mark: str) -> int | None:
        """Index after the first word from ``begin`` on that contains ``mark``."""
        return next((k + 1 for k in range(begin, len(self.words)) if mark in self.words[k].text), None)

    def special(self, i: int, stack: list[Block], banner: list[str | None]) -> int | None:
        """End of a certificate body or a delimited IOS banner starting at ``i``."""
        words, n = self.words, len(self.words)
        if stack and stack[-1].kind == "cert_chain" and words[i].text == "certificate":
            return next((k + 1 for k in range(i + 1, n) if words[k].text == "quit"), n)
        if words[i].text == "banner" and self.platform == "ios" and i + 2 < n:
            opener = words[i + 2].text
            delim = "^C" if opener.startswith("^C") else (opener[0] if not opener[0].isalnum() else None)
            if delim is None:
                return None
            if delim in opener[len(delim):]:
                return i + 3
            end = self._first_with(i + 3, delim)
            if end is None:
                banner[0] = delim  # the banner goes on over the next lines
            return end or n
        return None

    def segment(self, i: int, stack: list[Block], order: ContextOrder, indent: int, *, closes: bool) -> Segment:
        """The command that starts at word ``i``."""
        cands = self._cut_candidates(i, _MAX_CUTS)
        n = len(self.words)

        def proven(k: int, reading: Reading, strict: bool) -> bool:
            return k == n or self.starts_command(k, after(stack, reading, indent), strict=strict)

        # 1: the shortest command after which another command starts; first with
        #    keyword-led readings only, then with the any-word ones
        for strict in (True, False):
            for pos, k in enumerate(cands):
                reading = self.read(i, k, order, closes=closes, strict=strict)
                if reading is None or not proven(k, reading, strict):
                    continue
                if strict and reading.kind in _CLOSED:  # a fixed shape: take its longest reading
                    for k2 in cands[pos + 1:]:
                        longer = self.read(i, k2, order, closes=closes, strict=True)
                        if longer is None or longer.kind not in _CLOSED:
                            break
                        if proven(k2, longer, True):
                            k, reading = k2, longer
                return Segment(i, k, reading)
        # 2: the shortest command at all
        for k in cands:
            reading = self.read(i, k, order, closes=closes)
            if reading is not None:
                return Segment(i, k, reading)
        # 3: unrecognised, up to the next word that starts a command
        for k in cands[:-1]:
            if self.starts_command(k, stack):
                return Segment(i, k, None)
        return Segment(i, cands[0], None)

    def split(self, stack: list[Block], indent: int, banner: list[str | None], *, flat: bool) -> list[Segment]:
        """Cut the whole line, following the block stack as the commands open blocks."""
        segments: list[Segment] = []
        i, n = 0, len(self.words)
        while i < n:
            if banner[0] is not None:  # inside a multi-line IOS banner
                end = self._first_with(i, banner[0])
                if end is not None:
                    banner[0] = None
                segments.append(Segment(i, end or n, Reading(-1, "banner")))
                i = end or n
                continue
            end = self.special(i, stack, banner)
            if end is not None:
                kind = "cert" if self.words[i].text == "certificate" else "banner"
                segments.append(Segment(i, end, Reading(-1, kind)))
                i = end
                continue
            first = i == 0
            order = line_order(stack, indent) if first and not flat else paste_order(stack, self.words[i].text)
            seg = self.segment(i, stack, order, indent, closes=not first or indent == 0)
            segments.append(seg)
            if seg.reading is not None:
                stack = after(stack, seg.reading, indent)
            i = seg.end
        return segments
