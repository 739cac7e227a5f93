"""Redaction end to end: no secret of the leak corpus or the seed case reaches the database
file, an HTTP response, a log line or a chat message."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from tests.api.leak_corpus import ASA_CONFIG, IOS_CONFIG, SECRETS, SEED_SECRET_STATEMENTS, leaks
from tests.api.support import ChatOutbox, seed_inputs, slack_headers, teams_headers

CORPUS = [{"name": "asa-leak.cfg", "text": ASA_CONFIG}, {"name": "ios-leak.cfg", "text": IOS_CONFIG}]


def _database_bytes(settings: Settings) -> bytes:
    path = Path(settings.database_url.removeprefix("sqlite:///"))
    files = sorted(path.parent.glob(path.name + "*"))  # the file, its -wal and -shm
    assert files
    return b"".join(f.read_bytes() for f in files)


def test_the_corpus_holds_every_secret() -> None:
    seed_text = "".join(i["text"] for i in seed_inputs())
    assert leaks(ASA_CONFIG + IOS_CONFIG + seed_text) == SECRETS + SEED_SECRET_STATEMENTS


def test_no_secret_leaks_anywhere(
    client: TestClient, auth: dict[str, str], outbox: ChatOutbox, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    inputs = seed_inputs() + CORPUS
    responses = [
        client.post("/v1/diagnose", json={"inputs": inputs}, headers=auth),
        client.post("/v1/diagnose", json={"inputs": inputs, "format": "markdown"}, headers=auth),
    ]
    created = client.post("/v1/cases", json={"inputs": inputs, "title": "leak check"}, headers=auth)
    uploaded = client.post(
        "/v1/cases",
        data={"reference": "INC-1"},
        files=[("files", (i["name"], i["text"].encode())) for i in inputs],
        headers=auth,
    )
    responses += [
        created,
        uploaded,
        client.get(created.headers["location"], headers=auth),
        client.get("/v1/cases", headers=auth),
    ]
    for response in responses:
        assert response.status_code in (200, 201), response.text
        assert leaks(response.content) == [], response.request.url

    stored = {i["name"]: i["text"] for i in created.json()["inputs"]}
    assert set(stored) == {i["name"] for i in inputs}
    assert "hostname ASA-LEAK" in stored["asa-leak.cfg"]  # redacted, not emptied
    assert "crypto map OUTSIDE 10 set peer 198.51.100.20" in stored["asa-leak.cfg"]

    slack_body = urlencode(
        {"text": IOS_CONFIG, "response_url": "https://hooks.slack.com/commands/T1/2/3", "trigger_id": "leak"}
    ).encode()
    assert client.post("/v1/chat/slack", content=slack_body, headers=slack_headers(slack_body)).status_code == 200
    outbox.wait()
    teams_body = json.dumps(
        {"type": "message", "text": "<at>ipsec-doctor</at> " + ASA_CONFIG.replace("\n", "<br>")}
    ).encode()
    teams = client.post("/v1/chat/teams", content=teams_body, headers=teams_headers(teams_body))
    assert teams.status_code == 200
    assert "ipsec-doctor" in teams.json()["text"]

    assert leaks(json.dumps(outbox.posts)) == []
    assert leaks(teams.content) == []
    assert leaks(_database_bytes(settings)) == []
    assert leaks(caplog.text) == []
