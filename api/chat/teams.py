"""Microsoft Teams outgoing webhooks: HMAC verification and the synchronous reply.

Teams signs the raw body: ``Authorization: HMAC <base64(HMAC-SHA256(base64decode(secret), body))>``
(learn.microsoft.com, "Create Outgoing Webhooks"). The reply is the HTTP response itself.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import re
from typing import Any

from api.chat.summary import Summary, render_markdown

MAX_REPLY_CHARS = 20_000

_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_LINE_BREAK = re.compile(r"<br\s*/?>|</p>|</div>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


class TeamsVerificationError(ValueError):
    """The request is not signed with this webhook's secret."""


def teams_signature(secret_b64: str, body: bytes) -> str:
    key = base64.b64decode(secret_b64)
    return "HMAC " + base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode("ascii")


def verify_teams_request(secret_b64: str, *, authorization: str | None, body: bytes) -> None:
    if not authorization:
        raise TeamsVerificationError("missing Authorization header")
    try:
        expected = teams_signature(secret_b64, body)
    except (binascii.Error, ValueError):
        raise TeamsVerificationError("the configured Teams secret is not base64") from None
    if not hmac.compare_digest(expected.encode("ascii"), authorization.encode("utf-8", "replace")):
        raise TeamsVerificationError("signature does not match")


def message_text(activity: dict[str, Any]) -> str:
    """The user's text without the bot @mention and the HTML Teams wraps around it."""
    text = activity.get("text")
    if not isinstance(text, str):
        return ""
    text = _MENTION.sub("", text)
    text = _LINE_BREAK.sub("\n", text)
    return html.unescape(_TAG.sub("", text)).strip()


def teams_reply(text: str) -> dict[str, Any]:
    clipped = text if len(text) <= MAX_REPLY_CHARS else text[: MAX_REPLY_CHARS - 1] + "…"
    return {"type": "message", "text": clipped}


def teams_summary(summary: Summary) -> dict[str, Any]:
    return teams_reply(render_markdown(summary))
