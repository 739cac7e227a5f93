"""Which platform wrote a config (ASA or IOS), and which ASA syntax (8.3 or 8.4+).

Both are guessed from the content, cheaply: the platform from one pass over the words
before parsing, the ASA syntax from the commands the builder saw (its votes).
"""

from __future__ import annotations


def _is_ipv4(word: str) -> bool:
    parts = word.split(".")
    return len(parts) == 4 and all(p.isdigit() and len(p) <= 3 for p in parts)


_DEBUG_PREFIXES = ("%ASA-", "%PIX-", "%CRYPTO-", "[IKEv1", "[IKEv2", "IKEv2-", "ISAKMP:", "ISAKMP",
                   "#pkts", "current_peer", "IPSEC(", "IPSEC:", "IKE_DECODE")


def _scores(text: str) -> tuple[int, int, int, int]:
    """(asa, ios, neutral config, debug/show) marker counts, from one pass over the words."""
    w = text.split()[:200_000]
    n = len(w)

    def at(i: int) -> str:
        return w[i] if 0 <= i < n else ""

    asa = ios = neutral = debug = 0
    for i, word in enumerate(w):
        if word.startswith(_DEBUG_PREFIXES) or (word == "=" and at(i - 1) in ("IP", "Group", "Username")):
            debug += 1
            continue
        if word in ("nameif", "security-level", "same-security-traffic", "passwd", "pager", "asdm"):
            asa += 1
        elif word in ("tunnel-group", "group-policy") and at(i + 2) in (
                "type", "general-attributes", "ipsec-attributes", "internal", "external", "attributes",
                "webvpn-attributes", "ppp-attributes"):
            asa += 2
        elif word in ("ASA", "PIX") and at(i + 1) == "Version":
            asa += 3
        elif word == "crypto":
            nxt = at(i + 1)
            if nxt in ("ikev1", "ikev2") and at(i + 2) in ("enable", "policy", "am-disable"):
                asa += 2
            elif nxt == "isakmp" and at(i + 2) in ("enable", "am-disable"):
                asa += 2
            elif nxt == "ipsec" and at(i + 2) in ("ikev1", "ikev2"):
                asa += 2
            elif nxt == "ipsec" and at(i + 2) == "client" and at(i + 3) == "ezvpn":
                ios += 2
            elif nxt == "isakmp" and at(i + 2) in ("key", "profile", "client", "keepalive"):
                ios += 2
            elif nxt in ("map", "dynamic-map") and at(i + 4) in ("set", "match"):
                asa += 1
            elif nxt == "map" and at(i + 2) and at(i + 3) == "interface":
                asa += 2
            elif nxt == "map" and at(i + 4) == "ipsec-isakmp" and at(i + 5) != "dynamic":
                ios += 1
            elif nxt in ("isakmp", "ipsec", "map", "dynamic-map", "ca", "pki", "key", "keyring", "ikev2"):
                neutral += 1
        elif word == "version" and at(i + 1)[:1].isdigit() and at(i - 1) != "Version":
            ios += 2
        elif word in ("boot-start-marker", "control-plane", "encr"):
            ios += 2
        elif word == "service" and at(i + 1) in ("timestamps", "password-encryption", "config"):
            ios += 1
        elif word == "line" and at(i + 1) in ("vty", "con", "aux"):
            ios += 1
        elif word == "ip" and at(i + 1) in ("route", "cef", "nat", "domain-name", "domain", "http", "name-server",
                                             "subnet-zero", "classless"):
            ios += 1
        elif word == "ip" and at(i + 1) == "local" and at(i + 2) == "pool":
            if "-" in at(i + 4) or at(i + 5) == "mask":
                asa += 1
            else:
                neutral += 1
        elif word == "username" and at(i + 2) in ("attributes", "password", "nopassword", "privilege", "secret"):
            neutral += 1
        elif word in ("interface", "hostname") and at(i + 1) and not at(i + 1).endswith(":"):
            neutral += 1
        elif word == "access-list" and at(i + 1) and at(i + 2) in ("extended", "standard", "remark", "permit",
                                                                     "deny", "line"):
            neutral += 1
        elif word == "address" and at(i - 1) == "ip" and _is_ipv4(at(i + 1)):
            neutral += 1
    return asa, ios, neutral, debug


def detect_config_platform(text: str) -> str | None:
    """``"asa"`` or ``"ios"`` when ``text`` looks like a device configuration, else None.

    Content based and cheap (one pass over the words).  Debug logs, syslog and
    ``show crypto ...`` output carry few config command shapes and many log markers,
    so they give None.
    """
    if not isinstance(text, str):
        return None
    asa, ios, neutral, debug = _scores(text)
    config = asa + ios + neutral
    if config < 2 or debug > 2 * config:
        return None
    return "ios" if ios > asa else "asa"


def likely_platform(text: str) -> str:
    """``"asa"`` or ``"ios"``: the one ``text`` looks more like, config or not."""
    asa, ios, _, _ = _scores(text)
    return "ios" if ios > asa else "asa"


def asa_syntax(votes: dict[str, int], version: str | None) -> str:
    """"8.3" or "8.4" from the builder's votes; a tie goes to the version line."""
    v83, v84 = votes["8.3"], votes["8.4"]
    return "8.3" if v83 > v84 or (v83 == v84 and _pre_84(version)) else "8.4"


def _pre_84(version: str | None) -> bool:
    if not version:
        return False
    head = version.split("(")[0].split(".")
    try:
        major, minor = int(head[0]), int(head[1]) if len(head) > 1 else 0
    except ValueError:
        return False
    return (major, minor) < (8, 4)
