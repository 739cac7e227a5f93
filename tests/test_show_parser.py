"""grammar.show: ASA ``show crypto isakmp|ikev1|ikev2 sa`` and ``show crypto ipsec sa``.

Fixtures are real outputs copied verbatim (wrapping/indentation as published) unless a
comment says otherwise; each names where it was found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grammar.show import looks_like_show, parse_show

SEED = Path(__file__).resolve().parents[1] / "cases" / "seed_ezvpn_aggressive_psk"

# ASA 8.4+ IKEv1 blocks with the detail lines.  Source: a Go parser test in a public
# repository (search-store file id 69137462865, `TestCiscoISAKMPSA_ASABlocks`,
# "ASA 8.4+ prints each IKEv1 SA as a block"); addresses are documentation ranges.
L2L_BLOCKS = """\
IKEv1 SAs:

   Active SA: 2
    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)
Total IKE SA: 2

1   IKE Peer: 198.51.100.2
    Type    : L2L             Role    : initiator
    Rekey   : no              State   : MM_ACTIVE
    Encrypt : aes-256         Hash    : SHA
    Auth    : preshared       Lifetime: 86400

2   IKE Peer: 203.0.113.4
    Type    : user            Role    : responder
    Rekey   : no              State   : AM_Active
    Encrypt : 3des            Hash    : MD5
    Auth    : preshared       Lifetime: 28800
"""

# https://www.thinknetsec.com/isakmp-ike-phase-1-status-messages-mm_wait_msg/
THINKNETSEC_MM_ACTIVE = """\
ASA-LAB1# show isakmp sa

IKEv1 SAs:

   Active SA: 1
    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)
Total IKE SA: 1

1   IKE Peer: 50.56.229.98
    Type    : L2L             Role    : initiator
    Rekey   : no              State   : MM_ACTIVE

ASA-LAB1# show isakmp sa | begin 50.56.229.98
1   IKE Peer: 50.56.229.98
    Type    : L2L             Role    : initiator
    Rekey   : no              State   : MM_ACTIVE
"""

# Same page layout, state changed to MM_WAIT_MSG4 (no verbatim MSG4 capture was found;
# the state name and its initiator role are from tunnelsup.com "ISAKMP (IKE Phase 1)
# Status Messages MM_WAIT_MSG#" and "L2L Tunnel Failed at MM_WAIT_MSG4").
MM_WAIT_MSG4 = THINKNETSEC_MM_ACTIVE.split("\n\nASA-LAB1# show isakmp sa |")[0].replace(
    "MM_ACTIVE", "MM_WAIT_MSG4")

# Forum post (search-store file id 70407521638): an ASA stuck at MM_WAIT_MSG2, flattened
# by the forum, peer redacted by the poster, followed by an IOS-style row.
FORUM_MM_WAIT_MSG2 = """\
ICE-ASA# show crypto isakmp sa
Active SA: 1
Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)
Total IKE SA: 1
1 IKE Peer: 124.29.X.X
Type : user Role : initiator
Rekey : no State : MM_WAIT_MSG2
124.29.X.X 101.53.X.X MM_NO_STATE 0 ACTIVE (deleted)
"""

# Abbreviated command, two tunnels, the IKEv2 banner and a bare prompt
# (search-store file id 22825846464, "Debugging Tunnels" notes).
ABBREVIATED = """\
bos-fw1a# sh cry is sa
IKEv1 SAs:
   Active SA: 2
    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)
Total IKE SA: 2
1   IKE Peer: 214.5.14.61
    Type    : L2L             Role    : initiator
    Rekey   : no              State   : MM_ACTIVE
2   IKE Peer: 78.110.205.13
    Type    : L2L             Role    : initiator
    Rekey   : no              State   : MM_ACTIVE
There are no IKEv2 SAs
bos-fw1a#
"""

# Old tabular form: networktocode/ntc-templates
# tests/cisco_asa/show_crypto_ikev1_sa_detail/cisco_asa_show_crypto_ikev1_sa_detail.raw
TABULAR = """\
IKE Peer      Type  Dir   Rky  State      Encrypt Hash  Auth    Lifetime
1 209.165.200.225 User  Resp  No   AM_Active  3des    SHA   preshrd 86400
IKE Peer      Type  Dir   Rky  State      Encrypt Hash  Auth    Lifetime
2 209.165.200.226 User  Resp  No   AM_ACTIVE  3des    SHA   preshrd 86400
IKE Peer      Type  Dir   Rky  State      Encrypt Hash  Auth    Lifetime
3 209.165.200.227 User  Resp  No   AM_ACTIVE  3des    SHA   preshrd 86400
IKE Peer      Type  Dir   Rky  State      Encrypt Hash  Auth    Lifetime
4 209.165.200.228 User  Resp  No   AM_ACTIVE  3des    SHA   preshrd 86400"""

# CiscoTestAutomation/genieparser
# src/genie/libs/parser/asa/tests/ShowCryptoIkev2Sa/cli/equal/golden_output1_output.txt
GENIE_IKEV2 = """
IKEv2 SAs:

