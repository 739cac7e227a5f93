"""The rule pack: signature metadata, the ``@signature_rule`` decorator, and loading.

A rule module (one per signature, named by its id, see ``rules/``) holds:

* ``SIGNATURE = Signature(...)`` — stable metadata (id, title, severity, phase, kind...),
  its docs being the module docstring (ruff style: what it detects, why, example, fix);
* one or more functions decorated with ``@signature_rule(SIGNATURE, *patterns)``: the
  experta patterns say *when* it fires, the function body returns a ``Finding``
  (explanation, evidence facts, remediation) or ``None`` to decline.

A pack is a directory of rule modules with its own ``cases/`` (modules named ``_*`` are
shared helpers, not signatures). Packs load in this order, ids unique across all of them:
the built-in ``rules`` package (its cases are the repository's ``cases/``), installed
distributions' ``ipsec_doctor.rules`` entry points (each names a package: its directory
is the pack), the directories of ``IPSEC_DOCTOR_RULES_PATH`` (``os.pathsep``-separated),
then the directories given (``--rules-dir``).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib.machinery import ModuleSpec
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

from engine.cases import BUILTIN_CASES_DIR
from engine.report import Remediation

SEVERITIES = ("error", "warning", "info")
KINDS = ("failure", "risk", "note")
STATUSES = ("stable", "experimental", "deprecated")
SIGNATURE_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
BUILTIN_PACK = "builtin"
ENTRY_POINT_GROUP = "ipsec_doctor.rules"
RULES_PATH_ENV = "IPSEC_DOCTOR_RULES_PATH"
CASES = "cases"
# ruff-style docs: the sections every signature's docstring should have (``rules test`` lints them).
DOC_SECTIONS = ("## What it detects", "## Why it matters", "## Example", "## Fix")


class RulePackError(ValueError):
    """A rule module is malformed or collides with a loaded one. Names module and field."""


@dataclass(frozen=True)
class Signature:
    id: str
    title: str
    severity: str
    phase: str
    kind: str
    status: str = "stable"
    platforms: tuple[str, ...] = ("asa",)
    references: tuple[str, ...] = ()
    docs: str = ""
    # Filled by the loader:
    pack: str = BUILTIN_PACK
    module: str = ""
    path: str = ""

    def validate(self, where: str) -> None:
        def fail(field_name: str, why: str) -> None:
            raise RulePackError(f"{where}: SIGNATURE.{field_name} {why}")

        if not isinstance(self.id, str) or not SIGNATURE_ID.fullmatch(self.id):
            fail("id", f"must be snake_case, got {self.id!r}")
        for name in ("title", "phase", "docs"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                fail(name, "is missing or empty")
        if self.severity not in SEVERITIES:
            fail("severity", f"must be one of {', '.join(SEVERITIES)}, got {self.severity!r}")
        if self.kind not in KINDS:
            fail("kind", f"must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.status not in STATUSES:
            fail("status", f"must be one of {', '.join(STATUSES)}, got {self.status!r}")
        for name in ("platforms", "references"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(isinstance(item, str) and item.strip() for item in value):
                fail(name, f"must be a tuple of non-empty strings, got {value!r}")
        if not self.platforms:
            fail("platforms", "is empty")


@dataclass
class Finding:
    """What a rule body returns when it fires."""

    explanation: str
    evidence: Iterable[Any] = ()  # Observed/Retransmission/SaState facts, or Event objects
    remediation: list[Remediation] = field(default_factory=list)
    severity: str | None = None  # None = the signature's default
    confidence: float = 1.0
    title: str | None = None


RuleBody = Callable[..., Finding | None]


@dataclass(frozen=True)
class RuleSpec:
    signature: Signature
    patterns: tuple[Any, ...]
    body: RuleBody
    salience: int = 0

    @property
    def name(self) -> str:
        return f"{self.signature.id}__{self.body.__name__}"


def signature_rule(signature: Signature, *patterns: Any, salience: int = 0) -> Callable[[RuleBody], RuleBody]:
    """Declare an experta rule for ``signature``; the decorated body builds the Finding."""

    def decorate(body: RuleBody) -> RuleBody:
        specs = getattr(body, "__rule_specs__", [])
        specs.append(RuleSpec(signature, patterns, body, salience))
        body.__rule_specs__ = specs  # type: ignore[attr-defined]
        return body

    return decorate


@dataclass(frozen=True)
class PackSource:
    """Where one pack's rule modules and cases live."""

    name: str  # "builtin", the entry point's name, or the directory as given
    directory: Path  # the rule modules
    cases_dir: Path  # the pack's cases: <case>/expected.toml + inputs
    package: str | None = None  # importable package name; None for a plain directory


