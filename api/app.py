"""The REST service: ``create_app(settings)`` builds it; the lifespan opens the database,
migrates it, loads the rule pack and starts the chat worker pool.

``api.app:app`` (what ``ipsec-doctor serve`` and ``fastapi run`` import) is built on first
access from the ``IPSEC_DOCTOR_*`` environment.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi

from api.chat.poster import ResponsePoster
from api.deps import Services, require_api_key
from api.problems import DeclaredBodyLimit, document_problems, install_problem_handlers, problem_responses
from api.routes import cases, chat, diagnose, health, rules
from api.routes.catalog import RuleCatalog
from api.routes.pipeline import DiagnosisPipeline
from api.routes.submission import add_submission_components
from api.settings import Settings
from api.store.db import Database
from api.store.deployment import secret_salt
from api.store.migrate import upgrade_to_head

CHAT_WORKERS = 4

log = logging.getLogger("api.app")


def _salt(settings: Settings, database: Database) -> bytes:
    if settings.secret_salt is not None:
        return settings.secret_salt.get_secret_value().encode("utf-8")
    with database.session() as session:
        return secret_salt(session)


def prepare_database(settings: Settings) -> None:
    """Create or migrate the schema and the deployment salt once (``serve`` runs it before workers)."""
    database = Database(settings.database_url)
    try:
        upgrade_to_head(database.engine)
        _salt(settings, database)
    finally:
        database.dispose()


def create_app(settings: Settings, *, http_client: httpx.Client | None = None) -> FastAPI:
    """The FastAPI app. ``http_client`` posts chat replies (tests pass a MockTransport client)."""
    logging.getLogger("api").setLevel(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(settings.database_url)
        upgrade_to_head(database.engine)
        client = http_client or httpx.Client(follow_redirects=False)
        chat_jobs = ThreadPoolExecutor(max_workers=CHAT_WORKERS, thread_name_prefix="chat")
        catalog = RuleCatalog.load()
        app.state.services = Services(
            settings=settings,
            database=database,
            pipeline=DiagnosisPipeline(catalog.pack, _salt(settings, database)),
            catalog=catalog,
            chat_jobs=chat_jobs,
            poster=ResponsePoster(client),
        )
        log.info(
            "started: %s database, rule pack %s",
            database.engine.url.get_backend_name(),
            f"with {len(catalog.all())} signatures" if catalog.loaded else "NOT loaded",
        )
        try:
            yield
        finally:
            chat_jobs.shutdown(wait=True)
            if http_client is None:
                client.close()
            database.dispose()

    app = FastAPI(
        title="ipsec-doctor",
        summary="Explains why a Cisco ASA/IOS IPsec tunnel does not come up, and which config lines fix it.",
        version="1",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    app.add_middleware(DeclaredBodyLimit, max_body_bytes=settings.max_body_bytes)

    app.include_router(health.router)
    authenticated = {
        "dependencies": [Depends(require_api_key)],
        "responses": problem_responses(401),
        "max_body_size": settings.max_body_bytes,
    }
    for router in (diagnose.router, cases.router, rules.router):
        app.include_router(router, **authenticated)
    app.include_router(chat.router, max_body_size=settings.max_body_bytes)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            document_problems(schema)
            add_submission_components(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def __getattr__(name: str) -> FastAPI:
    if name == "app":
        return create_app(Settings())
    raise AttributeError(name)