Session-id:1, Status:UP-ACTIVE, IKE count:1, CHILD count:2

Tunnel-id Local                                               Remote                                                  Status         Role
  3686011 2001:db8:2:1::1/500                                 2001:db8:2:1::2/500                                      READY    INITIATOR
      Encr: 3DES, Hash: SHA96, DH Grp:2, Auth sign: PSK, Auth verify: PSK
      Life/Active Time: 43200/880 sec
Child sa: local selector  2001:db8:1:2::/0 - 2001:db8:1:2:ffff:ffff:ffff:ffff/65535
          remote selector 2001:db8:3:2::/0 - 2001:db8:3:2:ffff:ffff:ffff:ffff/65535
          ESP spi in/out: 0xbe064bdc/0x5db6eff3
Child sa: local selector  2001:db8:1:1::/0 - 2001:db8:1:1:ffff:ffff:ffff:ffff/65535
          remote selector 2001:db8:3:1::/0 - 2001:db8:3:1:ffff:ffff:ffff:ffff/65535
          ESP spi in/out: 0x69b865f8/0x978dbbe5
"""

# Google Cloud HA VPN tutorial for an ASA 5506H (search-store file id 5964358397): IKEv2
# AES-GCM SA, then the start of `sh crypto ipsec sa detail` on a VTI.
GCP_ASA_IKEV2 = """\
    CISCO-ASA5506H-001# sh crypto ikev2 sa  detail

    IKEv2 SAs:

    Session-id:100, Status:UP-ACTIVE, IKE count:1, CHILD count:1

    Tunnel-id Local                   Remote                Status         Role
    1738689761 209.119.81.225/500     35.220.72.68/500       READY    INITIATOR
          Encr: AES-GCM, keysize: 256, Hash: N/A, DH Grp:14, Auth sign: PSK, Auth verify: PSK
          Life/Active Time: 36000/24695 sec
          Session-id: 100

    CISCO-ASA5506H-001# sh crypto ipsec sa detail
    interface: tunnel-a
        Crypto map tag: __vti-crypto-map-4-0-10, seq num: 65280, local addr: 209.119.81.225

      local ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)
      remote ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)
      current_peer: 35.242.111.74
"""

# networktocode/ntc-templates
# tests/cisco_asa/show_crypto_ipsec_sa/cisco_asa_show_crypto_ipsec_sa.raw
NTC_IPSEC = """\
interface: outside2
     Crypto map tag: def, local addr: 10.132.0.17
       local ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)
       remote ident (addr/mask/prot/port): (172.20.0.21/255.255.255.255/0/0)
       current_peer: 172.20.0.21
       dynamic allocated peer ip: 10.135.1.5
       #pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0
       #pkts decaps: 1145, #pkts decrypt: 1145, #pkts verify: 1145
       #pkts compressed: 0, #pkts decompressed: 0
       #pkts not compressed: 0, #pkts comp failed: 0, #pkts decomp failed: 0
       #pre-frag successes: 2, #pre-frag failures: 1, #fragments created: 10
       #PMTUs sent: 5, #PMTUs rcvd: 2, #decapsulated frags needing reassembly: 1
       #send errors: 0, #recv errors: 0
       local crypto endpt.: 10.132.0.17, remote crypto endpt.: 172.20.0.21
       path mtu 1500, ipsec overhead 60, media mtu 1500
       current outbound spi: DC15BF68
     inbound esp sas:
       spi: 0x1E8246FC (511854332)
          transform: esp-3des esp-md5-hmac
          in use settings ={RA, Tunnel, }
          slot: 0, conn_id: 3, crypto-map: def
          sa timing: remaining key lifetime (sec): 548
          IV size: 8 bytes
          replay detection support: Y
     outbound esp sas:
       spi: 0xDC15BF68 (3692412776)
          transform: esp-3des esp-md5-hmac
          in use settings ={RA, Tunnel, }
          slot: 0, conn_id: 3, crypto-map: def
          sa timing: remaining key lifetime (sec): 548
          IV size: 8 bytes
          replay detection support: Y

