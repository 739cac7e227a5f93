"""The rule pack's signature catalog, loaded once at start-up for ``/v1/rules`` and ``/readyz``."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from engine.pack import RulePack, load_pack

log = logging.getLogger("api.catalog")


@dataclass(frozen=True)
class RuleInfo:
    id: str
    title: str
    severity: str
    phase: str
    kind: str
    status: str
    docs: str | None
    pack: str | None


class RuleCatalog:
    """The loaded ``pack`` (engines are built from it) and its signatures' metadata."""

    def __init__(self, pack: RulePack | None, problem: str | None = None) -> None:
        self.pack = pack
        self.problem = problem  # why the pack is not loaded
        self._rules: dict[str, RuleInfo] | None = None
        if pack is not None:
            rules = (
                RuleInfo(
                    id=s.id,
                    title=s.title,
                    severity=s.severity,
                    phase=s.phase,
                    kind=s.kind,
                    status=s.status,
                    docs=s.docs or None,
                    pack=s.pack,
                )
                for s in pack.signatures.values()
            )
            self._rules = {rule.id: rule for rule in sorted(rules, key=lambda r: r.id)}

    @classmethod
    def load(cls) -> RuleCatalog:
        try:
            pack = load_pack()
        except Exception as exc:  # the service stays up and reports "not ready"
            log.exception("rule pack not loaded")
            return cls(None, f"rule pack not loaded ({type(exc).__name__})")
        return cls(pack)

    @property
    def loaded(self) -> bool:
        return self._rules is not None

    def all(self) -> list[RuleInfo]:
        return list(self._rules.values()) if self._rules is not None else []

    def get(self, rule_id: str) -> RuleInfo | None:
        return self._rules.get(rule_id) if self._rules is not None else None
