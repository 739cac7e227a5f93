"""Test helpers for the REST service: settings on a real SQLite file, keys, signed chat requests, reports."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from fastapi import FastAPI

from api.settings import Settings
from api.store.api_keys import ApiKeyRepository
from api.store.cases import CaseRepository, NamedText, NewCase, StoredCase

SEED_CASE = Path(__file__).resolve().parents[2] / "cases" / "seed_ezvpn_aggressive_psk"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAMS_SECRET = base64.b64encode(b"teams outgoing webhook security token").decode()
MATTERMOST_TOKEN = "xr3j5x3p4pfjpe9xhqm5r1xx8e"
PUBLIC_URL = "https://doctor.example.net"


def seed_inputs() -> list[dict[str, str]]:
    return [
        {"name": path.name, "text": path.read_text()}
        for path in sorted(SEED_CASE.iterdir())
        if path.suffix in (".txt", ".cfg")
    ]


@dataclass
class ChatOutbox:
    """Chat replies posted to ``response_url``, captured by an ``httpx.MockTransport``."""

    posts: list[tuple[str, dict]] = field(default_factory=list)
    posted: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)  # set to let posts complete

    def handle(self, request: httpx.Request) -> httpx.Response:
        assert self.release.wait(timeout=30), "the test never released the chat post"
        self.posts.append((str(request.url), json.loads(request.content)))
        self.posted.set()
        return httpx.Response(200, text="ok")

    def wait(self) -> tuple[str, dict]:
        assert self.posted.wait(timeout=30), "no chat reply was posted"
        return self.posts[-1]


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": f"sqlite:///{tmp_path / 'service.sqlite3'}",
        "slack_signing_secret": SLACK_SECRET,
        "teams_hmac_secret": TEAMS_SECRET,
        "mattermost_token": MATTERMOST_TOKEN,
        "public_url": PUBLIC_URL,
        "secret_salt": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def create_key(app: FastAPI, name: str = "tests") -> str:
    with app.state.services.database.session() as session:
        _, key = ApiKeyRepository(session).create(name)
    return key


def slack_headers(body: bytes, *, secret: str = SLACK_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Headers exactly as Slack computes them: v0=hex(HMAC-SHA256(secret, "v0:ts:body"))."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def teams_headers(body: bytes, *, secret_b64: str = TEAMS_SECRET) -> dict[str, str]:
    """As Teams computes it: base64(HMAC-SHA256(base64decode(secret), body))."""
    digest = hmac.new(base64.b64decode(secret_b64), body, hashlib.sha256).digest()
    return {"Authorization": "HMAC " + base64.b64encode(digest).decode(), "Content-Type": "application/json"}


def diagnosis(id_: str, severity: str = "error", *, fix: list[str] | None = None, confidence: float = 0.9) -> dict:
    return {
        "id": id_,
        "severity": severity,
        "title": f"title of {id_}",
        "explanation": f"why {id_}",
        "evidence": [{"input": "debug.txt", "line": 3, "text": f"evidence line of {id_}"}],
        "remediation": [{"target": "asa", "lines": fix or [], "note": ""}] if fix else [],
        "confidence": confidence,
    }


def report(*sessions: tuple[str, str, list[dict]], findings: list[dict] | None = None) -> dict:
    """A diagnosis JSON document (the contract) with (peer, outcome, diagnoses) sessions."""
    return {
        "schema": "ipsec-doctor/diagnosis/1",
        "inputs": [{"name": "debug.txt", "kind": "debug", "lines": 10, "recognized": 10, "unrecognized": []}],
        "sessions": [
            {"peer": peer, "outcome": outcome, "reached": ["MM1", "MM2"], "tunnel_group": "L2L", "diagnoses": found}
            for peer, outcome, found in sessions
        ],
        "findings": findings or [],
    }


def store_case(app: FastAPI, document: dict, *, title: str | None = None) -> StoredCase:
    """A case stored straight through the repository (no engine involved)."""
    with app.state.services.database.session() as session:
        return CaseRepository(session).add(
            NewCase(title=title, reference=None, inputs=[NamedText("debug.txt", "redacted text")], report=document)
        )
