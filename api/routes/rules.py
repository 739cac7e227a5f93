"""The signature catalog of the loaded rule pack."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends

from api.deps import ServicesDep, require_rule_pack
from api.models import Rule
from api.problems import ProblemError, problem_responses

router = APIRouter(
    prefix="/v1/rules",
    tags=["rules"],
    dependencies=[Depends(require_rule_pack)],
    responses=problem_responses(503),
)


@router.get("", summary="Every signature of the rule pack")
def list_rules(services: ServicesDep) -> list[Rule]:
    return [Rule(**asdict(rule)) for rule in services.catalog.all()]


@router.get("/{rule_id}", summary="One signature", responses=problem_responses(404))
def get_rule(rule_id: str, services: ServicesDep) -> Rule:
    rule = services.catalog.get(rule_id)
    if rule is None:
        raise ProblemError(404, f"No signature {rule_id!r} in the rule pack.", slug="not-found")
    return Rule(**asdict(rule))
