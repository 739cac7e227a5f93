"""Example cases: load ``<case>/expected.toml`` and its inputs, and check a report against it.

One implementation for pytest (``tests/test_cases.py``) and ``ipsec-doctor rules test``.
A case is a directory of input files (any names; ``*.md`` and dot-files are notes, not
inputs) plus ``expected.toml`` (format: ``cases/README.md``). ``check_case`` returns every
expectation the report does not meet, each naming the signature it concerns, if any.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.report import Diagnosis, Report, SessionReport
from grammar.inputs import InputText, UnusableInput

BUILTIN_CASES_DIR = Path(__file__).resolve().parent.parent / "cases"
EXPECTED = "expected.toml"
SESSION_FIELDS = ("outcome", "exchange", "role", "tunnel_group", "username")


@dataclass
class Case:
    name: str
    directory: Path
    expected: dict[str, Any]
    inputs: list[InputText]

    def sessions(self) -> list[dict[str, Any]]:
        return list(self.expected.get("session", []))

    def fires(self) -> set[str]:
        """Signature ids this case expects to be reported."""
        return {signature for session in self.sessions() for signature in session.get("present", [])}

    def lookalikes(self) -> set[str]:
        """Signature ids this case is a look-alike for: they must not be reported."""
        return {signature for session in self.sessions() for signature in session.get("absent", [])}


@dataclass(frozen=True)
class Mismatch:
    """One expectation of a case that the report does not meet."""

    expectation: str  # e.g. "session 192.0.2.1: present psk_mismatch"
    reason: str
    signature: str | None = None  # the signature id the expectation is about, if any

    def __str__(self) -> str:
        return f"{self.expectation}: {self.reason}"


def load_case(directory: Path) -> Case:
    expected = tomllib.loads((directory / EXPECTED).read_text(encoding="utf-8"))
    inputs = [InputText(path.name, path.read_text(encoding="utf-8"))
              for path in sorted(directory.iterdir())
              if path.is_file() and path.name != EXPECTED and not path.name.startswith(".")
              and path.suffix.lower() != ".md"]
    return Case(directory.name, directory, expected, inputs)


def case_dirs(root: Path = BUILTIN_CASES_DIR) -> list[Path]:
    """The case directories directly under ``root`` (none when ``root`` does not exist)."""
    if not root.is_dir():
        return []
    return sorted(path for path in root.iterdir() if (path / EXPECTED).is_file())


def run_case(case: Case, diagnose: Callable[[list[InputText]], Report]) -> list[Mismatch]:
    """Diagnose the case's inputs as given and check the report."""
    if not case.inputs:
        return [Mismatch("inputs", "no input files: add the debug/syslog, show output or configs "
                                   f"next to {EXPECTED}")]
    try:
        report = diagnose(case.inputs)
    except UnusableInput as exc:
        return [Mismatch("inputs", f"unusable input: {exc}")]
    return check_case(case, report)


def check_case(case: Case, report: Report) -> list[Mismatch]:
    expected = case.expected
    mismatches: list[Mismatch] = []
    if "min_recognized" in expected:
        for summary in report.inputs:
            ratio = summary.recognized / max(summary.lines, 1)
            if summary.kind == "debug" and ratio < expected["min_recognized"]:
                examples = [line.text for line in summary.unrecognized[:5]]
                mismatches.append(Mismatch(f"min_recognized {expected['min_recognized']}",
                                           f"{summary.name} recognised {ratio:.3f}; unrecognised: {examples}"))
    if expected.get("no_errors"):
        errors = sorted(d.id for d in report.all_diagnoses() if d.severity == "error")
        if errors:
            mismatches.append(Mismatch("no_errors", f"errors reported: {errors}"))
    for wanted in case.sessions():
        mismatches += _check_session(report, wanted)
    return mismatches


def _check_session(report: Report, wanted: dict[str, Any]) -> list[Mismatch]:
    peer, index = wanted.get("peer"), wanted.get("index", 0)
    if peer is None:
        return [Mismatch("[[session]]", f"no peer = \"...\" in {sorted(wanted)}")]
    label = f"session {peer}" + (f" #{index}" if index else "")
    sessions = [s for s in report.sessions if s.peer == peer]
    if len(sessions) <= index:
        return [Mismatch(label, f"no such session; sessions: {[s.peer for s in report.sessions]}")]
    session = sessions[index]
    ids = {d.id: d for d in session.diagnoses}
    out: list[Mismatch] = []

    def expect(what: str, ok: bool, reason: str, signature: str | None = None) -> None:
        if not ok:
            out.append(Mismatch(f"{label}: {what}", reason, signature))

    for key in SESSION_FIELDS:
        if key in wanted:
            expect(f"{key} = {wanted[key]!r}", getattr(session, key) == wanted[key], f"got {getattr(session, key)!r}")
    if "reached" in wanted:
        expect(f"reached = {wanted['reached']}", session.reached == wanted["reached"], f"got {session.reached}")
    for signature in wanted.get("present", []):
        reported = ids.get(signature)
        expect(f"present {signature}", reported is not None, f"not reported; got {sorted(ids)}", signature)
        if reported is not None:
            expect(f"present {signature}", bool(reported.evidence), "reported without evidence", signature)
    for signature in wanted.get("absent", []):
        expect(f"absent {signature}", signature not in ids,
               f"reported: {ids[signature].explanation if signature in ids else ''}", signature)
    for signature, severity in wanted.get("severity", {}).items():
        expect(f"severity {signature} = {severity!r}", _severity(ids.get(signature)) == severity,
               f"got {_severity(ids.get(signature))!r}", signature)
    for signature, snippets in wanted.get("remediation_contains", {}).items():
        lines = _remediation_lines(ids.get(signature))
        for snippet in snippets:
            expect(f"remediation of {signature} contains {snippet!r}", snippet in lines,
                   f"remediation lines:\n{lines}" if lines else "no remediation lines", signature)
    if "client" in wanted:
        out += _check_client(label, session, wanted["client"])
    return out


def _severity(diagnosis: Diagnosis | None) -> str | None:
    return diagnosis.severity if diagnosis is not None else None


def _remediation_lines(diagnosis: Diagnosis | None) -> str:
    if diagnosis is None:
        return ""
    return "\n".join(line for fix in diagnosis.remediation for line in fix.lines)


def _check_client(label: str, session: SessionReport, wanted: dict[str, str]) -> list[Mismatch]:
    if session.client is None:
        return [Mismatch(f"{label}: client", "no client identity reported")]
    return [Mismatch(f"{label}: client {key} = {value!r}", f"got {getattr(session.client, key)!r}")
            for key, value in wanted.items() if getattr(session.client, key) != value]
