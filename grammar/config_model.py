"""Typed objects for ASA and IOS crypto configuration.

Plain dataclasses: the parser in ``grammar.config`` fills them, the engine and the
rule pack read them. Secrets are never stored in clear: a ``Secret`` keeps only a
salted fingerprint, so two configs' keys can still be compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceRef = tuple[str, int]  # (input name, 1-based line number)


@dataclass(frozen=True)
class Secret:
    """A pre-shared key or password, reduced to what a diagnosis may use.

    ``fingerprint`` is a salted HMAC of the clear value (``None`` when the value is
    unknowable: ASA ``*****`` masking or an encrypted type 6/7/8 blob).
    """

    fingerprint: str | None
    masked: bool = False
    encryption_type: str | None = None  # "0", "6", "7", "8", ... when given

    def __repr__(self) -> str:  # never let a clear value leak through a repr
        return f"Secret(fingerprint={self.fingerprint!r}, masked={self.masked})"

    def same_as(self, other: Secret | None) -> bool | None:
        """True/False when comparable, None when either side is unknowable."""
        if other is None or self.fingerprint is None or other.fingerprint is None:
            return None
        return self.fingerprint == other.fingerprint


@dataclass
class Interface:
    name: str  # e.g. GigabitEthernet0/0
    nameif: str | None = None
    address: str | None = None
    mask: str | None = None
    ezvpn: str | None = None  # IOS: crypto ipsec client ezvpn NAME on this interface
    ezvpn_inside: bool = False
    source: SourceRef | None = None


@dataclass
class Phase1Proposal:
    """One IKEv1 policy (``crypto isakmp|ikev1 policy N``) or IKEv2 policy."""

    priority: int
    ike_version: int = 1
    authentication: str | None = None  # pre-share | rsa-sig | crack ...
    encryption: tuple[str, ...] = ()  # normalised: aes, aes-192, aes-256, 3des, des ...
    hash: tuple[str, ...] = ()  # sha, md5, sha256 ... (IKEv2: integrity)
    prf: tuple[str, ...] = ()
    group: tuple[int, ...] = ()
    lifetime: int | None = None
    source: SourceRef | None = None


@dataclass
class TransformSet:
    name: str
    ike_version: int = 1
    transforms: tuple[str, ...] = ()  # e.g. ("esp-aes", "esp-sha-hmac")
    mode: str = "tunnel"
    source: SourceRef | None = None


@dataclass
class CryptoMapEntry:
    """A static ``crypto map NAME SEQ`` entry or a ``crypto dynamic-map NAME SEQ`` entry."""

    map_name: str
    seq: int
    dynamic: bool = False  # True for crypto dynamic-map entries
    match_address: str | None = None
    peers: tuple[str, ...] = ()
    transform_sets: tuple[str, ...] = ()  # names, IKEv1
    ikev2_proposals: tuple[str, ...] = ()
    pfs: str | None = None  # "group2" ...; "group1" when bare "set pfs" on IOS
    reverse_route: bool = False
    lifetime_seconds: int | None = None
    lifetime_kilobytes: int | None = None
    dynamic_map: str | None = None  # "crypto map M N ipsec-isakmp dynamic D"
    connection_type: str | None = None
    phase1_mode: str | None = None
    nat_t_disable: bool = False
    source: SourceRef | None = None


@dataclass
class AccessListEntry:
    acl: str
    text: str  # the whole line after "access-list NAME"
    action: str | None = None
    source: SourceRef | None = None


@dataclass
class TunnelGroup:
    name: str
    type: str | None = None  # remote-access | ipsec-l2l | ipsec-ra (old) | webvpn
    default_group_policy: str | None = None
    address_pools: tuple[str, ...] = ()
    authentication_server_group: str | None = None
    pre_shared_key: Secret | None = None  # ikev1 / 8.3 pre-shared-key
    ikev2_local_key: Secret | None = None
    ikev2_remote_key: Secret | None = None
    peer_id_validate: str | None = None
    isakmp_keepalive: str | None = None
    user_authentication: str | None = None  # ikev1 user-authentication xauth|none|hybrid
    source: SourceRef | None = None


@dataclass
class GroupPolicy:
    name: str
    kind: str | None = None  # internal | external
    attributes: dict[str, str] = field(default_factory=dict)  # key -> rest of line
    source: SourceRef | None = None


@dataclass
class User:
    name: str
    password: Secret | None = None
    privilege: int | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    source: SourceRef | None = None


@dataclass
class LocalPool:
    name: str
    first: str
    last: str
    mask: str | None = None
    source: SourceRef | None = None


@dataclass
class EzvpnClient:
    """IOS ``crypto ipsec client ezvpn NAME`` block."""

    name: str
    connect: str | None = None
    group: str | None = None
    group_key: Secret | None = None
    mode: str | None = None  # client | network-extension | network-plus
    peers: tuple[str, ...] = ()
    username: str | None = None
    password: Secret | None = None
    xauth_userid_mode: str | None = None
    source: SourceRef | None = None


@dataclass
class IsakmpKey:
    """IOS ``crypto isakmp key KEY address IP [MASK]``."""

    address: str
    mask: str | None = None
    key: Secret | None = None
    source: SourceRef | None = None


@dataclass
class SecretSpan:
    """Where a secret token sits in the input text (for redaction)."""

    line: int  # 1-based physical line
    start: int  # column offsets within that physical line, [start, end)
    end: int
    kind: str  # pre-shared-key | password | snmp-community | ...


ConfigPlatform = Literal["asa", "ios"]


@dataclass
class DeviceConfig:
    """Everything we know from one pasted configuration."""

    name: str  # input name
    platform: ConfigPlatform
    # "8.3" = crypto isakmp / crypto ipsec transform-set / pre-shared-key;
    # "8.4" = crypto ikev1|ikev2 / crypto ipsec ikev1 transform-set / ikev1 pre-shared-key.
    syntax: Literal["8.3", "8.4", "ios"] = "8.4"
    hostname: str | None = None
    version: str | None = None
    interfaces: list[Interface] = field(default_factory=list)
    ike_enabled: dict[int, list[str]] = field(default_factory=dict)  # ike version -> nameifs
    policies: list[Phase1Proposal] = field(default_factory=list)
    transform_sets: dict[str, TransformSet] = field(default_factory=dict)
    global_lifetime_seconds: int | None = None
    global_lifetime_kilobytes: int | None = None
    crypto_maps: list[CryptoMapEntry] = field(default_factory=list)  # static and dynamic
    map_interfaces: dict[str, str] = field(default_factory=dict)  # map name -> nameif
    access_lists: dict[str, list[AccessListEntry]] = field(default_factory=dict)
    tunnel_groups: dict[str, TunnelGroup] = field(default_factory=dict)
    group_policies: dict[str, GroupPolicy] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    pools: dict[str, LocalPool] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name alias -> IP
    ezvpn_clients: dict[str, EzvpnClient] = field(default_factory=dict)
    isakmp_keys: list[IsakmpKey] = field(default_factory=list)
    am_disabled: bool = False
    secret_spans: list[SecretSpan] = field(default_factory=list)
    lines: int = 0
    recognized: int = 0
    unrecognized: list[tuple[int, str]] = field(default_factory=list)  # (line, text)

    # --- lookups used by the engine and the rule pack -------------------------

    def interface_by_nameif(self, nameif: str) -> Interface | None:
        return next((i for i in self.interfaces if i.nameif == nameif), None)

    def map_entries(self, map_name: str, *, dynamic: bool = False) -> list[CryptoMapEntry]:
        return sorted(
            (e for e in self.crypto_maps if e.map_name == map_name and e.dynamic == dynamic),
            key=lambda e: e.seq,
        )

    def applied_maps(self) -> dict[str, str]:
        return dict(self.map_interfaces)

    def crypto_nameif(self) -> str | None:
        """The interface crypto is bound to (first ``crypto map M interface IF``)."""
        return next(iter(self.map_interfaces.values()), None)

    def crypto_address(self) -> str | None:
        """This device's tunnel endpoint: the address of its crypto interface.

        IOS EZVPN clients bind crypto with ``crypto ipsec client ezvpn NAME`` on the outside.
        """
        nameif = self.crypto_nameif()
        if nameif is not None:
            interface = self.interface_by_nameif(nameif)
            return interface.address if interface else None
        outside = next((i for i in self.interfaces if i.ezvpn and not i.ezvpn_inside), None)
        return outside.address if outside else None

    def key_for_peer(self, peer_address: str) -> Secret | None:
        """The pre-shared key this device uses for ``peer_address`` (L2L tunnel-group,
        IOS ``crypto isakmp key``)."""
        for name, group in self.tunnel_groups.items():
            if self.resolve(name) == peer_address and group.pre_shared_key is not None:
                return group.pre_shared_key
        for entry in self.isakmp_keys:
            if entry.address == peer_address or entry.address == "0.0.0.0":
                return entry.key
        return None

    def resolve(self, name_or_ip: str) -> str:
        """Resolve a ``name`` alias to its IP (identity for literals)."""
        return self.names.get(name_or_ip, name_or_ip)
