"""The chat-agnostic summary of a diagnosis: a headline per peer, the top diagnoses, their
fix lines and a link to the stored case. Platform adapters only format it.

It reads the diagnosis JSON contract (a fresh report or a stored case alike) and never
carries evidence or input text: chat gets conclusions and fixes, not the paste.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
TOP_DIAGNOSES = 3
MAX_FIX_LINES = 20


@dataclass(frozen=True)
class Fix:
    target: str  # asa | peer
    lines: list[str]
    note: str


@dataclass(frozen=True)
class Finding:
    id: str
    severity: str
    title: str
    fixes: list[Fix]


@dataclass(frozen=True)
class PeerSummary:
    peer: str
    outcome: str
    headline: str
    top: list[Finding]
    more: int  # diagnoses not shown


@dataclass(frozen=True)
class Summary:
    peers: list[PeerSummary]
    findings: list[Finding]  # config-only diagnoses
    more_findings: int
    case_id: str | None
    case_url: str | None

    @property
    def headline(self) -> str:
        if not self.peers:
            return "No IKE negotiation found in the input."
        return "; ".join(p.headline for p in self.peers)


def _ranked(diagnoses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(diagnoses, key=lambda d: (SEVERITY_RANK.get(d["severity"], 3), -d.get("confidence", 0.0)))


def _finding(diagnosis: dict[str, Any]) -> Finding:
    fixes = [
        Fix(r["target"], list(r["lines"])[:MAX_FIX_LINES], r.get("note", ""))
        for r in diagnosis.get("remediation", [])
        if r.get("lines") or r.get("note")
    ]
    return Finding(diagnosis["id"], diagnosis["severity"], diagnosis["title"], fixes)


def _headline(session: dict[str, Any]) -> str:
    outcome = session["outcome"].replace("_", " ")
    reached = session.get("reached") or []
    parts = [f"{session['peer']}: {outcome}"]
    if reached:
        parts.append(f"reached {reached[-1]}")
    if session.get("tunnel_group"):
        parts.append(f"tunnel-group {session['tunnel_group']}")
    return ", ".join(parts)


def summarize(
    report: dict[str, Any], *, case_id: str | None, case_url: str | None, top: int = TOP_DIAGNOSES
) -> Summary:
    peers = []
    for session in report.get("sessions", []):
        ranked = _ranked(session.get("diagnoses", []))
        peers.append(
            PeerSummary(
                peer=session["peer"],
                outcome=session["outcome"],
                headline=_headline(session),
                top=[_finding(d) for d in ranked[:top]],
                more=max(0, len(ranked) - top),
            )
        )
    findings = _ranked(report.get("findings", []))
    return Summary(
        peers=peers,
        findings=[_finding(d) for d in findings[:top]],
        more_findings=max(0, len(findings) - top),
        case_id=case_id,
        case_url=case_url,
    )


def _markdown_finding(finding: Finding) -> list[str]:
    out = [f"- **{finding.severity}** {finding.title} (`{finding.id}`)"]
    for fix in finding.fixes:
        label = f"  Fix on {fix.target}" + (f": {fix.note}" if fix.note else "")
        out.append(label)
        if fix.lines:
            out.extend(["  ```", *(f"  {line}" for line in fix.lines), "  ```"])
    return out


def render_markdown(summary: Summary) -> str:
    """Plain Markdown (Mattermost, Teams)."""
    out = []
    if summary.case_id:
        case = f"[{summary.case_id}]({summary.case_url})" if summary.case_url else f"`{summary.case_id}`"
        out.append(f"**ipsec-doctor** case {case}")
    else:
        out.append("**ipsec-doctor**")
    if not summary.peers:
        out.append(summary.headline)
    for peer in summary.peers:
        out.append(f"**{peer.headline}**")
        for finding in peer.top:
            out.extend(_markdown_finding(finding))
        if peer.more:
            out.append(f"- … {peer.more} more in the case")
    if summary.findings:
        out.append("**Configuration findings**")
        for finding in summary.findings:
            out.extend(_markdown_finding(finding))
        if summary.more_findings:
            out.append(f"- … {summary.more_findings} more in the case")
    return "\n".join(out)
