"""Slack slash commands: request verification (signing secret, v0) and Block Kit replies.

Verification follows api.slack.com/authentication/verifying-requests-from-slack:
``v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"))``, constant-time compared, and
requests more than five minutes off the clock are refused.
"""

from __future__ import annotations

import hashlib
import hmac
import html
from typing import Any

from api.chat.summary import Finding, Summary

MAX_AGE_SECONDS = 5 * 60
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_MESSAGE_CHARS = 12_000  # Slack rejects messages well below 50 x 3000 chars


class SlackVerificationError(ValueError):
    """The request is not from Slack, or is too old to trust."""


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def verify_slack_request(secret: str, *, timestamp: str | None, signature: str | None, body: bytes, now: float) -> None:
    if not timestamp or not signature:
        raise SlackVerificationError("missing X-Slack-Request-Timestamp or X-Slack-Signature")
    # Unix seconds only: a 400-digit number would overflow the age check below.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise SlackVerificationError("X-Slack-Request-Timestamp is not a Unix time")
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        raise SlackVerificationError("request timestamp is more than 5 minutes off")
    # Bytes: compare_digest refuses non-ASCII str (a TypeError would be a 500).
    expected = slack_signature(secret, timestamp, body).encode("ascii")
    if not hmac.compare_digest(expected, signature.encode("utf-8", "replace")):
        raise SlackVerificationError("signature does not match")


def command_text(text: str) -> str:
    """Slack escapes ``& < >`` in slash-command text; give back what the user typed."""
    return html.unescape(text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int = MAX_SECTION_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text)}]}


def _finding_blocks(finding: Finding) -> list[dict[str, Any]]:
    blocks = [_section(f"*{finding.severity}* {_escape(finding.title)} (`{finding.id}`)")]
    for fix in finding.fixes:
        label = f"Fix on *{fix.target}*" + (f": {_escape(fix.note)}" if fix.note else "")
        if fix.lines:
            code = "\n".join(_escape(line) for line in fix.lines)
            # keep the closing fence inside the section limit
            body = _clip(code, MAX_SECTION_CHARS - len(label) - 10)
            blocks.append(_section(f"{label}\n```{body}```"))
        else:
            blocks.append(_section(label))
    return blocks


def _case_link(summary: Summary) -> str | None:
    if summary.case_id is None:
        return None
    if summary.case_url:
        return f"Case <{summary.case_url}|{summary.case_id}>"
    return f"Case `{summary.case_id}`"


def slack_message(summary: Summary) -> dict[str, Any]:
    """A Block Kit message within Slack's limits; ``text`` is the notification fallback."""
    body: list[dict[str, Any]] = []
    if not summary.peers:
        body.append(_section(_escape(summary.headline)))
    for peer in summary.peers:
        body.append({"type": "divider"})
        body.append(_section(f"*{_escape(peer.headline)}*"))
        for finding in peer.top:
            body.extend(_finding_blocks(finding))
        if peer.more:
            body.append(_context(f"… {peer.more} more diagnoses in the case"))
    if summary.findings:
        body.append({"type": "divider"})
        body.append(_section("*Configuration findings*"))
        for finding in summary.findings:
            body.extend(_finding_blocks(finding))
        if summary.more_findings:
            body.append(_context(f"… {summary.more_findings} more findings in the case"))

    link = _case_link(summary)
    footer = [_context(link)] if link else []
    blocks: list[dict[str, Any]] = [_section("*ipsec-doctor*")]
    budget = MAX_MESSAGE_CHARS
    room = MAX_BLOCKS - len(blocks) - len(footer) - 1  # one spare for the "truncated" note
    for block in body:
        size = len(str(block))
        if room == 0 or size > budget:
            blocks.append(_context("… truncated; the stored case has everything"))
            break
        blocks.append(block)
        room -= 1
        budget -= size
    blocks.extend(footer)
    return {"response_type": "in_channel", "text": _clip(f"ipsec-doctor: {summary.headline}"), "blocks": blocks}


def slack_text(text: str) -> dict[str, Any]:
    """A plain ephemeral reply (acknowledgements, help, errors)."""
    return {"response_type": "ephemeral", "text": text}
