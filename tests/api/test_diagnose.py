"""``POST /v1/diagnose`` and ``POST /v1/cases`` with the seed case, as JSON and as uploads."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.support import seed_inputs

SEED_PEER = "10.48.66.23"


def _seed_session(document: dict) -> dict:
    sessions = [s for s in document["sessions"] if s["peer"] == SEED_PEER]
    assert len(sessions) == 1, document["sessions"]
    return sessions[0]


def test_diagnose_json_returns_the_contract(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/diagnose", json={"inputs": seed_inputs()}, headers=auth)
    assert response.status_code == 200, response.text
    document = response.json()
    assert document["schema"] == "ipsec-doctor/diagnosis/1"
    assert {i["name"] for i in document["inputs"]} == {i["name"] for i in seed_inputs()}
    session = _seed_session(document)
    assert session["outcome"] == "established"
    assert session["tunnel_group"] == "EZ"
    ids = {d["id"] for d in session["diagnoses"]}
    assert {"ipsec_lifetime_override", "psk_hash_after_established"} <= ids
    assert "psk_mismatch" not in ids
    assert all("trace" not in d for d in session["diagnoses"])


def test_diagnose_explain_shows_rules_and_facts(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/diagnose", json={"inputs": seed_inputs(), "explain": True}, headers=auth)
    assert response.status_code == 200, response.text
    session = _seed_session(response.json())
    trace = next(d for d in session["diagnoses"] if d["id"] == "ipsec_lifetime_override")["trace"]
    assert trace["rule"].startswith("ipsec_lifetime_override__") and trace["facts"]
    assert any(miss["signature"] == "psk_mismatch" for miss in session["near_misses"])
    markdown = client.post("/v1/diagnose", json={"inputs": seed_inputs(), "explain": True, "format": "markdown"},
                           headers=auth)
    assert "Rules that did not fire" in markdown.text


def test_diagnose_upload_matches_json(client: TestClient, auth: dict[str, str]) -> None:
    files = [("files", (i["name"], i["text"].encode(), "text/plain")) for i in seed_inputs()]
    uploaded = client.post("/v1/diagnose", files=files, headers=auth)
    assert uploaded.status_code == 200, uploaded.text
    posted = client.post("/v1/diagnose", json={"inputs": seed_inputs()}, headers=auth)
    assert uploaded.json() == posted.json()


def test_diagnose_markdown(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/diagnose", json={"inputs": seed_inputs(), "format": "markdown"}, headers=auth)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert SEED_PEER in response.text and "ipsec_lifetime_override" in response.text


def test_diagnose_is_stateless(client: TestClient, auth: dict[str, str]) -> None:
    assert client.post("/v1/diagnose", json={"inputs": seed_inputs()}, headers=auth).status_code == 200
    assert client.get("/v1/cases", headers=auth).json()["items"] == []
    titled = client.post("/v1/diagnose", json={"inputs": seed_inputs(), "title": "x"}, headers=auth)
    assert titled.status_code == 422  # title/reference belong to cases


def test_keys_in_titles_references_and_input_names_are_redacted(client: TestClient, auth: dict[str, str]) -> None:
    inputs = [{**seed_inputs()[0], "name": "pre-shared-key NameSecret03"}, *seed_inputs()[1:]]
    created = client.post("/v1/cases", headers=auth, json={
        "inputs": inputs, "title": "crypto isakmp key TitleSecret01 address 1.2.3.4",
        "reference": "pre-shared-key RefSecret02"})
    assert created.status_code == 201, created.text
    listed = client.get("/v1/cases", headers=auth)
    for text in (created.text, listed.text, client.get(created.headers["location"], headers=auth).text):
        for secret in ("TitleSecret01", "RefSecret02", "NameSecret03"):
            assert secret not in text


def test_create_case_then_find_it(client: TestClient, auth: dict[str, str]) -> None:
    created = client.post(
        "/v1/cases", json={"inputs": seed_inputs(), "title": "EZVPN up?", "reference": "INC-4711"}, headers=auth
    )
    assert created.status_code == 201, created.text
    case = created.json()
    assert created.headers["location"] == f"/v1/cases/{case['id']}"
    assert case["title"] == "EZVPN up?" and case["reference"] == "INC-4711"
    assert _seed_session(case["diagnosis"])["outcome"] == "established"
    assert client.get(created.headers["location"], headers=auth).json() == case

    def listed(query: str) -> list[str]:
        return [c["id"] for c in client.get(f"/v1/cases?{query}", headers=auth).json()["items"]]

    assert listed(f"peer={SEED_PEER}") == [case["id"]]
    assert listed(f"peer={SEED_PEER}&outcome=established") == [case["id"]]
    assert listed(f"peer={SEED_PEER}&outcome=phase1_failed") == []
    assert listed("signature=ipsec_lifetime_override") == [case["id"]]
    assert listed("signature=psk_mismatch") == []


def test_create_case_from_upload_with_markdown(client: TestClient, auth: dict[str, str]) -> None:
    files = [("files", (i["name"], i["text"].encode(), "text/plain")) for i in seed_inputs()]
    created = client.post("/v1/cases", data={"format": "markdown", "title": "upload"}, files=files, headers=auth)
    assert created.status_code == 201, created.text
    assert created.headers["content-type"].startswith("text/markdown")
    stored = client.get(created.headers["location"], headers=auth).json()
    assert stored["title"] == "upload"
    assert [i["name"] for i in stored["inputs"]] == [i["name"] for i in seed_inputs()]
