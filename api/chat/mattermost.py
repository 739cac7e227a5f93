"""Mattermost slash commands: token check and JSON replies.

Mattermost sends the command's token as the ``token`` form field and as
``Authorization: Token <token>`` (developers.mattermost.com, slash commands); either must
match, compared in constant time.
"""

from __future__ import annotations

import hmac
from typing import Any

from api.chat.summary import Summary, render_markdown

MAX_MESSAGE_CHARS = 16_000


class MattermostVerificationError(ValueError):
    """The request does not carry this slash command's token."""


def verify_mattermost_request(expected: str, *, form_token: str | None, authorization: str | None) -> None:
    presented = form_token
    if authorization and authorization.startswith("Token "):
        presented = authorization.removeprefix("Token ").strip()
    if not presented:
        raise MattermostVerificationError("missing token")
    if not hmac.compare_digest(expected.encode("utf-8"), presented.encode("utf-8")):
        raise MattermostVerificationError("token does not match")


def mattermost_text(text: str, *, in_channel: bool = False) -> dict[str, Any]:
    clipped = text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"
    return {"response_type": "in_channel" if in_channel else "ephemeral", "text": clipped}


def mattermost_summary(summary: Summary) -> dict[str, Any]:
    return mattermost_text(render_markdown(summary), in_channel=True)
