"""Configuration redaction for storage (the REST case store keeps only this output).

``redact_config`` parses the config and replaces every secret token the parser found
(PSKs, passwords, keys, communities, hashes) by a placeholder.  The parser already
redacts the rest of any command it could not read that carries a secret-bearing
keyword; if parsing itself failed, a plain word scan does the same on every line.
"""

from __future__ import annotations

from grammar.config import parse_config
from grammar.config_model import SecretSpan
from grammar.secrets import redact_text, split_lines

__all__ = ["redact_config", "redact_free_text"]

# Keywords after which the rest of a command may be a secret (word-scan fallback).
_SECRET_WORDS = frozenset(
    """password secret key pre-shared-key community ldap-login-password passwd key-string
    authentication-key message-digest-key wpa-psk radius-common-pw auth priv""".split()
)


def redact_config(name: str, text: str, *, salt: bytes | None = None) -> str:
    """``text`` with every secret replaced by ``<pre-shared-key>``, ``<password>`` or ``<secret>``."""
    try:
        spans = parse_config(name, text, salt=salt).secret_spans
    except Exception:  # noqa: BLE001 - parse_config should not raise; never store clear text if it does
        spans = _word_scan(text)
    return redact_text(text, spans)


def redact_free_text(text: str) -> str:
    """Free text that is no config (a case title, a ticket reference, a file name):
    everything after a secret-bearing keyword on a line is replaced."""
    return redact_text(text, _word_scan(text))


def _word_scan(text: str) -> list[SecretSpan]:
    """Redact every line from the first word after a secret-bearing keyword to its end."""
    spans = []
    for number, line in enumerate(split_lines(text), start=1):
        words = line.split()
        pos = 0
        for idx, word in enumerate(words[:-1]):
            pos = line.index(word, pos) + len(word)
            if word.lower() in _SECRET_WORDS:
                start = line.index(words[idx + 1], pos)
                spans.append(SecretSpan(number, start, len(line), "secret"))
                break
    return spans
