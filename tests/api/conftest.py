"""Fixtures for the REST service: an app on a real SQLite file, a test client, an API key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.support import ChatOutbox, create_key, make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def outbox() -> ChatOutbox:
    box = ChatOutbox()
    box.release.set()
    return box


@pytest.fixture
def app(settings: Settings, outbox: ChatOutbox) -> FastAPI:
    return create_app(settings, http_client=httpx.Client(transport=httpx.MockTransport(outbox.handle)))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def auth(client: TestClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_key(client.app)}"}  # type: ignore[arg-type]
