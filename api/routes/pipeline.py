"""The diagnosis pipeline as the service runs it: decode, diagnose, redact what leaves.

Engines are built once per worker thread (experta engines are not thread-safe) and reused.
Every text that came from an input and goes back out (evidence, unrecognized lines,
remediation lines) is passed through the grammar's redactor, and so is every stored input,
whatever its kind: defense in depth on top of the engine's own "no secrets" contract.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from api.problems import ProblemError
from api.store.cases import NamedText
from engine.diagnose import RulePackEngine
from engine.diagnose import diagnose as diagnose_inputs
from engine.pack import RulePack
from engine.report import Diagnosis, Report
from grammar.inputs import InputText, UnusableInput
from grammar.redact import redact_config


def decode_input(name: str, data: bytes, *, max_bytes: int) -> InputText:
    """One submitted input as text; 422 problem when it cannot be analysed at all."""
    try:
        return InputText.from_bytes(name, data, max_bytes=max_bytes)
    except UnusableInput as exc:
        raise ProblemError(422, str(exc), slug="unusable-input") from exc


class DiagnosisPipeline:
    def __init__(self, pack: RulePack | None, salt: bytes) -> None:
        self._pack = pack
        self._salt = salt
        self._local = threading.local()

    def _engine(self) -> RulePackEngine:
        engine = getattr(self._local, "engine", None)
        if engine is None:
            engine = self._local.engine = RulePackEngine(self._pack)
        return engine

    def diagnose(self, inputs: Sequence[InputText], *, explain: bool = False) -> Report:
        """The scrubbed report; 422 problem for input the engine finds unusable."""
        try:
            report = diagnose_inputs(list(inputs), engine=self._engine(), explain=explain, salt=self._salt)
        except UnusableInput as exc:
            raise ProblemError(422, str(exc), slug="unusable-input") from exc
        self.scrub(report)
        return report

    def redact(self, item: InputText) -> NamedText:
        return NamedText(item.name, self._redact_text(item.name, item.text))

    def _redact_text(self, name: str, text: str) -> str:
        return redact_config(name, text, salt=self._salt)

    def scrub(self, report: Report) -> None:
        """Redact, in place, every report text that quotes an input or config lines."""
        for summary in report.inputs:
            for line in summary.unrecognized:
                line.text = self._redact_text(summary.name, line.text)
        for diagnosis in report.all_diagnoses():
            self._scrub_diagnosis(diagnosis)

    def _scrub_diagnosis(self, diagnosis: Diagnosis) -> None:
        for evidence in diagnosis.evidence:
            evidence.text = self._redact_text(evidence.input, evidence.text)
        for remedy in diagnosis.remediation:
            if remedy.lines:
                remedy.lines = self._redact_text(f"remediation-{remedy.target}", "\n".join(remedy.lines)).split("\n")
