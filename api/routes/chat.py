"""ChatOps endpoints: Slack and Mattermost slash commands, Microsoft Teams outgoing webhook.

Each request is verified with its platform's signature or token (not an API key). Slack and
Mattermost get an immediate acknowledgement; the diagnosis runs on the chat worker pool and
is posted to the command's ``response_url``. Teams expects the answer in the response.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import traceback
from datetime import UTC, datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import SecretStr

from api.chat.command import USAGE, ChatCommand, DiagnosePaste, ShowCase, ShowHelp, parse_command
from api.chat.mattermost import (
    MattermostVerificationError,
    mattermost_summary,
    mattermost_text,
    verify_mattermost_request,
)
from api.chat.slack import SlackVerificationError, command_text, slack_message, slack_text, verify_slack_request
from api.chat.summary import Summary, summarize
from api.chat.teams import TeamsVerificationError, message_text, teams_reply, teams_summary, verify_teams_request
from api.deps import Services, ServicesDep
from api.problems import ProblemError, problem_responses
from api.routes.pipeline import decode_input
from api.store.cases import CaseRepository, NewCase
from api.store.chat_requests import first_delivery

log = logging.getLogger("api.chat")

router = APIRouter(prefix="/v1/chat", tags=["chat"], responses=problem_responses(400, 401, 404, 413))

ACK = "Diagnosing… the result will be posted here."
FAILED = "The diagnosis failed; the server log has the details."


def _slash_command_body(fields: dict[str, str]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {name: {"type": "string", "description": doc} for name, doc in fields.items()},
                        "required": ["text", "response_url"],
                    }
                }
            },
        }
    }


SLACK_FIELDS = {
    "text": "A case id, or a pasted excerpt",
    "response_url": "Where the result is posted",
    "command": "The slash command",
}
MATTERMOST_FIELDS = {**SLACK_FIELDS, "token": "The slash command's token"}


def _enabled(secret: SecretStr | None, platform: str, variable: str) -> str:
    if secret is None:
        raise ProblemError(404, f"{platform} is not enabled here (set {variable}).", slug="chat-not-enabled")
    return secret.get_secret_value()


def _refused(platform: str, reason: object) -> ProblemError:
    return ProblemError(401, f"{platform} request refused: {reason}.", slug="unauthorized")


def _form(body: bytes) -> dict[str, str]:
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise ProblemError(400, "The form body is not UTF-8.", slug="invalid-form") from None
    return {name: values[0] for name, values in parsed.items()}


def _store_paste(services: Services, platform: str, text: str) -> Summary | str:
    try:
        item = decode_input(f"{platform}-paste.txt", text.encode("utf-8"), max_bytes=services.settings.max_body_bytes)
        report = services.pipeline.diagnose([item])
    except ProblemError as exc:
        return f"Cannot diagnose that: {exc.detail}"
    with services.database.session() as session:
        stored = CaseRepository(session).add(
            NewCase(
                title=f"{platform} paste",
                reference=None,
                inputs=[services.pipeline.redact(item)],
                report=report.to_dict(),
            )
        )
    return summarize(stored.report, case_id=stored.id, case_url=services.case_url(stored.id))


def _answer(services: Services, command: ChatCommand, platform: str) -> Summary | str:
    """The reply to a chat command: a summary, or a short text (help, not found, unusable)."""
    match command:
        case ShowHelp():
            return USAGE
        case ShowCase(case_id=case_id):
            with services.database.session() as session:
                stored = CaseRepository(session).get(case_id)
            if stored is None:
                return f"No case {case_id}."
            return summarize(stored.report, case_id=stored.id, case_url=services.case_url(stored.id))
        case DiagnosePaste(text=text):
            return _store_paste(services, platform, text)


def _answer_safely(services: Services, command: ChatCommand, platform: str) -> Summary | str:
    try:
        return _answer(services, command, platform)
    except Exception as exc:  # reported to the user; only type and frames go to the log
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("%s command failed with %s\n%s", platform, type(exc).__name__, frames)
        return FAILED


def _slack_job(services: Services, command: ChatCommand, response_url: str) -> None:
    reply = _answer_safely(services, command, "slack")
    services.poster.post(response_url, slack_message(reply) if isinstance(reply, Summary) else slack_text(reply))


def _mattermost_job(services: Services, command: ChatCommand, response_url: str) -> None:
    reply = _answer_safely(services, command, "mattermost")
    services.poster.post(
        response_url, mattermost_summary(reply) if isinstance(reply, Summary) else mattermost_text(reply)
    )


def _first_delivery(services: Services, digest: str) -> bool:
    with services.database.session() as session:
        return first_delivery(session, digest, datetime.now(UTC))


@router.post("/slack", summary="Slack slash command", openapi_extra=_slash_command_body(SLACK_FIELDS))
async def slack_command(request: Request, services: ServicesDep) -> Response:
    secret = _enabled(services.settings.slack_signing_secret, "Slack", "IPSEC_DOCTOR_SLACK_SIGNING_SECRET")
    body = await request.body()
    try:
        verify_slack_request(
            secret,
            timestamp=request.headers.get("X-Slack-Request-Timestamp"),
            signature=request.headers.get("X-Slack-Signature"),
            body=body,
            now=time.time(),
        )
    except SlackVerificationError as exc:
        raise _refused("Slack", exc) from None
    form = _form(body)
    command = parse_command(command_text(form.get("text", "")))
    if not isinstance(command, ShowHelp) and not form.get("response_url"):
        raise ProblemError(400, "The command carries no response_url.", slug="invalid-form")
    # Recorded only once the command is known to be answerable: a retry of a request we
    # refused must not be taken for a replay.
    digest = hashlib.sha256(b"slack:" + body).hexdigest()
    if not await run_in_threadpool(_first_delivery, services, digest):
        if request.headers.get("X-Slack-Retry-Num"):
            return Response(status_code=200)  # a retry of a command already being answered
        raise _refused("Slack", "replayed request")
    return _acknowledge(services, command, form, slack_text, _slack_job)


def _acknowledge(services: Services, command: ChatCommand, form: dict[str, str],
                 reply: Callable[[str], dict[str, Any]], job: Callable[..., None]) -> Response:
    """Answer a slash command at once (usage, or an acknowledgement) and leave the diagnosis
    to a background job that posts to the command's ``response_url``."""
    if isinstance(command, ShowHelp):
        return JSONResponse(reply(USAGE))
    response_url = form.get("response_url")
    if not response_url:
        raise ProblemError(400, "The command carries no response_url.", slug="invalid-form")
    services.chat_jobs.submit(job, services, command, response_url)
    return JSONResponse(reply(ACK))