interface: COLO
    Crypto map tag: COLO-MAP, seq num: 2, local addr: 172.16.248.119

      access-list 2 extended permit ip 172.16.122.32 255.255.255.240 host 172.30.1.153
      local ident (addr/mask/prot/port): (172.16.122.32/255.255.255.240/0/0)
      remote ident (addr/mask/prot/port): (172.30.1.153/255.255.255.255/0/0)
      current_peer: 8.8.8.8


      #pkts encaps: 13915315, #pkts encrypt: 13915315, #pkts digest: 13915315
      #pkts decaps: 23606461, #pkts decrypt: 23606461, #pkts verify: 23606461
      #pkts compressed: 0, #pkts decompressed: 0
      #pkts not compressed: 13915315, #pkts comp failed: 0, #pkts decomp failed: 0
      #pre-frag successes: 0, #pre-frag failures: 0, #fragments created: 0
      #PMTUs sent: 0, #PMTUs rcvd: 0, #decapsulated frgs needing reassembly: 0
      #TFC rcvd: 0, #TFC sent: 0
      #Valid ICMP Errors rcvd: 0, #Invalid ICMP Errors rcvd: 0
      #send errors: 0, #recv errors: 0

      local crypto endpt.: 172.16.248.119/4500, remote crypto endpt.: 8.8.8.8/4500
      path mtu 1500, ipsec overhead 82(52), media mtu 1500
      PMTU time remaining (sec): 0, DF policy: copy-df
      ICMP error validation: disabled, TFC packets: disabled
      current outbound spi: 50023DDC
      current inbound spi : 32F752FF

    inbound esp sas:
      spi: 0x32F752FF (855069439)
         SA State: active
         transform: esp-aes-256 esp-md5-hmac no compression
         in use settings ={L2L, Tunnel,  NAT-T-Encaps, IKEv1, }
         slot: 0, conn_id: 159694848, crypto-map: COLO-MAP
         sa timing: remaining key lifetime (kB/sec): (2699423/25461)
         IV size: 16 bytes
         replay detection support: Y
         Anti replay bitmap:
          0xFFFFFFFF 0xFFFFFFFF
    outbound esp sas:
      spi: 0x50023DDC (1342324188)
         SA State: active
         transform: esp-aes-256 esp-md5-hmac no compression
         in use settings ={L2L, Tunnel,  NAT-T-Encaps, IKEv1, }
         slot: 0, conn_id: 159694848, crypto-map: COLO-MAP
         sa timing: remaining key lifetime (kB/sec): (3892153/25461)
         IV size: 16 bytes
         replay detection support: Y
         Anti replay bitmap:
          0x00000000 0x00000001

    Crypto map tag: COLO-MAP, seq num: 3, local addr: 172.20.248.119

      access-list 200 extended permit ip 172.20.122.32 255.255.255.240 10.160.4.0 255.255.255.0
      local ident (addr/mask/prot/port): (172.20.122.32/255.255.255.240/0/0)
      remote ident (addr/mask/prot/port): (10.160.4.0/255.255.255.0/0/0)
      current_peer: 8.8.4.4


      #pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0
      #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0
      #pkts compressed: 0, #pkts decompressed: 0
      #pkts not compressed: 0, #pkts comp failed: 0, #pkts decomp failed: 0
      #pre-frag successes: 0, #pre-frag failures: 0, #fragments created: 0
      #PMTUs sent: 0, #PMTUs rcvd: 0, #decapsulated frgs needing reassembly: 0
      #TFC rcvd: 0, #TFC sent: 0
      #Valid ICMP Errors rcvd: 0, #Invalid ICMP Errors rcvd: 0
      #send errors: 0, #recv errors: 0

      local crypto endpt.: 172.20.248.119/0, remote crypto endpt.: 8.8.4.4/0
      path mtu 1500, ipsec overhead 74(44), media mtu 1500
      PMTU time remaining (sec): 0, DF policy: copy-df
      ICMP error validation: disabled, TFC packets: disabled
      current outbound spi: EA40155F
      current inbound spi : 6A7391E0

    inbound esp sas:
      spi: 0x6A7391E0 (1785958880)
         SA State: active
         transform: esp-aes-256 esp-md5-hmac no compression
         in use settings ={L2L, Tunnel, IKEv1, }
         slot: 0, conn_id: 14376960, crypto-map: COLO-MAP
         sa timing: remaining key lifetime (kB/sec): (2038431743/70749)
         IV size: 16 bytes
         replay detection support: Y
         Anti replay bitmap:
          0x00000000 0x00000001
    outbound esp sas:
      spi: 0xEA40155F (3930068319)
         SA State: active
         transform: esp-aes-256 esp-md5-hmac no compression
         in use settings ={L2L, Tunnel, IKEv1, }
         slot: 0, conn_id: 14376960, crypto-map: COLO-MAP
         sa timing: remaining key lifetime (kB/sec): (2038431743/70749)
         IV size: 16 bytes
         replay detection support: Y
         Anti replay bitmap:
          0x00000000 0x00000001
