"""Parses a command's words under one start symbol, answering for every cut in one pass.

Cutting a paste asks "do words i..k read as one command?" for several k after the
same i.  Parsing each span from scratch lexes and feeds its first words again for
every k; ``PrefixParser`` feeds each word once and, at each k asked, lets a copy of
the LALR state take ``$END``.  The answer is the one ``PARSER.parse`` gives for the
words joined by spaces: no token crosses a space (``word_lexer``), so the tokens of
the words before a cut do not depend on what follows it.  Once a word cannot be fed,
every longer prefix fails at once.

The copy that takes ``$END`` shares the values on the parser's stack, and lark's
LALR tree builder extends a child's ``children`` list in place (left recursion:
``WORD+``), so the copy gets its own ``Tree`` objects for the trees on the stack.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Tree
from lark.exceptions import LarkError

from grammar.config.commands import PARSER, START_SYMBOLS
from grammar.config.word_lexer import WordLexer

_END = Token("$END", "")  # never shifted, so one token serves every parse
_INITIAL = {start: PARSER.parse_interactive(start=start).parser_state for start in START_SYMBOLS}


class PrefixParser:
    """``words[first:k]`` parsed under ``start``, for any ``k``; cheapest for growing ``k``.

    Token positions are those of the words joined by single spaces, from ``first``."""

    def __init__(self, words: list[str], first: int, start: str):
        self.words = words
        self.first = first
        self.start = start
        self._restart()

    def _restart(self) -> None:
        self.state = _INITIAL[self.start].copy(deepcopy_values=False)
        self.ended = False  # the state took $END itself
        self.fed = self.first  # words[first:fed] are fed
        self.offset = 0  # text position of words[fed]
        self.mid_word = False  # some of words[fed]'s tokens are fed too
        self.failed = False  # words[fed] cannot be fed

    def tree(self, k: int) -> Any:
        """The tree of ``words[first:k]``, or None when they are not one command."""
        if self.ended or k < self.fed or (k == self.fed and self.mid_word):
            self._restart()
        while self.fed < k:
            if self.failed:
                return None
            self._feed_word()
        return self._end_here(last=k == len(self.words))

    def _feed_word(self) -> None:
        word, state, pos = self.words[self.fed], self.state, 0
        while pos < len(word):
            position = state.position
            token = WordLexer.for_state(position, state.parse_conf.states[position]).token(word, pos)
            if token is None:
                self.failed = True
                return
            kind, value = token
            start = self.offset + pos
            end = start + len(value)
            self.mid_word = True
            try:
                state.feed_token(Token(kind, value, start, 1, start + 1, 1, end + 1, end))
            except LarkError:
                self.failed = True
                return
            pos += len(value)
        self.fed += 1
        self.offset += len(word) + 1
        self.mid_word = False

    def _end_here(self, *, last: bool) -> Any:
        """Feed ``$END`` to a copy of the state, or to the state itself when no word is left."""
        if "$END" not in self.state.parse_conf.states[self.state.position]:
            return None
        if last:
            probe, self.ended = self.state, True
        else:
            probe = self.state.copy(deepcopy_values=False)
            probe.value_stack = [Tree(v.data, list(v.children)) if isinstance(v, Tree) else v
                                 for v in probe.value_stack]
        try:
            return probe.feed_token(_END, True)
        except LarkError:
            return None
