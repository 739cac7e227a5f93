"""schemathesis against the live OpenAPI schema: no 5xx, responses conform to the schema.

``schemathesis.pytest.from_fixture`` does not work with pytest 9, so the app is built at
import, on its own SQLite file, and its lifespan runs for the module.

The submission endpoints check content beyond the schema (an uploaded PNG is not a text
paste: 422 unusable-input), so "schema-valid data is accepted" is not checked for them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from tests.api.support import create_key, make_settings

CONTENT_CHECKED = {("POST", "/v1/diagnose"), ("POST", "/v1/cases")}
DATA_DIR = Path(tempfile.mkdtemp(prefix="ipsec-doctor-fuzz-"))
APP = create_app(make_settings(DATA_DIR))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def auth_headers() -> Iterator[dict[str, str]]:
    with TestClient(APP):
        yield {"Authorization": f"Bearer {create_key(APP)}"}
    shutil.rmtree(DATA_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case, auth_headers: dict[str, str]) -> None:
    operation = (case.operation.method.upper(), case.operation.path)
    excluded = [positive_data_acceptance] if operation in CONTENT_CHECKED else []
    case.call_and_validate(headers=auth_headers, excluded_checks=excluded)
