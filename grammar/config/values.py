"""Crypto values in one vocabulary, whichever platform or IKE version wrote them."""

from __future__ import annotations

from typing import Any

from lark import Tree

_AES_BITS = {"128": "", "192": "-192", "256": "-256"}

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

DEFAULT_PFS = {"asa": "group2", "ios": "group1"}  # bare "set pfs" (config-model.md §2.2/2.4)


def ike_encryptions(words: list[str]) -> tuple[str, ...]:
    """IKE encryption names, normalised: IOS ``aes 256`` -> ``aes-256``, ``aes 128`` -> ``aes``."""
    out: list[str] = []
    for w in (w.lower() for w in words):
        if w in _AES_BITS and out and out[-1] in ("aes", "aes-gcm", "aes-gmac"):
            out[-1] += _AES_BITS[w]
        else:
            out.append(w)
    return tuple(out)


def transforms(trees: list[Tree]) -> tuple[str, ...]:
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


def proposal_encryptions(words: list[str]) -> list[str]:
    """ASA ipsec-proposal encryptions as transform names (``aes-256`` -> ``esp-aes-256``)."""
    return [_PROPOSAL_ENCRYPTION.get(w.lower(), "esp-" + w.lower()) for w in words]


def proposal_integrities(words: list[str]) -> list[str]:
    """ASA ipsec-proposal integrities as transform names (``sha-1`` -> ``esp-sha-hmac``)."""
    return [_PROPOSAL_INTEGRITY.get(w.lower(), "esp-" + w.lower() + "-hmac") for w in words]


def small_int(text: Any) -> int | None:
    """A decimal number that fits 64 bits, else None."""
    s = str(text)
    return int(s) if s.isdigit() and len(s) < 19 else None


def merged(items: tuple[str, ...], new: list[str]) -> tuple[str, ...]:
    """``items`` followed by the ``new`` values it does not hold yet."""
    return items + tuple(x for x in new if x not in items)