"""

# Lab write-up, ASA to IOS hub before the hub had a return route: packets leave, none
# come back (search-store file id 20666743554).
ENCAPS_NO_DECAPS = """\
ASA1# show crypto ikev1 sa

IKEv1 SAs:

   Active SA: 1
    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)
Total IKE SA: 1

1   IKE Peer: 203.0.113.1
    Type    : L2L             Role    : initiator 
    Rekey   : no              State   : MM_ACTIVE 
ASA1# show crypto ipsec sa
interface: outside
    Crypto map tag: outside_map, seq num: 10, local addr: 203.0.113.20

      access-list asa-router-vpn extended permit ip 192.168.2.0 255.255.255.0 192.168.0.0 255.255.255.0 
      Protected vrf (ivrf): Global
      local ident (addr/mask/prot/port): (192.168.2.0/255.255.255.0/0/0)
      remote ident (addr/mask/prot/port): (192.168.0.0/255.255.255.0/0/0)
      current_peer: 203.0.113.1


      #pkts encaps: 14, #pkts encrypt: 14, #pkts digest: 14
      #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0
      #pkts compressed: 0, #pkts decompressed: 0
      #pkts not compressed: 14, #pkts comp failed: 0, #pkts decomp failed: 0
      #pre-frag successes: 0, #pre-frag failures: 0, #fragments created: 0
      #PMTUs sent: 0, #PMTUs rcvd: 0, #decapsulated frgs needing reassembly: 0
      #TFC rcvd: 0, #TFC sent: 0
      #Valid ICMP Errors rcvd: 0, #Invalid ICMP Errors rcvd: 0
      #pkts not offload decrypted: 0
      #send errors: 0, #recv errors: 0

      local crypto endpt.: 203.0.113.20/0, remote crypto endpt.: 203.0.113.1/0
      path mtu 1500, ipsec overhead 74(44), media mtu 1500
      PMTU time remaining (sec): 0, DF policy: copy-df
ASA1#    
"""

# Cloud VPN gateway console (ASA output) in a Korean blog post, flattened and stored with
# literal "\\n" (search-store file id 12163664485); unescaped here.  Its first line lost
# its "I" in the post.  PFS group, a rekeyed second SA in each direction.
REKEYED = (
    "KEv1 SAs:\\n\\nActive SA: 1\\nRekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA "
    "during rekey)\\nTotal IKE SA: 1\\n\\n1 IKE Peer: 3.34.211.29\\nType : L2L Role : initiator"
    "\\nRekey : no State : MM_ACTIVE\\ninterface: outside\\nCrypto map tag: outside_map, seq num:"
    " 1, local addr: 49.236.139.115\\n\\naccess-list outside_cryptomap_1 extended permit ip "
    "192.168.1.0 255.255.255.0 172.31.0.0 255.255.0.0\\nlocal ident (addr/mask/prot/port): "
    "(192.168.1.0/255.255.255.0/0/0)\\nremote ident (addr/mask/prot/port): "
    "(172.31.0.0/255.255.0.0/0/0)\\ncurrent_peer: 3.34.211.29\\n\\n\\n#pkts encaps: 827, #pkts "
    "encrypt: 827, #pkts digest: 827\\n#pkts decaps: 764, #pkts decrypt: 764, #pkts verify: 764"
    "\\n#pkts compressed: 0, #pkts decompressed: 0\\n#pkts not compressed: 827, #pkts comp "
    "failed: 0, #pkts decomp failed: 0\\n#pre-frag successes: 0, #pre-frag failures: 0, "
    "#fragments created: 0\\n#PMTUs sent: 0, #PMTUs rcvd: 0, #decapsulated frgs needing "
    "reassembly: 0\\n#TFC rcvd: 0, #TFC sent: 0\\n#Valid ICMP Errors rcvd: 0, #Invalid ICMP "
    "Errors rcvd: 0\\n#send errors: 0, #recv errors: 0\\n\\nlocal crypto endpt.: "
    "49.236.139.115/0, remote crypto endpt.: 3.34.211.29/0\\npath mtu 1500, ipsec overhead "
    "74(44), media mtu 1500\\nPMTU time remaining (sec): 0, DF policy: copy-df\\nICMP error "
    "validation: disabled, TFC packets: disabled\\ncurrent outbound spi: C7CCEEBF\\ncurrent "
    "inbound spi : E2B83FD5\\n\\ninbound esp sas:\\nspi: 0xE2B83FD5 (3803725781)\\nSA State: "
    "active\\ntransform: esp-aes esp-sha-hmac no compression\\nin use settings ={L2L, Tunnel, "
    "PFS Group 2, IKEv1, }\\nslot: 0, conn_id: 264200192, crypto-map: outside_map\\nsa timing: "
    "remaining key lifetime (sec): 108\\nIV size: 16 bytes\\nreplay detection support: Y\\nAnti "
    "replay bitmap:\\n0x00000000 0x00000001\\nspi: 0xEED2584F (4006762575)\\nSA State: active"
    "\\ntransform: esp-aes esp-sha-hmac no compression\\nin use settings ={L2L, Tunnel, PFS "
    "Group 2, IKEv1, Rekeyed}\\nslot: 0, conn_id: 264200192, crypto-map: outside_map\\nsa "
    "timing: remaining key lifetime (sec): 0\\nIV size: 16 bytes\\nreplay detection support: Y"
    "\\nAnti replay bitmap:\\n0x00000000 0x00000001\\noutbound esp sas:\\nspi: 0xC7CCEEBF "
    "(3352096447)\\nSA State: active\\ntransform: esp-aes esp-sha-hmac no compression\\nin use "
    "settings ={L2L, Tunnel, PFS Group 2, IKEv1, }\\nslot: 0, conn_id: 264200192, crypto-map: "
    "outside_map\\nsa timing: remaining key lifetime (sec): 108\\nIV size: 16 bytes\\nreplay "
    "detection support: Y\\nAnti replay bitmap:\\n0x00000000 0x00000001\\nspi: 0xC47BC9E1 "
    "(3296446945)\\nSA State: active\\ntransform: esp-aes esp-sha-hmac no compression\\nin use "
    "settings ={L2L, Tunnel, PFS Group 2, IKEv1, Rekeyed}\\nslot: 0, conn_id: 264200192, "
    "crypto-map: outside_map\\nsa timing: remaining key lifetime (sec): 0\\nIV size: 16 bytes"
    "\\nreplay detection support: Y\\nAnti replay bitmap:\\n0x00000000 0x00000001"
).replace("\\n", "\n")

# German lab write-up (search-store file id 28725717322).
NO_IPSEC_SAS = """\
JuriASA(config)# show crypto ipsec sa

