"""No IKE policy matches what the peer offers (IKEv1 main or aggressive mode).

## What it detects
The ASA answers the peer's first message (MM1 or AM1) with ``All SA proposals found
unacceptable``: none of its ``crypto isakmp|ikev1 policy`` entries has the same
encryption, hash, Diffie-Hellman group and authentication as any proposal the peer sent.

## Why it matters
Phase 1 never starts; nothing after it (keys, XAUTH, quick mode) is tried. The peer
usually only sees its first message go unanswered or a NO_PROPOSAL_CHOSEN notify.

## Example
``[IKEv1 DEBUG]: Group = 206.54.167.110, IP = 206.54.167.110, All SA proposals found unacceptable``

## Fix
Add a policy equal to one of the peer's offers (from the peer's config when given;
an IOS EZVPN client offers every encryption/hash pair with pre-share and DH group 2
in aggressive mode), e.g. ``crypto ikev1 policy 20`` / `` authentication pre-share`` /
`` encryption aes-256`` / `` hash sha`` / `` group 2`` / `` lifetime 86400``
(``crypto isakmp policy 20`` on ASA 8.3 and earlier).
"""

from experta import AS

from engine.facts import Observed, Session
from engine.knowledge import RuleContext
from engine.pack import Finding, Signature, signature_rule
from rules._remedy import (
    EZVPN_CLIENT_GROUP,
    EZVPN_CLIENT_OFFERS,
    Proposal,
    free_policy_priority,
    ike_keyword,
    phase1_policy_lines,
    policy_matches,
    remediation,
)

SIGNATURE = Signature(
    id="ike_policy_mismatch",
    title="No IKE policy matches the peer's phase 1 proposals",
    severity="error",
    phase="P1 (MM1-2, AM1, IKE_SA_INIT)",
    kind="failure",
    platforms=("asa", "ios"),
    references=("https://www.cisco.com/c/en/us/support/docs/security/asa-5500-x-series-next-generation-firewalls/113595-asa-ikev1-aggressive-mode-psk.html",),
)


ASA_IKEV1_HASHES = ("sha", "md5")


def asa_can_offer(local, offer: Proposal) -> bool:
    return local is None or local.platform != "asa" or offer.hash in ASA_IKEV1_HASHES


def peer_offers(context: RuleContext) -> tuple[list[Proposal], str]:
    """What the peer proposes, and where we learned it."""
    peer = context.peer
    if peer is None:
        return [], ""
    if peer.ezvpn_clients:
        return [Proposal(enc, hsh, EZVPN_CLIENT_GROUP) for enc, hsh in EZVPN_CLIENT_OFFERS], \
            "the IOS EZVPN client's built-in aggressive-mode proposals (DH group 2)"
    offers = [
        Proposal(enc, hsh, group, policy.authentication or "pre-share", policy.lifetime or 86400)
        for policy in sorted(peer.policies, key=lambda p: p.priority)
        for enc in (policy.encryption or ("3des",))
        for hsh in (policy.hash or ("sha",))
        for group in (policy.group or (2,))
    ]
    return offers, f"the peer's policies in {peer.name}"


@signature_rule(SIGNATURE, AS.session << Session(phase1_done=False),
                AS.rejected << Observed(kind="ike_proposals_unacceptable"))
def no_policy_matches(context: RuleContext, session, rejected):
    local = context.local
    offers, origin = peer_offers(context)
    local_policies = sorted(local.policies, key=lambda p: p.priority) if local else []
    described = "; ".join(
        f"{ike_keyword(local)} policy {p.priority}: {'/'.join(p.encryption) or 'default'} "
        f"{'/'.join(p.hash) or 'default'} group {'/'.join(map(str, p.group)) or 'default'} "
        f"{p.authentication or 'pre-share'}" for p in local_policies) or "no policy found in the config given"
    explanation = (f"{session['peer']} sent its phase 1 proposals ({session['exchange'] or 'IKEv1'} mode) and "
                   f"this side found none acceptable. Its policies: {described}.")
    fixes = []
    unmatched = [offer for offer in offers if not any(policy_matches(p, offer) for p in local_policies)]
    if offers and len(unmatched) < len(offers):
        explanation += " A policy already matches one of the peer's offers: check the peer really sends it."
    elif offers:
        supported = [offer for offer in offers if asa_can_offer(local, offer)]
        if supported:
            best = supported[0]
            priority = free_policy_priority(local)
            explanation += f" Peer offers per {origin}; adding a policy equal to its first usable offer fixes it."
            fixes.append(remediation("asa" if local is None or local.platform == "asa" else "peer",
                                     phase1_policy_lines(local, best, priority),
                                     f"matches {best.encryption}/{best.hash}/group {best.group} offered by the peer"))
        else:
            # ASA IKEv1 policies hash only with sha or md5: the peer must offer one of them.
            wanted = Proposal(offers[0].encryption, "sha", offers[0].group, offers[0].authentication)
            explanation += (f" Every peer offer hashes with {offers[0].hash}, which an ASA IKEv1 policy cannot use "
                            "(sha or md5 only): the peer needs a policy with hash sha.")
            fixes.append(remediation("peer", phase1_policy_lines(context.peer, wanted,
                                                                 free_policy_priority(context.peer)),
                                     "an IKEv1 policy this ASA can match"))
    else:
        priority = free_policy_priority(local)
        fixes.append(remediation("asa", [
            f"crypto {ike_keyword(local)} policy {priority}", " authentication pre-share",
            " encryption <peer's encryption>", " hash <peer's hash>", " group <peer's DH group>",
            " lifetime 86400"], "give the peer's config to compute the exact values"))
    return Finding(explanation=explanation, evidence=[rejected], remediation=fixes)
