"""Case storage: add, get, delete and list with filters and keyset (cursor) pagination.

Callers hand in inputs that are already redacted; this module stores what it is given.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from api.store.tables import CaseRow, CaseSessionRow, CaseSignatureRow
from api.store.times import as_utc


@dataclass(frozen=True)
class NamedText:
    name: str
    text: str


@dataclass(frozen=True)
class NewCase:
    title: str | None
    reference: str | None
    inputs: list[NamedText]  # redacted
    report: dict[str, Any]  # the diagnosis JSON contract


@dataclass(frozen=True)
class StoredCase:
    id: str
    created_at: datetime
    title: str | None
    reference: str | None
    inputs: list[NamedText]
    report: dict[str, Any]


@dataclass(frozen=True)
class ListedCase:
    id: str
    created_at: datetime
    title: str | None
    reference: str | None
    peers: list[tuple[str, str]]  # (peer, outcome)
    signatures: list[str]


@dataclass(frozen=True)
class CaseFilter:
    peer: str | None = None
    outcome: str | None = None
    signature: str | None = None


@dataclass(frozen=True)
class CasePage:
    items: list[ListedCase]
    next_after: int | None  # position to continue after; None on the last page


def _signatures(report: dict[str, Any]) -> list[str]:
    ids = [d["id"] for d in report.get("findings", [])]
    for session in report.get("sessions", []):
        ids.extend(d["id"] for d in session.get("diagnoses", []))
    return sorted(set(ids))


def _stored(row: CaseRow) -> StoredCase:
    return StoredCase(
        id=row.id,
        created_at=as_utc(row.created_at),
        title=row.title,
        reference=row.reference,
        inputs=[NamedText(i["name"], i["text"]) for i in row.inputs],
        report=row.report,
    )


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, case: NewCase) -> StoredCase:
        row = CaseRow(
            id=uuid.uuid4().hex,
            created_at=datetime.now(UTC),
            title=case.title,
            reference=case.reference,
            inputs=[{"name": i.name, "text": i.text} for i in case.inputs],
            report=case.report,
            sessions=[CaseSessionRow(peer=s["peer"], outcome=s["outcome"]) for s in case.report.get("sessions", [])],
            signatures=[CaseSignatureRow(signature=sig) for sig in _signatures(case.report)],
        )
        self._session.add(row)
        self._session.commit()
        return _stored(row)

    def get(self, case_id: str) -> StoredCase | None:
        row = self._session.scalar(select(CaseRow).where(CaseRow.id == case_id))
        return _stored(row) if row is not None else None

    def delete(self, case_id: str) -> bool:
        row = self._session.scalar(select(CaseRow).where(CaseRow.id == case_id))
        if row is None:
            return False
        self._session.delete(row)
        self._session.commit()
        return True

    def list(self, where: CaseFilter, *, limit: int, after: int | None) -> CasePage:
        """Newest first. ``peer`` and ``outcome`` must hold for the same session."""
        query = select(CaseRow).options(selectinload(CaseRow.sessions), selectinload(CaseRow.signatures))
        if where.peer is not None or where.outcome is not None:
            session_match = CaseSessionRow.case_seq == CaseRow.seq
            if where.peer is not None:
                session_match &= CaseSessionRow.peer == where.peer
            if where.outcome is not None:
                session_match &= CaseSessionRow.outcome == where.outcome
            query = query.where(exists().where(session_match))
        if where.signature is not None:
            query = query.where(
                exists().where(CaseSignatureRow.case_seq == CaseRow.seq, CaseSignatureRow.signature == where.signature)
            )
        if after is not None:
            query = query.where(CaseRow.seq < after)
        rows = list(self._session.scalars(query.order_by(CaseRow.seq.desc()).limit(limit + 1)))
        more = len(rows) > limit
        rows = rows[:limit]
        items = [
            ListedCase(
                id=row.id,
                created_at=as_utc(row.created_at),
                title=row.title,
                reference=row.reference,
                peers=[(s.peer, s.outcome) for s in row.sessions],
                signatures=sorted(s.signature for s in row.signatures),
            )
            for row in rows
        ]
        return CasePage(items=items, next_after=rows[-1].seq if more else None)
