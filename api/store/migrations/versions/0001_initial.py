"""Initial schema: cases with their peer sessions and signatures, API keys, deployment values, chat requests.

Revision ID: 0001
Revises:
Create Date: 2025-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(200), nullable=True),
        sa.Column("reference", sa.String(100), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
    )
    op.create_index("ix_cases_id", "cases", ["id"], unique=True)

    op.create_table(
        "case_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_seq", sa.Integer(), sa.ForeignKey("cases.seq", ondelete="CASCADE"), nullable=False),
        sa.Column("peer", sa.String(100), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
    )
    op.create_index("ix_case_sessions_case_seq", "case_sessions", ["case_seq"])
    op.create_index("ix_case_sessions_peer", "case_sessions", ["peer"])
    op.create_index("ix_case_sessions_outcome", "case_sessions", ["outcome"])

    op.create_table(
        "case_signatures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_seq", sa.Integer(), sa.ForeignKey("cases.seq", ondelete="CASCADE"), nullable=False),
        sa.Column("signature", sa.String(100), nullable=False),
    )
    op.create_index("ix_case_signatures_case_seq", "case_signatures", ["case_seq"])
    op.create_index("ix_case_signatures_signature", "case_signatures", ["signature"])

    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )

    op.create_table(
        "deployment_values",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )

    op.create_table(
        "chat_requests",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_chat_requests_received_at", "chat_requests", ["received_at"])


def downgrade() -> None:
    op.drop_table("chat_requests")
    op.drop_table("deployment_values")
    op.drop_table("api_keys")
    op.drop_table("case_signatures")
    op.drop_table("case_sessions")
    op.drop_table("cases")
