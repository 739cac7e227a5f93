"""Cut raw log text into messages.

Real pastes collapse several messages onto one physical line, wrap one message
over several lines, and mix console (``Oct 28 15:30:24 [IKEv1 DEBUG]: ...``) and
syslog (``%ASA-7-715047: ...``) forms. This module only finds message *starts*
and strips prefixes; whether a following line continues a message is decided by
the caller (``grammar.debug``), which knows when a message is still incomplete.

All patterns are linear: no nested quantifiers over overlapping classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIMESTAMP = rf"\*?{_MONTH}\s{{1,2}}\d{{1,2}}(?:\s\d{{4}})?\s\d{{2}}:\d{{2}}:\d{{2}}(?:\.\d{{1,6}})?"
_CONSOLE = r"\[IKEv[12](?: DEBUG| DECODE)?\]"
_SYSLOG = r"%(?:ASA|PIX|FTD)-(?P<level>\d)-(?P<syslog_id>\d{6})"
_IKEV2 = r"IKEv2-(?:PROTO|PLAT)-\d"
_IOS = r"(?:ISAKMP(?:\s?\(\d+\))?:|IPSEC\(|%CRYPTO-\d-[A-Z_]+:)"

# One message start: [timestamp [host] [:]] ([IKEv1 ...][:]) (%ASA-n-id[:]) etc.
MESSAGE_START = re.compile(
    rf"(?:(?P<ts>{_TIMESTAMP})(?:\s(?P<host>[\w.\-]{{1,64}}))?\s?:?\s?)?"
    rf"(?:(?P<console>{_CONSOLE}):?\s?(?:(?P<csyslog>%(?:ASA|PIX|FTD)-(?P<clevel>\d)-(?P<cid>\d{{6}})):?)?"
    rf"|{_SYSLOG}:?"
    rf"|(?P<ikev2>{_IKEV2}):"
    rf"|(?P<ios>{_IOS}))"
)
# Where a message's tag ([IKEv1], %ASA-n-id, ...) stands. Scanning for these literal-led
# patterns is cheap; MESSAGE_START is then matched only where a tag (or the timestamp
# just before it) begins, instead of being tried at every character of the line.
_TAG = re.compile(rf"{_CONSOLE}|%(?:ASA|PIX|FTD)-\d-\d{{6}}|{_IKEV2}:|{_IOS}")
_TIMESTAMP_BEFORE_TAG = re.compile(rf"{_TIMESTAMP}(?:\s[\w.\-]{{1,64}})?\s?:?\s?\Z")
_LOOKBACK = 100  # timestamp + host + separators stay well within this

# Field lines under an "IPSEC:" key-engine block ("SPI : 0x...", "Src ports", "Upper: 0").
IPSEC_FIELD = re.compile(r"\s{0,8}(?:[A-Za-z][A-Za-z0-9 ]{0,30}?\s?:\s?\S.*|(?:Src|Dst) ports\s*)")
HEX_ROW_START = re.compile(r"[0-9a-f]{4}: [0-9A-Fa-f]{2,8}\b")


@dataclass(slots=True)
class Prefix:
    timestamp: str | None
    facility: str | None  # IKEv1 | IKEv1 DEBUG | IKEv1 DECODE | IKEv2-PROTO-1 | IPSEC | IOS
    syslog_id: int | None
    level: int | None
    form: str  # console | syslog | ikev2 | ipsec | ios


@dataclass(slots=True)
class Segment:
    """A piece of one physical line: a message start (with prefix) and its text."""

    prefix: Prefix | None  # None = text before the first message start on the line
    body: str
    raw: str


def _prefix_from(match: re.Match[str]) -> Prefix:
    groups = match.groupdict()
    if groups["console"]:
        facility = groups["console"][1:-1]
        syslog_id = int(groups["cid"]) if groups["cid"] else None
        level = int(groups["clevel"]) if groups["clevel"] else None
        return Prefix(groups["ts"], facility, syslog_id, level, "console")
    if groups["syslog_id"]:
        return Prefix(groups["ts"], None, int(groups["syslog_id"]), int(groups["level"]), "syslog")
    if groups["ikev2"]:
        return Prefix(groups["ts"], groups["ikev2"], None, None, "ikev2")
    return Prefix(groups["ts"], "IOS", None, None, "ios")


def _is_real_start(match: re.Match[str]) -> bool:
    # The optional timestamp/host parts can match empty text; a start needs a tag.
    groups = match.groupdict()
    return bool(groups["console"] or groups["syslog_id"] or groups["ikev2"] or groups["ios"])


def _starts(line: str) -> list[tuple[int, int, Prefix]]:
    """(start, body start, prefix) of every message start on the line."""
    starts: list[tuple[int, int, Prefix]] = []
    position = 0
    while True:
        tag = _TAG.search(line, position)
        if tag is None:
            return starts
        begin = tag.start()
        floor = max(starts[-1][1] if starts else 0, begin - _LOOKBACK)
        # A timestamp glued to the previous text ("...COMPLETEDOct 28 15:30:24 [IKEv1]")
        # is a lost line break: the message starts at the timestamp all the same.
        stamp = _TIMESTAMP_BEFORE_TAG.search(line, floor, begin)
        match = MESSAGE_START.match(line, stamp.start() if stamp else begin)
        if match is None or not _is_real_start(match):
            match = MESSAGE_START.match(line, begin)
        if match is None or not _is_real_start(match):
            position = tag.end()
            continue
        starts.append((match.start(), match.end(), _prefix_from(match)))
        position = max(match.end(), tag.end())


def split_line(line: str) -> list[Segment]:
    """Split one physical line into segments at each message start."""
    if line.startswith(("IPSEC: ", "IPSEC DEBUG: ")):
        return [Segment(Prefix(None, "IPSEC", None, None, "ipsec"), line.split(": ", 1)[1], line)]
    starts = _starts(line)
    if not starts:
        return [Segment(None, line.strip(), line)]
    segments: list[Segment] = []
    if starts[0][0] > 0 and line[: starts[0][0]].strip():
        segments.append(Segment(None, line[: starts[0][0]].strip(), line[: starts[0][0]]))
    for index, (begin, body_start, prefix) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(line)
        segments.append(Segment(prefix, line[body_start:end].strip(), line[begin:end].strip()))
    return segments
