"""Posts a chat reply to the platform's ``response_url`` with an injected ``httpx.Client``."""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger("api.chat")

POST_TIMEOUT_SECONDS = 10.0


class ResponsePoster:
    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def post(self, url: str, payload: dict[str, Any]) -> bool:
        """True when the platform accepted the message. Logs the status, never the payload."""
        try:
            scheme = httpx.URL(url).scheme
        except httpx.InvalidURL:
            scheme = ""
        if scheme not in ("http", "https"):
            log.warning("chat reply not sent: response_url is not an http(s) URL")
            return False
        try:
            response = self._client.post(url, json=payload, timeout=POST_TIMEOUT_SECONDS)
        except httpx.HTTPError as exc:
            log.warning("chat reply not sent: %s", type(exc).__name__)
            return False
        if response.is_error:
            log.warning("chat reply rejected with HTTP %d", response.status_code)
            return False
        return True
