"""``ipsec-doctor rules list|show|test|new|docs`` end to end, through ``api.cli.main``."""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import pytest

from api.cli import main
from engine.pack import BUILTIN_PACK, RULES_PATH_ENV, load_pack

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"
EXAMPLE = ROOT / "examples" / "proxy_id_pack" / "ipsec_doctor_example_pack"
PHASE2_TRANSFORM_CASE = ROOT / "cases" / "ike_policy_mismatch_lookalike_phase2_transform"
BUILTIN = load_pack(discover=False).signatures
REGENERATE = "uv run ipsec-doctor rules docs --out docs/rules --pack builtin"


@pytest.fixture(autouse=True)
def no_packs_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RULES_PATH_ENV, raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- list / show -----------------------------------------------------------------------------

def test_list_json_has_every_builtin_signature_with_its_metadata(capsys):
    status, out, _ = run(capsys, "rules", "list", "--format", "json")
    listed = {rule["id"]: rule for rule in json.loads(out)}
    assert status == 0
    assert set(BUILTIN) <= set(listed)
    for signature in BUILTIN.values():
        rule = listed[signature.id]
        assert {key: rule[key] for key in ("title", "severity", "phase", "kind", "status", "pack")} == {
            "title": signature.title, "severity": signature.severity, "phase": signature.phase,
            "kind": signature.kind, "status": signature.status, "pack": BUILTIN_PACK}


def test_list_text_is_one_row_per_signature(capsys):
    status, out, _ = run(capsys, "rules", "list", "--rules-dir", EXAMPLE)
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert status == 0
    assert out.splitlines()[0].split() == ["ID", "SEVERITY", "KIND", "STATUS", "PHASE", "PACK", "TITLE"]
    assert set(rows) == set(BUILTIN) | {"proxy_id_mismatch"}
    assert "experimental" in rows["proxy_id_mismatch"] and str(EXAMPLE) in rows["proxy_id_mismatch"]


def test_show_prints_docs_location_and_cases(capsys):
    status, out, _ = run(capsys, "rules", "show", "proxy_id_mismatch", "--rules-dir", EXAMPLE)
    assert status == 0
    assert f"file:        {EXAMPLE / 'proxy_id_mismatch.py'}" in out
    assert "look-alikes: proxy_id_mismatch_lookalike_route_based_any_any" in out
    assert "## Fix" in out


def test_show_unknown_id_is_one_line_exit_2(capsys):
    status, out, err = run(capsys, "rules", "show", "no_such_signature")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "no signature 'no_such_signature'" in err


# --- test ------------------------------------------------------------------------------------

def test_rules_test_passes_on_the_builtin_pack(capsys):
    status, out, _ = run(capsys, "rules", "test")
    assert status == 0, out


def test_rules_test_passes_on_the_example_pack(capsys):
    status, out, _ = run(capsys, "rules", "test", "--rules-dir", EXAMPLE, "proxy_id_mismatch")
    assert status == 0, out
    assert out.splitlines()[0] == f"PASS  proxy_id_mismatch (pack {EXAMPLE})"
    assert out.splitlines()[-1] == "1 signature: 1 passed, 0 failed; 3 cases run"


def test_rules_test_reports_the_failed_expectation(tmp_path: Path, capsys):
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    expected = pack / "cases" / "proxy_id_mismatch_console_no_config" / "expected.toml"
    expected.write_text(expected.read_text().replace('present = ["proxy_id_mismatch"]\nabsent = [',
                                                     'absent = ["proxy_id_mismatch", '))
    status, out, _ = run(capsys, "rules", "test", "--rules-dir", pack, "proxy_id_mismatch")
    assert status == 1
    assert "  FAIL  look-alike        proxy_id_mismatch_console_no_config" in out
    assert "session 206.54.167.110: absent proxy_id_mismatch: reported: Phase 1 with 206.54.167.110" in out
    assert "lint  no case where it fires" not in out  # the other firing case remains
    assert out.splitlines()[-1] == "1 signature: 0 passed, 1 failed; 3 cases run"


def test_rules_test_fails_on_an_unreadable_case(tmp_path: Path, capsys):
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    (pack / "cases" / "proxy_id_mismatch_console_no_config" / "expected.toml").write_text("peer = \n")
    status, out, _ = run(capsys, "rules", "test", "--rules-dir", pack, "proxy_id_mismatch")
    assert status == 1
    assert "FAIL  unreadable case " in out and "proxy_id_mismatch_console_no_config/expected.toml" in out


