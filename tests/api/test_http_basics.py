"""Health probes, API-key authentication and RFC 9457 errors (no diagnosis needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.problems import PROBLEM_MEDIA_TYPE
from api.store.api_keys import ApiKeyRepository
from api.store.db import Database
from tests.api.support import create_key, make_settings

MiB = 1024 * 1024


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]
    return problem


def test_health_and_readiness_need_no_key(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "pass"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "pass", "checks": {"database": "pass", "rule_pack": "pass"}}


def test_readiness_fails_when_the_database_is_unreachable(client: TestClient, tmp_path: Path) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    services.database = Database(f"sqlite:///{tmp_path / 'no-such-dir' / 'db.sqlite3'}")
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["status"] == "fail"
    assert ready.json()["checks"]["database"].startswith("fail")
    assert ready.json()["checks"]["rule_pack"] == "pass"


def test_v1_needs_a_bearer_key(client: TestClient) -> None:
    problem = assert_problem(client.get("/v1/rules"), 401)
    assert problem["type"] == "urn:ipsec-doctor:problem:unauthorized"
    assert client.get("/v1/rules").headers["www-authenticate"] == "Bearer"
    assert_problem(client.get("/v1/rules", headers={"Authorization": "Bearer ipd_0123456789ab_" + "x" * 43}), 401)
    assert_problem(client.get("/v1/rules", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401)
    assert_problem(client.get("/v1/cases/abc", headers={"Authorization": "Bearer nonsense"}), 401)


def test_a_valid_key_works_until_revoked(client: TestClient) -> None:
    key = create_key(client.app, "ops")  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {key}"}
    rules = client.get("/v1/rules", headers=headers)
    assert rules.status_code == 200
    ids = {rule["id"] for rule in rules.json()}
    assert {"psk_mismatch", "ike_policy_mismatch"} <= ids
    with client.app.state.services.database.session() as session:  # type: ignore[attr-defined]
        assert ApiKeyRepository(session).revoke("ops")
    assert_problem(client.get("/v1/rules", headers=headers), 401)


def test_a_tampered_key_is_refused(client: TestClient) -> None:
    key = create_key(client.app)  # type: ignore[arg-type]
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert_problem(client.get("/v1/rules", headers={"Authorization": f"Bearer {tampered}"}), 401)


def test_rule_lookup(client: TestClient, auth: dict[str, str]) -> None:
    rule = client.get("/v1/rules/psk_mismatch", headers=auth)
    assert rule.status_code == 200
    assert rule.json()["id"] == "psk_mismatch"
    assert rule.json()["severity"] in ("error", "warning", "info")
    assert_problem(client.get("/v1/rules/no_such_rule", headers=auth), 404)


def test_unknown_path_and_method_are_problems(client: TestClient, auth: dict[str, str]) -> None:
    assert_problem(client.get("/nowhere"), 404)
    assert_problem(client.put("/v1/rules", headers=auth), 405)


def test_unsupported_media_type(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/diagnose", content=b"debug text", headers={**auth, "Content-Type": "text/plain"})
    assert assert_problem(response, 415)["type"].endswith("unsupported-media-type")


def test_malformed_json_is_400(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post(
        "/v1/diagnose", content=b'{"inputs": [', headers={**auth, "Content-Type": "application/json"}
    )
    assert assert_problem(response, 400)["type"].endswith("invalid-json")


def test_schema_errors_are_422_and_never_echo_the_input(client: TestClient, auth: dict[str, str]) -> None:
    secret = "tunnel-group X ipsec-attributes\n pre-shared-key EchoMe-Secret-123"
    response = client.post(
        "/v1/diagnose", json={"inputs": [{"name": "a.cfg", "text": secret, "extra": secret}]}, headers=auth
    )
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["loc"] == ["body", "inputs", 0, "extra"]
    assert "EchoMe-Secret-123" not in response.text
    assert_problem(client.post("/v1/diagnose", json={"inputs": []}, headers=auth), 422)
    assert_problem(
        client.post("/v1/diagnose", json={"inputs": [{"name": "a", "text": "x"}], "format": "pdf"}, headers=auth), 422
    )
    assert_problem(client.get("/v1/cases?limit=0", headers=auth), 422)
    assert_problem(client.get("/v1/cases?outcome=exploded", headers=auth), 422)


def test_unusable_input_is_422_with_the_reason(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post(
        "/v1/diagnose", json={"inputs": [{"name": "blob.bin", "text": "\u0000\u0001" * 50}]}, headers=auth
    )
    problem = assert_problem(response, 422)
    assert problem["type"].endswith("unusable-input")
    assert "blob.bin" in problem["detail"]


def test_multipart_without_files_is_422(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/diagnose", data={"format": "json"}, files={"other": ("x.txt", b"x")}, headers=auth)
    assert_problem(response, 422)


def test_a_64_mib_body_gets_413_before_authentication(client: TestClient) -> None:
    body = b"x" * (64 * MiB)
    response = client.post("/v1/diagnose", content=body, headers={"Content-Type": "application/json"})
    problem = assert_problem(response, 413)
    assert problem["type"].endswith("body-too-large")


def test_a_streamed_body_over_the_limit_gets_413(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, max_body_bytes=4096))

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"x" * 1024

    with TestClient(app) as small:
        headers = {"Authorization": f"Bearer {create_key(app)}", "Content-Type": "application/json"}
        assert_problem(small.post("/v1/diagnose", content=chunks(), headers=headers), 413)
        assert_problem(small.post("/v1/chat/slack", content=chunks()), 413)


def test_openapi_documents_the_service(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {
        "/healthz",
        "/readyz",
        "/v1/diagnose",
        "/v1/cases",
        "/v1/cases/{case_id}",
        "/v1/rules",
        "/v1/rules/{rule_id}",
        "/v1/chat/slack",
        "/v1/chat/teams",
        "/v1/chat/mattermost",
    } <= set(schema["paths"])
    diagnose = schema["paths"]["/v1/diagnose"]["post"]
    assert set(diagnose["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert diagnose["responses"]["413"]["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    assert {"DiagnoseRequest", "CaseUpload", "DiagnosisReport", "Problem"} <= set(schema["components"]["schemas"])
    assert "HTTPValidationError" not in schema["components"]["schemas"]
