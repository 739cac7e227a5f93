"""experta fact types: compact, semantic, a few dozen per session at most.

Log lines are aggregated before they become facts: one ``Observed`` per
(event kind, negotiation stage), never one fact per line (experta costs ~1 ms per
fact with a full rule pack).
"""

from __future__ import annotations

from experta import Fact

# Where in the negotiation an observation happened.
PRE_PHASE1 = "pre_phase1"  # before phase 1 authenticated (PHASE 1 COMPLETED or an encrypted exchange)
PHASE2 = "phase2"  # after phase 1, before PHASE 2 COMPLETED
POST_PHASE2 = "post_phase2"  # after PHASE 2 COMPLETED


class Session(Fact):
    """One IKE negotiation with one peer.

    Keys: peer, ike_version, exchange (main|aggressive|ikev2|None), role
    (initiator|responder|None), outcome, tunnel_group, username, phase1_done,
    phase2_done, reached (tuple of milestones), last_milestone.
    """


class Observed(Fact):
    """Events of one kind seen in one stage of a session.

    Keys: kind, stage (PRE_PHASE1 | PHASE2 | POST_PHASE2), count, refs (event
    indices for evidence), plus the first event's scalar fields (e.g. tunnel_group,
    proposed, kept, direction, payloads as a "+"-joined string).
    """


class Retransmission(Fact):
    """Our own message resent with no answer. Keys: exchange_step (MM1, MM3, AM1...),
    payloads, count, refs."""


class SaState(Fact):
    """State of the IKE SA from ``show crypto isakmp sa``. Keys: state, role, refs."""


class ConfigContext(Fact):
    """What the configs say about this session (derived, not one fact per object).

    Keys: local_config (bool), peer_config (bool), local_syntax ("8.3"|"8.4"|"ios"|None),
    tunnel_group_configured (the group named in the log exists), specific_group_for_peer
    (name of a non-default tunnel-group meant for this peer, or None), peer_group
    (group the EZVPN client sends), policy_matches_peer (True/False/None when unknown),
    peer_is_ezvpn (bool), psk_match (True/False when both configs hold comparable keys for
    each other, None otherwise).
    """
