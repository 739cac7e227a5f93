"""Typed events: one per log message (debug console line or syslog message)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Event:
    """A parsed log message.

    ``kind`` names what happened (``tunnel_group_landed``, ``phase1_completed``,
    ``psk_hash_failed`` ...) or is ``generic`` for messages no grammar rule claims:
    they still carry peer/group/user/text so a rule can match on text.
    """

    source: str
    line: int
    text: str  # the message text after the prefixes (what a human reads)
    raw: str  # the whole message as found, prefixes included
    form: str
    kind: str = "generic"
    timestamp: str | None = None
    facility: str | None = None  # IKEv1 | IKEv1 DEBUG | IKEv1 DECODE | IKEv2 | IPSEC ...
    syslog_id: int | None = None
    level: int | None = None
    peer: str | None = None  # the "IP = x" of the message
    group: str | None = None
    username: str | None = None
    msgid: str | None = None  # IKE message id, lower-case hex without 0x
    spi: str | None = None  # lower-case hex without 0x
    ikev2_sa: int | None = None  # IKEv2 "(<n>):" negotiation number
    fields: dict[str, Any] = field(default_factory=dict)
    end_line: int | None = None
    order: int = 0  # arrival order across all inputs (set when sessions are built)

    @property
    def where(self) -> tuple[str, int]:
        return (self.source, self.line)
