"""Microsoft Teams (HMAC over the raw body, synchronous reply) and Mattermost (token)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from api.chat.teams import message_text
from tests.api.support import MATTERMOST_TOKEN, PUBLIC_URL, ChatOutbox, diagnosis, report, store_case, teams_headers

MATTERMOST_RESPONSE_URL = "https://chat.example.net/hooks/commands/abc123"


def teams_activity(text: str) -> bytes:
    return json.dumps(
        {
            "type": "message",
            "id": "1485983408511",
            "text": text,
            "from": {"id": "29:1", "name": "Net Eng"},
            "conversation": {"id": "19:abc@thread.skype"},
        }
    ).encode()


def test_teams_signed_message_gets_the_case_summary(client: TestClient) -> None:
    stored = store_case(
        client.app,
        report(
            (
                "192.0.2.7",
                "phase2_failed",
                [diagnosis("transform_set_mismatch", fix=["crypto ipsec ikev1 transform-set T esp-aes esp-sha-hmac"])],
            )
        ),
    )  # type: ignore[arg-type]
    body = teams_activity(f"<at>ipsec-doctor</at> {stored.id}")
    reply = client.post("/v1/chat/teams", content=body, headers=teams_headers(body))
    assert reply.status_code == 200
    assert reply.json()["type"] == "message"
    text = reply.json()["text"]
    assert "192.0.2.7: phase2 failed" in text
    assert "crypto ipsec ikev1 transform-set T esp-aes esp-sha-hmac" in text
    assert f"{PUBLIC_URL}/v1/cases/{stored.id}" in text
    assert "evidence line" not in text


def test_teams_bad_or_missing_hmac_is_401(client: TestClient) -> None:
    body = teams_activity("<at>ipsec-doctor</at> help")
    other = teams_headers(body, secret_b64="b3RoZXIgc2VjcmV0")
    assert client.post("/v1/chat/teams", content=body, headers=other).status_code == 401
    assert client.post("/v1/chat/teams", content=body + b" ", headers=teams_headers(body)).status_code == 401
    missing = client.post("/v1/chat/teams", content=body, headers={"Content-Type": "application/json"})
    assert missing.status_code == 401
    assert missing.headers["content-type"] == "application/problem+json"


def test_teams_help_and_bad_json(client: TestClient) -> None:
    body = teams_activity("<at>ipsec-doctor</at>&nbsp;help")
    assert "Usage" in client.post("/v1/chat/teams", content=body, headers=teams_headers(body)).json()["text"]
    garbage = b"not json"
    assert client.post("/v1/chat/teams", content=garbage, headers=teams_headers(garbage)).status_code == 400


def test_teams_message_text_drops_the_mention_and_html() -> None:
    html = "<div>crypto map M 10 match address A<br>crypto map M 10 set peer 1.2.3.4 &amp; more</div>"
    activity = {"text": f"<at>ipsec-doctor</at> {html}"}
    assert message_text(activity) == "crypto map M 10 match address A\ncrypto map M 10 set peer 1.2.3.4 & more"
    assert message_text({"text": None}) == ""


def mattermost_body(text: str, token: str = MATTERMOST_TOKEN) -> bytes:
    return urlencode(
        {
            "channel_id": "fc4rmz",
            "command": "/ipsec-doctor",
            "response_url": MATTERMOST_RESPONSE_URL,
            "team_domain": "neteng",
            "text": text,
            "token": token,
            "user_name": "alice",
        }
    ).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_mattermost_token_is_checked(client: TestClient, outbox: ChatOutbox) -> None:
    assert (
        client.post("/v1/chat/mattermost", content=mattermost_body("help", token="wrong"), headers=FORM).status_code
        == 401
    )
    header_only = mattermost_body("help", token="")
    refused = client.post("/v1/chat/mattermost", content=header_only, headers={**FORM, "Authorization": "Token wrong"})
    assert refused.status_code == 401
    accepted = client.post(
        "/v1/chat/mattermost", content=header_only, headers={**FORM, "Authorization": f"Token {MATTERMOST_TOKEN}"}
    )
    assert accepted.status_code == 200
    assert "Usage" in accepted.json()["text"]
    assert outbox.posts == []


def test_mattermost_case_is_posted_to_response_url(client: TestClient, outbox: ChatOutbox) -> None:
    stored = store_case(
        client.app,
        report(("198.51.100.4", "phase1_failed", [diagnosis("ike_policy_mismatch", fix=["crypto ikev1 policy 20"])])),
    )  # type: ignore[arg-type]
    ack = client.post("/v1/chat/mattermost", content=mattermost_body(stored.id), headers=FORM)
    assert ack.status_code == 200
    assert ack.json()["response_type"] == "ephemeral"
    url, message = outbox.wait()
    assert url == MATTERMOST_RESPONSE_URL
    assert message["response_type"] == "in_channel"
    assert "198.51.100.4: phase1 failed" in message["text"]
    assert "crypto ikev1 policy 20" in message["text"]
