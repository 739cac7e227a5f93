"""Pydantic models at the REST edge: request bodies and the diagnosis JSON contract.

The report models mirror ``engine.report.Report.to_dict()`` (DESIGN.md, schema
``ipsec-doctor/diagnosis/1``); they allow extra members so a field the engine adds later
passes through instead of being silently dropped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

Outcome = Literal["established", "phase1_failed", "phase2_failed", "incomplete", "not_started"]
Severity = Literal["error", "warning", "info"]
ReportFormat = Literal["json", "markdown"]

INPUT_NAME_PATTERN = r"^[^\x00-\x1f\x7f/\\]+$"


class _Contract(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- requests -----------------------------------------------------------------------


class InputIn(BaseModel):
    """One pasted input: a debug/syslog capture, ``show`` output or a configuration."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, pattern=INPUT_NAME_PATTERN, examples=["debug.txt"])
    text: str = Field(min_length=1, examples=["%ASA-7-715047: IP = 10.48.66.23, processing SA payload"])


class DiagnoseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inputs: list[InputIn] = Field(min_length=1, max_length=50)
    format: ReportFormat = "json"
    explain: StrictBool = Field(default=False, description="Add, per diagnosis, the rule and the facts it fired on, "
                                                     "and per session the rules that nearly fired.")


class CaseRequest(DiagnoseRequest):
    title: str | None = Field(default=None, max_length=200)
    reference: str | None = Field(default=None, max_length=100, description="Ticket number or similar.")


class DiagnoseUpload(BaseModel):
    """``multipart/form-data`` fields of ``POST /v1/diagnose`` besides the ``files``."""

    model_config = ConfigDict(extra="forbid")

    format: ReportFormat = "json"
    explain: bool = False


class CaseUpload(DiagnoseUpload):
    """``multipart/form-data`` fields of ``POST /v1/cases`` besides the ``files``."""

    title: str | None = Field(default=None, max_length=200)
    reference: str | None = Field(default=None, max_length=100, description="Ticket number or similar.")


# --- the diagnosis contract ------------------------------------------------------------


class Evidence(_Contract):
    input: str
    line: int
    text: str


class Remediation(_Contract):
    target: str
    lines: list[str]
    note: str = ""


class Diagnosis(_Contract):
    id: str
    severity: Severity
    title: str
    explanation: str
    evidence: list[Evidence] = []
    remediation: list[Remediation] = []
    confidence: float = Field(ge=0.0, le=1.0)
    trace: dict | None = Field(default=None, description="With explain: the rule and the facts it fired on")


class UnrecognizedLine(_Contract):
    line: int
    text: str


class InputSummary(_Contract):
    name: str
    kind: str
    lines: int
    recognized: int
    unrecognized: list[UnrecognizedLine] = []
    unrecognized_count: int = 0


class ClientIdentity(_Contract):
    hostname: str | None = None
    model: str | None = None
    serial: str | None = None
    image: str | None = None
    version: str | None = None


class PeerSession(_Contract):
    peer: str
    ike_version: int | None = None
    exchange: str | None = None
    role: str | None = None
    tunnel_group: str | None = None
    username: str | None = None
    outcome: Outcome
    reached: list[str] = []
    client: ClientIdentity | None = None
    assigned_address: str | None = None
    nat: dict[str, bool | None] | None = Field(default=None, description="Who is behind NAT: local, remote")
    ike_sa: str | None = Field(default=None, description="Tells several IKE SAs of one peer apart")
    diagnoses: list[Diagnosis] = []
    near_misses: list[dict] | None = Field(default=None, description="With explain: rules that nearly fired")


class DiagnosisReport(_Contract):
    """The diagnosis: per-peer sessions with their diagnoses, plus config-only findings."""

    schema_: str = Field(alias="schema", examples=["ipsec-doctor/diagnosis/1"])
    inputs: list[InputSummary]
    sessions: list[PeerSession]
    findings: list[Diagnosis]

    model_config = ConfigDict(extra="allow", populate_by_name=True, serialize_by_alias=True)


# --- cases -------------------------------------------------------------------------


class StoredInput(BaseModel):
    name: str
    text: str = Field(description="The input as stored: every secret replaced by a placeholder.")


class Case(BaseModel):
    id: str
    created_at: datetime
    title: str | None
    reference: str | None
    inputs: list[StoredInput]
    diagnosis: DiagnosisReport


class PeerOutcome(BaseModel):
    peer: str
    outcome: Outcome


class CaseListing(BaseModel):
    id: str
    created_at: datetime
    title: str | None
    reference: str | None
    peers: list[PeerOutcome]
    signatures: list[str]


class CasePage(BaseModel):
    items: list[CaseListing]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page (the same filters); null on the last page."
    )


# --- rules and health --------------------------------------------------------------------


class Rule(BaseModel):
    id: str
    title: str
    severity: Severity
    phase: str
    kind: str
    status: str
    docs: str | None = None
    pack: str | None = None


class Health(BaseModel):
    status: Literal["pass", "fail"]
    checks: dict[str, str] = {}
