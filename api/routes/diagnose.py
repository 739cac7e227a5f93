"""``POST /v1/diagnose``: stateless diagnosis of pasted or uploaded inputs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from api.deps import ServicesDep, require_rule_pack
from api.models import DiagnoseRequest, DiagnoseUpload, DiagnosisReport
from api.problems import problem_responses
from api.routes.report_response import markdown_response, report_content
from api.routes.submission import Submission, read_diagnose_submission, request_body

router = APIRouter(prefix="/v1", tags=["diagnose"])


@router.post(
    "/diagnose",
    summary="Diagnose inputs without storing them",
    response_model=DiagnosisReport,
    response_model_exclude_unset=True,  # "trace"/"near_misses" appear only with explain
    responses={
        200: {"description": "The diagnosis", "content": report_content("DiagnosisReport")},
        **problem_responses(400, 413, 415, 422, 503),
    },
    openapi_extra=request_body(DiagnoseRequest, DiagnoseUpload),
    dependencies=[Depends(require_rule_pack)],
)
def diagnose(
    submission: Annotated[Submission, Depends(read_diagnose_submission)], services: ServicesDep
) -> Response | dict[str, Any]:
    report = services.pipeline.diagnose(submission.inputs, explain=submission.explain)
    if submission.format == "markdown":
        return markdown_response(report, explain=submission.explain)
    return report.to_dict(explain=submission.explain)
