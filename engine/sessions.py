"""Group events into sessions (per peer, per IKE SA) and track how far each got.

A head-end log interleaves hundreds of peers, and some lines name no peer:
``IPSEC:`` key-engine blocks are attached by SPI, hex dumps and other prefix-only
messages by position (the session of the message just before), and messages that
name the client's *assigned* address (``IP = 192.168.1.100``) go to the session
that assigned it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grammar.events import Event

MILESTONE_ORDER = ("MM1", "MM2", "MM3", "MM4", "MM5", "MM6", "AM1", "AM2", "AM3",
                   "XAUTH", "MODE_CFG", "QM1", "QM2", "QM3")

# Events that end phase 1 unsuccessfully when seen before PHASE 1 COMPLETED.
PHASE1_FAILURE_KINDS = frozenset({
    "ike_proposals_unacceptable", "no_tunnel_group", "spoofed_am2", "unknown_am_group",
    "group_not_found", "invalid_cookie", "session_timeout", "no_crypto_map", "psk_hash_failed",
    "xauth_failed", "torn_down", "fsm_error_history",
})
# Kept only for their effect on the session (SPIs, milestones), never as facts or
# evidence: not stored, so memory follows typed messages, not log size.
UNSTORED_KINDS = frozenset({"generic", "ipsec_rule", "ipsec_engine", "ipsec_vpn_context"})
PHASE2_FAILURE_KINDS = frozenset({
    "ipsec_proposals_unacceptable", "proxy_rejected", "qm_fsm_error", "torn_down", "fsm_error_history",
})


@dataclass
class SessionState:
    peer: str
    index: int = 1  # nth IKE SA with this peer in the input
    events: list[Event] = field(default_factory=list)
    role: str | None = None
    exchange: str | None = None
    ike_version: int | None = None
    tunnel_group: str | None = None
    username: str | None = None
    assigned_address: str | None = None
    reached: list[str] = field(default_factory=list)
    phase1_done: bool = False
    phase2_done: bool = False
    phase1_failed: bool = False
    phase2_failed: bool = False
    nat_local: bool | None = None
    nat_remote: bool | None = None
    spis: set[str] = field(default_factory=set)
    qm_starter: dict[str, bool] = field(default_factory=dict)  # quick-mode msgid -> we sent its QM1
    client: dict[str, str] = field(default_factory=dict)
    show_state: str | None = None  # from show crypto isakmp sa
    show_ipsec: bool = False  # show crypto ipsec sa has an SA for this peer
    message_count: int = 0  # every message, including those not kept in ``events``

    @property
    def key(self) -> str:
        return f"{self.peer}#{self.index}"

    def reach(self, milestone: str) -> None:
        if milestone not in self.reached:
            self.reached.append(milestone)

    @property
    def outcome(self) -> str:
        if self.phase2_done or (self.show_ipsec and self.show_state in ("AM_ACTIVE", "MM_ACTIVE", "READY")):
            return "established"
        if self.phase1_failed and not self.phase1_done:
            return "phase1_failed"
        if self.phase2_failed:
            return "phase2_failed"
        if not self.message_count and not self.show_state:
            return "not_started"
        return "incomplete"  # includes an SA stuck in MM_WAIT_MSGn with no failure logged

    def ordered_reached(self) -> list[str]:
        return sorted(self.reached, key=MILESTONE_ORDER.index)


class SessionTracker:
    """Feed events in log order; read ``sessions`` at the end."""

    def __init__(self, assigned_addresses: dict[str, str] | None = None) -> None:
        """``assigned_addresses`` maps client addresses known from elsewhere (``show crypto
        ipsec sa``: dynamic allocated peer ip) to their peer's public address."""
        self.sessions: list[SessionState] = []
        self._by_peer: dict[str, SessionState] = {}
        self._by_spi: dict[str, SessionState] = {}
        self._by_assigned: dict[str, SessionState] = {}
        self._assigned_to_peer = dict(assigned_addresses or {})
        self._orphans: list[Event] = []  # peer-less events not attachable yet
        self._last: SessionState | None = None
        self._last_notify: SessionState | None = None  # received an informational NOTIFY last
        self._order = 0

    # -- attachment ----------------------------------------------------------
    def _session_for_peer(self, peer: str, event: Event) -> SessionState:
        assigned = self._by_assigned.get(peer)
        if assigned is not None and peer not in self._by_peer:
            return assigned
        if peer in self._assigned_to_peer and peer not in self._by_peer:
            peer = self._assigned_to_peer[peer]  # a client's inner address names its session
        session = self._by_peer.get(peer)
        if session is None or self._starts_new_sa(session, event):
            index = session.index + 1 if session else 1
            session = SessionState(peer=peer, index=index)
            self.sessions.append(session)
            self._by_peer[peer] = session
        return session

    @staticmethod
    def _starts_new_sa(session: SessionState, event: Event) -> bool:
        """A new negotiation with a peer whose previous IKE SA is over (failed or up).

        Debug logs show the new phase-1 first message; syslog-only logs show the UDP flow,
        the initiator's "New Phase 1", the tunnel-group landing or a PHASE 1 COMPLETED
        after a failure.
        """
        if not (session.phase1_done or session.phase1_failed):
            return False
        kind = event.kind
        if kind == "ike_decode":
            return (event.fields.get("msgid") == "0" and event.fields.get("direction") in ("RECEIVED", "SENDING")
                    and _is_first_message(event))
        if kind in ("initiator_new_phase1", "ike_connection", "tunnel_group_landed"):
            return session.phase1_failed or session.phase2_done or session.phase2_failed
        return kind == "phase1_completed" and session.phase1_failed

    def add(self, event: Event) -> None:
        if event.kind == "unrelated":
            return  # e.g. a 302015 for ordinary traffic: belongs to no IKE session
        self._order += 1
        event.order = self._order
        if event.peer:
            session = self._session_for_peer(event.peer, event)
        elif event.spi:
            session = self._by_spi.get(event.spi)  # key-engine blocks: by SPI
        elif event.kind in ("hexdump", "ra_noise"):
            session = self._last_notify or self._last  # the notify payload being decoded
        else:
            session = self._last
        if session is None:
            self._orphans.append(event)
            return
        self._apply(session, event)
        self._last = session

    def finish(self) -> list[SessionState]:
        """Attach key-engine blocks whose SPI was learnt after them, and return the
        sessions, events in arrival order. Peer-less lines before any session belong to
        no known negotiation: they stay counted as recognised input, in no session."""
        for event in self._orphans:
            session = self._by_spi.get(event.spi or "")
            if session is not None and event.kind not in UNSTORED_KINDS:
                session.events.append(event)
                session.message_count += 1
        for session in self.sessions:
            session.events.sort(key=lambda e: e.order)
        self._orphans.clear()
        return self.sessions

    # -- milestones ------------------------------------------------------------
    def _apply(self, session: SessionState, event: Event) -> None:
        session.message_count += 1
        if event.kind not in UNSTORED_KINDS:
            session.events.append(event)
        kind, fields = event.kind, event.fields
        if event.group and event.group not in ("", None) and session.tunnel_group is None:
            session.tunnel_group = event.group
        if event.username and session.username is None:
            session.username = event.username
        if event.spi:
            self._own_spi(session, event.spi)
        if session.ike_version is None:
            session.ike_version = _ike_version_of(event)
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(self, session, event, fields)
        if kind in PHASE1_FAILURE_KINDS and not session.phase1_done:
            session.phase1_failed = True
        elif kind in PHASE2_FAILURE_KINDS and session.phase1_done and not session.phase2_done:
            session.phase2_failed = True

    def _own_spi(self, session: SessionState, spi: str) -> None:
        session.spis.add(spi)
        self._by_spi[spi] = session

    def _on_ike_decode(self, session: SessionState, event: Event, fields: dict) -> None:
        direction = fields["direction"]
        payloads = fields["payloads"]
        msgid = fields["msgid"]
        if session.ike_version is None:
            session.ike_version = 1
        if direction == "RECEIVED" and msgid != "0" and "NOTIFY" in payloads:
            self._last_notify = session
        if msgid == "0":
            if session.role is None and direction in ("RECEIVED", "SENDING"):
                session.role = "responder" if direction == "RECEIVED" else "initiator"
            if session.exchange is None and "SA" in payloads:
                session.exchange = "aggressive" if "KE" in payloads and "ID" in payloads else "main"
            step = phase1_step(session, direction, payloads)
            if step:
                session.reach(step)
            return
        if "ATTR" in payloads:
            return  # XAUTH / MODE_CFG transactions: milestones come from their content
        ours = direction in ("SENDING", "RESENDING")
        if "SA" in payloads and "NONCE" in payloads:
            # Either side may start quick mode: the first SA+NONCE of a message id is QM1,
            # the answer from the other side QM2 (resends change nothing).
            started_by_us = session.qm_starter.setdefault(msgid, ours)
            session.reach("QM1" if ours == started_by_us else "QM2")
        elif msgid in session.qm_starter and payloads[:2] == ["HDR", "HASH"] and len(payloads) <= 3:
            if ours == session.qm_starter[msgid]:
                session.reach("QM3")

    def _on_phase1_completed(self, session: SessionState, event: Event, fields: dict) -> None:
        session.phase1_done = True
        session.phase1_failed = False
        if session.exchange == "aggressive":
            for step in ("AM1", "AM2", "AM3"):
                session.reach(step)
        elif session.exchange == "main":
            for step in ("MM1", "MM2", "MM3", "MM4", "MM5", "MM6"):
                session.reach(step)

    def _on_phase2_completed(self, session: SessionState, event: Event, fields: dict) -> None:
        session.phase2_done = True
        session.phase2_failed = False
        for step in ("QM1", "QM2", "QM3"):
            session.reach(step)

    def _on_landed(self, session: SessionState, event: Event, fields: dict) -> None:
        session.tunnel_group = fields["tunnel_group"]

    def _on_user(self, session: SessionState, event: Event, fields: dict) -> None:
        session.username = fields.get("username") or session.username
        session.reach("XAUTH")

    def _on_address(self, session: SessionState, event: Event, fields: dict) -> None:
        session.assigned_address = fields["address"]
        self._by_assigned[fields["address"]] = session
        if event.kind == "assigned_address":
            session.reach("MODE_CFG")

    def _on_nat(self, session: SessionState, event: Event, fields: dict) -> None:
        session.nat_local = fields["local_behind_nat"]
        session.nat_remote = fields["remote_behind_nat"]

    def _on_negotiation_complete(self, session: SessionState, event: Event, fields: dict) -> None:
        self._own_spi(session, fields["inbound_spi"])
        self._own_spi(session, fields["outbound_spi"])
        session.role = session.role or fields["role"]

    def _on_client_version(self, session: SessionState, event: Event, fields: dict) -> None:
        if "version" in fields:
            session.client["version"] = fields["version"]

    def _on_ddns(self, session: SessionState, event: Event, fields: dict) -> None:
        session.client.setdefault("hostname", fields["hostname"])

    def _on_hexdump(self, session: SessionState, event: Event, fields: dict) -> None:
        session.client.update(client_identity_from_notify(fields.get("data", b"")))

    def _on_initiator(self, session: SessionState, event: Event, fields: dict) -> None:
        session.role = session.role or "initiator"

    def _on_spoofed_am2(self, session: SessionState, event: Event, fields: dict) -> None:
        # The fake AM2 sent for an unknown group is not a real AM2.
        if "AM2" in session.reached:
            session.reached.remove("AM2")

    def _on_ike_connection(self, session: SessionState, event: Event, fields: dict) -> None:
        # The peer opened the UDP 500/4500 flow to us: it initiates, we respond.
        session.role = session.role or ("responder" if fields["inbound"] else "initiator")

    def _on_qm_packet(self, session: SessionState, event: Event, fields: dict) -> None:
        if fields["step"] == "qm2_sent":
            session.reach("QM2")
        elif fields["step"] == "qm1_sent":
            session.reach("QM1")
        elif fields["step"] == "qm3_sent":
            session.reach("QM3")


