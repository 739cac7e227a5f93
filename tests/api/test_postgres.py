"""The same storage on PostgreSQL, when ``IPSEC_DOCTOR_TEST_POSTGRES_URL`` names a database
(``postgresql+psycopg://user@host:port/db``; needs the ``postgres`` extra)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient

from api.app import create_app
from api.store.db import Database
from api.store.migrate import upgrade_to_head
from api.store.tables import Base
from tests.api.support import create_key, make_settings, seed_inputs

POSTGRES_URL = os.environ.get("IPSEC_DOCTOR_TEST_POSTGRES_URL")

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="IPSEC_DOCTOR_TEST_POSTGRES_URL is not set")


def test_migrations_create_exactly_the_orm_schema_on_postgresql() -> None:
    assert POSTGRES_URL
    database = Database(POSTGRES_URL)
    upgrade_to_head(database.engine)
    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    database.dispose()


def test_cases_round_trip_on_postgresql(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, database_url=POSTGRES_URL))
    with TestClient(app) as client:
        auth = {"Authorization": f"Bearer {create_key(app, f'pg-{uuid.uuid4().hex[:8]}')}"}
        reference = f"PG-{uuid.uuid4().hex[:8]}"
        created = client.post("/v1/cases", json={"inputs": seed_inputs(), "reference": reference}, headers=auth)
        assert created.status_code == 201, created.text
        case_id = created.json()["id"]
        listed = client.get("/v1/cases?peer=10.48.66.23&outcome=established&limit=100", headers=auth).json()
        assert case_id in [c["id"] for c in listed["items"]]
        assert client.get(f"/v1/cases/{case_id}", headers=auth).json()["reference"] == reference
        assert client.delete(f"/v1/cases/{case_id}", headers=auth).status_code == 204
        assert client.get(f"/v1/cases/{case_id}", headers=auth).status_code == 404
