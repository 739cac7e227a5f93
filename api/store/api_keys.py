"""API key rows: create, list, revoke, and look up the key a request presents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.keys import generate_key, key_matches, key_prefix
from api.store.tables import ApiKeyRow
from api.store.times import as_utc


class KeyNameTaken(ValueError):
    """A key with this name exists (revoked keys keep their name)."""


@dataclass(frozen=True)
class ApiKeyInfo:
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _info(row: ApiKeyRow) -> ApiKeyInfo:
    revoked = as_utc(row.revoked_at) if row.revoked_at is not None else None
    return ApiKeyInfo(row.name, row.prefix, as_utc(row.created_at), revoked)


class ApiKeyRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def create(self, name: str) -> tuple[ApiKeyInfo, str]:
        """Store a new key; returns its info and the clear key (shown once)."""
        if self._session.scalar(select(ApiKeyRow).where(ApiKeyRow.name == name)) is not None:
            raise KeyNameTaken(name)
        new = generate_key()
        row = ApiKeyRow(
            name=name, prefix=new.prefix, key_hash=new.key_hash, created_at=datetime.now(UTC), revoked_at=None
        )
        self._session.add(row)
        self._session.commit()
        return _info(row), new.key

    def list(self) -> list[ApiKeyInfo]:
        return [_info(row) for row in self._session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.name))]

    def revoke(self, name: str) -> bool:
        """Revoke the active key called ``name``; False when there is none."""
        row = self._session.scalar(select(ApiKeyRow).where(ApiKeyRow.name == name, ApiKeyRow.revoked_at.is_(None)))
        if row is None:
            return False
        row.revoked_at = datetime.now(UTC)
        self._session.commit()
        return True

    def authenticate(self, key: str) -> ApiKeyInfo | None:
        """The active key matching ``key``, compared in constant time; None otherwise."""
        prefix = key_prefix(key)
        row = None
        if prefix is not None:
            row = self._session.scalar(
                select(ApiKeyRow).where(ApiKeyRow.prefix == prefix, ApiKeyRow.revoked_at.is_(None))
            )
        if not key_matches(key, row.key_hash if row is not None else None):
            return None
        assert row is not None
        return _info(row)
