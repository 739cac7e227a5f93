"""ASA debug / syslog text → typed ``Event`` objects (one per log message).

The splitter finds message starts; each message body is parsed by the LALR grammar
in ``debug.lark``. A message the grammar finds *incomplete* (it ended inside a
typed rule, e.g. an ``IKE_DECODE`` line wrapped before ``total length``) is joined
with the next physical line when that line starts no new message. Lines that are
neither messages nor continuations are reported as unrecognised, never dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lark import Lark, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from grammar.events import Event
from grammar.splitter import HEX_ROW_START, IPSEC_FIELD, Prefix, Segment, split_line

MAX_MESSAGE_CHARS = 4_096  # a wrapped message is never longer; bounds re-parsing per line
MAX_UNRECOGNIZED_EXAMPLES = 20


def _hex(value: str) -> str:
    value = value.lower()
    return value[2:] if value.startswith("0x") else value


@v_args(inline=True)
class _MessageTransformer(Transformer):
    """Parse tree → (kind, fields)."""

    def start(self, body):
        return body if isinstance(body, tuple) else ("generic", {})

    def generic(self, _text):
        return ("generic", {})

    def ike_decode(self, _kw, direction, msgid, payloads, length):
        return ("ike_decode", {"direction": str(direction), "msgid": _hex(msgid),
                               "payloads": _PAYLOAD_NAME.findall(str(payloads)), "length": int(length)})

    def phase1_completed(self, _kw):
        return ("phase1_completed", {})

    def phase2_completed(self, _kw, msgid=None):
        return ("phase2_completed", {"msgid": _hex(msgid)} if msgid else {})

    def tunnel_group_landed(self, _kw, group):
        return ("tunnel_group_landed", {"tunnel_group": str(group)})

    def ike_proposal_acceptable(self, _kw, proposal, transform, entry):
        return ("ike_proposal_acceptable", {"proposal": int(proposal), "transform": int(transform),
                                            "entry": int(entry)})

    def ipsec_proposal_acceptable(self, _kw, proposal, transform, entry):
        return ("ipsec_proposal_acceptable", {"proposal": int(proposal), "transform": int(transform),
                                              "entry": int(entry)})

    def oakley_acceptable(self, _kw):
        return ("oakley_acceptable", {})

    def ike_proposals_unacceptable(self, _kw):
        return ("ike_proposals_unacceptable", {})

    def ipsec_proposals_unacceptable(self, _kw):
        return ("ipsec_proposals_unacceptable", {})

    def lifetime_override(self, kw, proposed, kept, unit):
        # 713076 says "rekeying duration ... Kbs" for a volume: the unit decides.
        dimension = "volume" if "volume" in str(kw).lower() or str(unit).lower().startswith("k") else "duration"
        return ("lifetime_override", {"dimension": dimension, "proposed": int(proposed),
                                      "kept": int(kept), "unit": str(unit).lower()})

    def nat_detection(self, _kw, remote, local):
        return ("nat_detection", {"remote_behind_nat": "not" not in str(remote).lower(),
                                  "local_behind_nat": "not" not in str(local).lower()})

    def user_authenticated(self, _kw, user):
        return ("user_authenticated", {"username": str(user)})

    def xauth_failed(self, kw, _text=None):
        return ("xauth_failed", {"we_are_client": str(kw).startswith("Headend")})

    def assigned_address(self, _kw, address):
        return ("assigned_address", {"address": str(address)})

    def obtained_address(self, _kw, address, _text=None):
        return ("obtained_address", {"address": str(address)})

    def security_negotiation_complete(self, kw, who, role, inbound, outbound):
        return ("security_negotiation_complete", {
            "l2l": "LAN-to-LAN" in str(kw), "who": str(who), "role": str(role).lower(),
            "inbound_spi": _hex(inbound), "outbound_spi": _hex(outbound)})

    def got_spi(self, _kw, spi):
        return ("got_spi", {"spi": _hex(spi)})

    def key_add(self, _kw, spi):
        return ("key_add", {"spi": _hex(spi)})

    def key_update(self, _kw, spi):
        return ("key_update", {"spi": _hex(spi)})

    def psk_hash_processing(self, _kw):
        return ("psk_hash_processing", {})

    def psk_hash_inconsistent(self, _kw):
        return ("psk_hash_inconsistent", {})

    def psk_hash_failed(self, _kw):
        return ("psk_hash_failed", {})

    def no_tunnel_group(self, _kw):
        return ("no_tunnel_group", {})

    def unknown_am_group(self, _kw, group):
        return ("unknown_am_group", {"tunnel_group": str(group)})

    def spoofed_am2(self, _kw, _text=None):
        return ("spoofed_am2", {})

    def group_not_found(self, kw, text=None):
        words = str(kw).split()
        name = words[1] if words[0] == "Group" and text is None else (str(text).split()[0] if text else None)
        return ("group_not_found", {"tunnel_group": name})

    def base_group_fallback(self, kw):
        return ("base_group_fallback", {"tunnel_group": str(kw).split()[0]})

    def invalid_cookie(self, _kw):
        return ("invalid_cookie", {})

    def info_exchange_failed(self, _kw):
        return ("info_exchange_failed", {})

    def duplicate_first_packet(self, _kw, _text=None):
        return ("duplicate_first_packet", {})

    def initiator_new_phase1(self, _kw, text=None):
        fields: dict[str, str] = {}
        if text:
            for key, pattern in _NEW_PHASE1_FIELDS.items():
                match = pattern.search(str(text))
                if match:
                    fields[key] = match.group(1)
        return ("initiator_new_phase1", fields)

    def qm_packet(self, kw, msgid):
        step = {"Responder starting QM": "responder_starting_qm",
                "Responder sending 2nd QM pkt": "qm2_sent",
                "Initiator sending 1st QM pkt": "qm1_sent",
                "Initiator sending 3rd QM pkt": "qm3_sent"}[str(kw)[4:]]
        return ("qm_packet", {"step": step, "msgid": _hex(msgid)})

    def cleanup(self, kw, _text=None):
        return ("cleanup", {"what": str(kw)})

    def qm_fsm_error(self, _kw, _text=None):
        return ("qm_fsm_error", {})

    def fsm_error_history(self, kw, text=None):
        # "<state>, <event>: AM_DONE, EV_ERROR-->AM_WAIT_MSG2, EV_RETRY-->...": newest first;
        # the state the negotiation died in is the first one that is not *_DONE.
        words = str(kw).split()
        states = re.findall(r"\b([A-Z]{2}_[A-Z0-9_]+), EV_", str(text or ""))
        stuck = next((s for s in states if not s.endswith("_DONE")), None)
        return ("fsm_error_history", {"exchange": words[1], "role": words[2].lower(), "state": stuck})

    def torn_down(self, _kw, text):
        return ("torn_down", {"reason": str(text).strip()})

    def session_timeout(self, _kw, text=None):
        state = re.search(r"\[\s*(\w+)\s*\]", str(text or ""))
        return ("session_timeout", {"state": state.group(1) if state else None})

    def no_crypto_map(self, _kw, _text=None):
        return ("no_crypto_map", {})

    def proxy_rejected(self, _kw, text):
        match = _PROXIES.search(str(text))
        fields = {"remote_proxy": match.group(1), "local_proxy": match.group(2),
                  "interface": match.group(3)} if match else {}
        return ("proxy_rejected", fields)

    def proxy_id(self, side, kind, address, *rest):
        mask = str(rest[0]) if len(rest) == 3 else None
        return (str(side).lower(), {"kind": str(kind)[:-1], "address": str(address), "mask": mask})

    def proxy_id_transmit(self, _kw, first, second):
        return ("proxy_id_transmit", {first[0]: first[1], second[0]: second[1]})

    def client_version(self, _kw, text):
        match = re.search(r"Client Type:?\s*(.*?)\s*Application Version:\s*(\S+)", "Client Type: " + str(text))
        fields = {"client_type": match.group(1), "version": match.group(2)} if match else {"client_type": str(text)}
        return ("client_version", fields)

    def ddns_hostname(self, _kw, hostname):
        return ("ddns_hostname", {"hostname": str(hostname).rstrip("!")})

    def remote_peer_map(self, _kw, name):
        return ("remote_peer_map", {"crypto_map": str(name)})

    def ra_noise(self, kw, _text=None):
        return ("ra_noise", {"what": str(kw).rstrip(":")})

    def built_connection(self, kw, text):
        # 302015: an IKE packet only when one end is the ASA itself ("identity") on 500/4500.
        match = _UDP_ENDS.search(str(text))
        if not match:
            return ("unrelated", {})
        if_a, ip_a, port_a, if_b, ip_b, port_b = match.groups()
        if if_b == "identity" and port_b in ("500", "4500"):
            remote, local = ip_a, ip_b
        elif if_a == "identity" and port_a in ("500", "4500"):
            remote, local = ip_b, ip_a
        else:
            return ("unrelated", {})
        inbound = "inbound" in str(kw)
        return ("ike_connection", {"remote": remote, "local": local, "inbound": inbound})

    def header_invalid(self, _kw, _text=None):
        return ("header_invalid", {})

    def hexdump(self, _row, _text=None):
        return ("hexdump", {})


_PAYLOAD_NAME = re.compile(r"[A-Z][A-Z0-9_\-]*")
_NEW_PHASE1_FIELDS = {
    "interface": re.compile(r"Intf (\S+?),"),
    "crypto_map": re.compile(r"Crypto map \((\S+?)\)"),
    "local_proxy": re.compile(r"local Proxy Address ([\d.]+)"),
    "remote_proxy": re.compile(r"remote Proxy Address ([\d.]+)"),
}
_UDP_ENDS = re.compile(r"for (\S+?):([\d.]+)/(\d+) \(.*?\) to (\S+?):([\d.]+)/(\d+)")
_PROXIES = re.compile(r"remote proxy (\S+) local proxy (\S+) on interface (\S+)")
_HEX_ROW = re.compile(r"([0-9a-f]{4}): ((?:[0-9A-Fa-f]{2,8} ){0,3}[0-9A-Fa-f]{2,8})")

_PARSER = Lark.open(
    "debug.lark", rel_to=__file__, parser="lalr", lexer="contextual",
    transformer=_MessageTransformer(), maybe_placeholders=False,
)


class _Incomplete(Exception):
    """The message ended inside a typed rule: it may continue on the next line."""


def _typed_rule_keywords() -> re.Pattern[str]:
    """One regex of every keyword that starts a typed rule (grammar terminals of priority 2+).
    A text matching none of them can only be ``generic``, so it skips the LALR parse:
    most debug lines ("processing SA payload") are generic."""
    patterns = []
    for terminal in _PARSER.terminals:
        if terminal.priority >= 2:
            pattern = terminal.pattern
            source = pattern.to_regexp()
            flags = "".join(sorted(pattern.flags))
            patterns.append(f"(?{flags}:{source})" if flags else f"(?:{source})")
    return re.compile("|".join(patterns))


_TYPED_KEYWORD = _typed_rule_keywords()


def parse_body(body: str) -> tuple[dict[str, str], str, dict]:
    """Parse one message body into (headers, kind, fields).

    Raises ``_Incomplete`` when the text ended inside a typed rule (it may continue on
    the next physical line).
    """
    headers, position = split_headers(body)
    text = body[position:]
    if _TYPED_KEYWORD.search(text) is None:
        return headers, "generic", {}
    try:
        kind, fields = _PARSER.parse(text)
    except UnexpectedEOF as exc:
        raise _Incomplete from exc
    except UnexpectedToken as exc:
        if exc.token.type == "$END":
            raise _Incomplete from exc
        return headers, "generic", {}
    except (UnexpectedCharacters, UnexpectedInput):
        return headers, "generic", {}
    return headers, kind, fields


# "Group = EZ, Username = cisco, IP = 10.48.66.23, " (713255 prints "IP = a IP = a,").
_HEADER = re.compile(r"(Group|Username|IP) ?= ?([^,\s()]+),? ")
_HEADER_NAMES = {"Group": "group", "Username": "username", "IP": "peer"}


def split_headers(body: str) -> tuple[dict[str, str], int]:
    """The ``Key = value,`` headers at the start of a message, and where its text begins."""
    headers: dict[str, str] = {}
    position = 0
    while True:
        match = _HEADER.match(body, position)
        if not match:
            return headers, position
        headers[_HEADER_NAMES[match.group(1)]] = match.group(2)
        position = match.end()


def hexdump_bytes(text: str) -> bytes:
    """The bytes of an ``IKEv1 DECODE`` hex dump (``0000: 00000000 7534000B ...``)."""
    out = bytearray()
    for match in _HEX_ROW.finditer(text):
        digits = match.group(2).replace(" ", "")
        if len(digits) % 2:
            break  # a truncated row: keep what was whole before it
        out.extend(bytes.fromhex(digits))
    return bytes(out)


_IPSEC_SPI = re.compile(r"SPI[ :]+(?:0x)?([0-9A-Fa-f]{8})\b")
_IPSEC_KINDS = (
    ("New embryonic SA created", "ipsec_embryonic_sa"),
    ("Creating outbound VPN context", "ipsec_vpn_context"),
    ("Creating inbound VPN context", "ipsec_vpn_context"),
    ("Applying VPN filter", "ipsec_vpn_filter"),
    ("Received a DELETE PFKey message", "ipsec_delete"),
    ("state change from", "ipsec_state_change"),
)


def _ipsec_event(event: Event) -> None:
    """Fill an ``IPSEC:`` key-engine block event (not grammar-parsed: key/value lines)."""
    text = event.text
    spi = _IPSEC_SPI.search(text)
    if spi:
        event.spi = spi.group(1).lower()
    for phrase, kind in _IPSEC_KINDS:
        if phrase in text:
            event.kind = kind
            break
    else:
        event.kind = "ipsec_rule" if " rule" in text.split("\n", 1)[0] else "ipsec_engine"
    direction = re.search(r"Direction: (inbound|outbound)", text)
    if direction:
        event.fields["direction"] = direction.group(1)
    tunnel = re.search(r"Tunnel type: (\w+)", text)
    if tunnel:
        event.fields["tunnel_type"] = tunnel.group(1)
    filt = re.search(r"Applying VPN filter (\S+)", text)
    if filt:
        event.fields["vpn_filter"] = filt.group(1)


_IKEV2_SA = re.compile(r"\((\d+)\):")


@dataclass
class LogParse:
    """Events of one log input plus its line accounting."""

    name: str
    events: list[Event] = field(default_factory=list)
    lines: int = 0
    recognized: int = 0
    unrecognized: list[tuple[int, str]] = field(default_factory=list)  # examples
    unrecognized_count: int = 0


class _Open:
    """The message being assembled: its first segment and the lines it spans."""

    __slots__ = ("prefix", "body", "raw", "line", "end_line", "parsed")

    def __init__(self, prefix: Prefix, body: str, raw: str, line: int) -> None:
        self.prefix, self.body, self.raw, self.line = prefix, body, raw, line
        self.end_line = line
        self.parsed: tuple[dict[str, str], str, dict] | None = None  # None = incomplete so far

    def parse(self) -> None:
        """Parse the body as assembled so far (again after each joined line)."""
        if self.prefix.form in ("ipsec", "ikev2", "ios"):
            self.parsed = ({}, "generic", {})
            return
        try:
            self.parsed = parse_body(self.body)
        except _Incomplete:
            self.parsed = None

    @property
    def incomplete(self) -> bool:
        return self.parsed is None


class LogReader:
    """Streaming reader: feed physical lines, get events. One instance per input."""

    def __init__(self, name: str) -> None:
        self.result = LogParse(name)
        self._open: _Open | None = None

    # -- accounting ---------------------------------------------------------
    def _unrecognized(self, line_no: int, text: str) -> None:
        self.result.unrecognized_count += 1
        if len(self.result.unrecognized) < MAX_UNRECOGNIZED_EXAMPLES:
            self.result.unrecognized.append((line_no, text[:300]))

    # -- message assembly ----------------------------------------------------
    def _finish(self) -> Iterator[Event]:
        message, self._open = self._open, None
        if message is None:
            return
        yield self._event(message)

    def _event(self, message: _Open) -> Event:
        prefix = message.prefix
        event = Event(source=self.result.name, line=message.line, text=message.body, raw=message.raw,
                      form=prefix.form, timestamp=prefix.timestamp, facility=prefix.facility,
                      syslog_id=prefix.syslog_id, level=prefix.level,
                      end_line=message.end_line if message.end_line != message.line else None)
        if prefix.form == "ipsec":
            _ipsec_event(event)
            return event
        if prefix.form in ("ikev2", "ios"):
            sa = _IKEV2_SA.match(message.body)
            if sa:
                event.ikev2_sa = int(sa.group(1))
            return event
        headers, kind, fields = message.parsed or (split_headers(message.body)[0], "generic", {})
        event.peer = headers.get("peer")
        event.group = headers.get("group")
        event.username = headers.get("username")
        event.kind = kind
        event.fields = fields
        event.msgid = fields.get("msgid")
        if "spi" in fields:
            event.spi = fields["spi"]
        if kind == "ike_connection":
            event.peer = fields["remote"]
        if kind == "hexdump":
            event.fields["data"] = hexdump_bytes(message.body)
        return event

    def _start(self, segment: Segment, line_no: int) -> None:
        assert segment.prefix is not None
        self._open = _Open(segment.prefix, segment.body, segment.raw, line_no)
        self._open.parse()

    def _continues(self, text: str) -> bool:
        """Does a prefix-less piece of text continue the open message?"""
        message = self._open
        if message is None or len(message.body) + len(text) > MAX_MESSAGE_CHARS:
            return False
        if message.prefix.form == "ipsec":
            return IPSEC_FIELD.fullmatch(text) is not None
        if message.incomplete:
            return True
        return message.body.startswith("0000: ") and HEX_ROW_START.match(text) is not None

    def feed(self, line_no: int, line: str) -> Iterator[Event]:
        self.result.lines += 1
        if not line.strip():
            self.result.recognized += 1
            return
        recognized = True
        for segment in split_line(line):
            if segment.prefix is None:
                if self._continues(segment.body) and self._join(segment, line_no):
                    continue
                else:
                    recognized = False
                    self._unrecognized(line_no, segment.body)
                    yield from self._finish()
                continue
            yield from self._finish()
            self._start(segment, line_no)
        if recognized:
            self.result.recognized += 1

    def _join(self, segment: Segment, line_no: int) -> bool:
        """Append a continuation to the open message; undo it when the result no longer
        reads as the typed message it was becoming (the line was something else)."""
        message = self._open
        assert message is not None
        before = (message.body, message.raw, message.end_line, message.parsed)
        joiner = "\n" if message.prefix.form == "ipsec" else " "
        message.body = f"{message.body}{joiner}{segment.body}"
        message.raw = f"{message.raw}\n{segment.raw}"
        message.end_line = line_no
        if message.prefix.form == "ipsec":
            return True
        was_incomplete = message.incomplete
        message.parse()
        if was_incomplete and message.parsed is not None and message.parsed[1] == "generic":
            message.body, message.raw, message.end_line, message.parsed = before
            return False
        return True

    def close(self) -> Iterator[Event]:
        yield from self._finish()


def parse_log(name: str, text: str, *, progress: Callable[[int], None] | None = None,
              on_event: Callable[[Event], None] | None = None) -> LogParse:
    """Parse a whole log text. ``progress`` is called with characters consumed so far.

    With ``on_event`` each event is handed over as soon as it is complete and not kept
    in the result (large logs stream through without a list of every message).
    """
    reader = LogReader(name)
    sink = on_event or reader.result.events.append
    consumed = 0
    # StringIO iterates lazily with universal newlines: no list of every line is built.
    for line_no, line in enumerate(io.StringIO(text, newline=None), start=1):
        for event in reader.feed(line_no, line.rstrip("\r\n")):
            sink(event)
        if progress is not None:
            consumed += len(line)
            if line_no % 2000 == 0:
                progress(consumed)
    for event in reader.close():
        sink(event)
    if progress is not None:
        progress(len(text))
    return reader.result


_LOG_HINT = re.compile(r"\[IKEv[12](?: DEBUG| DECODE)?\]|%(?:ASA|PIX|FTD)-\d-\d{6}|IKEv2-(?:PROTO|PLAT)-\d|^IPSEC: ", re.M)


def looks_like_log(text: str) -> bool:
    """Cheap content check: does this text hold ASA debug/syslog messages?"""
    return _LOG_HINT.search(text[:200_000]) is not None