def test_rules_test_reports_a_session_without_peer(tmp_path: Path, capsys):
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    expected = pack / "cases" / "proxy_id_mismatch_console_no_config" / "expected.toml"
    expected.write_text(expected.read_text().replace('peer = "206.54.167.110"\n', ""))
    status, out, _ = run(capsys, "rules", "test", "--rules-dir", pack, "proxy_id_mismatch")
    assert status == 1
    assert "[[session]]: no peer" in out


def test_rules_test_lints_a_missing_lookalike(tmp_path: Path, capsys):
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    shutil.rmtree(pack / "cases" / "proxy_id_mismatch_lookalike_route_based_any_any")
    status, out, _ = run(capsys, "rules", "test", "--rules-dir", pack, "proxy_id_mismatch")
    assert status == 1
    assert "lint  no look-alike case" in out


def test_rules_test_unknown_id_exits_2(capsys):
    status, _, err = run(capsys, "rules", "test", "no_such_signature")
    assert status == 2 and "no signature 'no_such_signature'" in err


# --- new -------------------------------------------------------------------------------------

def test_new_scaffold_loads_at_once_and_fails_its_tests_until_filled_in(tmp_path: Path, capsys):
    pack = tmp_path / "my_pack"
    status, out, _ = run(capsys, "rules", "new", "acl_typo", "--dir", pack)
    assert status == 0
    assert {path.relative_to(pack).as_posix() for path in pack.rglob("*") if path.is_file()} == {
        "acl_typo.py", "cases/acl_typo/expected.toml", "cases/acl_typo_lookalike/expected.toml"}
    assert f"ipsec-doctor rules test --rules-dir {pack} acl_typo" in out

    _, out, _ = run(capsys, "rules", "list", "--format", "json", "--rules-dir", pack)
    rule = next(rule for rule in json.loads(out) if rule["id"] == "acl_typo")
    assert (rule["pack"], rule["status"]) == (str(pack), "experimental")

    status, out, _ = run(capsys, "rules", "test", "--rules-dir", pack, "acl_typo")
    assert status == 1
    assert out.count("no input files") == 2


def test_filled_in_scaffold_passes(tmp_path: Path, capsys):
    """The walk-through of docs/writing-a-signature.md, reduced: fill the TODOs that matter."""
    pack = tmp_path / "my_pack"
    run(capsys, "rules", "new", "acl_typo", "--dir", pack)
    module = pack / "acl_typo.py"
    module.write_text(module.read_text().replace('kind="TODO_event_kind"', 'kind="proxy_rejected"'))
    firing, lookalike = pack / "cases" / "acl_typo", pack / "cases" / "acl_typo_lookalike"
    shutil.copy(EXAMPLE / "cases" / "proxy_id_mismatch_console_no_config" / "debug.txt", firing)
    for name in ("asa.cfg", "peer.cfg", "syslog.txt"):
        shutil.copy(PHASE2_TRANSFORM_CASE / name, lookalike)
    for case, peer in ((firing, "206.54.167.110"), (lookalike, "203.0.113.20")):
        expected = case / "expected.toml"
        expected.write_text(expected.read_text().replace('"192.0.2.1"', f'"{peer}"').replace('"192.0.2.2"',
                                                                                           f'"{peer}"'))
    status, out, _ = run(capsys, "rules", "test", "--rules-dir", pack, "acl_typo")
    assert status == 0, out


def test_new_refuses_an_existing_id_in_one_line(tmp_path: Path, capsys):
    status, out, err = run(capsys, "rules", "new", "psk_mismatch", "--dir", tmp_path / "pack")
    assert (status, out) == (2, "")
    assert err == (f"ipsec-doctor: rules new: 'psk_mismatch' already exists in pack builtin "
                   f"({BUILTIN['psk_mismatch'].path})\n")
    assert not (tmp_path / "pack").exists()


def test_new_refuses_an_id_of_an_extra_pack_and_of_the_target_directory(tmp_path: Path, capsys):
    assert run(capsys, "rules", "new", "proxy_id_mismatch", "--dir", tmp_path, "--rules-dir", EXAMPLE)[0] == 2
    assert run(capsys, "rules", "new", "proxy_id_mismatch", "--dir", EXAMPLE)[0] == 2
    run(capsys, "rules", "new", "once_only", "--dir", tmp_path)
    status, _, err = run(capsys, "rules", "new", "once_only", "--dir", tmp_path)
    assert status == 2 and "already exists in pack" in err


