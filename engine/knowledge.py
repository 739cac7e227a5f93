"""The experta engine built from the rule pack once, reset per session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from experta import NOT, Fact, KnowledgeEngine, Rule

from engine.pack import Finding, RulePack, RuleSpec, load_pack
from engine.sessions import SessionState
from grammar.config_model import DeviceConfig
from grammar.events import Event


@dataclass
class RuleContext:
    """What a rule body may read besides its bound facts."""

    session: SessionState
    local: DeviceConfig | None = None  # the device whose logs we read (usually the ASA)
    peer: DeviceConfig | None = None  # the other side's config, when given
    events: list[Event] = field(default_factory=list)


@dataclass
class Fired:
    spec: RuleSpec
    finding: Finding
    bindings: dict[str, Any]


@dataclass
class NearMiss:
    """A rule that did not fire: which of its patterns matched, or that its body declined."""

    spec: RuleSpec
    matched: list[int]  # indices into spec.patterns
    declined: bool = False  # every pattern matched, the body returned no finding

    def to_dict(self) -> dict[str, Any]:
        missing = [repr(p) for i, p in enumerate(self.spec.patterns) if i not in self.matched and _is_probeable(p)]
        return {"rule": self.spec.name, "signature": self.spec.signature.id,
                "matched": len(self.matched), "of": sum(1 for p in self.spec.patterns if _is_probeable(p)),
                "missing": missing, "declined": self.declined}


def _fire(spec: RuleSpec):
    def fire(engine: Any, **bindings: Any) -> None:
        finding = spec.body(engine.context, **bindings)
        if finding is not None:
            engine.fired.append(Fired(spec, finding, bindings))
        else:
            engine.declined.append(spec)

    fire.__name__ = spec.name
    return fire


def _probe(spec: RuleSpec, index: int):
    def matched(engine: Any, **_bindings: Any) -> None:
        engine.matched.setdefault(spec.name, set()).add(index)

    matched.__name__ = f"{spec.name}__pattern{index}"
    return matched


class PatternProbe:
    """One single-pattern rule per (rule, pattern): tells which patterns of a rule that did
    not fire matched the facts anyway. Built only when explanations are asked for."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        # TEST(...) patterns read variables bound by the other patterns: not testable alone.
        rules = {f"{spec.name}__pattern{index}": Rule(pattern)(_probe(spec, index))
                 for spec in pack.rules for index, pattern in enumerate(spec.patterns)
                 if _is_probeable(pattern)}
        self._engine = type("IpsecDoctorProbe", (KnowledgeEngine,), rules)()

    def near_misses(self, facts: list[Fact], fired: list[Fired], declined: list[RuleSpec]) -> list[NearMiss]:
        engine = self._engine
        engine.reset()
        engine.matched = {}
        if facts:
            engine.declare(*facts)
        engine.run()
        fired_names = {f.spec.name for f in fired}
        declined_names = {spec.name for spec in declined} - fired_names
        misses = []
        for spec in self.pack.rules:
            if spec.name in fired_names:
                continue
            matched = sorted(engine.matched.get(spec.name, ()))
            probeable = sum(1 for pattern in spec.patterns if _is_probeable(pattern))
            if spec.name in declined_names:
                misses.append(NearMiss(spec, matched, declined=True))
            elif matched and len(matched) < probeable and any(isinstance(spec.patterns[i], Fact) for i in matched):
                # a NOT(...) alone matching proves nothing about the rule being close to firing
                misses.append(NearMiss(spec, matched))
        return misses


def _is_probeable(pattern: Any) -> bool:
    return isinstance(pattern, (Fact, NOT))


def observed_kinds(pack: RulePack) -> frozenset[str] | None:
    """Every event kind an ``Observed`` pattern of the pack can match, or None when one
    pattern could match any kind (no ``kind``, or a free predicate). Facts of other kinds
    would only cost experta time: ~1 ms each with a full pack."""
    from engine.facts import Observed
    from engine.pack import Membership

    kinds: set[str] = set()

    def visit(node: Any) -> bool:
        if isinstance(node, Observed):
            kind = node.get("kind")
            if isinstance(kind, str):
                kinds.add(kind)
                return True
            predicate = kind.match if hasattr(kind, "match") else None
            if isinstance(predicate, Membership) and predicate.inside:
                kinds.update(predicate.values)
                return True
            return False
        if isinstance(node, Fact):
            return True
        if isinstance(node, tuple):  # NOT/OR/AND/TEST nest their conditions in tuples
            return all(visit(item) for item in node)
        return True

    if all(visit(pattern) for spec in pack.rules for pattern in spec.patterns):
        return frozenset(kinds)
    return None


class RulePackEngine:
    """One experta ``KnowledgeEngine`` holding every rule of a pack.

    Not thread-safe (experta keeps its agenda on the instance): use one per thread.
    """

    def __init__(self, pack: RulePack | None = None) -> None:
        self.pack = pack if pack is not None else load_pack()
        rules = {spec.name: Rule(*spec.patterns, salience=spec.salience)(_fire(spec)) for spec in self.pack.rules}
        engine_class = type("IpsecDoctorKnowledge", (KnowledgeEngine,), rules)
        self._engine = engine_class()
        self._probe: PatternProbe | None = None
        self.observed_kinds = observed_kinds(self.pack)

    def run(self, context: RuleContext, facts: list[Fact], *,
            explain: bool = False) -> tuple[list[Fired], list[NearMiss]]:
        engine = self._engine
        engine.reset()
        engine.context = context
        engine.fired, engine.declined = [], []
        if facts:
            engine.declare(*facts)
        engine.run()
        fired: list[Fired] = engine.fired
        declined: list[RuleSpec] = engine.declined
        engine.context, engine.fired, engine.declined = None, [], []
        if not explain:
            return fired, []
        if self._probe is None:
            self._probe = PatternProbe(self.pack)
        return fired, self._probe.near_misses(facts, fired, declined)
