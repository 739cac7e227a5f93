"""Persistence: SQLAlchemy tables, Alembic migrations and small repositories."""
