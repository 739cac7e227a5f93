"""SQLAlchemy tables. Alembic migrations under ``migrations/versions`` create exactly these."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class CaseRow(Base):
    """A stored case: redacted inputs and the diagnosis JSON (the contract)."""

    __tablename__ = "cases"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    title: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(100))
    inputs: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)

    sessions: Mapped[list[CaseSessionRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    signatures: Mapped[list[CaseSignatureRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )


class CaseSessionRow(Base):
    """One peer session of a case, for ``?peer=`` and ``?outcome=`` filters."""

    __tablename__ = "case_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_seq: Mapped[int] = mapped_column(ForeignKey("cases.seq", ondelete="CASCADE"), index=True)
    peer: Mapped[str] = mapped_column(String(100), index=True)
    outcome: Mapped[str] = mapped_column(String(32), index=True)

    case: Mapped[CaseRow] = relationship(back_populates="sessions")


class CaseSignatureRow(Base):
    """One signature id reported in a case (any session or finding), for ``?signature=``."""

    __tablename__ = "case_signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_seq: Mapped[int] = mapped_column(ForeignKey("cases.seq", ondelete="CASCADE"), index=True)
    signature: Mapped[str] = mapped_column(String(100), index=True)

    case: Mapped[CaseRow] = relationship(back_populates="signatures")


class ApiKeyRow(Base):
    """An API key: only its SHA-256 is kept; ``prefix`` finds the row."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeploymentValueRow(Base):
    """Per-deployment values generated once (the secret-fingerprint salt)."""

    __tablename__ = "deployment_values"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChatRequestRow(Base):
    """Digest of a chat request already accepted: a second delivery is a retry or a replay."""

    __tablename__ = "chat_requests"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