There are no ipsec sas
"""

ALL_SAMPLES = {
    "l2l_blocks": L2L_BLOCKS,
    "thinknetsec": THINKNETSEC_MM_ACTIVE,
    "msg4": MM_WAIT_MSG4,
    "forum_msg2": FORUM_MM_WAIT_MSG2,
    "abbreviated": ABBREVIATED,
    "tabular": TABULAR,
    "genie_ikev2": GENIE_IKEV2,
    "gcp_ikev2": GCP_ASA_IKEV2,
    "ntc_ipsec": NTC_IPSEC,
    "encaps_no_decaps": ENCAPS_NO_DECAPS,
    "rekeyed": REKEYED,
    "no_ipsec_sas": NO_IPSEC_SAS,
}


def _fully_recognised(out) -> None:
    assert out.unrecognized == []
    assert out.recognized == out.lines


# ------------------------------------------------------------------------------ the seed


def test_seed_isakmp_sa() -> None:
    out = parse_show("show-isakmp-sa.txt", (SEED / "show-isakmp-sa.txt").read_text())
    _fully_recognised(out)
    assert out.active_sa_count == 1
    assert len(out.ike_sas) == 1 and out.ipsec_sas == []
    sa = out.ike_sas[0]
    assert (sa.peer, sa.ike_version, sa.index) == ("10.48.66.23", 1, 1)
    assert (sa.type, sa.role, sa.rekey, sa.state) == ("user", "responder", "no", "AM_ACTIVE")
    assert (sa.encryption, sa.hash, sa.auth) == ("aes", "SHA", "preshared")
    assert (sa.lifetime, sa.lifetime_remaining) == (86400, 86387)
    assert sa.source == ("show-isakmp-sa.txt", 5)


def test_seed_ipsec_sa() -> None:
    out = parse_show("show-ipsec-sa.txt", (SEED / "show-ipsec-sa.txt").read_text())
    _fully_recognised(out)
    assert out.ike_sas == [] and len(out.ipsec_sas) == 1
    sa = out.ipsec_sas[0]
    assert (sa.interface, sa.crypto_map, sa.seq) == ("outside", "DYN", 10)
    assert sa.local_addr == "10.48.67.14"
    assert sa.local_ident == "0.0.0.0/0.0.0.0/0/0"
    assert sa.remote_ident == "192.168.1.100/255.255.255.255/0/0"
    assert (sa.peer, sa.username, sa.assigned_address) == ("10.48.66.23", "cisco", "192.168.1.100")
    c = sa.counters
    assert (c["pkts encaps"], c["pkts decaps"], c["send errors"], c["recv errors"]) == (5, 5, 0, 0)
    assert c["decapsulated frgs needing reassembly"] == 0 and c["PMTUs sent"] == 0
    assert (sa.current_outbound_spi, sa.current_inbound_spi) == ("c4b9a77c", "ea2b6b15")
    assert (sa.inbound_spis, sa.outbound_spis) == (["ea2b6b15"], ["c4b9a77c"])
    assert sa.transforms == ["esp-aes", "esp-sha-hmac"]
    assert sa.in_use_settings == ["RA", "Tunnel"]
    assert sa.remaining_lifetime_seconds == [28714, 28714]  # inbound and outbound SA
    assert sa.source == ("show-ipsec-sa.txt", 3)


def test_seed_files_look_like_show_and_the_others_do_not() -> None:
    assert looks_like_show((SEED / "show-isakmp-sa.txt").read_text())
    assert looks_like_show((SEED / "show-ipsec-sa.txt").read_text())
    for other in ("debug.txt", "asa.cfg", "client.cfg"):
        assert not looks_like_show((SEED / other).read_text()), other


# ------------------------------------------------------------------------------ IKEv1


def test_l2l_blocks_with_detail_lines() -> None:
    out = parse_show("blocks", L2L_BLOCKS)
    _fully_recognised(out)
    assert out.active_sa_count == 2
    first, second = out.ike_sas
    assert (first.peer, first.index) == ("198.51.100.2", 1)
    assert (first.type, first.role, first.state) == ("L2L", "initiator", "MM_ACTIVE")
    assert (first.encryption, first.hash, first.lifetime) == ("aes-256", "SHA", 86400)
    assert first.lifetime_remaining is None
    assert first.source == ("blocks", 7)
    assert second.peer == "203.0.113.4"
    assert (second.type, second.role, second.state) == ("user", "responder", "AM_ACTIVE")
    assert (second.encryption, second.hash, second.lifetime) == ("3des", "MD5", 28800)


def test_mm_active_initiator_and_filtered_repeat() -> None:
    out = parse_show("lab", THINKNETSEC_MM_ACTIVE)
    _fully_recognised(out)
    assert [(s.peer, s.type, s.role, s.state) for s in out.ike_sas] == [
        ("50.56.229.98", "L2L", "initiator", "MM_ACTIVE")] * 2
    assert [s.source for s in out.ike_sas] == [("lab", 9), ("lab", 14)]


def test_mm_wait_msg4() -> None:
    out = parse_show("msg4", MM_WAIT_MSG4)
    _fully_recognised(out)
    (sa,) = out.ike_sas
    assert sa.peer == "50.56.229.98"
    assert (sa.role, sa.state, sa.rekey) == ("initiator", "MM_WAIT_MSG4", "no")


def test_mm_wait_msg2_flattened_forum_paste() -> None:
    out = parse_show("forum", FORUM_MM_WAIT_MSG2)
    (sa,) = out.ike_sas
    assert sa.peer == "124.29.X.X"
    assert (sa.type, sa.role, sa.state) == ("user", "initiator", "MM_WAIT_MSG2")
    # the IOS-style row is not ASA show output: reported, not dropped
    assert out.unrecognized == [(8, "124.29.X.X 101.53.X.X MM_NO_STATE 0 ACTIVE (deleted)")]
    assert out.recognized == out.lines - 1


def test_abbreviated_command_two_peers_and_bare_prompt() -> None:
    out = parse_show("abbr", ABBREVIATED)
    _fully_recognised(out)
    assert [s.peer for s in out.ike_sas] == ["214.5.14.61", "78.110.205.13"]
    assert all(s.state == "MM_ACTIVE" and s.role == "initiator" for s in out.ike_sas)


def test_old_tabular_form() -> None:
    out = parse_show("tab", TABULAR)
    _fully_recognised(out)
    assert [s.index for s in out.ike_sas] == [1, 2, 3, 4]
    sa = out.ike_sas[0]
    assert sa.peer == "209.165.200.225"
    assert (sa.type, sa.role, sa.rekey, sa.state) == ("user", "responder", "no", "AM_ACTIVE")
    assert (sa.encryption, sa.hash, sa.auth, sa.lifetime) == ("3des", "SHA", "preshared", 86400)
    assert sa.source == ("tab", 2)


def test_short_tabular_row_without_algorithms() -> None:
    # the non-detail table stops after State (columns as in the ntc-templates header)
    out = parse_show("t", "IKE Peer Type Dir Rky State\n1 10.1.1.2 L2L Init No MM_WAIT_MSG4\n")
    _fully_recognised(out)
    (sa,) = out.ike_sas
    assert (sa.type, sa.role, sa.state, sa.encryption) == ("L2L", "initiator", "MM_WAIT_MSG4", None)


def test_attribute_line_without_peer_is_unrecognised() -> None:
    line = "    Type    : L2L             Role    : initiator"
    out = parse_show("x", line + "\n")
    assert out.ike_sas == [] and out.unrecognized == [(1, line)]


# ------------------------------------------------------------------------------ IKEv2


def test_ikev2_genie_golden_output() -> None:
    out = parse_show("v2", GENIE_IKEV2)
    _fully_recognised(out)
    (sa,) = out.ike_sas
    assert (sa.ike_version, sa.index, sa.peer) == (2, 3686011, "2001:db8:2:1::2")
    assert (sa.state, sa.role) == ("READY", "initiator")
    assert (sa.encryption, sa.hash, sa.auth) == ("3des", "SHA96", "PSK")
    assert (sa.lifetime, sa.lifetime_remaining) == (43200, 43200 - 880)
    assert out.ipsec_sas == []  # Child sa lines belong to the IKEv2 SA


def test_ikev2_aes_gcm_then_vti_ipsec_sa() -> None:
    out = parse_show("gcp", GCP_ASA_IKEV2)
    _fully_recognised(out)
    (ike,) = out.ike_sas
    assert (ike.peer, ike.state, ike.role, ike.encryption, ike.hash) == (
        "35.220.72.68", "READY", "initiator", "aes-gcm-256", "N/A")
    assert (ike.lifetime, ike.lifetime_remaining) == (36000, 36000 - 24695)
    (sa,) = out.ipsec_sas
    assert (sa.interface, sa.crypto_map, sa.seq) == ("tunnel-a", "__vti-crypto-map-4-0-10", 65280)
    assert sa.local_ident == sa.remote_ident == "0.0.0.0/0.0.0.0/0/0"
    assert sa.peer == "35.242.111.74"


def test_no_ikev2_sas() -> None:
    # genieparser .../ShowCryptoIkev2Sa/cli/equal/golden_output2_output.txt
    out = parse_show("none", "\nThere are no IKEv2 SAs\n")
    _fully_recognised(out)
    assert out.ike_sas == []


# ------------------------------------------------------------------------------ IPsec


def test_ntc_ipsec_three_sas() -> None:
    out = parse_show("ntc", NTC_IPSEC)
    _fully_recognised(out)
    ra, colo2, colo3 = out.ipsec_sas
    # RA SA under a dynamic map, no seq printed
    assert (ra.interface, ra.crypto_map, ra.seq) == ("outside2", "def", None)
    assert ra.peer == "172.20.0.21"
    assert (ra.assigned_address, ra.username) == ("10.135.1.5", None)
    assert (ra.counters["pkts encaps"], ra.counters["pkts decaps"]) == (0, 1145)
    assert (ra.current_outbound_spi, ra.current_inbound_spi) == ("dc15bf68", None)
    assert ra.transforms == ["esp-3des", "esp-md5-hmac"] and ra.in_use_settings == ["RA", "Tunnel"]
    # L2L with NAT-T, lifetimes printed as (kB/sec)
    assert (colo2.interface, colo2.seq, colo2.peer) == ("COLO", 2, "8.8.8.8")
    assert colo2.local_addr == "172.16.248.119"
    assert colo2.in_use_settings == ["L2L", "Tunnel", "NAT-T-Encaps", "IKEv1"]
    assert colo2.remaining_lifetime_seconds == [25461, 25461]
    assert (colo2.inbound_spis, colo2.outbound_spis) == (["32f752ff"], ["50023ddc"])
    assert colo2.transforms == ["esp-aes-256", "esp-md5-hmac"]
    assert colo2.counters["TFC rcvd"] == 0 and colo2.counters["Invalid ICMP Errors rcvd"] == 0
    assert colo2.source == ("ntc", 35)
    # second entry of the same map on the same interface
    assert (colo3.interface, colo3.seq, colo3.peer) == ("COLO", 3, "8.8.4.4")
    assert colo3.remote_ident == "10.160.4.0/255.255.255.0/0/0"
    assert colo3.counters["pkts encaps"] == colo3.counters["pkts decaps"] == 0


def test_encaps_without_decaps() -> None:
    out = parse_show("lab", ENCAPS_NO_DECAPS)
    _fully_recognised(out)
    (ike,) = out.ike_sas
    assert (ike.peer, ike.state) == ("203.0.113.1", "MM_ACTIVE")
    (sa,) = out.ipsec_sas
    assert (sa.crypto_map, sa.seq, sa.peer) == ("outside_map", 10, "203.0.113.1")
    assert sa.counters["pkts encaps"] == 14 and sa.counters["pkts decaps"] == 0
    assert sa.counters["pkts not offload decrypted"] == 0
    assert sa.inbound_spis == [] and sa.current_inbound_spi is None


def test_pfs_and_rekeyed_sas() -> None:
    out = parse_show("ncp", REKEYED)
    assert out.unrecognized == [(1, "KEv1 SAs:")]  # the post's truncated banner
    (ike,) = out.ike_sas
    assert (ike.peer, ike.type, ike.state) == ("3.34.211.29", "L2L", "MM_ACTIVE")
    (sa,) = out.ipsec_sas
    assert sa.in_use_settings == ["L2L", "Tunnel", "PFS Group 2", "IKEv1", "Rekeyed"]
    assert sa.inbound_spis == ["e2b83fd5", "eed2584f"]
    assert sa.outbound_spis == ["c7cceebf", "c47bc9e1"]
    assert sa.remaining_lifetime_seconds == [108, 0, 108, 0]
    assert (sa.counters["pkts encaps"], sa.counters["pkts decaps"]) == (827, 764)


def test_no_ipsec_sas() -> None:
    out = parse_show("none", NO_IPSEC_SAS)
    _fully_recognised(out)
    assert out.ipsec_sas == [] and out.ike_sas == []


def test_filtered_output_opens_one_record_per_peer() -> None:
    # `show crypto ipsec sa | include peer|encaps`: lines taken from the samples above
    text = ("      current_peer: 8.8.8.8\n"
            "      #pkts encaps: 13915315, #pkts encrypt: 13915315, #pkts digest: 13915315\n"
            "      current_peer: 8.8.4.4\n"
            "      #pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0\n")
    out = parse_show("f", text)
    _fully_recognised(out)
    assert [(s.peer, s.counters["pkts encaps"], s.source) for s in out.ipsec_sas] == [
        ("8.8.8.8", 13915315, ("f", 1)), ("8.8.4.4", 0, ("f", 3))]


def test_spi_outside_a_direction_section_is_unrecognised() -> None:
    out = parse_show("s", "spi: 0x1E8246FC (511854332)\n")
    assert out.unrecognized == [(1, "spi: 0x1E8246FC (511854332)")]


# ------------------------------------------------------------------------------ all samples


@pytest.mark.parametrize("name", sorted(ALL_SAMPLES))
def test_every_sample_looks_like_show(name: str) -> None:
    assert looks_like_show(ALL_SAMPLES[name])


@pytest.mark.parametrize("name", sorted(ALL_SAMPLES))
def test_line_accounting(name: str) -> None:
    out = parse_show(name, ALL_SAMPLES[name])
    assert out.lines == len(ALL_SAMPLES[name].splitlines())
    assert out.recognized + len(out.unrecognized) == out.lines
    for rec in [*out.ike_sas, *out.ipsec_sas]:
        assert rec.source is not None and rec.source[0] == name


def test_debug_log_and_config_are_not_show_output() -> None:
    # ASA debug lines (tunnelsup.com "L2L Tunnel Failed at MM_WAIT_MSG4") and ASA config.
    debug = (
        "Jun 10 2010 17:36:05: %ASA-5-713041: IP = 233.22.22.233, IKE Initiator: New Phase 1, "
        "Intf Inside_Network, IKE Peer 233.22.22.233  local Proxy Address 192.168.245.120, "
        "remote Proxy Address 10.3.10.122,  Crypto map (MAP-VPN)\n"
        "Jun 10 17:36:13 [IKEv1]: IP = 233.22.22.233, Information Exchange processing failed\n")
    config = ("crypto map outside_map 10 match address asa-strongswan-vpn\n"
              "crypto map outside_map 10 set peer 192.168.255.11 \n"
              "crypto map outside_map interface outside\n")
    assert not looks_like_show(debug)
    assert not looks_like_show(config)
    assert not looks_like_show("")


def test_commands_other_than_show_crypto_are_not_recognised() -> None:
    out = parse_show("x", "ASA1# ping inside 192.168.0.1\nasa# show running-config crypto\n")
    assert [n for n, _ in out.unrecognized] == [1, 2]


# ------------------------------------------------------------------------------ robustness

_FRAGMENTS = [line for text in ALL_SAMPLES.values() for line in text.splitlines()]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    out = parse_show("fuzz", text)
    assert out.recognized + len(out.unrecognized) == out.lines
    looks_like_show(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=40)), max_size=30),
       st.data())
def test_shuffled_show_lines_never_raise(lines: list[str], data: st.DataObject) -> None:
    # real lines in any order, some cut short: records may be odd but nothing raises
    cut = [line[: data.draw(st.integers(0, len(line)))] for line in lines]
    out = parse_show("fuzz", "\n".join(cut))
    assert out.recognized + len(out.unrecognized) == out.lines
