"""Where a command's secrets are: the columns to redact, and what to call them."""

from __future__ import annotations

from grammar.config.blocks import Reading
from grammar.config.commands import Keyword, SecretRef, find
from grammar.config.words import Command, Word
from grammar.config_model import SecretSpan

# Placeholder kind per command kind (username / enable: from their keyword).
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

# Words after which the rest of a command is a secret, for commands the grammar did
# not read (or read only as "recognised, not modelled").
_SECRET_WORDS = frozenset(
    """password secret key pre-shared-key community ldap-login-password passwd key-string
    authentication-key message-digest-key wpa-psk radius-common-pw""".split()
)
_NOT_SECRET_AFTER = {("crypto", "key"), ("key", "chain"), ("password", "encryption")}


def spans_of(cmd: Command, reading: Reading | None) -> list[SecretSpan]:
    """The secret the grammar found in the command, else what ``fallback_spans`` finds."""
    ref = find(reading.tree, SecretRef) if reading is not None and reading.tree is not None else None
    if ref is None:
        return fallback_spans(cmd.line, cmd.words)
    word = cmd.word(ref.token)
    kind = _SPAN_KIND.get(reading.kind)
    if kind is None:  # username / enable: "password" or "secret"
        kind = "secret" if find(reading.tree, Keyword) == "secret" else "password"
    return [SecretSpan(cmd.line, word.start, word.end, kind)]


def fallback_spans(line: int, words: list[Word]) -> list[SecretSpan]:
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
