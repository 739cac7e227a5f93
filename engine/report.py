"""The diagnosis report: plain dataclasses mirroring the JSON contract of DESIGN.md.

``Report.to_dict()`` is the contract (``schema = ipsec-doctor/diagnosis/1``); the API
layer validates it with pydantic at the edge, the renderers read these objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "ipsec-doctor/diagnosis/1"

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Evidence:
    input: str
    line: int
    text: str


@dataclass
class Remediation:
    target: str  # "asa" | "peer"
    lines: list[str]
    note: str = ""


@dataclass
class Diagnosis:
    id: str
    severity: str
    title: str
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    remediation: list[Remediation] = field(default_factory=list)
    confidence: float = 1.0
    # explanation trace: which rule fired on which facts (shown with --explain)
    trace: dict[str, Any] | None = None


@dataclass
class UnrecognizedLine:
    line: int
    text: str


@dataclass
class InputSummary:
    name: str
    kind: str  # debug | show | asa_config | ios_config | unknown
    lines: int
    recognized: int
    unrecognized: list[UnrecognizedLine] = field(default_factory=list)
    unrecognized_count: int = 0  # total, when ``unrecognized`` holds only examples


@dataclass
class ClientIdentity:
    hostname: str | None = None
    model: str | None = None
    serial: str | None = None
    image: str | None = None
    version: str | None = None


@dataclass
class SessionReport:
    peer: str
    ike_version: int | None
    exchange: str | None  # main | aggressive | ikev2
    role: str | None  # initiator | responder
    tunnel_group: str | None
    username: str | None
    outcome: str
    reached: list[str]
    client: ClientIdentity | None = None
    assigned_address: str | None = None
    nat: dict[str, bool] | None = None  # {"local": bool, "remote": bool}
    ike_sa: str | None = None  # disambiguates several IKE SAs of one peer
    diagnoses: list[Diagnosis] = field(default_factory=list)
    # with explain: rules that did not fire although some of their patterns matched
    near_misses: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Report:
    inputs: list[InputSummary] = field(default_factory=list)
    sessions: list[SessionReport] = field(default_factory=list)
    findings: list[Diagnosis] = field(default_factory=list)

    def all_diagnoses(self) -> list[Diagnosis]:
        out = list(self.findings)
        for session in self.sessions:
            out.extend(session.diagnoses)
        return out

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        def clean_diagnosis(d: Diagnosis) -> dict[str, Any]:
            data = asdict(d)
            if not explain:
                data.pop("trace", None)
            return data

        def clean_session(s: SessionReport) -> dict[str, Any]:
            data = asdict(s)
            data["diagnoses"] = [clean_diagnosis(d) for d in s.diagnoses]
            if not explain:
                data.pop("near_misses")
            return data

        return {
            "schema": SCHEMA,
            "inputs": [asdict(i) for i in self.inputs],
            "sessions": [clean_session(s) for s in self.sessions],
            "findings": [clean_diagnosis(d) for d in self.findings],
        }
