"""Configs holding every secret form the service must never let out, and the secrets themselves.

Each secret value is unique, so finding it anywhere (database file, response, log line,
chat message) is a leak. The seed case's configs use ``cisco`` both as a secret and as a
user name, so for them the secret *statements* are what must disappear.
"""

from __future__ import annotations

ASA_CONFIG = """\
hostname ASA-LEAK
enable password 8Ry2YjIyt7RRXU24 encrypted
passwd 2KFQnbNIdI.2KYOU encrypted
names
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.1 255.255.255.0
username admin password Adm1n-Clear-Pass-11aa privilege 15
username svc password Svc-Encrypted-Pass-22bb encrypted privilege 3
username pbk password $sha512$5000$LeakSaltLeakSalt$Pbkdf2HashValue33ccAAAAAAAAAAAAAA== pbkdf2 privilege 15
aaa-server RAD protocol radius
aaa-server RAD (outside) host 198.51.100.5
 key Radius-Shared-Key-44dd
aaa-server TAC protocol tacacs+
aaa-server TAC (outside) host 198.51.100.6
 key Tacacs-Shared-Key-55ee
aaa-server LDAPSRV protocol ldap
aaa-server LDAPSRV (outside) host 198.51.100.7
 ldap-login-password Ldap-Login-Pass-66ff
 ldap-login-dn cn=svc,dc=example,dc=net
snmp-server host outside 198.51.100.9 community Snmp-Host-Community-77aa version 2c
snmp-server community Snmp-Community-88bb
snmp-server user v3user v3group v3 auth sha Snmp-Auth-Pass-99cc priv aes 128 Snmp-Priv-Pass-00dd
failover key Failover-Key-12ab
crypto ikev1 policy 10
 authentication pre-share
 encryption aes-256
 hash sha
 group 14
 lifetime 86400
crypto ikev1 enable outside
crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac
crypto map OUTSIDE 10 match address VPN
crypto map OUTSIDE 10 set peer 198.51.100.20
crypto map OUTSIDE 10 set ikev1 transform-set TS
crypto map OUTSIDE interface outside
tunnel-group 198.51.100.20 type ipsec-l2l
tunnel-group 198.51.100.20 ipsec-attributes
 ikev1 pre-shared-key L2L-Ikev1-Psk-23bc
 ikev2 remote-authentication pre-shared-key 0 Ikev2-Remote-Psk-34cd
 ikev2 local-authentication pre-shared-key 8 Ikev2LocalEncBlob45deAAAA==
tunnel-group RA type remote-access
tunnel-group RA ipsec-attributes
 pre-shared-key RA-Group-Psk-56ef
"""

IOS_CONFIG = """\
hostname R-LEAK
enable secret 5 $1$mERr$Type5HashValue67fa0000
enable secret 9 $9$nhEmQVczB7dqsO$Type9HashValue78ab0000000000000000000000
username bob secret 8 $8$dsYGNam3K1SIJO$Type8HashValue89bc000000000000000000000000
username alice password 7 0822455D0A165E4C4B1F0D
username carol password Carol-Clear-Pass-9acd
crypto isakmp policy 10
 encr aes 256
 authentication pre-share
 group 14
crypto isakmp key Ios-Isakmp-Key-abde address 203.0.113.1
crypto keyring KR
 pre-shared-key address 203.0.113.2 key Ios-Keyring-Key-bcef
 pre-shared-key address 203.0.113.3 key 6 Ios-Type6-Blob-Key-cdf0
crypto ikev2 keyring K2
 peer HUB
  address 203.0.113.4
  pre-shared-key local Ios-Ikev2-Local-def1
  pre-shared-key remote Ios-Ikev2-Remote-ef02
crypto ipsec client ezvpn EZ
 connect manual
 group EZ key Ezvpn-Group-Key-f013
 mode client
 peer 203.0.113.1
 username ez password Ezvpn-User-Pass-0124
radius server RAD
 address ipv4 198.51.100.5 auth-port 1812 acct-port 1813
 key Ios-Radius-Key-1235
tacacs-server host 198.51.100.6 key Ios-Tacacs-Key-2346
snmp-server community Ios-Snmp-Community-3457 RO
line vty 0 4
 password Ios-Vty-Pass-4568
"""

SECRETS = [
    "8Ry2YjIyt7RRXU24",
    "2KFQnbNIdI.2KYOU",
    "Adm1n-Clear-Pass-11aa",
    "Svc-Encrypted-Pass-22bb",
    "Pbkdf2HashValue33cc",
    "Radius-Shared-Key-44dd",
    "Tacacs-Shared-Key-55ee",
    "Ldap-Login-Pass-66ff",
    "Snmp-Host-Community-77aa",
    "Snmp-Community-88bb",
    "Snmp-Auth-Pass-99cc",
    "Snmp-Priv-Pass-00dd",
    "Failover-Key-12ab",
    "L2L-Ikev1-Psk-23bc",
    "Ikev2-Remote-Psk-34cd",
    "Ikev2LocalEncBlob45de",
    "RA-Group-Psk-56ef",
    "Type5HashValue67fa",
    "Type9HashValue78ab",
    "Type8HashValue89bc",
    "0822455D0A165E4C4B1F0D",
    "Carol-Clear-Pass-9acd",
    "Ios-Isakmp-Key-abde",
    "Ios-Keyring-Key-bcef",
    "Ios-Type6-Blob-Key-cdf0",
    "Ios-Ikev2-Local-def1",
    "Ios-Ikev2-Remote-ef02",
    "Ezvpn-Group-Key-f013",
    "Ezvpn-User-Pass-0124",
    "Ios-Radius-Key-1235",
    "Ios-Tacacs-Key-2346",
    "Ios-Snmp-Community-3457",
    "Ios-Vty-Pass-4568",
]

# The seed case: "username cisco password cisco" (ASA) and "group EZ key cisco",
# "username cisco password cisco" (IOS EZVPN client).
SEED_SECRET_STATEMENTS = ["password cisco", "key cisco"]


def leaks(blob: str | bytes) -> list[str]:
    """The secrets (and seed secret statements) found in ``blob``."""
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    return [s for s in SECRETS + SEED_SECRET_STATEMENTS if s in text]
