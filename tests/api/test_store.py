"""Storage: Alembic creates exactly the ORM schema, SQLite runs in WAL mode, the repository
filters and paginates, deletes cascade, the salt is generated once."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from api.store.cases import CaseFilter, CaseRepository, NewCase
from api.store.db import Database
from api.store.deployment import secret_salt
from api.store.migrate import upgrade_to_head
from api.store.tables import Base, CaseSessionRow, CaseSignatureRow
from tests.api.support import diagnosis, report, store_case


def _migrated(url: str) -> Database:
    database = Database(url)
    upgrade_to_head(database.engine)
    return database


def _schema_drift(database: Database) -> list:
    with database.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_migrations_create_exactly_the_orm_schema(tmp_path: Path) -> None:
    database = _migrated(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    assert _schema_drift(database) == []
    upgrade_to_head(database.engine)  # a second run is a no-op
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    database = _migrated(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_salt_is_generated_once_and_kept(tmp_path: Path) -> None:
    database = _migrated(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with database.session() as session:
        first = secret_salt(session)
    with database.session() as session:
        assert secret_salt(session) == first
    assert len(first) == 32


def _three_cases(repository: CaseRepository) -> list[str]:
    documents = [
        report(("10.0.0.1", "phase1_failed", [diagnosis("psk_mismatch")])),
        report(("10.0.0.2", "established", [diagnosis("ipsec_lifetime_override", "info")])),
        report(
            ("10.0.0.1", "established", []),
            ("10.0.0.3", "phase2_failed", [diagnosis("transform_set_mismatch")]),
            findings=[diagnosis("crypto_map_incomplete")],
        ),
    ]
    return [repository.add(NewCase(None, None, [], doc)).id for doc in documents]


def test_filters_combine_peer_and_outcome_on_one_session(tmp_path: Path) -> None:
    database = _migrated(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    with database.session() as session:
        cases = CaseRepository(session)
        first, second, third = _three_cases(cases)

        def ids(**where: str) -> list[str]:
            return [c.id for c in cases.list(CaseFilter(**where), limit=10, after=None).items]

        assert ids() == [third, second, first]  # newest first
        assert ids(peer="10.0.0.1") == [third, first]
        assert ids(peer="10.0.0.1", outcome="phase1_failed") == [first]
        assert ids(peer="10.0.0.3", outcome="established") == []
        assert ids(outcome="established") == [third, second]
        assert ids(signature="crypto_map_incomplete") == [third]  # a config-only finding counts
        assert ids(signature="transform_set_mismatch", peer="10.0.0.1") == [third]
        assert ids(signature="psk_mismatch", outcome="established") == []


def test_cursor_pages_cover_every_case_once(tmp_path: Path) -> None:
    database = _migrated(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with database.session() as session:
        cases = CaseRepository(session)
        created = [cases.add(NewCase(str(n), None, [], report())).id for n in range(7)]
        seen, after = [], None
        while True:
            page = cases.list(CaseFilter(), limit=3, after=after)
            seen.extend(item.id for item in page.items)
            if page.next_after is None:
                break
            after = page.next_after
        assert seen == list(reversed(created))


def test_delete_removes_the_index_rows(tmp_path: Path) -> None:
    database = _migrated(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    with database.session() as session:
        cases = CaseRepository(session)
        ids = _three_cases(cases)
        assert cases.delete(ids[2])
        assert not cases.delete(ids[2])
        assert cases.get(ids[2]) is None
        assert session.scalar(select(func.count()).select_from(CaseSessionRow)) == 2
        assert session.scalar(select(func.count()).select_from(CaseSignatureRow)) == 2


def test_list_endpoint_pages_with_a_cursor(client: TestClient, auth: dict[str, str]) -> None:
    stored = [store_case(client.app, report(("10.9.9.9", "incomplete", [])), title=f"t{n}") for n in range(5)]  # type: ignore[arg-type]
    first = client.get("/v1/cases?limit=2&peer=10.9.9.9", headers=auth).json()
    assert [c["id"] for c in first["items"]] == [stored[4].id, stored[3].id]
    assert first["items"][0]["peers"] == [{"peer": "10.9.9.9", "outcome": "incomplete"}]
    second = client.get(f"/v1/cases?limit=2&peer=10.9.9.9&cursor={first['next_cursor']}", headers=auth).json()
    third = client.get(f"/v1/cases?limit=2&peer=10.9.9.9&cursor={second['next_cursor']}", headers=auth).json()
    assert [c["id"] for c in second["items"] + third["items"]] == [s.id for s in reversed(stored[:3])]
    assert third["next_cursor"] is None
    assert client.get("/v1/cases?cursor=not-a-cursor", headers=auth).status_code == 422


def test_get_and_delete_a_case_over_http(client: TestClient, auth: dict[str, str]) -> None:
    stored = store_case(client.app, report(("10.1.1.1", "phase1_failed", [diagnosis("psk_mismatch")])), title="x")  # type: ignore[arg-type]
    case = client.get(f"/v1/cases/{stored.id}", headers=auth)
    assert case.status_code == 200
    assert case.json()["diagnosis"]["sessions"][0]["diagnoses"][0]["id"] == "psk_mismatch"
    assert case.json()["diagnosis"]["schema"] == "ipsec-doctor/diagnosis/1"
    assert client.delete(f"/v1/cases/{stored.id}", headers=auth).status_code == 204
    assert client.get(f"/v1/cases/{stored.id}", headers=auth).status_code == 404
    assert client.delete(f"/v1/cases/{stored.id}", headers=auth).status_code == 404
