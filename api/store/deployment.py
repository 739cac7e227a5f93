"""Per-deployment values generated on first start and kept in the database."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.store.tables import DeploymentValueRow

SECRET_SALT = "secret_salt"


def secret_salt(session: Session) -> bytes:
    """The fingerprint salt of this deployment, generated once (safe under concurrent starts)."""
    row = session.get(DeploymentValueRow, SECRET_SALT)
    if row is None:
        session.add(DeploymentValueRow(name=SECRET_SALT, value=secrets.token_hex(32)))
        try:
            session.commit()
        except IntegrityError:  # another worker generated it first
            session.rollback()
        row = session.get(DeploymentValueRow, SECRET_SALT)
        assert row is not None
    return bytes.fromhex(row.value)