@dataclass
class RulePack:
    signatures: dict[str, Signature] = field(default_factory=dict)
    rules: list[RuleSpec] = field(default_factory=list)
    modules: dict[str, ModuleType] = field(default_factory=dict)  # id -> module
    sources: list[PackSource] = field(default_factory=list)  # in load order

    def add_module(self, module: ModuleType, pack: str) -> None:
        where = getattr(module, "__file__", None) or module.__name__
        signature = getattr(module, "SIGNATURE", None)
        if not isinstance(signature, Signature):
            raise RulePackError(f"{where}: no SIGNATURE = Signature(...) at module level")
        if not signature.docs and module.__doc__:
            signature = replace(signature, docs=module.__doc__.strip())
        signature = replace(signature, pack=pack, module=module.__name__, path=str(where))
        signature.validate(where)
        if signature.id in self.signatures:
            other = self.signatures[signature.id]
            raise RulePackError(f"{where}: SIGNATURE.id {signature.id!r} is already defined by "
                                f"{other.path} (pack {other.pack})")
        module_name = module.__name__.rpartition(".")[2]
        if signature.id != module_name:
            raise RulePackError(f"{where}: SIGNATURE.id {signature.id!r} must equal the module name "
                                f"{module_name!r} (one module per signature, named by its id)")
        rules = [spec for value in vars(module).values() if isinstance(value, FunctionType)
                 for spec in value.__dict__.get("__rule_specs__", ()) if spec.signature.id == signature.id]
        if not rules:
            raise RulePackError(f"{where}: no @signature_rule function for {signature.id!r}")
        self.signatures[signature.id] = signature
        self.modules[signature.id] = module
        self.rules.extend(RuleSpec(signature, spec.patterns, spec.body, spec.salience) for spec in rules)

    def add_source(self, source: PackSource) -> None:
        for module in _rule_modules(source):
            self.add_module(module, source.name)
        self.sources.append(source)

    def source(self, name: str) -> PackSource:
        return next(source for source in self.sources if source.name == name)


def builtin_source() -> PackSource:
    package = importlib.import_module("rules")
    return PackSource(BUILTIN_PACK, Path(next(iter(package.__path__))), BUILTIN_CASES_DIR, "rules")


def directory_source(directory: str | Path) -> PackSource:
    path = Path(directory)
    if not path.is_dir():
        raise RulePackError(f"{directory}: rules directory does not exist")
    return PackSource(str(directory), path, path / CASES)


def entry_point_source(entry_point: EntryPoint) -> PackSource:
    where = f"entry point {entry_point.name} = {entry_point.value} (group {ENTRY_POINT_GROUP})"
    if entry_point.attr:
        raise RulePackError(f"{where}: must name a package, not an object in one")
    try:
        package = importlib.import_module(entry_point.module)
    except Exception as exc:  # an installed pack that cannot be imported: name it
        raise RulePackError(f"{where}: import failed: {exc}") from exc
    if not hasattr(package, "__path__") or package.__file__ is None:
        raise RulePackError(f"{where}: must name a package (a directory with __init__.py)")
    directory = Path(package.__file__).parent
    return PackSource(entry_point.name, directory, directory / CASES, package.__name__)


