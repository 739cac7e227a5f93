"""Reading a submission (``POST /v1/diagnose``, ``POST /v1/cases``) from JSON or a multipart upload.

Both bodies become one :class:`Submission`. FastAPI cannot describe "JSON or multipart" from
parameters, so the request body schema is given here and its models are added to the
OpenAPI components by :func:`add_submission_components`.
"""

from __future__ import annotations

import ntpath
import posixpath
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from api.deps import ServicesDep
from api.models import CaseRequest, CaseUpload, DiagnoseRequest, DiagnoseUpload, ReportFormat
from api.problems import ProblemError
from api.routes.pipeline import decode_input
from api.settings import Settings
from grammar.inputs import InputText
from grammar.redact import redact_free_text

MAX_FILES = 50
MAX_FORM_FIELDS = 10
MAX_FORM_FIELD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Submission:
    inputs: list[InputText]
    format: ReportFormat
    title: str | None = None
    reference: str | None = None
    explain: bool = False


def _free_text(value: str | None) -> str | None:
    return redact_free_text(value) if value is not None else None


def _submission(inputs: list[InputText], options: DiagnoseRequest | DiagnoseUpload) -> Submission:
    """Titles, references and input names are echoed and stored: a key pasted into one of
    them is redacted like a key in a config."""
    named = [InputText(_free_text(item.name) or item.name, item.text) for item in inputs]
    return Submission(named, options.format, _free_text(getattr(options, "title", None)),
                      _free_text(getattr(options, "reference", None)), options.explain)


def _invalid(exc: ValidationError) -> RequestValidationError:
    return RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()])


def _file_name(upload: UploadFile, position: int) -> str:
    name = ntpath.basename(posixpath.basename(upload.filename or "")).strip()
    return name or f"upload-{position}.txt"


async def _from_json(request: Request, model: type[DiagnoseRequest], settings: Settings) -> Submission:
    try:
        payload = model.model_validate_json(await request.body())
    except ValidationError as exc:
        raise _invalid(exc) from None
    inputs = [
        decode_input(item.name, item.text.encode("utf-8"), max_bytes=settings.max_body_bytes) for item in payload.inputs
    ]
    return _submission(inputs, payload)


async def _from_upload(request: Request, model: type[DiagnoseUpload], settings: Settings) -> Submission:
    async with request.form(
        max_files=MAX_FILES, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FORM_FIELD_BYTES
    ) as form:
        uploads = form.getlist("files")
        files = [u for u in uploads if isinstance(u, UploadFile)]
        if not files or len(files) != len(uploads):
            raise RequestValidationError(
                [{"loc": ("body", "files"), "msg": "Attach one or more files as 'files'.", "type": "missing"}]
            )
        fields = {k: v for k, v in form.multi_items() if k != "files"}
        try:
            options = model.model_validate(fields)
        except ValidationError as exc:
            raise _invalid(exc) from None
        inputs = []
        for position, upload in enumerate(files, start=1):
            data = await upload.read()
            inputs.append(decode_input(_file_name(upload, position), data, max_bytes=settings.max_body_bytes))
    return _submission(inputs, options)


def submission_reader(
    json_model: type[DiagnoseRequest], upload_model: type[DiagnoseUpload]
) -> Callable[[Request], Awaitable[Submission]]:
    """A dependency reading the body as ``json_model`` (JSON) or ``upload_model`` (multipart)."""

    async def read_submission(request: Request, services: ServicesDep) -> Submission:
        settings = services.settings
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "application/json":
            return await _from_json(request, json_model, settings)
        if media_type == "multipart/form-data":
            return await _from_upload(request, upload_model, settings)
        raise ProblemError(
            415,
            "Send application/json or multipart/form-data.",
            slug="unsupported-media-type",
        )

    return read_submission


read_diagnose_submission = submission_reader(DiagnoseRequest, DiagnoseUpload)
read_case_submission = submission_reader(CaseRequest, CaseUpload)


def request_body(json_model: type[BaseModel], upload_model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` for an operation taking ``json_model`` or ``upload_model`` + files."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{json_model.__name__}"}},
                "multipart/form-data": {
                    "schema": {"$ref": f"#/components/schemas/{upload_model.__name__}"},
                    "encoding": {"files": {"contentType": "text/plain"}},
                },
            },
        }
    }


def add_submission_components(openapi: dict[str, Any]) -> None:
    """Put the submission models (and their files field) into the OpenAPI components."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    for model in (DiagnoseRequest, CaseRequest, DiagnoseUpload, CaseUpload):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        if issubclass(model, DiagnoseUpload):
            schema["properties"]["files"] = {
                "type": "array",
                "items": {"type": "string", "format": "binary"},
                "minItems": 1,
                "description": "The inputs: debug/syslog captures, show output, configurations.",
            }
            schema["required"] = ["files", *schema.get("required", [])]
        schemas[model.__name__] = schema
