"""Fills a ``DeviceConfig`` from read commands: one ``on_<kind>`` method per tree kind.

A handler gets the command's tree, its words, the object its parent block's command
returned (the interface, the crypto map entry ...) and the physical line; what it
returns is the object the commands of the block it opens will get.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Tree

from grammar.config.commands import (
    EncryptionType,
    Keyword,
    PasswordFlag,
    Rest,
    SecretRef,
    find,
    subtrees,
    tokens,
    words_of,
)
from grammar.config.values import (
    DEFAULT_PFS,
    ike_encryptions,
    merged,
    proposal_encryptions,
    proposal_integrities,
    small_int,
    transforms,
)
from grammar.config.words import Command
from grammar.config_model import (
    AccessListEntry,
    CryptoMapEntry,
    DeviceConfig,
    EzvpnClient,
    GroupPolicy,
    Interface,
    IsakmpKey,
    LocalPool,
    Phase1Proposal,
    Secret,
    TransformSet,
    TunnelGroup,
    User,
)
from grammar.secrets import decode_type7, fingerprint

# Child commands that set one field of their parent's object to their first word.
_FIRST_WORD_FIELDS = {
    "if_nameif": "nameif",
    "ms_match_address": "match_address",
    "ms_connection_type": "connection_type",
    "ms_phase1_mode": "phase1_mode",
    "ez_mode": "mode",
    "ez_xauth_userid_mode": "xauth_userid_mode",
    "tg_default_group_policy": "default_group_policy",
    "tg_peer_id_validate": "peer_id_validate",
}

# Tunnel-group keys: the syntax each one votes for, and the field it fills.
_TUNNEL_GROUP_KEYS = {
    "tg_pre_shared_key": ("8.3", "pre_shared_key"),
    "tg_ikev1_pre_shared_key": ("8.4", "pre_shared_key"),
    "tg_ikev2_local_key": ("8.4", "ikev2_local_key"),
    "tg_ikev2_remote_key": ("8.4", "ikev2_remote_key"),
}


def _lifetimes(t: Tree) -> tuple[int | None, int | None]:
    """(seconds, kilobytes) of the ``sa_life`` subtrees; None where not given (or unlimited)."""
    seconds = kilobytes = None
    for life in subtrees(t, "sa_life"):
        unit, value = str(life.children[0]), life.children[1]
        if unit == "seconds":
            seconds = small_int(value)
        elif str(value) != "unlimited":
            kilobytes = small_int(value)
    return seconds, kilobytes


def _set_lifetimes(t: Tree, obj: Any, seconds_field: str, kilobytes_field: str) -> None:
    for value, name in zip(_lifetimes(t), (seconds_field, kilobytes_field), strict=True):
        if value is not None:
            setattr(obj, name, value)


class Builder:
    """Applies read commands to a ``DeviceConfig``."""

    def __init__(self, cfg: DeviceConfig, salt: bytes):
        self.cfg = cfg
        self.salt = salt
        self.votes = {"8.3": 0, "8.4": 0}  # ASA syntax markers seen
        self._listed: dict[tuple, Any] = {}  # what _list_item put in the config's lists, by key

    # -- secrets --------------------------------------------------------------------

    def secret(self, cmd: Command, tree: Tree) -> Secret | None:
        ref = find(tree, SecretRef)
        if ref is None:
            return None
        enc, flag = find(tree, EncryptionType), find(tree, PasswordFlag)
        enc = None if enc is None else str(enc)
        value = str(ref.token)
        if value.strip("*") == "":  # ASA "show running-config" masking
            return Secret(None, masked=True, encryption_type=enc)
        if flag is not None:  # ASA "encrypted" / "pbkdf2": a one-way hash
            return Secret(None, encryption_type=str(flag))
        if enc is None or enc == "0":
            return Secret(fingerprint(value, self.salt), encryption_type=enc)
        if enc == "7":  # reversible: compare by the clear value
            clear = decode_type7(value)
            return Secret(fingerprint(clear, self.salt) if clear is not None else None, encryption_type="7")
        return Secret(None, encryption_type=enc)  # 5/8/9 hashes, 6/8 encrypted: unknowable

    # -- dispatch -------------------------------------------------------------------

    def apply(self, kind: str, tree: Tree, cmd: Command, parent_obj: Any, physical: str) -> Any:
        handler: Callable | None = getattr(self, "on_" + kind, None)
        if handler is None:
            return None
        return handler(tree, cmd, parent_obj, physical)

    def src(self, cmd: Command) -> tuple[str, int]:
        return (self.cfg.name, cmd.line)

    def _list_item(self, items: list, key: tuple, make: Callable[[], Any]) -> Any:
        """The item of ``items`` known by ``key``, appended from ``make()`` the first time
        (the lists keep the config's order; a config can hold thousands of map entries)."""
        item = self._listed.get(key)
        if item is None:
            item = self._listed[key] = make()
            items.append(item)
        return item

    def _named(self, table: dict[str, Any], cls: type, name: str, cmd: Command) -> Any:
        """``table[name]``, created from this command when it is the first to name it."""
        item = table.get(name)
        if item is None:
            item = table[name] = cls(name=name, source=self.src(cmd))
        return item

    def _first_word_field(self, t, cmd, obj, phys):
        setattr(obj, _FIRST_WORD_FIELDS[t.data], words_of(t)[0])

    on_if_nameif = on_ms_match_address = on_ms_connection_type = on_ms_phase1_mode = _first_word_field
    on_ez_mode = on_ez_xauth_userid_mode = on_tg_default_group_policy = on_tg_peer_id_validate = _first_word_field

    # -- top level ------------------------------------------------------------------

    def on_hostname(self, t, cmd, obj, phys):
        self.cfg.hostname = words_of(t)[0]

    def on_asa_version(self, t, cmd, obj, phys):
        self.cfg.version = words_of(t)[0]

    def on_ios_version(self, t, cmd, obj, phys):
        self.cfg.version = str(tokens(t, "VERSION")[0])

    def on_interface(self, t, cmd, obj, phys):
        name = words_of(t)[0]
        return self._list_item(self.cfg.interfaces, ("interface", name),
                               lambda: Interface(name=name, source=self.src(cmd)))

    def on_name(self, t, cmd, obj, phys):
        ip = tokens(t, "IP")[0]
        self.cfg.names[words_of(t)[0]] = str(ip)

    def on_access_list(self, t, cmd, obj, phys):
        acl = words_of(t)[0]
        body = t.children[-1]
        action = None
        if body.data == "acl_rule":
            action = next((c for c in body.children if isinstance(c, Keyword) and c in ("permit", "deny")), None)
        elif body.data == "acl_remark":
            action = "remark"
        text = cmd.text(phys, cmd.words[2]) if len(cmd.words) > 2 else ""  # after "access-list NAME"
        self.cfg.access_lists.setdefault(acl, []).append(
            AccessListEntry(acl=acl, text=text, action=action, source=self.src(cmd)))

    def on_ip_access_list(self, t, cmd, obj, phys):
        name = words_of(t)[0]
        self.cfg.access_lists.setdefault(name, [])
        return name

    def on_ip_local_pool(self, t, cmd, obj, phys):
        name = words_of(t)[0]
        rng = subtrees(t, "pool_range")[0]
        first = str(rng.children[0])
        if "-" in first:
            first, last = first.split("-", 1)
        else:
            last = str(rng.children[1]) if len(rng.children) > 1 and rng.children[1] is not None else first
        mask = tokens(t, "IP")
        self.cfg.pools[name] = LocalPool(name=name, first=first, last=last,
                                         mask=str(mask[0]) if mask else None, source=self.src(cmd))

    def on_username(self, t, cmd, obj, phys):
        user = self._named(self.cfg.users, User, words_of(t)[0], cmd)
        user.password = self.secret(cmd, t)
        for priv in subtrees(t, "user_priv"):
            user.privilege = small_int(priv.children[0])

    def on_username_nopassword(self, t, cmd, obj, phys):
        user = self._named(self.cfg.users, User, words_of(t)[0], cmd)
        for priv in subtrees(t, "user_priv"):
            user.privilege = small_int(priv.children[0])

    def on_username_attributes(self, t, cmd, obj, phys):
        return self._named(self.cfg.users, User, words_of(t)[0], cmd)

    def on_tunnel_group_type(self, t, cmd, obj, phys):
        name, kind = words_of(t)
        self._named(self.cfg.tunnel_groups, TunnelGroup, name, cmd).type = kind

    def on_tunnel_group_attributes(self, t, cmd, obj, phys):
        return self._named(self.cfg.tunnel_groups, TunnelGroup, words_of(t)[0], cmd)

    def on_group_policy(self, t, cmd, obj, phys):
        gp = self._named(self.cfg.group_policies, GroupPolicy, words_of(t)[0], cmd)
        gp.kind = find(t, Keyword)

    def on_group_policy_attributes(self, t, cmd, obj, phys):
        return self._named(self.cfg.group_policies, GroupPolicy, words_of(t)[0], cmd)

    # -- crypto, top level ----------------------------------------------------------

    def _ike_version(self, t) -> int:
        kw = find(t, Keyword)
        self.votes["8.3" if kw == "isakmp" else "8.4"] += 1
        return 2 if kw == "ikev2" else 1

    def on_ike_enable(self, t, cmd, obj, phys):
        version = self._ike_version(t)
        nameifs = self.cfg.ike_enabled.setdefault(version, [])
        nameif = words_of(t)[0]
        if nameif not in nameifs:
            nameifs.append(nameif)

    def on_ike_policy(self, t, cmd, obj, phys):
        version = self._ike_version(t)
        priority = small_int(words_of(t)[0])
        if priority is None:  # IOS named "crypto ikev2 policy NAME": not a proposal
            return None
        return self._list_item(self.cfg.policies, ("policy", priority, version),
                               lambda: Phase1Proposal(priority=priority, ike_version=version, source=self.src(cmd)))

    def on_am_disable(self, t, cmd, obj, phys):
        self._ike_version(t)
        self.cfg.am_disabled = True

    def on_crypto_other(self, t, cmd, obj, phys):
        kw = find(t, Keyword)
        if kw in ("ikev1", "ikev2"):
            self.votes["8.4"] += 1

    def on_isakmp_key(self, t, cmd, obj, phys):
        peer = subtrees(t, "isakmp_key_peer")[0]
        values = [str(c) for c in peer.children if c is not None]
        self.cfg.isakmp_keys.append(IsakmpKey(
            address=values[0], mask=values[1] if len(values) > 1 else None,
            key=self.secret(cmd, t), source=self.src(cmd)))

    def on_transform_set(self, t, cmd, obj, phys):
        v1 = find(t, Keyword) == "ikev1"
        self.votes["8.4" if v1 else "8.3"] += self.cfg.platform == "asa"
        name = words_of(t)[0]
        ts = TransformSet(name=name, ike_version=1, transforms=transforms(subtrees(t, "xform")),
                          source=self.src(cmd))
        mode = words_of(t)[1:]
        if mode:
            ts.mode = mode[0].lower()
        self.cfg.transform_sets[name] = ts
        return ts

    def on_transform_set_mode(self, t, cmd, obj, phys):
        name, mode = words_of(t)
        ts = self._named(self.cfg.transform_sets, TransformSet, name, cmd)
        ts.mode = mode.lower()
        return ts

    def on_ipsec_proposal(self, t, cmd, obj, phys):
        self.votes["8.4"] += 1
        name = words_of(t)[0]
        ts = self.cfg.transform_sets.get(name)
        if ts is None or ts.ike_version != 2:
            ts = self.cfg.transform_sets[name] = TransformSet(name=name, ike_version=2, source=self.src(cmd))
        return ts

    def on_ipsec_sa_lifetime(self, t, cmd, obj, phys):
        _set_lifetimes(t, self.cfg, "global_lifetime_seconds", "global_lifetime_kilobytes")

    def on_ezvpn(self, t, cmd, obj, phys):
        return self._named(self.cfg.ezvpn_clients, EzvpnClient, words_of(t)[0], cmd)

    def _map_entry(self, name: str, seq: Any, dynamic: bool, cmd: Command) -> CryptoMapEntry | None:
        number = small_int(seq)
        if number is None:
            return None
        return self._list_item(self.cfg.crypto_maps, ("map entry", name, number, dynamic),
                               lambda: CryptoMapEntry(map_name=name, seq=number, dynamic=dynamic, source=self.src(cmd)))

    def on_map_header(self, t, cmd, obj, phys):
        entry = self._map_entry(words_of(t)[0], tokens(t, "INT")[0], False, cmd)
        map_type = subtrees(t, "map_type")
        if entry is not None and map_type:
            kids = [str(c) if c is not None else None for c in map_type[0].children]
            if "dynamic" in kids and kids.index("dynamic") + 1 < len(kids):
                entry.dynamic_map = kids[kids.index("dynamic") + 1]
        return entry

    def on_dynamic_map_header(self, t, cmd, obj, phys):
        return self._map_entry(words_of(t)[0], tokens(t, "INT")[0], True, cmd)

    def on_map_entry(self, t, cmd, obj, phys, dynamic: bool = False):
        """ASA one-line "crypto map M N set ...": the entry, then its child command."""
        entry = self._map_entry(words_of(t)[0], tokens(t, "INT")[0], dynamic, cmd)
        sub = t.children[-1]
        if entry is not None:
            self.apply(str(sub.data), sub, cmd, entry, phys)

    def on_dynamic_map_entry(self, t, cmd, obj, phys):
        self.on_map_entry(t, cmd, obj, phys, dynamic=True)

    def on_map_interface(self, t, cmd, obj, phys):
        name, nameif = words_of(t)[:2]
        self.cfg.map_interfaces[name] = nameif

    # -- interface children ---------------------------------------------------------

    def on_if_ip_address(self, t, cmd, iface, phys):
        address, mask = (str(x) for x in tokens(t, "IP")[:2])
        iface.address, iface.mask = address, mask

    def on_if_ezvpn(self, t, cmd, iface, phys):
        iface.ezvpn = words_of(t)[0]
        iface.ezvpn_inside = find(t, Keyword) == "inside"

    def on_if_crypto_map(self, t, cmd, iface, phys):
        self.cfg.map_interfaces[words_of(t)[0]] = iface.nameif or iface.name

    # -- IKE policy children --------------------------------------------------------

    def on_p_authentication(self, t, cmd, policy, phys):
        if policy is not None:
            policy.authentication = words_of(t)[0].lower()

    def on_p_encryption(self, t, cmd, policy, phys):
        if policy is not None:
            policy.encryption = ike_encryptions(words_of(t))

    def on_p_hash(self, t, cmd, policy, phys):
        if policy is not None:
            policy.hash = tuple(w.lower() for w in words_of(t))

    on_p_integrity = on_p_hash

    def on_p_prf(self, t, cmd, policy, phys):
        if policy is not None:
            policy.prf = tuple(w.lower() for w in words_of(t))

    def on_p_group(self, t, cmd, policy, phys):
        if policy is not None:
            policy.group = tuple(g for g in (small_int(x) for x in tokens(t, "INT")) if g is not None)

    def on_p_lifetime(self, t, cmd, policy, phys):
        if policy is not None:
            policy.lifetime = small_int(tokens(t, "INT")[0])

    # -- IKEv2 ipsec-proposal / transform-set children ------------------------------

    def on_pp_encryption(self, t, cmd, ts, phys):
        ts.transforms = merged(ts.transforms, proposal_encryptions(words_of(t)))

    def on_pp_integrity(self, t, cmd, ts, phys):
        ts.transforms = merged(ts.transforms, proposal_integrities(words_of(t)))

    def on_ts_mode(self, t, cmd, ts, phys):
        ts.mode = words_of(t)[0].lower()

    # -- crypto map children (IOS block lines and ASA single-line "set ...") ---------

    def on_ms_peer(self, t, cmd, entry, phys):
        entry.peers = merged(entry.peers, [w for w in words_of(t) if w != "default"])

    def on_ms_transform_set(self, t, cmd, entry, phys):
        if self.cfg.platform == "asa":
            self.votes["8.4" if find(t, Keyword) == "ikev1" else "8.3"] += 1
        entry.transform_sets = merged(entry.transform_sets, words_of(t))

    def on_ms_ipsec_proposal(self, t, cmd, entry, phys):
        self.votes["8.4"] += 1
        entry.ikev2_proposals = merged(entry.ikev2_proposals, words_of(t))

    def on_ms_pfs(self, t, cmd, entry, phys):
        group = words_of(t)
        entry.pfs = group[0].lower() if group else DEFAULT_PFS[self.cfg.platform]

    def on_ms_reverse_route(self, t, cmd, entry, phys):
        entry.reverse_route = True

    def on_ms_lifetime(self, t, cmd, entry, phys):
        _set_lifetimes(t, entry, "lifetime_seconds", "lifetime_kilobytes")

    def on_ms_nat_t_disable(self, t, cmd, entry, phys):
        entry.nat_t_disable = True

    # -- EZVPN client children ------------------------------------------------------

    def on_ez_connect(self, t, cmd, client, phys):
        kids = [str(c) for c in subtrees(t, "ezvpn_connect")[0].children if c is not None]
        client.connect = " ".join(kids)

    def on_ez_group(self, t, cmd, client, phys):
        client.group = words_of(t)[0]
        client.group_key = self.secret(cmd, t)

    def on_ez_peer(self, t, cmd, client, phys):
        client.peers = merged(client.peers, words_of(t)[:1])

    def on_ez_username(self, t, cmd, client, phys):
        client.username = words_of(t)[0]
        client.password = self.secret(cmd, t)

    # -- tunnel-group children ------------------------------------------------------

    def on_tg_address_pool(self, t, cmd, tg, phys):
        tg.address_pools = merged(tg.address_pools, words_of(t))

    def on_tg_authentication_server_group(self, t, cmd, tg, phys):
        tg.authentication_server_group = " ".join(words_of(t))

    def _tunnel_group_key(self, t, cmd, tg, phys):
        syntax, field = _TUNNEL_GROUP_KEYS[t.data]
        self.votes[syntax] += 1
        setattr(tg, field, self.secret(cmd, t))

    on_tg_pre_shared_key = on_tg_ikev1_pre_shared_key = _tunnel_group_key
    on_tg_ikev2_local_key = on_tg_ikev2_remote_key = _tunnel_group_key

    def on_tg_isakmp_keepalive(self, t, cmd, tg, phys):
        tg.isakmp_keepalive = cmd.text_from(find(t, Rest).tokens[0], phys)

    def on_tg_user_authentication(self, t, cmd, tg, phys):
        tg.user_authentication = cmd.text_from(find(t, Rest).tokens[0], phys)

    # -- attributes, ACL lines ------------------------------------------------------

    def on_attribute(self, t, cmd, owner, phys):
        key = words_of(t)[0]
        rest = find(t, Rest)
        if isinstance(owner, (GroupPolicy, User)):
            owner.attributes[key] = cmd.text_from(rest.tokens[0], phys) if rest else ""

    def on_acl_line(self, t, cmd, acl, phys, action: str | None = None):
        if isinstance(acl, str):
            action = action or next((c for c in t.children if isinstance(c, Keyword)), None)
            self.cfg.access_lists.setdefault(acl, []).append(AccessListEntry(
                acl=acl, text=cmd.text(phys), action=action, source=self.src(cmd)))

    def on_acl_remark(self, t, cmd, acl, phys):
        self.on_acl_line(t, cmd, acl, phys, action="remark")
