"""The diagnosis as an HTTP response: the JSON contract, or Markdown when asked for."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from api.render import render_markdown
from engine.report import Report

MARKDOWN_MEDIA_TYPE = "text/markdown; charset=utf-8"


def markdown_response(report: Report, *, status_code: int = 200, headers: dict[str, str] | None = None,
                      explain: bool = False) -> Response:
    return Response(render_markdown(report, explain=explain), status_code=status_code,
                    media_type=MARKDOWN_MEDIA_TYPE, headers=headers)


def report_content(json_model: str) -> dict[str, Any]:
    """OpenAPI ``content`` for a response that is ``json_model`` or Markdown."""
    return {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{json_model}"}},
        "text/markdown": {"schema": {"type": "string"}},
    }
