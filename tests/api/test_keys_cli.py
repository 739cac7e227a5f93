"""``ipsec-doctor keys``: the key is printed once, only its hash is stored, revoke works."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from tests.api.support import make_settings


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "keys.sqlite3"
    monkeypatch.setenv("IPSEC_DOCTOR_DATABASE_URL", f"sqlite:///{path}")
    return path


def _db_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_create_prints_the_key_once_and_stores_only_its_hash(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "create", "slackbot"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1].split()[-1]
    assert key.startswith("ipd_")
    assert key.encode() not in _db_bytes(database)
    assert key.split("_", 2)[2].encode() not in _db_bytes(database)  # the secret part (may hold "_")

    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert "slackbot" in listing and "active" in listing and key not in listing

    with TestClient(create_app(make_settings(database.parent, database_url=f"sqlite:///{database}"))) as client:
        assert client.get("/v1/rules", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        assert main(["keys", "revoke", "slackbot"]) == 0
        assert client.get("/v1/rules", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert main(["keys", "list"]) == 0
    assert "revoked" in capsys.readouterr().out


def test_duplicate_names_and_unknown_revokes_exit_2(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "ci"]) == 0
    assert main(["keys", "create", "ci"]) == 2
    assert "exists already" in capsys.readouterr().err
    assert main(["keys", "revoke", "nobody"]) == 2
    assert main(["keys", "revoke", "ci"]) == 0
    assert main(["keys", "revoke", "ci"]) == 2


def test_an_unusable_database_or_setting_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("IPSEC_DOCTOR_DATABASE_URL", f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite3'}")
    assert main(["keys", "list"]) == 2
    assert main(["serve"]) == 2
    assert capsys.readouterr().err.count("unable to open database file") == 2
    monkeypatch.setenv("IPSEC_DOCTOR_MAX_BODY_BYTES", "ten")
    assert main(["serve"]) == 2
    assert "max_body_bytes" in capsys.readouterr().err