def installed_sources() -> list[PackSource]:
    found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda entry_point: entry_point.name)
    return [entry_point_source(entry_point) for entry_point in found]


def environment_sources(environ: Mapping[str, str]) -> list[PackSource]:
    value = environ.get(RULES_PATH_ENV, "")
    try:
        return [directory_source(directory) for directory in value.split(os.pathsep) if directory]
    except RulePackError as exc:
        raise RulePackError(f"{RULES_PATH_ENV}: {exc}") from exc


def _rule_modules(source: PackSource) -> list[ModuleType]:
    package = source.package or _directory_package(source.directory)
    modules = []
    for info in sorted(pkgutil.iter_modules([str(source.directory)]), key=lambda i: i.name):
        if info.name.startswith("_") or info.ispkg:
            continue  # shared helpers (e.g. rules/_remedy.py) and sub-packages are not signatures
        name = f"{package}.{info.name}"
        try:
            modules.append(importlib.import_module(name))
        except Exception as exc:  # a pack author's syntax/import error: name the file
            raise RulePackError(f"{source.directory / (info.name + '.py')}: import failed: {exc}") from exc
    return modules


def _directory_package(directory: Path) -> str:
    """Register a fresh package for a pack directory, so its modules can import ``._helpers``."""
    resolved = directory.resolve()
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:8]
    package = f"ipsec_doctor_pack_{re.sub(r'[^0-9A-Za-z_]', '_', resolved.name)}_{digest}"
    for loaded in [name for name in sys.modules if name == package or name.startswith(package + ".")]:
        del sys.modules[loaded]  # a pack loaded again (e.g. after ``rules new``) is read afresh
    importlib.invalidate_caches()
    module = importlib.util.module_from_spec(ModuleSpec(package, None, is_package=True))
    module.__path__ = [str(resolved)]
    sys.modules[package] = module
    return package


def pack_sources(rules_dirs: Iterable[str | Path] = (), *, discover: bool = True,
                 environ: Mapping[str, str] = os.environ) -> list[PackSource]:
    """The built-in pack, then (``discover``) installed and ``IPSEC_DOCTOR_RULES_PATH`` packs,
    then ``rules_dirs``. A directory reached twice is loaded once."""
    sources = [builtin_source()]
    if discover:
        sources += installed_sources() + environment_sources(environ)
    sources += [directory_source(directory) for directory in rules_dirs]
    unique: dict[Path, PackSource] = {}
    for source in sources:
        unique.setdefault(source.directory.resolve(), source)
    return list(unique.values())


def load_pack(rules_dirs: Iterable[str | Path] = (), *, discover: bool = True,
              environ: Mapping[str, str] = os.environ) -> RulePack:
    """Every pack of ``pack_sources``; ``discover=False`` loads only built-in + ``rules_dirs``."""
    pack = RulePack()
    for source in pack_sources(rules_dirs, discover=discover, environ=environ):
        pack.add_source(source)
    return pack


class Membership:
    """A field test with a readable repr (shown by ``--explain`` for patterns that did not match)."""

    def __init__(self, values: Iterable[Any], *, inside: bool) -> None:
        self.values = frozenset(values)
        self.inside = inside

    def __call__(self, value: Any) -> bool:
        if isinstance(value, (tuple, list, frozenset, set)):  # a collection field: all members
            return all((item in self.values) == self.inside for item in value)
        return (value in self.values) == self.inside

    def __repr__(self) -> str:
        return ("one of " if self.inside else "none of ") + ", ".join(sorted(map(str, self.values)))


def one_of(*values: Any) -> Any:
    """experta field constraint: the value is one of ``values`` (every member, for a tuple field)."""
    from experta import P

    return P(Membership(values, inside=True))


def none_of(*values: Any) -> Any:
    """experta field constraint: the value is none of ``values``."""
    from experta import P

    return P(Membership(values, inside=False))

