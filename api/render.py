"""Render a Report as readable terminal text (rich) or markdown (chat, tickets)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from engine.report import Diagnosis, Report, SessionReport

_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
_OUTCOME_STYLE = {"established": "bold green", "phase1_failed": "bold red", "phase2_failed": "bold red",
                  "incomplete": "yellow", "not_started": "dim"}


def headline(session: SessionReport) -> str:
    parts = [f"{session.peer}", session.outcome.replace("_", " ")]
    details = [d for d in (session.exchange and f"{session.exchange} mode", session.role,
                           session.tunnel_group and f"group {session.tunnel_group}",
                           session.username and f"user {session.username}") if d]
    if details:
        parts.append("(" + ", ".join(details) + ")")
    return " — ".join(parts[:2]) + (" " + parts[2] if len(parts) > 2 else "")


def _input_line(summary) -> str:
    line = f"{summary.name}: {summary.kind}, {summary.recognized}/{summary.lines} lines recognised"
    if summary.unrecognized_count:
        line += f", {summary.unrecognized_count} not recognised"
    return line


# --- terminal text ---------------------------------------------------------------

def _diagnosis_panel(diagnosis: Diagnosis, explain: bool) -> Panel:
    body: list = [Text(diagnosis.explanation)]
    if diagnosis.evidence:
        body.append(Text("\nEvidence", style="bold"))
        for evidence in diagnosis.evidence[:8]:
            body.append(Text(f"  {evidence.input}:{evidence.line}  ", style="dim") + Text(evidence.text[:200]))
    for fix in diagnosis.remediation:
        body.append(Text(f"\nFix on {fix.target}" + (f" — {fix.note}" if fix.note else ""), style="bold"))
        body.append(Syntax("\n".join(fix.lines), "text", theme="ansi_dark", background_color="default"))
    if explain and diagnosis.trace:
        body.append(Text("\nWhy it fired", style="bold"))
        body.append(Text(f"  rule {diagnosis.trace['rule']} ({diagnosis.trace['module']}, pack "
                         f"{diagnosis.trace['pack']})"))
        for name, fact in diagnosis.trace["facts"].items():
            shown = {k: v for k, v in fact.items() if k not in ("refs",)}
            body.append(Text(f"  {name}: {shown}", style="dim"))
    title = Text(f"{diagnosis.severity.upper()} ", style=_SEVERITY_STYLE[diagnosis.severity]) + \
        Text(f"{diagnosis.id}: {diagnosis.title}", style="bold")
    return Panel(Group(*body), title=title, title_align="left", expand=True)


def render_text(report: Report, console: Console, *, explain: bool = False) -> None:
    for summary in report.inputs:
        console.print(Text(_input_line(summary), style="dim"))
        for item in summary.unrecognized[:3]:
            console.print(Text(f"    line {item.line}: {item.text[:120]}", style="dim"))
    if not report.sessions:
        console.print(Text("\nNo IKE session found in the inputs.", style="yellow"))
    for session in report.sessions:
        console.print()
        table = Table.grid(padding=(0, 1))
        table.add_row(Text(session.peer, style="bold"),
                      Text(session.outcome.replace("_", " "), style=_OUTCOME_STYLE.get(session.outcome, "")))
        facts = [("reached", " ".join(session.reached) or "—"), ("exchange", session.exchange),
                 ("role", session.role), ("tunnel-group", session.tunnel_group), ("user", session.username),
                 ("assigned", session.assigned_address)]
        if session.client:
            client = session.client
            facts.append(("client", ", ".join(v for v in (client.hostname, client.model, client.serial,
                                                          client.version, client.image) if v)))
        for key, value in facts:
            if value:
                table.add_row(Text(key, style="dim"), Text(str(value)))
        console.print(table)
        for diagnosis in session.diagnoses:
            console.print(_diagnosis_panel(diagnosis, explain))
        if explain and session.near_misses:
            console.print(Text("Rules that did not fire", style="bold"))
            for miss in session.near_misses:
                console.print(Text(f"  {_near_miss_line(miss)}", style="dim"))
    for diagnosis in report.findings:
        console.print(_diagnosis_panel(diagnosis, explain))


def _near_miss_line(miss: dict) -> str:
    if miss["declined"]:
        return f"{miss['rule']}: all patterns matched, the rule body declined"
    return (f"{miss['rule']}: {miss['matched']} of {miss['of']} patterns matched; missing "
            + "; ".join(miss["missing"]))


# --- markdown ---------------------------------------------------------------------

def _code_safe(text: str) -> str:
    return text.replace("`", "'")


def _diagnosis_markdown(diagnosis: Diagnosis, explain: bool) -> list[str]:
    out = [f"**{diagnosis.severity.upper()} `{diagnosis.id}`** — {diagnosis.title}", "", diagnosis.explanation, ""]
    if diagnosis.evidence:
        out.append("Evidence:")
        out += [f"- `{e.input}:{e.line}` `{_code_safe(e.text[:200])}`" for e in diagnosis.evidence[:8]]
        out.append("")
    for fix in diagnosis.remediation:
        out.append(f"Fix on **{fix.target}**" + (f" — {fix.note}" if fix.note else "") + ":")
        out += ["```", *fix.lines, "```", ""]
    if explain and diagnosis.trace:
        out.append(f"_Fired: rule `{diagnosis.trace['rule']}` on facts "
                   + ", ".join(f"`{name}`" for name in diagnosis.trace["facts"]) + "_")
        out.append("")
    return out


def render_markdown(report: Report, *, explain: bool = False) -> str:
    out = ["# ipsec-doctor diagnosis", ""]
    for session in report.sessions:
        out.append(f"## {session.peer}: {session.outcome.replace('_', ' ')}")
        out.append("")
        out.append(f"Reached: {' '.join(session.reached) or '—'}"
                   + (f" · tunnel-group `{session.tunnel_group}`" if session.tunnel_group else "")
                   + (f" · user `{session.username}`" if session.username else ""))
        if session.client and session.client.hostname:
            out.append(f"Client: {session.client.hostname} ({session.client.model or '?'}, "
                       f"{session.client.version or '?'})")
        out.append("")
        for diagnosis in session.diagnoses:
            out += _diagnosis_markdown(diagnosis, explain)
        if explain and session.near_misses:
            out += ["Rules that did not fire:"] + [f"- `{_near_miss_line(m)}`" for m in session.near_misses] + [""]
    if report.findings:
        out += ["## Config findings", ""]
        for diagnosis in report.findings:
            out += _diagnosis_markdown(diagnosis, explain)
    out += ["## Inputs", ""] + [f"- {_input_line(summary)}" for summary in report.inputs]
    return "\n".join(out) + "\n"
