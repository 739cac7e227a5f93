"""``/v1/cases``: diagnose and store (redacted), fetch, list with filters, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.deps import ServicesDep, SessionDep, require_rule_pack
from api.models import (
    Case,
    CaseListing,
    CasePage,
    CaseRequest,
    CaseUpload,
    DiagnosisReport,
    Outcome,
    PeerOutcome,
    StoredInput,
)
from api.problems import ProblemError, problem_responses
from api.routes.report_response import markdown_response, report_content
from api.routes.submission import Submission, read_case_submission, request_body
from api.store.cases import CaseFilter, CaseRepository, NewCase, StoredCase

router = APIRouter(prefix="/v1/cases", tags=["cases"])


def _case(stored: StoredCase) -> Case:
    return Case(
        id=stored.id,
        created_at=stored.created_at,
        title=stored.title,
        reference=stored.reference,
        inputs=[StoredInput(name=i.name, text=i.text) for i in stored.inputs],
        diagnosis=DiagnosisReport.model_validate(stored.report),
    )


def _not_found(case_id: str) -> ProblemError:
    return ProblemError(404, f"No case {case_id!r}.", slug="not-found")


@router.post(
    "",
    summary="Diagnose inputs and store the case (inputs redacted)",
    status_code=201,
    response_model=Case,
    responses={
        201: {"description": "The stored case", "content": report_content("Case")},
        **problem_responses(400, 413, 415, 422, 503),
    },
    openapi_extra=request_body(CaseRequest, CaseUpload),
    dependencies=[Depends(require_rule_pack)],
)
def create_case(
    submission: Annotated[Submission, Depends(read_case_submission)],
    services: ServicesDep,
    session: SessionDep,
    response: Response,
) -> Response | Case:
    report = services.pipeline.diagnose(submission.inputs, explain=submission.explain)
    stored = CaseRepository(session).add(
        NewCase(
            title=submission.title,
            reference=submission.reference,
            inputs=[services.pipeline.redact(item) for item in submission.inputs],
            report=report.to_dict(explain=submission.explain),
        )
    )
    location = f"/v1/cases/{stored.id}"
    if submission.format == "markdown":
        return markdown_response(report, status_code=201, headers={"Location": location},
                                 explain=submission.explain)
    response.headers["Location"] = location
    return _case(stored)


@router.get("", summary="List stored cases, newest first")
def list_cases(
    session: SessionDep,
    peer: Annotated[str | None, Query(max_length=100, description="Peer address of a session")] = None,
    outcome: Annotated[Outcome | None, Query(description="Outcome of that (or any) session")] = None,
    signature: Annotated[str | None, Query(max_length=100, description="A diagnosis id in the case")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[
        str | None, Query(pattern=r"^[0-9]{1,18}$", description="next_cursor of the previous page")
    ] = None,
) -> CasePage:
    page = CaseRepository(session).list(
        CaseFilter(peer=peer, outcome=outcome, signature=signature),
        limit=limit,
        after=int(cursor) if cursor is not None else None,
    )
    return CasePage(
        items=[
            CaseListing(
                id=item.id,
                created_at=item.created_at,
                title=item.title,
                reference=item.reference,
                peers=[PeerOutcome.model_validate({"peer": p, "outcome": o}) for p, o in item.peers],
                signatures=item.signatures,
            )
            for item in page.items
        ],
        next_cursor=str(page.next_after) if page.next_after is not None else None,
    )


@router.get("/{case_id}", summary="One stored case", responses=problem_responses(404))
def get_case(case_id: str, session: SessionDep) -> Case:
    stored = CaseRepository(session).get(case_id)
    if stored is None:
        raise _not_found(case_id)
    return _case(stored)


@router.delete("/{case_id}", summary="Delete a stored case", status_code=204, responses=problem_responses(404))
def delete_case(case_id: str, session: SessionDep) -> Response:
    if not CaseRepository(session).delete(case_id):
        raise _not_found(case_id)
    return Response(status_code=204)
