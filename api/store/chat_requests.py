"""Chat requests already accepted, so a platform's retry (or a replay) is not run twice.

Kept in the database, not in memory, so it holds across ``--workers`` processes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.store.tables import ChatRequestRow

KEEP_FOR = timedelta(minutes=10)  # longer than the 5-minute signature window


def first_delivery(session: Session, digest: str, now: datetime) -> bool:
    """Record ``digest``; True the first time it is seen, False for a repeat."""
    session.execute(delete(ChatRequestRow).where(ChatRequestRow.received_at < now - KEEP_FOR))
    session.add(ChatRequestRow(digest=digest, received_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True
