"""Service settings, read from ``IPSEC_DOCTOR_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MiB = 1024 * 1024


class Settings(BaseSettings):
    """Everything the REST service reads from its environment. See ``docs/service.md``."""

    model_config = SettingsConfigDict(env_prefix="IPSEC_DOCTOR_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///ipsec-doctor.sqlite3",
        description="SQLAlchemy URL; a SQLite file in the working directory by default, "
        "postgresql+psycopg://... for PostgreSQL.",
    )
    max_body_bytes: int = Field(default=10 * MiB, ge=1, description="Request body limit (413 above it).")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    secret_salt: SecretStr | None = Field(
        default=None,
        description="Salt for secret fingerprints; generated and kept in the database when unset.",
    )
    public_url: str | None = Field(
        default=None, description="Base URL of this service, used for case links in chat replies."
    )
    slack_signing_secret: SecretStr | None = None
    teams_hmac_secret: SecretStr | None = None
    mattermost_token: SecretStr | None = None

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value
