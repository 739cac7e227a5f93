"""Every case under cases/ against its expected.toml, in every input form."""

from __future__ import annotations

import json

import pytest

from engine.cases import check_case
from engine.diagnose import diagnose
from engine.knowledge import RulePackEngine
from engine.pack import load_pack
from tests.casefiles import FORMS, case_dirs, in_form, load_case

ENGINE = RulePackEngine(load_pack(discover=False))
CASES = [load_case(path) for path in case_dirs()]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, form):
    report = diagnose(in_form(case, form), engine=ENGINE)
    mismatches = check_case(case, report)
    assert not mismatches, "\n".join(str(mismatch) for mismatch in mismatches)
    json.dumps(report.to_dict(explain=True))  # the contract is serialisable


def test_every_case_has_a_session_expectation():
    for case in CASES:
        assert case.expected.get("session"), f"{case.name}: expected.toml lists no [[session]]"
