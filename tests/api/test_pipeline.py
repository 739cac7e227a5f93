"""The pipeline's own redaction pass over a report (defense in depth behind the engine)."""

from __future__ import annotations

from api.routes.pipeline import DiagnosisPipeline
from engine.report import Diagnosis, Evidence, InputSummary, Remediation, Report, SessionReport, UnrecognizedLine
from grammar.inputs import InputText

SALT = b"test salt"


def test_scrub_redacts_evidence_remediation_and_unrecognized_lines() -> None:
    finding = Diagnosis(
        id="psk_mismatch",
        severity="error",
        title="Pre-shared keys differ",
        explanation="The keys differ.",
        evidence=[Evidence("asa.cfg", 7, " ikev1 pre-shared-key Leaky-Evidence-Key-1")],
        remediation=[
            Remediation("asa", ["tunnel-group 192.0.2.1 ipsec-attributes", " ikev1 pre-shared-key Leaky-Fix-Key-2"])
        ],
    )
    report = Report(
        inputs=[
            InputSummary(
                "asa.cfg", "asa_config", 9, 8, [UnrecognizedLine(9, "snmp-server community Leaky-Community-3")], 1
            )
        ],
        sessions=[
            SessionReport(
                "192.0.2.1", 1, "main", "initiator", None, None, "phase1_failed", ["MM1"], diagnoses=[finding]
            )
        ],
    )
    DiagnosisPipeline(None, SALT).scrub(report)
    text = str(report.to_dict())
    assert "Leaky-" not in text
    assert report.sessions[0].diagnoses[0].remediation[0].lines[0] == "tunnel-group 192.0.2.1 ipsec-attributes"
    assert "pre-shared-key" in report.sessions[0].diagnoses[0].evidence[0].text


def test_redact_keeps_the_name_and_the_structure() -> None:
    config = "hostname A\ntunnel-group 192.0.2.1 ipsec-attributes\n ikev1 pre-shared-key Leaky-Psk-4\n"
    stored = DiagnosisPipeline(None, SALT).redact(InputText("asa.cfg", config))
    assert stored.name == "asa.cfg"
    assert "Leaky-Psk-4" not in stored.text
    assert stored.text.splitlines()[:2] == config.splitlines()[:2]
