"""Liveness and readiness probes (no authentication)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServicesDep
from api.models import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> Health:
    return Health(status="pass")


@router.get(
    "/readyz",
    summary="The database is reachable and the rule pack is loaded",
    responses={503: {"model": Health, "description": "Not ready"}},
)
def readyz(services: ServicesDep) -> JSONResponse:
    checks = {
        "database": "pass" if services.database.reachable() else "fail: database not reachable",
        "rule_pack": "pass" if services.catalog.loaded else f"fail: {services.catalog.problem}",
    }
    ready = all(value == "pass" for value in checks.values())
    health = Health(status="pass" if ready else "fail", checks=checks)
    return JSONResponse(health.model_dump(), status_code=200 if ready else 503)
