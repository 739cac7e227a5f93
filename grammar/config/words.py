"""Words of a physical line, with their columns, and the words of one command."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token

from grammar.config_model import SecretSpan
from grammar.secrets import redact_text


@dataclass(slots=True)
class Word:
    text: str
    start: int  # column in the physical line
    end: int


_WORD = re.compile(r"\S+")  # \s is exactly str.isspace(), as in str.split()


def split_words(line: str) -> list[Word]:
    """Whitespace-separated words with their columns."""
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(line)]


def redact_columns(physical: str, start: int, end: int, spans: list[SecretSpan]) -> str:
    """Columns ``start:end`` of a physical line, with the secrets of ``spans`` redacted."""
    local = [SecretSpan(1, s.start - start, s.end - start, s.kind) for s in spans
             if s.end > start and s.start < end]
    return redact_text(physical[start:end], local)


@dataclass(slots=True)
class Command:
    """One command's words, and what the builder needs to read them."""

    line: int
    words: list[Word]
    spans: list[SecretSpan] = field(default_factory=list)

    def word(self, token: Token) -> Word:
        """The word holding ``token`` (its position is in the words joined by " ").  A
        token can start inside a word when the lexer cut a keyword off its front
        ("pre-shared-keyK3Y"), so this is not a lookup."""
        end = 0
        for word in self.words:
            end += len(word.text) + 1
            if (token.start_pos or 0) < end:
                return word
        return self.words[-1]

    def text(self, physical: str, first: Word | None = None) -> str:
        """The command's text from ``first`` (default: its first word) on, secrets redacted."""
        start = (first or self.words[0]).start
        return redact_columns(physical, start, self.words[-1].end, self.spans)

    def text_from(self, token: Token, physical: str) -> str:
        """The command's text from the word holding ``token`` on, secrets redacted."""
        return self.text(physical, self.word(token))
