"""Parse ASA ``show crypto isakmp|ikev1|ikev2 sa [detail]`` and ``show crypto ipsec sa``.

``show.lark`` recognises one stripped line at a time; this module groups the lines into
:class:`IkeSaRecord` / :class:`IpsecSaRecord` blocks.  Every input line is either
recognised (counted in ``ShowOutput.recognized``) or listed in
``ShowOutput.unrecognized`` -- a line the grammar knows but that cannot be attached to a
record (``Type : L2L ...`` with no ``IKE Peer`` before it, ``spi:`` outside an
``inbound/outbound esp sas:`` section) is unrecognised too.  Nothing raises.

Normalisation: SPIs lower-case hex without ``0x``; IKE states upper-case (ASA prints
both ``AM_Active`` and ``AM_ACTIVE``); roles lower-case; tabular ``Init/Resp``,
``User`` and ``preshrd`` become ``initiator/responder``, ``user`` and ``preshared``;
IKEv2 ``Encr: AES-CBC, keysize: 256`` becomes the ASA config keyword ``aes-256``
(``AES-GCM`` + 256 -> ``aes-gcm-256``); IKEv2 ``lifetime_remaining`` is
``Life - Active``.  Hash and IKEv1 encryption values are kept as printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from grammar.show_model import IkeSaRecord, IpsecSaRecord, ShowOutput

_PARSER = Lark.open("show.lark", rel_to=__file__, parser="lalr", lexer="contextual")

# Lines that only ever appear in show output (checked after lstrip, case-sensitive
# unless noted).  Debug/syslog lines start with a timestamp, "%ASA-" or "[IKEv1";
# configs say "crypto map NAME SEQ ...", never "Crypto map tag:".
_MARKERS = (
    "Crypto map tag:",
    "current_peer:",
    "#pkts encaps:",
    "#pkts decaps:",
    "in use settings ={",
    "current outbound spi:",
    "Active SA:",
    "Total IKE SA:",
    "IKEv1 SAs:",
    "IKEv2 SAs:",
    "Tunnel-id ",
)
_NO_SAS = ("there are no ipsec sas", "there are no isakmp sas", "there are no ikev1 sas",
           "there are no ikev2 sas")
_PEER_LINE = re.compile(r"\d+\s+IKE Peer:|IKE Peer\s+Type\s+Dir\b")
_DEBUG_LINE = re.compile(r"%ASA-\d|\[IKEv[12]|IKEv2-PROTO|IPSEC:|^[A-Z][a-z]{2} +\d+ \d\d:")
_SCAN_LINES = 2000


def looks_like_show(text: str) -> bool:
    """True when ``text`` reads as ASA ``show crypto ... sa`` output (not a debug log or config)."""
    markers = debug = 0
    for raw in text.splitlines()[:_SCAN_LINES]:
        line = raw.strip()
        if not line:
            continue
        if _DEBUG_LINE.search(line):
            debug += 1
        elif _is_marker(line):
            markers += 1
    return markers > 0 and markers >= debug


def _is_marker(line: str) -> bool:
    if line.startswith(_MARKERS) or line.lower().startswith(_NO_SAS):
        return True
    return _PEER_LINE.match(line) is not None


def parse_show(name: str, text: str) -> ShowOutput:
    """Parse ``text`` (the contents of input ``name``) into a :class:`ShowOutput`."""
    state = _State(name)
    lines = text.splitlines()
    state.out.lines = len(lines)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            state.out.recognized += 1
            continue
        try:
            tree = _PARSER.parse(line)
            handler = _HANDLERS.get(tree.data)
            ok = True if handler is None else handler(state, number, _tokens(tree))
        except (LarkError, ValueError):  # ValueError: int() of an absurdly long number
            ok = False
        if ok:
            state.out.recognized += 1
        else:
            state.out.unrecognized.append((number, raw))
    return state.out


# ---------------------------------------------------------------------------- internals


class _State:
    def __init__(self, name: str) -> None:
        self.name = name
        self.out = ShowOutput(name=name)
        self.ike: IkeSaRecord | None = None
        self.ipsec: IpsecSaRecord | None = None
        self.interface: str | None = None
        self.direction: str | None = None  # inbound | outbound, inside an IPsec block

    def reset(self) -> None:
        self.ike = self.ipsec = self.interface = self.direction = None

    def new_ike(self, number: int, peer: str, index: int | None, version: int = 1) -> IkeSaRecord:
        self.ike = IkeSaRecord(peer, ike_version=version, index=index, source=(self.name, number))
        self.out.ike_sas.append(self.ike)
        return self.ike

    def new_ipsec(self, number: int) -> IpsecSaRecord:
        self.ipsec = IpsecSaRecord(interface=self.interface, source=(self.name, number))
        self.direction = None
        self.out.ipsec_sas.append(self.ipsec)
        return self.ipsec

    def cur_ipsec(self, number: int) -> IpsecSaRecord:
        """The open IPsec block; output filtered with ``| include`` has no tag line, so open one."""
        return self.ipsec if self.ipsec is not None else self.new_ipsec(number)


Toks = dict[str, list[str]]
Handler = Callable[[_State, int, Toks], bool]


def _tokens(tree: Tree) -> Toks:
    found: Toks = {}
    for tok in tree.scan_values(lambda v: isinstance(v, Token)):
        found.setdefault(tok.type, []).append(str(tok))
    return found


def _spi(value: str) -> str:
    value = value.lower()
    return value[2:] if value.startswith("0x") else value


def _add_unique(items: list[str], values: list[str]) -> None:
    for value in values:
        if value not in items:
            items.append(value)


_TYPES = {"user": "user", "l2l": "L2L"}
_AUTH = {"preshrd": "preshared"}


def _role(value: str) -> str:
    low = value.lower()
    if low.startswith("init"):
        return "initiator"
    if low.startswith("resp"):
        return "responder"
    return low


def _ikev2_encryption(algo: str, keysize: int | None) -> str:
    base = algo.lower()
    if base == "aes-cbc":
        base = "aes"
    if keysize and keysize != 128 and base.startswith("aes"):
        return f"{base}-{keysize}"
    return base


# -- summary / echo


def _echo(st: _State, n: int, t: Toks) -> bool:
    st.reset()
    return True


def _active_sa(st: _State, n: int, t: Toks) -> bool:
    st.out.active_sa_count = int(t["INT"][0])
    return True


# -- IKEv1


def _ike_peer(st: _State, n: int, t: Toks) -> bool:
    index = int(t["INT"][0]) if "INT" in t else None
    st.new_ike(n, t["PEER"][0], index)
    return True


def _ike_attrs(setter: Callable[[IkeSaRecord, Toks], None]) -> Handler:
    def handle(st: _State, n: int, t: Toks) -> bool:
        if st.ike is None:
            return False
        setter(st.ike, t)
        return True

    return handle


def _set_type_role(rec: IkeSaRecord, t: Toks) -> None:
    kind, role = t["WORD"]
    rec.type = _TYPES.get(kind.lower(), kind)
    rec.role = _role(role)


def _set_rekey_state(rec: IkeSaRecord, t: Toks) -> None:
    rekey, state = t["WORD"]
    rec.rekey = rekey.lower()
    rec.state = state.upper()


def _set_encrypt_hash(rec: IkeSaRecord, t: Toks) -> None:
    rec.encryption, rec.hash = t["WORD"]


def _set_auth_lifetime(rec: IkeSaRecord, t: Toks) -> None:
    rec.auth = _AUTH.get(t["WORD"][0], t["WORD"][0])
    rec.lifetime = int(t["INT"][0])


def _set_remaining(rec: IkeSaRecord, t: Toks) -> None:
    rec.lifetime_remaining = int(t["INT"][0])


def _ike_table_row(st: _State, n: int, t: Toks) -> bool:
    words, ints = t["WORD"], t["INT"]
    rec = st.new_ike(n, t["ADDR"][0], int(ints[0]))
    rec.type = _TYPES.get(words[0].lower(), words[0])
    rec.role = _role(words[1])
    rec.rekey = words[2].lower()
    rec.state = words[3].upper()
    if len(words) == 7:
        rec.encryption, rec.hash = words[4], words[5]
        rec.auth = _AUTH.get(words[6], words[6])
        rec.lifetime = int(ints[1])
    return True


# -- IKEv2


def _ikev2_tunnel(st: _State, n: int, t: Toks) -> bool:
    status, role = t["WORD"]
    rec = st.new_ike(n, t["ADDR"][1], int(t["INT"][0]), version=2)  # peer = Remote, sans port
    rec.state = status.upper()
    rec.role = _role(role)
    return True


def _set_ikev2_encr(rec: IkeSaRecord, t: Toks) -> None:
    algos, ints = t["ALGO"], t["INT"]
    keysize = int(ints[0]) if len(ints) == 2 else None  # INTs: [keysize,] DH group
    rec.encryption = _ikev2_encryption(algos[0], keysize)
    rec.hash = algos[1]
    if len(algos) > 2:
        rec.auth = algos[2]


def _set_ikev2_life(rec: IkeSaRecord, t: Toks) -> None:
    life, active = (int(v) for v in t["INT"])
    rec.lifetime = life
    rec.lifetime_remaining = max(life - active, 0)


# -- IPsec


def _interface(st: _State, n: int, t: Toks) -> bool:
    st.reset()
    st.interface = t["NAME"][0]
    return True


def _crypto_map_tag(st: _State, n: int, t: Toks) -> bool:
    rec = st.new_ipsec(n)
    rec.crypto_map = t["MAPNAME"][0]
    rec.seq = int(t["INT"][0]) if "INT" in t else None
    rec.local_addr = t["ADDR"][0]
    return True


def _local_ident(st: _State, n: int, t: Toks) -> bool:
    st.cur_ipsec(n).local_ident = t["PAREN"][1].strip("()").strip()
    return True


def _remote_ident(st: _State, n: int, t: Toks) -> bool:
    st.cur_ipsec(n).remote_ident = t["PAREN"][1].strip("()").strip()
    return True


def _current_peer(st: _State, n: int, t: Toks) -> bool:
    rec = st.ipsec
    if rec is None or rec.peer is not None:  # filtered output: one peer line per SA
        rec = st.new_ipsec(n)
    rec.peer = t["PEER"][0]
    if "REST" in t:
        rec.username = t["REST"][0].strip()
    return True


def _dynamic_peer(st: _State, n: int, t: Toks) -> bool:
    st.cur_ipsec(n).assigned_address = t["ADDR"][0]
    return True


def _counters(st: _State, n: int, t: Toks) -> bool:
    rec = st.cur_ipsec(n)
    for counter in t["COUNTER"]:
        label, _, value = counter[1:].rpartition(":")
        rec.counters[" ".join(label.split())] = int(value)
    return True


def _current_spi(st: _State, n: int, t: Toks) -> bool:
    rec = st.cur_ipsec(n)
    if t["DIRECTION"][0] == "outbound":
        rec.current_outbound_spi = _spi(t["HEXID"][0])
    else:
        rec.current_inbound_spi = _spi(t["HEXID"][0])
    return True


def _sas_header(st: _State, n: int, t: Toks) -> bool:
    st.cur_ipsec(n)
    st.direction = t["DIRECTION"][0]
    return True


def _spi_line(st: _State, n: int, t: Toks) -> bool:
    if st.ipsec is None or st.direction is None:
        return False
    spis = st.ipsec.inbound_spis if st.direction == "inbound" else st.ipsec.outbound_spis
    spis.append(_spi(t["HEXWORD"][0]))
    return True


def _transform(st: _State, n: int, t: Toks) -> bool:
    words = t["WORD"]
    if words[-2:] == ["no", "compression"]:
        words = words[:-2]
    _add_unique(st.cur_ipsec(n).transforms, words)
    return True


def _in_use(st: _State, n: int, t: Toks) -> bool:
    settings = [s.strip() for s in t["BRACED"][0].strip("{}").split(",")]
    _add_unique(st.cur_ipsec(n).in_use_settings, [s for s in settings if s])
    return True


def _sa_timing(st: _State, n: int, t: Toks) -> bool:
    if "KB_SEC" in t:  # "(kB/sec): (2699423/25461)"
        seconds = int(t["KB_SEC"][0].strip("()").split("/")[1])
    else:
        seconds = int(t["INT"][0])
    st.cur_ipsec(n).remaining_lifetime_seconds.append(seconds)
    return True


_HANDLERS: dict[str, Handler] = {
    "echo": _echo,
    "active_sa": _active_sa,
    "ike_peer": _ike_peer,
    "ike_type_role": _ike_attrs(_set_type_role),
    "ike_rekey_state": _ike_attrs(_set_rekey_state),
    "ike_encrypt_hash": _ike_attrs(_set_encrypt_hash),
    "ike_auth_lifetime": _ike_attrs(_set_auth_lifetime),
    "ike_remaining": _ike_attrs(_set_remaining),
    "ike_table_row": _ike_table_row,
    "ikev2_tunnel": _ikev2_tunnel,
    "ikev2_encr": _ike_attrs(_set_ikev2_encr),
    "ikev2_life": _ike_attrs(_set_ikev2_life),
    "interface": _interface,
    "crypto_map_tag": _crypto_map_tag,
    "local_ident": _local_ident,
    "remote_ident": _remote_ident,
    "current_peer": _current_peer,
    "dynamic_peer": _dynamic_peer,
    "counters": _counters,
    "current_spi": _current_spi,
    "sas_header": _sas_header,
    "spi": _spi_line,
    "transform": _transform,
    "in_use": _in_use,
    "sa_timing": _sa_timing,
}
# Recognised, nothing to keep: sa_banner, rekey_sa, total_sa, no_sas, ike_table_header,
# ikev2_session, ikev2_header, ikev2_child, access_list, noise.
