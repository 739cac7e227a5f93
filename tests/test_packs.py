"""Pack discovery: directories, IPSEC_DOCTOR_RULES_PATH, installed entry points, and load-time checks."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from engine.cases import BUILTIN_CASES_DIR
from engine.pack import BUILTIN_PACK, ENTRY_POINT_GROUP, RULES_PATH_ENV, RulePackError, load_pack
from tests.api.support import create_key, make_settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PROJECT = ROOT / "examples" / "proxy_id_pack"
EXAMPLE_PACKAGE = "ipsec_doctor_example_pack"
EXAMPLE = EXAMPLE_PROJECT / EXAMPLE_PACKAGE
EXAMPLE_CASE = EXAMPLE / "cases" / "proxy_id_mismatch_l2l_peer_acl_superset"

RULE = '''
    """{title}.

    ## What it detects
    x
    """
    from experta import AS
    from engine.facts import Observed
    from engine.pack import Finding, Signature, signature_rule
    {imports}
    SIGNATURE = Signature(id={id!r}, title={title!r}, severity="info", phase="P1", kind="note"{extra})

    @signature_rule(SIGNATURE, AS.o << Observed(kind="nothing"))
    def fire(context, o):
        return Finding(explanation="x", evidence=[o])
'''


def write_rule(directory: Path, module: str, *, rule_id: str | None = None, title: str = "A rule",
               imports: str = "", extra: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{module}.py"
    path.write_text(textwrap.dedent(RULE.format(id=rule_id or module, title=title, imports=imports, extra=extra)))
    return path


def install_distribution(site: Path, entry_points: str, name: str = "ipsec-doctor-example-pack") -> None:
    """What ``pip install`` leaves for importlib.metadata: a dist-info with METADATA and entry_points.txt."""
    dist_info = site / f"{name.replace('-', '_')}-0.1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n")
    (dist_info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{entry_points}\n")


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No IPSEC_DOCTOR_RULES_PATH from the caller, and the example package forgotten afterwards."""
    monkeypatch.delenv(RULES_PATH_ENV, raising=False)
    yield
    for name in [name for name in sys.modules if name.split(".")[0] == EXAMPLE_PACKAGE]:
        del sys.modules[name]


@pytest.fixture
def installed_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_environment: None) -> Path:
    """The example pack installed: its package and its distribution's metadata on sys.path."""
    site = tmp_path / "site-packages"
    shutil.copytree(EXAMPLE, site / EXAMPLE_PACKAGE)
    install_distribution(site, f"example = {EXAMPLE_PACKAGE}")
    monkeypatch.syspath_prepend(str(site))
    return site / EXAMPLE_PACKAGE


# --- sources ---------------------------------------------------------------------------------

def test_builtin_pack_records_its_cases_directory():
    pack = load_pack(discover=False)
    assert [source.name for source in pack.sources] == [BUILTIN_PACK]
    assert pack.sources[0].cases_dir == BUILTIN_CASES_DIR
    assert {s.pack for s in pack.signatures.values()} == {BUILTIN_PACK}


def test_directory_pack_records_its_cases_directory():
    pack = load_pack([EXAMPLE], discover=False)
    assert pack.signatures["proxy_id_mismatch"].pack == str(EXAMPLE)
    assert pack.source(str(EXAMPLE)).cases_dir == EXAMPLE / "cases"