@pytest.mark.parametrize("bad_id", ["Bad-Id", "1st_rule", "trailing_", "double__underscore"])
def test_new_refuses_ids_that_are_not_snake_case(tmp_path: Path, capsys, bad_id: str):
    status, _, err = run(capsys, "rules", "new", bad_id, "--dir", tmp_path)
    assert status == 2 and "not a snake_case id" in err
    assert not any(tmp_path.iterdir())


def test_new_never_overwrites_a_case(tmp_path: Path, capsys):
    (tmp_path / "cases" / "fresh_rule").mkdir(parents=True)
    (tmp_path / "cases" / "fresh_rule" / "expected.toml").write_text("# mine\n")
    status, _, err = run(capsys, "rules", "new", "fresh_rule", "--dir", tmp_path)
    assert status == 2 and "not overwriting" in err
    assert not (tmp_path / "fresh_rule.py").exists()


# --- docs ------------------------------------------------------------------------------------

def test_committed_rule_docs_are_fresh(tmp_path: Path, capsys):
    assert run(capsys, "rules", "docs", "--out", tmp_path, "--pack", BUILTIN_PACK)[0] == 0
    generated = sorted(path.name for path in tmp_path.iterdir())
    assert generated == sorted(["index.md", *(f"{signature_id}.md" for signature_id in BUILTIN)])
    committed = sorted(path.name for path in DOCS.iterdir()) if DOCS.is_dir() else []
    _, mismatch, errors = filecmp.cmpfiles(tmp_path, DOCS, generated, shallow=False)
    stale = sorted(set(mismatch) | set(errors) | (set(committed) - set(generated)))
    assert not stale, f"docs/rules is stale ({', '.join(stale)}): run `{REGENERATE}`"


def test_docs_pages_carry_metadata_and_the_index_links_them(tmp_path: Path, capsys):
    run(capsys, "rules", "docs", "--out", tmp_path, "--rules-dir", EXAMPLE)
    page = (tmp_path / "proxy_id_mismatch.md").read_text()
    assert "| error | failure | P2 (QM1) | experimental | asa |" in page
    assert f"Defined in `{EXAMPLE.name}/proxy_id_mismatch.py`." in page
    assert "## References\n- Cisco ASA Series Syslog Messages: 713061" in page
    assert "[proxy_id_mismatch](proxy_id_mismatch.md)" in (tmp_path / "index.md").read_text()


def test_docs_remove_their_own_stale_pages_only(tmp_path: Path, capsys):
    run(capsys, "rules", "docs", "--out", tmp_path, "--rules-dir", EXAMPLE)
    (tmp_path / "notes.md").write_text("# hand-written\n")
    run(capsys, "rules", "docs", "--out", tmp_path, "--pack", BUILTIN_PACK)
    assert not (tmp_path / "proxy_id_mismatch.md").exists()
    assert (tmp_path / "notes.md").exists()


def test_docs_unknown_pack_exits_2(tmp_path: Path, capsys):
    status, _, err = run(capsys, "rules", "docs", "--out", tmp_path, "--pack", "nope")
    assert status == 2 and "no pack named nope" in err


# --- diagnose with a pack directory ----------------------------------------------------------

def test_diagnose_explain_names_the_example_rule_and_its_pack(capsys):
    case = EXAMPLE / "cases" / "proxy_id_mismatch_l2l_peer_acl_superset"
    status, out, _ = run(capsys, "diagnose", "--format", "json", "--explain", "--rules-dir", EXAMPLE,
                         case / "asa.cfg", case / "syslog.txt")
    diagnosis = next(d for d in json.loads(out)["sessions"][0]["diagnoses"] if d["id"] == "proxy_id_mismatch")
    assert status == 0
    assert diagnosis["trace"]["rule"] == "proxy_id_mismatch__crypto_acl_not_mirrored"
    assert diagnosis["trace"]["pack"] == str(EXAMPLE)
    assert diagnosis["trace"]["facts"]["rejected"]["remote_proxy"] == "10.2.0.0/255.255.0.0/0/0"
