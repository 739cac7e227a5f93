"""What the routes depend on: the app's services, a database session, the caller's API key."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.chat.poster import ResponsePoster
from api.problems import ProblemError, unauthorized
from api.routes.catalog import RuleCatalog
from api.routes.pipeline import DiagnosisPipeline
from api.settings import Settings
from api.store.api_keys import ApiKeyInfo, ApiKeyRepository
from api.store.db import Database


@dataclass
class Services:
    """Built once by the app's lifespan; shared by every request."""

    settings: Settings
    database: Database
    pipeline: DiagnosisPipeline
    catalog: RuleCatalog
    chat_jobs: ThreadPoolExecutor
    poster: ResponsePoster

    def case_url(self, case_id: str) -> str | None:
        base = self.settings.public_url
        return f"{base.rstrip('/')}/v1/cases/{case_id}" if base else None


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    with services.database.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

bearer = HTTPBearer(auto_error=False, description="An API key from `ipsec-doctor keys create NAME`.")


def require_api_key(
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> ApiKeyInfo:
    if credentials is None:
        raise unauthorized("An API key is required: Authorization: Bearer <key>.")
    # A session of its own: no pooled connection stays checked out during a diagnosis.
    with services.database.session() as session:
        key = ApiKeyRepository(session).authenticate(credentials.credentials)
    if key is None:
        raise unauthorized("The API key is not valid or has been revoked.")
    return key


def require_rule_pack(services: ServicesDep) -> None:
    """503 while the rule pack is not loaded (``/readyz`` says why)."""
    if not services.catalog.loaded:
        raise ProblemError(
            503, services.catalog.problem or "The rule pack is not loaded.", slug="rule-pack-unavailable"
        )
