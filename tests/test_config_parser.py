"""grammar.config: ASA / IOS configuration parsing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grammar import config as config_module
from grammar.config import detect_config_platform, parse_config
from grammar.config.line_splitter import CUT_WORDS
from grammar.config_model import DeviceConfig
from grammar.secrets import fingerprint

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "cases" / "seed_ezvpn_aggressive_psk"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "configs"
SALT = b"test-salt"


def load(path: Path) -> tuple[str, str]:
    return path.name, path.read_text()


def parse(path: Path, **kw) -> DeviceConfig:
    name, text = load(path)
    return parse_config(name, text, salt=SALT, **kw)


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first physical line that contains ``needle``."""
    for number, line in enumerate(path.read_text().split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def fully_recognised(cfg: DeviceConfig) -> None:
    assert cfg.unrecognized == []
    assert cfg.recognized == cfg.lines


def semantic(obj):
    """The parsed objects without positions (source lines, spans, counters)."""
    if dataclasses.is_dataclass(obj):
        skip = {"source", "secret_spans", "lines", "recognized", "unrecognized", "name"}
        return {f.name: semantic(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in skip}
    if isinstance(obj, dict):
        return {k: semantic(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [semantic(x) for x in obj]
    return obj


# ---------------------------------------------------------------- seed ASA (8.3, one line)


@pytest.fixture(scope="module")
def seed_asa() -> DeviceConfig:
    return parse(SEED / "asa.cfg")


def test_seed_asa_is_one_physical_line_fully_recognised(seed_asa):
    assert seed_asa.lines == 1
    fully_recognised(seed_asa)
    assert seed_asa.platform == "asa"
    assert seed_asa.syntax == "8.3"


def test_seed_asa_interface(seed_asa):
    (iface,) = seed_asa.interfaces
    assert (iface.name, iface.nameif, iface.address, iface.mask) == (
        "GigabitEthernet0/0", "outside", "10.48.67.14", "255.255.254.0")
    assert iface.source == ("asa.cfg", 1)
    assert seed_asa.interface_by_nameif("outside") is iface


def test_seed_asa_isakmp(seed_asa):
    assert seed_asa.ike_enabled == {1: ["outside"]}
    (policy,) = seed_asa.policies
    assert policy.priority == 10 and policy.ike_version == 1
    assert policy.authentication == "pre-share"
    assert policy.encryption == ("aes",)
    assert policy.hash == ("sha",)
    assert policy.group == (2,)
    assert policy.lifetime == 86400
    assert seed_asa.am_disabled is False


def test_seed_asa_ipsec(seed_asa):
    tra = seed_asa.transform_sets["TRA"]
    assert tra.transforms == ("esp-aes", "esp-sha-hmac") and tra.ike_version == 1 and tra.mode == "tunnel"
    assert seed_asa.global_lifetime_seconds == 28800
    assert seed_asa.global_lifetime_kilobytes == 4608000
    (dyn,) = seed_asa.map_entries("DYN", dynamic=True)
    assert dyn.seq == 10 and dyn.transform_sets == ("TRA",) and dyn.reverse_route
    (entry,) = seed_asa.map_entries("MAP")
    assert entry.seq == 65000 and entry.dynamic_map == "DYN" and not entry.dynamic
    assert seed_asa.applied_maps() == {"MAP": "outside"}


def test_seed_asa_user_tunnel_group_group_policy(seed_asa):
    user = seed_asa.users["cisco"]
    assert user.password is not None and user.password.fingerprint == fingerprint("cisco", SALT)
    assert user.attributes == {"vpn-framed-ip-address": "192.168.1.100 255.255.255.0"}
    tg = seed_asa.tunnel_groups["EZ"]
    assert tg.type == "remote-access"
    assert tg.default_group_policy == "EZ"
    assert tg.pre_shared_key.masked and tg.pre_shared_key.fingerprint is None
    gp = seed_asa.group_policies["EZ"]
    assert gp.kind == "internal"
    assert gp.attributes == {"password-storage": "enable"}


# ---------------------------------------------------------------- seed IOS EZVPN client (one line)


@pytest.fixture(scope="module")
def seed_client() -> DeviceConfig:
    return parse(SEED / "client.cfg")


def test_seed_client_fully_recognised(seed_client):
    fully_recognised(seed_client)
    assert seed_client.platform == "ios" and seed_client.syntax == "ios"


def test_seed_client_ezvpn_block(seed_client):
    ez = seed_client.ezvpn_clients["EZ"]
    assert ez.connect == "manual"
    assert ez.group == "EZ"
    assert ez.group_key.fingerprint == fingerprint("cisco", SALT)
    assert ez.mode == "client"
    assert ez.peers == ("10.48.67.14",)
    assert ez.username == "cisco"
    assert ez.password.fingerprint == fingerprint("cisco", SALT)
    assert ez.xauth_userid_mode == "local"


def test_seed_client_interfaces_bind_ezvpn_by_parent_context(seed_client):
    fa4, vlan1 = seed_client.interfaces
    assert (fa4.name, fa4.address, fa4.mask) == ("FastEthernet4", "10.48.66.23", "255.255.254.0")
    assert fa4.ezvpn == "EZ" and not fa4.ezvpn_inside
    assert (vlan1.name, vlan1.address, vlan1.ezvpn, vlan1.ezvpn_inside) == ("Vlan1", "172.16.0.1", "EZ", True)
    # "crypto ipsec client ezvpn EZ" after the interfaces is their binding, not a new block
    assert list(seed_client.ezvpn_clients) == ["EZ"]


def test_seed_psk_matches_between_client_and_server_fingerprints(seed_asa, seed_client):
    # the ASA shows the group key masked: the comparison is unknowable, not a mismatch
    assert seed_client.ezvpn_clients["EZ"].group_key.same_as(seed_asa.tunnel_groups["EZ"].pre_shared_key) is None
    assert seed_client.ezvpn_clients["EZ"].password.same_as(seed_asa.users["cisco"].password) is True


# ---------------------------------------------------------------- ASA 9.x multi-line


@pytest.fixture(scope="module")
def asa9() -> DeviceConfig:
    return parse(FIXTURES / "asa9_l2l.cfg")


def test_asa9_header_and_recognition(asa9):
    fully_recognised(asa9)
    assert asa9.platform == "asa" and asa9.syntax == "8.4"
    assert asa9.hostname == "asa-hub" and asa9.version == "9.8(4)"
    assert asa9.names == {"branch-peer": "198.51.100.7"}
    assert asa9.resolve("branch-peer") == "198.51.100.7"


def test_asa9_ike(asa9):
    assert asa9.ike_enabled == {2: ["outside"], 1: ["outside"]}
    assert asa9.am_disabled
    v1 = {p.priority: p for p in asa9.policies if p.ike_version == 1}
    assert (v1[10].authentication, v1[10].encryption, v1[10].hash, v1[10].group, v1[10].lifetime) == (
        "pre-share", ("aes-256",), ("sha",), (14,), 86400)
    assert (v1[20].authentication, v1[20].encryption, v1[20].hash, v1[20].group, v1[20].lifetime) == (
        "rsa-sig", ("3des",), ("md5",), (2,), 28800)
    (v2,) = [p for p in asa9.policies if p.ike_version == 2]
    assert v2.encryption == ("aes-256", "aes-192") and v2.hash == ("sha256", "sha")
    assert v2.group == (14, 19) and v2.prf == ("sha256",) and v2.lifetime == 86400
    assert v2.source == ("asa9_l2l.cfg", line_of(FIXTURES / "asa9_l2l.cfg", "crypto ikev2 policy 10"))


def test_asa9_transform_sets_and_proposals(asa9):
    ts = asa9.transform_sets
    assert ts["ESP-AES256-SHA"].transforms == ("esp-aes-256", "esp-sha-hmac")
    assert ts["ESP-3DES-MD5"].transforms == ("esp-3des", "esp-md5-hmac")
    assert ts["TS-TRANSPORT"].mode == "transport"
    proposal = ts["AES256"]
    assert proposal.ike_version == 2
    assert proposal.transforms == ("esp-aes-256", "esp-aes", "esp-sha256-hmac", "esp-sha-hmac")
    assert (asa9.global_lifetime_seconds, asa9.global_lifetime_kilobytes) == (28800, 4608000)


def test_asa9_static_crypto_map(asa9):
    e10, e20, e65535 = asa9.map_entries("outside_map")
    assert e10.match_address == "outside_cryptomap"
    assert e10.peers == ("198.51.100.7", "198.51.100.8")
    assert e10.transform_sets == ("ESP-AES256-SHA", "ESP-3DES-MD5")
    assert e10.pfs == "group14"
    assert e10.lifetime_seconds == 3600 and e10.lifetime_kilobytes is None  # "unlimited"
    assert e10.connection_type == "answer-only" and e10.phase1_mode == "aggressive" and e10.nat_t_disable
    assert e10.source == ("asa9_l2l.cfg", line_of(FIXTURES / "asa9_l2l.cfg", "outside_map 10 match"))
    assert e20.ikev2_proposals == ("AES256",) and e20.peers == ("192.0.2.9",)
    assert e20.pfs == "group2"  # bare "set pfs" on ASA
    assert e20.reverse_route
    assert e65535.dynamic_map == "SYSTEM_DEFAULT_CRYPTO_MAP"
    assert asa9.map_interfaces == {"outside_map": "outside"}


def test_asa9_access_lists(asa9):
    acl = asa9.access_lists["outside_cryptomap"]
    assert [e.action for e in acl] == ["permit", "remark"]
    assert acl[0].text == "extended permit ip object LAN object BRANCH"
    assert acl[1].text == "remark crypto map ACL for branch"
    assert acl[0].source == ("asa9_l2l.cfg", line_of(FIXTURES / "asa9_l2l.cfg", "permit ip object LAN"))


def test_asa9_tunnel_groups(asa9):
    l2l = asa9.tunnel_groups["198.51.100.7"]
    assert l2l.type == "ipsec-l2l" and l2l.default_group_policy == "GP-L2L"
    assert l2l.pre_shared_key.fingerprint == fingerprint("L2lSharedK3y", SALT)
    assert l2l.peer_id_validate == "nocheck"
    assert l2l.isakmp_keepalive == "threshold 10 retry 2"
    assert l2l.user_authentication == "none"
    v2 = asa9.tunnel_groups["192.0.2.9"]
    assert v2.ikev2_local_key.fingerprint == fingerprint("LocalClearK3y", SALT)
    assert v2.ikev2_local_key.encryption_type == "0"
    assert v2.ikev2_remote_key.fingerprint is None and v2.ikev2_remote_key.encryption_type == "8"
    ra = asa9.tunnel_groups["RA"]
    assert ra.type == "remote-access" and ra.address_pools == ("RA-POOL",)
    assert ra.authentication_server_group == "RAD LOCAL"
    assert ra.pre_shared_key.masked


def test_asa9_policies_users_pools(asa9):
    gp = asa9.group_policies["GP-L2L"]
    assert gp.kind == "internal"
    assert gp.attributes["vpn-tunnel-protocol"] == "ikev1 ikev2"
    assert gp.attributes["vpn-filter"] == "value outside_cryptomap"
    assert asa9.group_policies["GP-EXT"].kind == "external"
    assert asa9.users["admin"].privilege == 15
    assert asa9.users["admin"].password.fingerprint is None  # "encrypted": a one-way hash
    assert asa9.users["vpnuser"].password.fingerprint == fingerprint("Us3rClear", SALT)
    assert asa9.users["vpnuser"].attributes == {"vpn-group-policy": "GP-L2L", "service-type": "remote-access"}
    pool = asa9.pools["RA-POOL"]
    assert (pool.first, pool.last, pool.mask) == ("10.9.0.10", "10.9.0.200", "255.255.255.0")


# ---------------------------------------------------------------- IOS crypto map


@pytest.fixture(scope="module")
def ios() -> DeviceConfig:
    return parse(FIXTURES / "ios_l2l.cfg")


def test_ios_recognition_and_header(ios):
    fully_recognised(ios)
    assert ios.platform == "ios" and ios.syntax == "ios"
    assert ios.hostname == "branch-rtr" and ios.version == "15.4"


def test_ios_isakmp(ios):
    p10, p20 = sorted(ios.policies, key=lambda p: p.priority)
    assert (p10.encryption, p10.hash, p10.authentication, p10.group, p10.lifetime) == (
        ("aes-256",), ("sha256",), "pre-share", (14,), 28800)
    # IOS hides default-valued lines: nothing is invented for them here
    assert (p20.encryption, p20.hash, p20.group, p20.lifetime) == (("3des",), (), (), None)
    k1, k2 = ios.isakmp_keys
    assert (k1.address, k1.mask, k1.key.fingerprint) == ("203.0.113.1", None, fingerprint("IosPeerK3y", SALT))
    assert (k2.address, k2.mask, k2.key.fingerprint, k2.key.encryption_type) == (
        "192.0.2.0", "255.255.255.0", None, "6")


def test_ios_transform_sets_and_map(ios):
    assert ios.transform_sets["TS"].transforms == ("esp-aes-256", "esp-sha-hmac")
    assert ios.transform_sets["TS"].mode == "tunnel"
    assert ios.transform_sets["TS-GCM"].transforms == ("esp-gcm-256",)
    assert ios.transform_sets["TS-GCM"].mode == "transport"
    e10, e100 = ios.map_entries("CMAP")
    assert e10.peers == ("203.0.113.1", "203.0.113.2")
    assert e10.transform_sets == ("TS", "TS-GCM")
    assert e10.pfs == "group14" and e10.lifetime_seconds == 3600
    assert e10.match_address == "110" and e10.reverse_route
    assert e100.dynamic_map == "DMAP"
    (dyn,) = ios.map_entries("DMAP", dynamic=True)
    assert dyn.transform_sets == ("TS",)
    assert ios.map_interfaces == {"CMAP": "GigabitEthernet0/0"}


def test_ios_access_lists_and_users(ios):
    assert [e.action for e in ios.access_lists["CRYPTO-ACL"]] == ["permit", "remark"]
    assert ios.access_lists["110"][0].text == "permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255"
    # type 7 is reversible: its fingerprint is the clear value's
    assert ios.users["ops"].password.fingerprint == fingerprint("cisco", SALT)
    assert ios.users["admin"].password.fingerprint is None
    assert ios.users["admin"].password.encryption_type == "9"


def test_ios_bare_set_pfs_is_group1():
    cfg = parse_config("r", "crypto map M 10 ipsec-isakmp\n set peer 1.1.1.1\n set pfs\n", salt=SALT)
    assert cfg.platform == "ios" and cfg.crypto_maps[0].pfs == "group1"


# ---------------------------------------------------------------- cutting pasted text


@pytest.mark.parametrize("fixture", ["asa9_l2l.cfg", "ios_l2l.cfg"])
def test_newline_less_paste_gives_the_same_objects(fixture):
    text = (FIXTURES / fixture).read_text()
    lines = parse_config("x", text, salt=SALT)
    pasted = parse_config("x", " ".join(text.split()), salt=SALT)
    assert pasted.lines == 1
    fully_recognised(pasted)
    assert semantic(pasted) == semantic(lines)
    assert len(pasted.secret_spans) == len(lines.secret_spans)


SEED_ASA_BY_HAND = """\
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 10.48.67.14 255.255.254.0
crypto ipsec transform-set TRA esp-aes esp-sha-hmac
crypto ipsec security-association lifetime seconds 28800
crypto ipsec security-association lifetime kilobytes 4608000
crypto dynamic-map DYN 10 set transform-set TRA
crypto dynamic-map DYN 10 set reverse-route
crypto map MAP 65000 ipsec-isakmp dynamic DYN
crypto map MAP interface outside
crypto isakmp enable outside
crypto isakmp policy 10
 authentication pre-share
 encryption aes
 hash sha
 group 2
 lifetime 86400
username cisco password cisco
username cisco attributes
 vpn-framed-ip-address 192.168.1.100 255.255.255.0
tunnel-group EZ type remote-access
tunnel-group EZ general-attributes
 default-group-policy EZ
tunnel-group EZ ipsec-attributes
 pre-shared-key *****
group-policy EZ internal
group-policy EZ attributes
 password-storage enable
"""

SEED_CLIENT_BY_HAND = """\
crypto ipsec client ezvpn EZ
 connect manual
 group EZ key cisco
 mode client
 peer 10.48.67.14
 username cisco password cisco
 xauth userid mode local
interface FastEthernet4
 ip address 10.48.66.23 255.255.254.0
 duplex auto
 speed auto
 crypto ipsec client ezvpn EZ
end
interface Vlan1
 ip address 172.16.0.1 255.255.255.0
 crypto ipsec client ezvpn EZ inside
end
"""


@pytest.mark.parametrize(("fixture", "by_hand"), [("asa.cfg", SEED_ASA_BY_HAND),
                                                  ("client.cfg", SEED_CLIENT_BY_HAND)])
def test_seed_paste_is_cut_like_the_config_written_by_hand(fixture, by_hand):
    assert " ".join(by_hand.split()) == (SEED / fixture).read_text().strip()
    written = parse_config("x", by_hand, salt=SALT)
    fully_recognised(written)
    assert semantic(parse_config("x", (SEED / fixture).read_text(), salt=SALT)) == semantic(written)


def test_group_under_policy_vs_ezvpn_group_in_one_paste():
    text = ("crypto isakmp policy 10 encr aes authentication pre-share group 2 "
            "crypto ipsec client ezvpn EZ group EZ key k3y mode client peer 10.0.0.1")
    cfg = parse_config("r", text, salt=SALT)
    fully_recognised(cfg)
    assert cfg.policies[0].group == (2,)
    assert cfg.ezvpn_clients["EZ"].group == "EZ" and cfg.ezvpn_clients["EZ"].mode == "client"


def test_asa_single_line_map_option_keywords_stay_in_the_command():
    text = ("username u1 password p1 encrypted privilege 15 username u2 password p2 privilege 0 "
            "crypto map M interface outside crypto map M 10 set peer 1.1.1.1")
    cfg = parse_config("a", text, salt=SALT)
    fully_recognised(cfg)
    assert (cfg.users["u1"].privilege, cfg.users["u2"].privilege) == (15, 0)
    assert cfg.map_interfaces == {"M": "outside"} and cfg.crypto_maps[0].peers == ("1.1.1.1",)
    assert cfg.interfaces == []


def test_indentation_stripped_config():
    text = "\n".join([
        "hostname r1", "crypto isakmp policy 10", "encr aes", "authentication pre-share", "group 2",
        "crypto ipsec transform-set TS esp-aes esp-sha-hmac", "mode transport",
        "crypto map M 10 ipsec-isakmp", "set peer 1.1.1.1", "match address 101",
        "interface Gi0/0", "ip address 1.1.1.2 255.255.255.0", "crypto map M",
    ])
    cfg = parse_config("r", text, salt=SALT)
    fully_recognised(cfg)
    assert cfg.policies[0].authentication == "pre-share" and cfg.policies[0].group == (2,)
    assert cfg.transform_sets["TS"].mode == "transport"
    assert cfg.crypto_maps[0].peers == ("1.1.1.1",) and cfg.crypto_maps[0].match_address == "101"
    assert cfg.map_interfaces == {"M": "Gi0/0"}


def test_crlf_and_source_lines():
    text = "hostname r1\r\n!\r\ncrypto isakmp policy 10\r\n encr aes\r\n\r\ncrypto isakmp key K3y address 1.2.3.4\r\n"
    cfg = parse_config("r", text, salt=SALT)
    fully_recognised(cfg)
    assert cfg.lines == 6 and cfg.hostname == "r1"
    assert cfg.policies[0].source == ("r", 3) and cfg.policies[0].encryption == ("aes",)
    assert cfg.isakmp_keys[0].source == ("r", 6)


def test_unrecognised_lines_are_listed_with_their_numbers():
    text = "hostname a\nthis is not config\ninterface Gi0/0\n nameif outside\n frobnicate the widget\n"
    cfg = parse_config("a", text, salt=SALT)
    assert [n for n, _ in cfg.unrecognized] == [2, 5]
    assert cfg.unrecognized[0] == (2, "this is not config")
    assert cfg.recognized == 3 and cfg.lines == 5
    assert cfg.interfaces[0].nameif == "outside"


def test_cert_chain_and_banner_are_recognised_in_a_paste():
    text = ("crypto ca certificate chain TP certificate ca 01 3082aa 3082bb quit "
            "crypto isakmp policy 10 hash sha")
    cfg = parse_config("a", text, salt=SALT)
    fully_recognised(cfg)
    assert cfg.policies[0].hash == ("sha",)
    ios = parse_config("r", "version 15.1\nbanner motd ^C\nset peer here\ncrypto isakmp policy 5\n^C\n"
                            "crypto isakmp policy 7\n", salt=SALT)
    fully_recognised(ios)
    assert [p.priority for p in ios.policies] == [7]


# ---------------------------------------------------------------- syntax and platform


@pytest.mark.parametrize(("text", "syntax"), [
    ("crypto isakmp enable outside\ncrypto isakmp policy 10\n authentication pre-share\n", "8.3"),
    ("crypto ikev1 enable outside\ncrypto ikev1 policy 10\n authentication pre-share\n", "8.4"),
    ("crypto ipsec transform-set T esp-aes esp-sha-hmac\nnameif x\n", "8.3"),
    ("crypto ipsec ikev1 transform-set T esp-aes esp-sha-hmac\nnameif x\n", "8.4"),
    ("tunnel-group T ipsec-attributes\n pre-shared-key k\nnameif x\n", "8.3"),
    ("tunnel-group T ipsec-attributes\n ikev1 pre-shared-key k\nnameif x\n", "8.4"),
    ("ASA Version 8.2(5)\nhostname a\ninterface Gi0/0\n nameif outside\n", "8.3"),
    ("ASA Version 9.1(2)\nhostname a\ninterface Gi0/0\n nameif outside\n", "8.4"),
])
def test_asa_syntax(text, syntax):
    cfg = parse_config("a", text, salt=SALT)
    assert cfg.platform == "asa" and cfg.syntax == syntax


@pytest.mark.parametrize(("path", "expected"), [
    (SEED / "asa.cfg", "asa"),
    (SEED / "client.cfg", "ios"),
    (FIXTURES / "asa9_l2l.cfg", "asa"),
    (FIXTURES / "ios_l2l.cfg", "ios"),
    (SEED / "debug.txt", None),
    (SEED / "show-ipsec-sa.txt", None),
    (SEED / "show-isakmp-sa.txt", None),
])
def test_detect_config_platform(path, expected):
    assert detect_config_platform(path.read_text()) == expected


@pytest.mark.parametrize("text", ["", "hello world", "Oct 28 15:30:24 [IKEv1]: IP = 10.0.0.1, hello",
                                  "interface: outside\n    Crypto map tag: DYN, seq num: 10"])
def test_detect_config_platform_rejects_non_configs(text):
    assert detect_config_platform(text) is None


# ---------------------------------------------------------------- robustness

_SOUP = sorted(CUT_WORDS) + [
    "outside", "10", "1.2.3.4", "255.255.255.0", "*****", "0", "7", "8", "cisco", "!", ":", "^C",
    "(inside)", "10.0.0.1-10.0.0.9", "esp-aes", "256", "\t", "\x00", "\u2028", "\x0b",
]


def _check_invariants(cfg: DeviceConfig) -> None:
    bad = {n for n, _ in cfg.unrecognized}
    assert cfg.recognized + len(bad) == cfg.lines
    assert all(1 <= n <= cfg.lines for n in bad)
    for span in cfg.secret_spans:
        assert 1 <= span.line <= cfg.lines and 0 <= span.start < span.end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_raises(text):
    # _Run is what parse_config guards with a last-resort handler: call it directly so
    # that a bug shows up here instead of as an "everything unrecognised" result.
    run = config_module._Run("r", text, SALT)
    _check_invariants(run.run())
    assert run.errors == 0
    assert isinstance(parse_config("r", text, salt=SALT), DeviceConfig)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_SOUP), st.sampled_from([" ", " ", "\n", "\n ", "\r\n", "  "])),
                max_size=80))
def test_keyword_soup_never_raises(pieces):
    text = "".join(w + sep for w, sep in pieces)
    run = config_module._Run("r", text, SALT)
    _check_invariants(run.run())
    assert run.errors == 0


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data):
    cfg = parse_config("b", data, salt=SALT)  # type: ignore[arg-type]
    _check_invariants(cfg)
