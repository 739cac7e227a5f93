"""RFC 9457 ``application/problem+json`` errors for every failure the service returns.

Raise :class:`ProblemError` anywhere in a request; :func:`install_problem_handlers` turns it,
Starlette's ``HTTPException`` and request-validation errors into problem documents.
Nothing from the request body is ever echoed: validation errors keep their location and
message, never the offending input.
"""

from __future__ import annotations

import logging
import traceback
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:ipsec-doctor:problem:"

log = logging.getLogger("api.problems")


class Problem(BaseModel):
    """An RFC 9457 problem document; ``errors`` lists what was wrong with a request (422/400)."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class ProblemError(Exception):
    """Raise to answer with a problem document. ``slug`` names the problem type."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug
        self.headers = headers
        self.extensions = extensions


def problem_response(
    status: int,
    detail: str | None,
    *,
    slug: str | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    problem = Problem(
        type=TYPE_PREFIX + slug if slug else "about:blank",
        title=phrase,
        status=status,
        detail=detail,
        instance=instance,
        **extensions,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting problem documents for ``statuses``."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


def document_problems(openapi: dict[str, Any]) -> None:
    """Add the Problem schema; FastAPI's default 422 (plain JSON) becomes a problem document."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema()
    for path in openapi.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            if "422" in responses:
                responses["422"] = problem_responses(422)[422]
    for default_model in ("HTTPValidationError", "ValidationError"):
        schemas.pop(default_model, None)


def unauthorized(detail: str) -> ProblemError:
    return ProblemError(401, detail, slug="unauthorized", headers={"WWW-Authenticate": "Bearer"})


def _safe_errors(errors: Any) -> list[dict[str, Any]]:
    """Validation errors without ``input``/``ctx``: those can hold pasted config text."""
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in errors]


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status,
        exc.detail,
        slug=exc.slug,
        instance=request.url.path,
        headers=exc.headers,
        **exc.extensions,
    )


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    slug = None
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 413:  # FastAPI's own body limit, counted while reading a body
        detail, slug = "The request body is larger than the limit.", "body-too-large"
    if exc.status_code == 405:  # Starlette lists only the first matching route's methods
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return problem_response(exc.status_code, detail, slug=slug, instance=request.url.path, headers=headers or None)


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _safe_errors(exc.errors())
    if errors and all(e["type"] == "json_invalid" for e in errors):
        return problem_response(
            400, "The request body is not valid JSON.", slug="invalid-json", instance=request.url.path
        )
    return problem_response(
        422,
        "The request does not match the schema; see errors.",
        slug="validation",
        instance=request.url.path,
        errors=errors,
    )


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The exception message may quote input text (parsers do): log only its type and frames.
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unhandled %s on %s %s\n%s", type(exc).__name__, request.method, request.url.path, frames)
    return problem_response(500, "Internal error; the server log has the details.", instance=request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)


class DeclaredBodyLimit:
    """ASGI middleware: answer 413 problem+json when ``Content-Length`` is over the limit.

    It answers before anything reads the body (or checks a key). Bodies without a declared
    length are counted by FastAPI's native ``max_body_size`` on the routers, whose 413
    reaches :func:`_on_http_exception`.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._declared_length(scope) > self.max_body_bytes:
            response = problem_response(
                413,
                f"The request body is larger than the {self.max_body_bytes}-byte limit.",
                slug="body-too-large",
                instance=scope.get("path"),
                headers={"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0