_HANDLERS = {
    "ike_decode": SessionTracker._on_ike_decode,
    "phase1_completed": SessionTracker._on_phase1_completed,
    "phase2_completed": SessionTracker._on_phase2_completed,
    "tunnel_group_landed": SessionTracker._on_landed,
    "user_authenticated": SessionTracker._on_user,
    "assigned_address": SessionTracker._on_address,
    "obtained_address": SessionTracker._on_address,
    "nat_detection": SessionTracker._on_nat,
    "security_negotiation_complete": SessionTracker._on_negotiation_complete,
    "client_version": SessionTracker._on_client_version,
    "ddns_hostname": SessionTracker._on_ddns,
    "hexdump": SessionTracker._on_hexdump,
    "initiator_new_phase1": SessionTracker._on_initiator,
    "qm_packet": SessionTracker._on_qm_packet,
    "ike_connection": SessionTracker._on_ike_connection,
    "spoofed_am2": SessionTracker._on_spoofed_am2,
}


def _ike_version_of(event: Event) -> int | None:
    """From the console facility (``[IKEv1]``) or the syslog id family (713xxx/715xxx are
    IKEv1, 750xxx/751xxx IKEv2)."""
    if event.facility and event.facility.startswith("IKEv"):
        return 2 if event.facility.startswith("IKEv2") else 1
    if event.syslog_id is not None:
        family = event.syslog_id // 1000
        if family in (713, 715):
            return 1
        if family in (750, 751):
            return 2
    return None