@router.post("/mattermost", summary="Mattermost slash command", openapi_extra=_slash_command_body(MATTERMOST_FIELDS))
async def mattermost_command(request: Request, services: ServicesDep) -> Response:
    token = _enabled(services.settings.mattermost_token, "Mattermost", "IPSEC_DOCTOR_MATTERMOST_TOKEN")
    form = _form(await request.body())
    try:
        verify_mattermost_request(
            token, form_token=form.get("token"), authorization=request.headers.get("Authorization")
        )
    except MattermostVerificationError as exc:
        raise _refused("Mattermost", exc) from None
    return _acknowledge(services, parse_command(form.get("text", "")), form, mattermost_text, _mattermost_job)


@router.post(
    "/teams",
    summary="Microsoft Teams outgoing webhook",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "properties": {"text": {"type": "string"}}}}},
        }
    },
)
async def teams_message(request: Request, services: ServicesDep) -> JSONResponse:
    secret = _enabled(services.settings.teams_hmac_secret, "Microsoft Teams", "IPSEC_DOCTOR_TEAMS_HMAC_SECRET")
    body = await request.body()
    try:
        verify_teams_request(secret, authorization=request.headers.get("Authorization"), body=body)
    except TeamsVerificationError as exc:
        raise _refused("Teams", exc) from None
    try:
        activity = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ProblemError(400, "The body is not valid JSON.", slug="invalid-json") from None
    if not isinstance(activity, dict):
        raise ProblemError(400, "The body is not a Teams activity object.", slug="invalid-json")
    command = parse_command(message_text(activity))
    reply = await run_in_threadpool(_answer_safely, services, command, "teams")
    return JSONResponse(teams_summary(reply) if isinstance(reply, Summary) else teams_reply(reply))
