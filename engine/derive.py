"""Session state + configs → the compact facts the rule pack matches on."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from engine.facts import PHASE2, POST_PHASE2, PRE_PHASE1, ConfigContext, Observed, Retransmission, SaState, Session
from engine.sessions import SessionState, phase1_step
from grammar.config_model import DeviceConfig
from grammar.events import Event

# Event kinds too common or too low-level to be facts on their own.
_NOT_FACTS = frozenset({"generic", "ipsec_rule", "ipsec_engine", "ipsec_vpn_context", "hexdump"})
DEFAULT_GROUPS = ("DefaultRAGroup", "DefaultL2LGroup")


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "+".join(str(v) for v in value)
    if isinstance(value, dict):
        return None  # nested structures stay in the event; rules read them via refs
    if isinstance(value, bytes):
        return None
    return value


def session_facts(session: SessionState, events: list[Event],
                  observed_kinds: frozenset[str] | None = None) -> list[Any]:
    """``events`` is the session's event list; refs are indices into it. ``Observed``
    facts are made only for ``observed_kinds`` (None = every kind)."""
    facts: list[Any] = [Session(
        peer=session.peer, ike_version=session.ike_version, exchange=session.exchange,
        role=session.role, outcome=session.outcome, tunnel_group=session.tunnel_group,
        username=session.username, phase1_done=session.phase1_done, phase2_done=session.phase2_done,
        reached=tuple(session.ordered_reached()),
        last_milestone=(session.ordered_reached() or [None])[-1],
    )]
    observed: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
    resent: OrderedDict[str, dict[str, Any]] = OrderedDict()
    # Stage of each event. An exchange with a non-zero message id (XAUTH, mode-config,
    # informational) is encrypted with phase-1 keys: the peers authenticated each other
    # already, even when the log has no "PHASE 1 COMPLETED" (it starts later, or the
    # ASA logs it after mode-config).
    phase1_done = phase2_done = False
    for index, event in enumerate(events):
        kind = event.kind
        if kind == "phase1_completed" or (kind == "ike_decode" and event.fields["msgid"] != "0"):
            phase1_done = True
        stage = POST_PHASE2 if phase2_done else (PHASE2 if phase1_done else PRE_PHASE1)
        if kind == "phase2_completed":
            phase2_done = True
        if kind in _NOT_FACTS:
            continue
        if kind == "show_ike_sa":
            facts.append(SaState(state=event.fields["state"], role=event.fields["role"], refs=(index,)))
            continue
        if kind == "ike_decode" and event.fields.get("direction") == "RESENDING":
            step = phase1_step(session, "RESENDING", event.fields["payloads"]) if event.fields["msgid"] == "0" else "QM"
            entry = resent.setdefault(step or "unknown", {"count": 0, "refs": [],
                                                          "payloads": _scalar(event.fields["payloads"])})
            entry["count"] += 1
            entry["refs"].append(index)
        if observed_kinds is not None and kind not in observed_kinds:
            continue
        key = (kind, stage)
        entry = observed.get(key)
        if entry is None:
            entry = {key: _scalar(value) for key, value in event.fields.items() if _scalar(value) is not None}
            entry.update(kind=kind, stage=stage, count=0, refs=[])
            observed[key] = entry
        entry["count"] += 1
        entry["refs"].append(index)
    for entry in observed.values():
        entry["refs"] = tuple(entry["refs"][:10])
        facts.append(Observed(**entry))
    for step, entry in resent.items():
        facts.append(Retransmission(exchange_step=step, count=entry["count"], payloads=entry["payloads"],
                                    refs=tuple(entry["refs"][:10])))
    return facts


def config_context(session: SessionState, local: DeviceConfig | None, peer: DeviceConfig | None) -> ConfigContext:
    group = session.tunnel_group
    specific = None
    configured = None
    if local is not None:
        configured = group in local.tunnel_groups if group else None
        specific = specific_group_for(session, local, peer)
    ezvpn = next(iter(peer.ezvpn_clients.values()), None) if peer is not None else None
    keys = compare_keys(session, local, peer)
    return ConfigContext(
        psk_match=keys,
        local_config=local is not None, peer_config=peer is not None,
        local_syntax=local.syntax if local is not None else None,
        tunnel_group_configured=configured,
        specific_group_for_peer=specific,
        peer_group=ezvpn.group if ezvpn else None,
        peer_is_ezvpn=ezvpn is not None,
    )


def compare_keys(session: SessionState, local: DeviceConfig | None, peer: DeviceConfig | None) -> bool | None:
    """Do the two configs hold the same pre-shared key for each other?

    True/False from salted fingerprints; None when a config is missing or a key is
    masked (``*****``), encrypted or absent.
    """
    if local is None or peer is None:
        return None
    ours = None
    group = session.tunnel_group
    if group and group in local.tunnel_groups:
        ours = local.tunnel_groups[group].pre_shared_key
    if ours is None:
        ours = local.key_for_peer(session.peer)
    theirs = None
    for client in peer.ezvpn_clients.values():
        if client.group_key is not None:
            theirs = client.group_key
            if client.group and client.group in local.tunnel_groups:
                ours = local.tunnel_groups[client.group].pre_shared_key or ours
    address = local.crypto_address()
    if theirs is None and address:
        theirs = peer.key_for_peer(address)
    if ours is None or theirs is None:
        return None
    return ours.same_as(theirs)


def specific_group_for(session: SessionState, local: DeviceConfig, peer: DeviceConfig | None) -> str | None:
    """The non-default tunnel-group this peer was presumably meant to land on."""
    if peer is not None:
        for client in peer.ezvpn_clients.values():
            if client.group and client.group in local.tunnel_groups:
                return client.group
    return next((name for name in local.tunnel_groups
                 if name not in DEFAULT_GROUPS and local.resolve(name) == session.peer), None)
