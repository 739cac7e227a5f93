"""Secret handling shared by the config parser and the redactor.

A secret's clear value is only ever passed through ``fingerprint``: the parser keeps a
salted HMAC (so two configs' keys can be compared) and the position of the token (so
the text can be redacted); nothing here logs, stores or raises with a value.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable, Iterable

from grammar.config_model import SecretSpan

SALT_ENV = "IPSEC_DOCTOR_SECRET_SALT"

# One random salt per process when the deployment gives none: fingerprints are then
# comparable between configs parsed by the same process, and meaningless outside it.
_PROCESS_SALT = os.urandom(32)

PLACEHOLDERS = {
    "pre-shared-key": "<pre-shared-key>",
    "password": "<password>",
}


def default_salt() -> bytes:
    """The deployment salt (``$IPSEC_DOCTOR_SECRET_SALT``) or this process's random one."""
    configured = os.environ.get(SALT_ENV)
    if configured:
        return configured.encode("utf-8")
    return _PROCESS_SALT


def fingerprint(value: str, salt: bytes) -> str:
    """First 16 hex digits of HMAC-SHA256(salt, value)."""
    return hmac.new(salt, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:16]


def placeholder(kind: str) -> str:
    """``<pre-shared-key>``, ``<password>``, or ``<secret>`` for every other kind."""
    return PLACEHOLDERS.get(kind, "<secret>")


# Cisco type 7 is a reversible obfuscation (fixed XOR table); decoding it lets a type 7
# key be compared with a clear key on the peer.
_TYPE7_XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def decode_type7(blob: str) -> str | None:
    """The clear text of a Cisco type 7 string, or None when it is not one."""
    if len(blob) < 4 or len(blob) % 2 or not blob[:2].isdigit():
        return None
    seed = int(blob[:2])
    try:
        data = bytes.fromhex(blob[2:])
    except ValueError:
        return None
    if seed >= len(_TYPE7_XLAT):
        return None
    return "".join(chr(b ^ ord(_TYPE7_XLAT[(seed + i) % len(_TYPE7_XLAT)])) for i, b in enumerate(data))


def split_lines(text: str) -> list[str]:
    """Physical lines as the parser numbers them: split on LF only (a CR stays in place)."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines if text else []


def redact_text(
    text: str,
    spans: Iterable[SecretSpan],
    placeholder_for: Callable[[str], str] = placeholder,
) -> str:
    """Replace every span (1-based line, [start, end) columns) by its placeholder.

    Overlapping spans are merged (the earliest span's kind names the merged one), so
    every character any span covers is replaced.
    """
    by_line: dict[int, list[SecretSpan]] = {}
    for span in spans:
        by_line.setdefault(span.line, []).append(span)
    if not by_line:
        return text
    lines = text.split("\n")
    for number, line_spans in by_line.items():
        if not 1 <= number <= len(lines):
            continue
        line = lines[number - 1]
        merged: list[list] = []
        for span in sorted(line_spans, key=lambda s: (s.start, -s.end)):
            start, end = max(0, span.start), min(len(line), span.end)
            if start >= end:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end, span.kind])
        for start, end, kind in reversed(merged):
            line = line[:start] + placeholder_for(kind) + line[end:]
        lines[number - 1] = line
    return "\n".join(lines)
