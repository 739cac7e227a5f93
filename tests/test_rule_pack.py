"""The rule pack itself: metadata, docs, catalog ids, and case coverage per signature."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from engine.pack import DOC_SECTIONS, RulePack, RulePackError, Signature, load_pack
from tests.casefiles import case_dirs, load_case

PACK = load_pack(discover=False)
CATALOG = Path(__file__).resolve().parents[2] / "shared" / "signatures.md"


def catalog_ids() -> set[str]:
    if not CATALOG.is_file():
        pytest.skip("shared/signatures.md not beside the repository")
    return set(re.findall(r"^\| ([a-z_0-9]+) \|", CATALOG.read_text(), re.M))


@pytest.mark.parametrize("signature", PACK.signatures.values(), ids=list(PACK.signatures))
def test_signature_metadata_and_docs(signature: Signature):
    signature.validate(signature.path)
    for section in DOC_SECTIONS:
        assert section in signature.docs, f"{signature.id}: docs lack {section!r}"
    assert Path(signature.path).stem == signature.id, "one module per signature, named by its id"


def test_ids_come_from_the_catalog():
    unknown = set(PACK.signatures) - catalog_ids()
    assert not unknown, f"ids not in signatures.md: {unknown}"


def coverage() -> tuple[dict[str, int], dict[str, int]]:
    fires: dict[str, int] = {}
    lookalikes: dict[str, int] = {}
    for path in case_dirs():
        for session in load_case(path).expected.get("session", []):
            for signature in session.get("present", []):
                fires[signature] = fires.get(signature, 0) + 1
            for signature in session.get("absent", []):
                lookalikes[signature] = lookalikes.get(signature, 0) + 1
    return fires, lookalikes


@pytest.mark.parametrize("signature_id", sorted(PACK.signatures))
def test_every_signature_has_firing_cases_and_a_lookalike(signature_id: str):
    fires, lookalikes = coverage()
    assert fires.get(signature_id, 0) >= 1, f"{signature_id}: no case where it fires"
    assert lookalikes.get(signature_id, 0) >= 1, f"{signature_id}: no look-alike case where it must not fire"


def test_issue_signatures_fire_in_at_least_two_cases():
    fires, _ = coverage()
    for signature_id in ("ike_policy_mismatch", "tunnel_group_mismatch", "peer_missing_tunnel_group",
                         "psk_mismatch", "ipsec_lifetime_override"):
        assert fires.get(signature_id, 0) >= 2, signature_id


def _write_module(directory: Path, name: str, body: str) -> None:
    (directory / f"{name}.py").write_text(textwrap.dedent(body))


MINIMAL = '''
    """Doc.

    ## What it detects
    x
    """
    from experta import AS
    from engine.facts import Observed
    from engine.pack import Finding, Signature, signature_rule

    SIGNATURE = Signature(id={id!r}, title="t", severity={severity!r}, phase="P1", kind="failure")

    @signature_rule(SIGNATURE, AS.o << Observed(kind="nothing"))
    def fire(context, o):
        return Finding(explanation="x", evidence=[o])
'''


def test_external_directory_loads(tmp_path: Path):
    _write_module(tmp_path, "my_signature", MINIMAL.format(id="my_signature", severity="error"))
    pack = load_pack([tmp_path])
    assert pack.signatures["my_signature"].pack == str(tmp_path)


@pytest.mark.parametrize(("module_id", "severity", "message"), [
    ("psk_mismatch", "error", "already defined"),
    ("Bad-Id", "error", "SIGNATURE.id"),
    ("fine_id", "fatal", "SIGNATURE.severity"),
])
def test_bad_modules_are_named_with_the_field(tmp_path: Path, module_id: str, severity: str, message: str):
    _write_module(tmp_path, "broken", MINIMAL.format(id=module_id, severity=severity))
    with pytest.raises(RulePackError, match=message) as error:
        load_pack([tmp_path])
    assert "broken.py" in str(error.value)


def test_module_without_signature_is_rejected():
    import types

    with pytest.raises(RulePackError, match="no SIGNATURE"):
        RulePack().add_module(types.ModuleType("empty"), "test")