def test_rules_path_environment_variable_adds_every_directory(tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    write_rule(first, "first_rule")
    write_rule(second, "second_rule")
    pack = load_pack(environ={RULES_PATH_ENV: f"{first}{os.pathsep}{os.pathsep}{second}"})
    assert pack.signatures["first_rule"].pack == str(first)
    assert pack.signatures["second_rule"].pack == str(second)


def test_rules_path_naming_a_missing_directory_says_so(tmp_path: Path):
    with pytest.raises(RulePackError, match=f"{RULES_PATH_ENV}: .*missing: rules directory does not exist"):
        load_pack(environ={RULES_PATH_ENV: str(tmp_path / "missing")})


def test_discover_false_ignores_the_environment(tmp_path: Path):
    write_rule(tmp_path, "env_rule")
    assert "env_rule" not in load_pack(discover=False, environ={RULES_PATH_ENV: str(tmp_path)}).signatures


def test_a_directory_reached_twice_loads_once(tmp_path: Path):
    write_rule(tmp_path, "twice")
    (tmp_path / "sub").mkdir()
    pack = load_pack([tmp_path, tmp_path / "sub" / ".."], environ={RULES_PATH_ENV: str(tmp_path)})
    assert [source.directory.resolve() for source in pack.sources].count(tmp_path.resolve()) == 1


def test_pack_modules_may_import_their_own_helpers(tmp_path: Path):
    (tmp_path / "_helpers.py").write_text('PLATFORMS = ("asa", "ios")\n')
    write_rule(tmp_path, "uses_helper", imports="from ._helpers import PLATFORMS", extra=", platforms=PLATFORMS")
    assert load_pack([tmp_path], discover=False).signatures["uses_helper"].platforms == ("asa", "ios")


def test_a_directory_is_read_afresh_on_each_load(tmp_path: Path):
    write_rule(tmp_path, "edited", title="Before")
    assert load_pack([tmp_path], discover=False).signatures["edited"].title == "Before"
    write_rule(tmp_path, "edited", title="After")
    assert load_pack([tmp_path], discover=False).signatures["edited"].title == "After"


# --- load-time validation --------------------------------------------------------------------

@pytest.mark.parametrize(("module", "rule_id", "extra", "message"), [
    ("named_apart", "other_id", "", r"named_apart\.py: SIGNATURE\.id 'other_id' must equal the module name"),
    ("bad_platforms", None, ", platforms='asa'", r"bad_platforms\.py: SIGNATURE\.platforms must be a tuple"),
    ("bad_status", None, ", status='beta'", r"bad_status\.py: SIGNATURE\.status must be one of"),
    ("bad_references", None, ", references=('',)", r"bad_references\.py: SIGNATURE\.references must be"),
])
def test_malformed_signatures_name_module_and_field(tmp_path: Path, module: str, rule_id: str | None,
                                                    extra: str, message: str):
    write_rule(tmp_path, module, rule_id=rule_id, extra=extra)
    with pytest.raises(RulePackError, match=message):
        load_pack([tmp_path], discover=False)


def test_an_id_colliding_across_directories_names_both(tmp_path: Path):
    write_rule(tmp_path / "a", "shared_id")
    write_rule(tmp_path / "b", "shared_id")
    with pytest.raises(RulePackError, match=r"b/shared_id\.py: SIGNATURE\.id 'shared_id' is already defined by "
                                            r".*a/shared_id\.py \(pack .*a\)"):
        load_pack([tmp_path / "a", tmp_path / "b"], discover=False)


def test_import_errors_name_the_file(tmp_path: Path):
    (tmp_path / "broken_rule.py").write_text("import not_a_module_anywhere\n")
    with pytest.raises(RulePackError, match=r"broken_rule\.py: import failed"):
        load_pack([tmp_path], discover=False)


# --- installed entry points ------------------------------------------------------------------

def test_installed_entry_point_loads_the_example_pack(installed_example: Path):
    pack = load_pack()
    assert pack.signatures["proxy_id_mismatch"].pack == "example"
    assert pack.signatures["proxy_id_mismatch"].module == f"{EXAMPLE_PACKAGE}.proxy_id_mismatch"
    assert pack.source("example").cases_dir == installed_example / "cases"


def test_installed_example_passes_rules_test(installed_example: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["rules", "test", "proxy_id_mismatch"]) == 0
    out = capsys.readouterr().out
    assert "PASS  proxy_id_mismatch (pack example)" in out
    assert "proxy_id_mismatch_lookalike_route_based_any_any" in out


def test_installed_example_diagnoses(installed_example: Path, capsys: pytest.CaptureFixture[str]):
    case = installed_example / "cases" / EXAMPLE_CASE.name
    assert main(["diagnose", "--format", "json", "--explain", str(case / "asa.cfg"), str(case / "syslog.txt")]) == 0
    assert '"pack": "example"' in capsys.readouterr().out


def test_installed_and_directory_copies_of_one_pack_collide(installed_example: Path):
    with pytest.raises(RulePackError, match="'proxy_id_mismatch' is already defined by .*pack example"):
        load_pack([EXAMPLE])


@pytest.mark.parametrize(("entry_point", "message"), [
    (f"example = {EXAMPLE_PACKAGE}:SIGNATURE", "must name a package, not an object"),
    ("example = no_such_pack_package", "import failed"),
    ("example = json.decoder", "must name a package"),
])
def test_bad_entry_points_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_environment: None,
                                    entry_point: str, message: str):
    install_distribution(tmp_path, entry_point)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE_PROJECT))
    with pytest.raises(RulePackError, match=f"entry point example = .*{message}"):
        load_pack()


# --- the REST catalog ------------------------------------------------------------------------

def test_rest_catalog_shows_every_loaded_rule_with_its_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            clean_environment: None):
    monkeypatch.setenv(RULES_PATH_ENV, str(EXAMPLE))
    app = create_app(make_settings(tmp_path))
    with TestClient(app) as client:
        response = client.get("/v1/rules", headers={"Authorization": f"Bearer {create_key(app)}"})
    rules = {rule["id"]: rule for rule in response.json()}
    assert rules["proxy_id_mismatch"]["pack"] == str(EXAMPLE)
    assert rules["psk_mismatch"]["pack"] == BUILTIN_PACK
