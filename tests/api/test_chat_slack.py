"""Slack slash command: v0 signatures, the 5-minute window, replays and retries, the
acknowledgement before the background work, and the Block Kit reply."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from api.chat.slack import MAX_BLOCKS, MAX_SECTION_CHARS, slack_message
from api.chat.summary import summarize
from tests.api.support import PUBLIC_URL, ChatOutbox, diagnosis, report, slack_headers, store_case

RESPONSE_URL = "https://hooks.slack.com/commands/T0001/1234/abcd"


def command_body(text: str, trigger: str = "13345224609.738474920.8088930838d88f008e0") -> bytes:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": "T0001",
            "channel_id": "C2147483705",
            "user_id": "U2147483697",
            "command": "/ipsec-doctor",
            "text": text,
            "response_url": RESPONSE_URL,
            "trigger_id": trigger,
        }
    ).encode()


def test_signed_command_is_acknowledged_before_the_background_work(client: TestClient, outbox: ChatOutbox) -> None:
    stored = store_case(
        client.app,
        report(
            ("10.0.0.1", "phase1_failed", [diagnosis("psk_mismatch", fix=["tunnel-group 10.0.0.1 ipsec-attributes"])])
        ),
    )  # type: ignore[arg-type]
    outbox.release.clear()  # the background post blocks until released
    body = command_body(stored.id)
    ack = client.post("/v1/chat/slack", content=body, headers=slack_headers(body))
    assert ack.status_code == 200
    assert ack.json()["response_type"] == "ephemeral"
    assert outbox.posts == []  # answered while the background job was still blocked
    outbox.release.set()
    url, message = outbox.wait()
    assert url == RESPONSE_URL
    assert message["response_type"] == "in_channel"
    text = str(message["blocks"])
    assert "psk_mismatch" in text and "tunnel-group 10.0.0.1 ipsec-attributes" in text
    assert f"{PUBLIC_URL}/v1/cases/{stored.id}" in text
    assert "evidence line" not in text  # never echo input text into chat


def test_bad_signature_is_401(client: TestClient, outbox: ChatOutbox) -> None:
    body = command_body("help")
    response = client.post("/v1/chat/slack", content=body, headers=slack_headers(body, secret="not-the-secret"))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    tampered = client.post("/v1/chat/slack", content=body + b"&x=1", headers=slack_headers(body))
    assert tampered.status_code == 401
    unsigned = client.post(
        "/v1/chat/slack", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert unsigned.status_code == 401
    assert outbox.posts == []


def test_requests_older_than_five_minutes_are_401(client: TestClient) -> None:
    body = command_body("help")
    old = client.post("/v1/chat/slack", content=body, headers=slack_headers(body, timestamp=int(time.time()) - 301))
    assert old.status_code == 401
    assert "5 minutes" in old.json()["detail"]
    future = client.post("/v1/chat/slack", content=body, headers=slack_headers(body, timestamp=int(time.time()) + 301))
    assert future.status_code == 401


def test_a_replay_is_401_and_a_retry_is_not_run_twice(client: TestClient, outbox: ChatOutbox) -> None:
    stored = store_case(client.app, report(("10.0.0.2", "established", [])))  # type: ignore[arg-type]
    body = command_body(stored.id)
    headers = slack_headers(body)
    assert client.post("/v1/chat/slack", content=body, headers=headers).status_code == 200
    outbox.wait()
    replay = client.post("/v1/chat/slack", content=body, headers=headers)
    assert replay.status_code == 401
    assert "replayed" in replay.json()["detail"]
    retry = client.post(
        "/v1/chat/slack",
        content=body,
        headers={**headers, "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert retry.status_code == 200
    assert retry.content == b""
    client.app.state.services.chat_jobs.submit(lambda: None).result()  # type: ignore[attr-defined]
    assert len(outbox.posts) == 1


def test_help_is_answered_inline(client: TestClient, outbox: ChatOutbox) -> None:
    body = command_body("")
    response = client.post("/v1/chat/slack", content=body, headers=slack_headers(body))
    assert response.status_code == 200
    assert "Usage" in response.json()["text"]
    assert outbox.posts == []


def test_unknown_case_id_is_reported(client: TestClient, outbox: ChatOutbox) -> None:
    body = command_body("0" * 32)
    assert client.post("/v1/chat/slack", content=body, headers=slack_headers(body)).status_code == 200
    _, message = outbox.wait()
    assert message["text"] == f"No case {'0' * 32}."


def test_slack_not_configured_is_404(client: TestClient) -> None:
    client.app.state.services.settings = client.app.state.services.settings.model_copy(
        update={"slack_signing_secret": None}
    )  # type: ignore[attr-defined]
    body = command_body("help")
    assert client.post("/v1/chat/slack", content=body, headers=slack_headers(body)).status_code == 404


def test_block_kit_message_stays_within_slack_limits() -> None:
    long_fix = [f" crypto map OUTSIDE {n} set transform-set T{n} " + "x" * 80 for n in range(60)]
    sessions = [
        (f"10.0.{n}.1", "phase1_failed", [diagnosis(f"sig_{n}_{k}", fix=long_fix) for k in range(6)]) for n in range(30)
    ]
    summary = summarize(report(*sessions), case_id="a" * 32, case_url=f"{PUBLIC_URL}/v1/cases/{'a' * 32}")
    message = slack_message(summary)
    assert len(message["blocks"]) <= MAX_BLOCKS
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert all(len(text) <= MAX_SECTION_CHARS for text in sections)
    assert sum(len(str(b)) for b in message["blocks"]) < 13_000
    assert "truncated" in str(message["blocks"][-2])
    assert message["blocks"][-1]["type"] == "context" and "a" * 32 in str(message["blocks"][-1])
    assert message["text"].startswith("ipsec-doctor: 10.0.0.1: phase1 failed")


def test_slack_text_is_escaped() -> None:
    summary = summarize(
        report(("10.0.0.1", "phase1_failed", [diagnosis("x", fix=["access-list A permit ip any <any> & more"])])),
        case_id=None,
        case_url=None,
    )
    text = str(slack_message(summary)["blocks"])
    assert "&lt;any&gt; &amp; more" in text


def test_malformed_headers_are_401_not_500(client: TestClient, outbox: ChatOutbox) -> None:
    body = command_body("help")
    huge = {**slack_headers(body), "X-Slack-Request-Timestamp": "9" * 400}  # overflowed the age check
    assert client.post("/v1/chat/slack", content=body, headers=huge).status_code == 401
    # a raw latin-1 byte: compare_digest refused the non-ASCII str it decodes to
    foreign = {**slack_headers(body), "X-Slack-Signature": "v0=\u00e9".encode("latin-1")}
    response = client.post("/v1/chat/slack", content=body, headers=foreign)
    assert response.status_code == 401
    assert outbox.posts == []


def test_a_retry_of_a_refused_command_is_not_a_replay(client: TestClient, outbox: ChatOutbox) -> None:
    body = urlencode({"command": "/ipsec-doctor", "text": "INC-1 %ASA-5-713119: IP = 1.1.1.1, PHASE 1 COMPLETED"}).encode()
    headers = slack_headers(body)
    assert client.post("/v1/chat/slack", content=body, headers=headers).status_code == 400  # no response_url
    again = client.post("/v1/chat/slack", content=body, headers=headers)
    assert again.status_code == 400  # refused for its content again, not taken for a replay