def _is_first_message(event: Event) -> bool:
    payloads = event.fields.get("payloads", ())
    # MM1 = SA (+ vendor ids), AM1 = SA + KE + NONCE + ID; never HASH/KE-only.
    return "SA" in payloads and "HASH" not in payloads


def phase1_step(session: SessionState, direction: str, payloads: list[str]) -> str | None:
    """Name the phase-1 message from its payloads and who sent it."""
    sent_by_us = direction in ("SENDING", "RESENDING")
    from_initiator = sent_by_us == (session.role == "initiator")
    if session.exchange == "aggressive":
        if "SA" in payloads:
            return "AM1" if from_initiator else "AM2"
        if "HASH" in payloads and from_initiator:
            return "AM3"
        return None
    if "SA" in payloads:
        return "MM1" if from_initiator else "MM2"
    if "KE" in payloads:
        return "MM3" if from_initiator else "MM4"
    if "ID" in payloads or "HASH" in payloads:
        return "MM5" if from_initiator else "MM6"
    return None


# Cisco Unity client-info notify (after phase 2): 4 zero bytes, then TLVs of a
# two-letter type ("u2" model, "u3" image, "u4" hostname, "u5" serial), a 16-bit
# length and the value.
_CLIENT_TLV = {b"u2": "model", b"u3": "image", b"u4": "hostname", b"u5": "serial"}


def client_identity_from_notify(data: bytes) -> dict[str, str]:
    identity: dict[str, str] = {}
    offset = 4 if data[:4] == b"\x00\x00\x00\x00" else 0
    while offset + 4 <= len(data):
        tag = data[offset:offset + 2]
        length = int.from_bytes(data[offset + 2:offset + 4], "big")
        value = data[offset + 4:offset + 4 + length]
        if len(value) < length or not tag.isalnum():
            break
        name = _CLIENT_TLV.get(tag)
        if name:
            text = value.decode("ascii", errors="replace")
            identity[name] = text.rstrip(".") if name == "hostname" else text
        offset += 4 + length
    return identity
