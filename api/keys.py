"""API keys: generation, hashing and constant-time checking. Only hashes are ever stored.

A key reads ``ipd_<prefix>_<secret>``: the prefix finds the stored row, the SHA-256 of the
whole key is compared with :func:`hmac.compare_digest`. Keys carry 256 random bits, so a
plain (unsalted, fast) hash is the right tool: there is nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

KEY_PATTERN = re.compile(r"^ipd_(?P<prefix>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{43})$")
# Compared against when no row matches, so a wrong prefix costs the same as a wrong secret.
_NO_MATCH_HASH = hashlib.sha256(b"no such key").hexdigest()


@dataclass(frozen=True)
class NewKey:
    prefix: str
    key: str  # shown once, never stored
    key_hash: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_key() -> NewKey:
    prefix = secrets.token_hex(6)
    key = f"ipd_{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(prefix=prefix, key=key, key_hash=hash_key(key))


def key_prefix(key: str) -> str | None:
    match = KEY_PATTERN.match(key)
    return match["prefix"] if match else None


def key_matches(key: str, stored_hash: str | None) -> bool:
    """Constant-time check of ``key`` against a stored hash (``None``: no row found)."""
    expected = stored_hash if stored_hash is not None else _NO_MATCH_HASH
    return hmac.compare_digest(hash_key(key), expected) and stored_hash is not None
