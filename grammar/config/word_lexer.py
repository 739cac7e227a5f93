"""Lexes one word in one parser state, as lark's contextual lexer does, but cheaply.

lark matches a state's terminals as one regex alternation; the top-level state has
some 200 keywords, and Python tries them one by one (several microseconds a word,
more when nothing matches).  Here the keywords are a dict lookup and only the few
regex terminals are tried, in lark's precedence order (BasicLexer):

* terminals are ordered by priority, longest possible match, pattern length, name;
  the first that matches at the position wins;
* a keyword that a regex terminal of the state matches whole ("crypto" and WORD) is
  left to that regex, and the token is then typed as the keyword.

No terminal of config.lark matches a space or looks past one, so a word can be lexed
alone.  Importing this module fails for a grammar it does not mirror (priorities,
flags, spaces in terminals) rather than lexing it differently from lark.
"""

from __future__ import annotations

import re
from typing import Any

from lark.lexer import PatternStr, TerminalDef

from grammar.config.commands import PARSER


def _precedence(term: TerminalDef) -> tuple:
    return (-term.priority, -term.pattern.max_width, -len(term.pattern.value), term.name)


for _term in PARSER.terminals:
    _keyword_with_space = isinstance(_term.pattern, PatternStr) and any(c.isspace() for c in _term.pattern.value)
    if _term.name not in PARSER.ignore_tokens and (_term.priority or _term.pattern.flags or _keyword_with_space):
        raise ImportError(f"config.lark terminal {_term.name}: word_lexer.py does not mirror lark for it")


class WordLexer:
    """The terminals one parser state accepts."""

    _by_state: dict[int, WordLexer] = {}

    def __init__(self, accepted: dict[str, Any]):
        terms = [PARSER.get_terminal(name) for name in accepted if name.isupper() and name != "$END"]
        keywords = [t for t in terms if isinstance(t.pattern, PatternStr)]
        self.regexes = [(_precedence(t), re.compile(t.pattern.to_regexp()), t.name)
                        for t in sorted(terms, key=_precedence) if not isinstance(t.pattern, PatternStr)]
        # regex terminal -> {keyword it matches whole: the keyword's type}
        self.retype: dict[str, dict[str, str]] = {}
        for _, pattern, name in self.regexes:
            for kw in keywords:
                m = pattern.match(kw.pattern.value)
                if m and m.group(0) == kw.pattern.value:
                    self.retype.setdefault(name, {})[kw.pattern.value] = kw.name
        left_to_regex = {kw for by_value in self.retype.values() for kw in by_value.values()}
        self.keywords = {kw.pattern.value: (_precedence(kw), kw.name) for kw in keywords
                         if kw.name not in left_to_regex}
        self.longest = max(map(len, self.keywords), default=0)

    @classmethod
    def for_state(cls, state: int, accepted: dict[str, Any]) -> WordLexer:
        lexer = cls._by_state.get(state)
        if lexer is None:
            lexer = cls._by_state[state] = cls(accepted)
        return lexer

    def token(self, word: str, pos: int) -> tuple[str, str] | None:
        """(type, value) of the token at ``word[pos:]``, None when no terminal matches."""
        keyword = value = None
        for end in range(min(len(word), pos + self.longest), pos, -1):  # the longest keyword first
            value = word[pos:end]
            keyword = self.keywords.get(value)
            if keyword is not None:
                break
        for precedence, pattern, name in self.regexes:
            if keyword is not None and precedence > keyword[0]:
                break
            m = pattern.match(word, pos)
            if m:
                matched = m.group(0)
                return self.retype.get(name, {}).get(matched, name), matched
        return None if keyword is None else (keyword[1], value)
