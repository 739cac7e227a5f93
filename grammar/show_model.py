"""Typed records for ``show crypto isakmp sa [detail]`` / ``show crypto ikev1|ikev2 sa``
and ``show crypto ipsec sa`` output (ASA)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IkeSaRecord:
    """One peer block of ``show crypto isakmp sa [detail]`` / ``show crypto ikev1 sa``."""

    peer: str
    ike_version: int = 1
    index: int | None = None
    type: str | None = None  # user | L2L
    role: str | None = None  # initiator | responder
    rekey: str | None = None
    state: str | None = None  # AM_ACTIVE, MM_WAIT_MSG4, ...
    encryption: str | None = None
    hash: str | None = None
    auth: str | None = None
    lifetime: int | None = None
    lifetime_remaining: int | None = None
    source: tuple[str, int] | None = None


@dataclass
class IpsecSaRecord:
    """One ``Crypto map tag`` block of ``show crypto ipsec sa``."""

    interface: str | None = None
    crypto_map: str | None = None
    seq: int | None = None
    local_addr: str | None = None
    local_ident: str | None = None  # "0.0.0.0/0.0.0.0/0/0"
    remote_ident: str | None = None
    peer: str | None = None
    username: str | None = None
    assigned_address: str | None = None  # "dynamic allocated peer ip"
    counters: dict[str, int] = field(default_factory=dict)  # "pkts encaps" -> 5 ...
    current_outbound_spi: str | None = None
    current_inbound_spi: str | None = None
    inbound_spis: list[str] = field(default_factory=list)
    outbound_spis: list[str] = field(default_factory=list)
    transforms: list[str] = field(default_factory=list)
    in_use_settings: list[str] = field(default_factory=list)
    remaining_lifetime_seconds: list[int] = field(default_factory=list)
    source: tuple[str, int] | None = None


@dataclass
class ShowOutput:
    name: str
    ike_sas: list[IkeSaRecord] = field(default_factory=list)
    ipsec_sas: list[IpsecSaRecord] = field(default_factory=list)
    active_sa_count: int | None = None
    lines: int = 0
    recognized: int = 0
    unrecognized: list[tuple[int, str]] = field(default_factory=list)
