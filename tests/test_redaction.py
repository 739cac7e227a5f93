"""Secrets: fingerprints, spans and redaction (grammar.secrets, grammar.redact)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grammar import secrets as secrets_module
from grammar.config import parse_config
from grammar.config_model import Secret, SecretSpan
from grammar.redact import redact_config
from grammar.secrets import decode_type7, default_salt, fingerprint, redact_text

SALT = b"test-salt"
ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "configs"

ASA = "ASA Version 9.8(4)\nhostname asa\n"
IOS = "version 15.4\nhostname r1\n"

# (id, config text, the secret that must disappear, the text kept in front of it)
FORMS = [
    ("asa83-psk", ASA + "tunnel-group T ipsec-attributes\n pre-shared-key Psk83Value\n", "Psk83Value",
     " pre-shared-key <pre-shared-key>"),
    ("ikev1-psk", ASA + "tunnel-group T ipsec-attributes\n ikev1 pre-shared-key Ikev1Value\n", "Ikev1Value",
     " ikev1 pre-shared-key <pre-shared-key>"),
    ("ikev2-local", ASA + "tunnel-group T ipsec-attributes\n ikev2 local-authentication pre-shared-key LocV2\n",
     "LocV2", " ikev2 local-authentication pre-shared-key <pre-shared-key>"),
    ("ikev2-local-0", ASA + "tunnel-group T ipsec-attributes\n"
     " ikev2 local-authentication pre-shared-key 0 ClearK3y\n", "ClearK3y",
     " ikev2 local-authentication pre-shared-key 0 <pre-shared-key>"),
    ("ikev2-remote-8", ASA + "tunnel-group T ipsec-attributes\n"
     " ikev2 remote-authentication pre-shared-key 8 BlobAbc123==\n", "BlobAbc123==",
     " ikev2 remote-authentication pre-shared-key 8 <pre-shared-key>"),
    ("isakmp-key", IOS + "crypto isakmp key IsaK3y address 10.0.0.1\n", "IsaK3y",
     "crypto isakmp key <pre-shared-key> address 10.0.0.1"),
    ("isakmp-key-6", IOS + "crypto isakmp key 6 EncBlob6 address 10.0.0.0 255.0.0.0 no-xauth\n", "EncBlob6",
     "crypto isakmp key 6 <pre-shared-key> address"),
    ("ezvpn-group-key", IOS + "crypto ipsec client ezvpn EZ\n group EZ key GroupK3y\n", "GroupK3y",
     " group EZ key <pre-shared-key>"),
    ("ezvpn-user-password", IOS + "crypto ipsec client ezvpn EZ\n username bob password XauthPw\n", "XauthPw",
     " username bob password <password>"),
    ("asa-username", ASA + "username bob password BobClear1 privilege 3\n", "BobClear1",
     "username bob password <password> privilege 3"),
    ("asa-username-encrypted", ASA + "username bob password 3USUcOPFUiMCO4Jk encrypted\n", "3USUcOPFUiMCO4Jk",
     "username bob password <password> encrypted"),
    ("asa-username-pbkdf2", ASA + "username bob password $sha512$5000$aGFzaA==$c2FsdA== pbkdf2\n",
     "$sha512$5000$aGFzaA==$c2FsdA==", "username bob password <password> pbkdf2"),
    ("ios-username-secret-5", IOS + "username op privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\n",
     "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "username op privilege 15 secret 5 <secret>"),
    ("ios-username-secret-8", IOS + "username op secret 8 $8$dsYGNam3K1SIJO$7nv/35M/qr6t.dVc7UY9zrJDWRV\n",
     "$8$dsYGNam3K1SIJO$7nv/35M/qr6t.dVc7UY9zrJDWRV", "username op secret 8 <secret>"),
    ("ios-username-password-7", IOS + "username op password 7 0822455D0A16\n", "0822455D0A16",
     "username op password 7 <password>"),
    ("enable-password-asa", ASA + "enable password 8Ry2YjIyt7RRXU24 encrypted\n", "8Ry2YjIyt7RRXU24",
     "enable password <password> encrypted"),
    ("enable-secret-9", IOS + "enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM\n",
     "$9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM", "enable secret 9 <secret>"),
    ("enable-password-7", IOS + "enable password 7 0822455D0A16\n", "0822455D0A16",
     "enable password 7 <password>"),
    ("passwd", ASA + "passwd 2KFQnbNIdI.2KYOU encrypted\n", "2KFQnbNIdI.2KYOU", "passwd <password> encrypted"),
    ("snmp-community-ios", IOS + "snmp-server community C0mmunity RO\n", "C0mmunity",
     "snmp-server community <secret> RO"),
    ("snmp-host-community", ASA + "snmp-server host inside 10.0.0.9 community HostComm version 2c\n", "HostComm",
     "snmp-server host inside 10.0.0.9 community <secret>"),
    ("snmp-v3-user", IOS + "snmp-server user u g v3 auth sha AuthPass1 priv aes 128 PrivPass1\n", "AuthPass1",
     "snmp-server user u g v3 auth <secret>"),
    ("radius-server-key", IOS + "radius-server host 10.0.0.5 auth-port 1812 key 7 RadHex0A\n", "RadHex0A",
     "radius-server host 10.0.0.5 auth-port 1812 key 7 <secret>"),
    ("tacacs-server-key", IOS + "tacacs-server key TacK3y\n", "TacK3y", "tacacs-server key <secret>"),
    ("ios-radius-server-block", IOS + "radius server R1\n address ipv4 10.0.0.5\n key RadBlockK3y\n",
     "RadBlockK3y", " key <secret>"),
    ("asa-aaa-host-key", ASA + "aaa-server RAD (inside) host 10.0.0.5\n key AaaK3y\n", "AaaK3y", " key <secret>"),
    ("asa-aaa-host-positional", ASA + "aaa-server RAD (inside) host 10.0.0.5 PosK3y timeout 5\n", "PosK3y",
     "aaa-server RAD (inside) host 10.0.0.5 <secret> timeout 5"),
    ("ldap-login-password", ASA + "aaa-server L (inside) host 10.0.0.6\n ldap-login-password LdapPw1\n",
     "LdapPw1", " ldap-login-password <password>"),
    ("keyring-psk", IOS + "crypto keyring KR\n pre-shared-key address 10.0.0.7 key RingK3y\n", "RingK3y",
     " pre-shared-key address 10.0.0.7 key <pre-shared-key>"),
    ("ikev2-keyring-psk", IOS + "crypto ikev2 keyring K2\n peer P\n  address 10.0.0.8\n"
     "  pre-shared-key local V2LocalK3y\n", "V2LocalK3y", "  pre-shared-key local <pre-shared-key>"),
    ("ezvpn-server-group-key", IOS + "crypto isakmp client configuration group G\n key SrvGroupK3y\n",
     "SrvGroupK3y", " key <secret>"),
    ("line-password", IOS + "line vty 0 4\n password VtyPw1\n", "VtyPw1", " password <password>"),
    ("group-policy-external", ASA + "group-policy G external server-group RAD password GpPw1\n", "GpPw1",
     "group-policy G external server-group RAD password <password>"),
    ("failover-key", ASA + "failover key FoK3y\n", "FoK3y", "failover key <secret>"),
    ("unparseable-with-keyword", ASA + "frobnicate widget password UnknownPw1 now\n", "UnknownPw1",
     "frobnicate widget password <secret>"),
    ("pasted-psk", "tunnel-group EZ type remote-access tunnel-group EZ ipsec-attributes "
     "ikev1 pre-shared-key PastedK3y group-policy EZ internal", "PastedK3y",
     "ikev1 pre-shared-key <pre-shared-key> group-policy EZ internal"),
]


@pytest.mark.parametrize(("text", "secret", "kept"), [f[1:] for f in FORMS], ids=[f[0] for f in FORMS])
def test_every_secret_form_is_redacted(text, secret, kept):
    out = redact_config("cfg", text, salt=SALT)
    assert secret not in out
    assert kept in out
    assert len(out.split("\n")) == len(text.split("\n"))


# Forms the grammar does not model: the rest of the command is redacted instead.
ROUGH = {"snmp-host-community", "snmp-v3-user", "failover-key", "unparseable-with-keyword"}


@pytest.mark.parametrize(("form", "text", "secret"), [f[:3] for f in FORMS], ids=[f[0] for f in FORMS])
def test_spans_locate_the_secret_token_exactly(form, text, secret):
    cfg = parse_config("cfg", text, salt=SALT)
    lines = text.split("\n")
    covered = [lines[s.line - 1][s.start:s.end] for s in cfg.secret_spans]
    if form in ROUGH:
        assert any(secret in c for c in covered)
    else:
        assert secret in covered


@pytest.mark.parametrize(("text", "secret"), [f[1:3] for f in FORMS], ids=[f[0] for f in FORMS])
def test_no_secret_in_the_parsed_objects(text, secret, caplog):
    caplog.set_level(logging.DEBUG)
    cfg = parse_config("cfg", text, salt=SALT)
    assert secret not in repr(cfg)
    assert secret not in caplog.text
    assert cfg.secret_spans, "the secret must be located for redaction"


def test_seed_configs_redacted():
    for name in ("asa.cfg", "client.cfg"):
        text = (ROOT / "cases" / "seed_ezvpn_aggressive_psk" / name).read_text()
        out = redact_config(name, text, salt=SALT)
        assert "password cisco" not in out and "key cisco" not in out
        assert "username cisco password <password>" in out


def test_fixture_configs_keep_no_secret():
    secrets = ["RadiusK3y!", "LdapB1nd", "Publ1cComm", "S3cretComm", "GpExtP4ss", "Us3rClear", "L2lSharedK3y",
               "LocalClearK3y", "EncRemoteBlobXYZ==", "3USUcOPFUiMCO4Jk", "2KFQnbNIdI.2KYOU",
               "IosPeerK3y", "EncIosBlob", "KeyringK3y", "0822455D0A16", "R4diusSrvK3y", "T4cacsK3y", "IosR0Comm",
               "VtyClearP4ss", "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0"]
    for name in ("asa9_l2l.cfg", "ios_l2l.cfg"):
        text = (FIXTURES / name).read_text()
        for variant in (text, " ".join(text.split())):
            out = redact_config(name, variant, salt=SALT)
            shown = repr(parse_config(name, variant, salt=SALT))
            for secret in secrets:
                assert secret not in out and secret not in shown, (name, secret)


def test_unrecognised_text_is_reported_redacted():
    cfg = parse_config("a", ASA + "frobnicate widget secret UnknownPw1 now\n", salt=SALT)
    assert cfg.unrecognized == [(3, "frobnicate widget secret <secret>")]


def test_redaction_survives_a_parser_failure(monkeypatch):
    from grammar import config as config_module
    from grammar import redact as redact_module

    def broken(*args, **kwargs):
        raise RuntimeError("parser bug")

    text = "tunnel-group T ipsec-attributes\n pre-shared-key ParserBugK3y\n"
    monkeypatch.setattr(config_module._Run, "run", broken)
    cfg = parse_config("a", text, salt=SALT)  # last resort: every line unrecognised, redacted
    assert cfg.recognized == 0 and "ParserBugK3y" not in repr(cfg)
    monkeypatch.setattr(redact_module, "parse_config", broken)
    assert redact_config("a", text) == "tunnel-group T ipsec-attributes\n pre-shared-key <secret>\n"


# ---------------------------------------------------------------- fingerprints


def test_same_key_same_fingerprint_across_configs_and_platforms():
    asa = parse_config("asa", "tunnel-group EZ ipsec-attributes\n ikev1 pre-shared-key Shared1\n", salt=SALT)
    ios = parse_config("ios", "crypto ipsec client ezvpn EZ\n group EZ key Shared1\n", salt=SALT)
    asa_key = asa.tunnel_groups["EZ"].pre_shared_key
    ios_key = ios.ezvpn_clients["EZ"].group_key
    assert asa_key.fingerprint == ios_key.fingerprint == fingerprint("Shared1", SALT)
    assert asa_key.same_as(ios_key) is True
    other = parse_config("ios", "crypto ipsec client ezvpn EZ\n group EZ key Shared2\n", salt=SALT)
    assert other.ezvpn_clients["EZ"].group_key.same_as(asa_key) is False


def test_fingerprint_depends_on_salt_and_has_16_hex_digits():
    a, b = fingerprint("k", b"one"), fingerprint("k", b"two")
    assert a != b and len(a) == 16 and int(a, 16) >= 0


def test_masked_key_is_unknowable():
    cfg = parse_config("asa", "tunnel-group EZ ipsec-attributes\n pre-shared-key *****\n", salt=SALT)
    key = cfg.tunnel_groups["EZ"].pre_shared_key
    assert key == Secret(fingerprint=None, masked=True)
    assert key.same_as(Secret(fingerprint(("x"), SALT))) is None


def test_type7_is_compared_by_its_clear_value():
    assert decode_type7("0822455D0A16") == "cisco"
    assert decode_type7("not-type-7") is None and decode_type7("99AB") is None
    cfg = parse_config("r", "crypto ipsec client ezvpn EZ\n group EZ key 7 0822455D0A16\n", salt=SALT)
    assert cfg.ezvpn_clients["EZ"].group_key.fingerprint == fingerprint("cisco", SALT)


def test_default_salt(monkeypatch):
    monkeypatch.delenv(secrets_module.SALT_ENV, raising=False)
    process = default_salt()
    assert process == default_salt() and len(process) >= 16
    monkeypatch.setenv(secrets_module.SALT_ENV, "deployment-salt")
    assert default_salt() == b"deployment-salt"
    cfg = parse_config("a", "tunnel-group T ipsec-attributes\n ikev1 pre-shared-key K1\n")
    assert cfg.tunnel_groups["T"].pre_shared_key.fingerprint == fingerprint("K1", b"deployment-salt")


# ---------------------------------------------------------------- redact_text


def test_redact_text_placeholders_and_overlaps():
    text = "a psk1 b\nc pw d sec\n"
    spans = [SecretSpan(1, 2, 6, "pre-shared-key"), SecretSpan(2, 2, 4, "password"), SecretSpan(2, 7, 10, "key"),
             SecretSpan(2, 8, 10, "snmp-community"), SecretSpan(9, 0, 1, "password")]
    assert redact_text(text, spans) == "a <pre-shared-key> b\nc <password> d <secret>\n"
    assert redact_text(text, spans, placeholder_for=lambda kind: "#") == "a # b\nc # d #\n"
    assert redact_text(text, []) == text


# ---------------------------------------------------------------- property


_KEY_CHARS = st.characters(min_codepoint=33, max_codepoint=126)
TEMPLATES = [
    ASA + "tunnel-group 10.0.0.1 ipsec-attributes\n ikev1 pre-shared-key {k}\n",
    ASA + "tunnel-group 10.0.0.1 ipsec-attributes\n ikev2 remote-authentication pre-shared-key 0 {k}\n",
    IOS + "crypto isakmp key {k} address 10.0.0.1\n",
    IOS + "crypto ipsec client ezvpn EZ\n connect manual\n group EZ key {k}\n mode client\n",
    ASA + "username u password {k} privilege 15\n",
    "tunnel-group EZ ipsec-attributes pre-shared-key {k} group-policy EZ internal username u password {k}",
    "crypto ipsec client ezvpn EZ group EZ key {k} username u password {k} interface Fa4 ip address 1.1.1.1 1.1.1.1",
]


@settings(max_examples=200, deadline=None)
@given(st.text(_KEY_CHARS, min_size=6, max_size=24), st.sampled_from(TEMPLATES))
def test_any_key_value_is_redacted(key, template):
    text = template.format(k=key)
    if key in template.format(k=""):  # the value also occurs as ordinary config text
        return
    assert key not in redact_config("p", text, salt=SALT)
    # the value may spell a field or class name ("Secret"): compare with a neutral value
    neutral = repr(parse_config("p", template.format(k="\x01" * len(key)), salt=SALT))
    assert repr(parse_config("p", text, salt=SALT)).count(key) == neutral.count(key)
