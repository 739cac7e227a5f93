"""The experta engine built from the rule pack once, reset per session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from experta import Fact, KnowledgeEngine, Rule

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

    def event(self, ref: int) -> Event:
        return self.events[ref]


@dataclass
class Fired:
    spec: RuleSpec
    finding: Finding
    bindings: dict[str, Any]


def _fire(spec: RuleSpec):
    def fire(engine: Any, **bindings: Any) -> None:
        finding = spec.body(engine.context, **bindings)
        if finding is not None:
            engine.fired.append(Fired(spec, finding, bindings))

    fire.__name__ = spec.name
    return fire


class RulePackEngine:
    """One experta ``KnowledgeEngine`` holding every rule of a pack.

    Not thread-safe (experta keeps its agenda on the instance): use one per thread.
    """

    def __init__(self, pack: RulePack | None = None) -> None:
        self.pack = pack if pack is not None else load_pack()
        rules = {spec.name: Rule(*spec.patterns, salience=spec.salience)(_fire(spec)) for spec in self.pack.rules}
        engine_class = type("IpsecDoctorKnowledge", (KnowledgeEngine,), rules)
        self._engine = engine_class()

    def run(self, context: RuleContext, facts: list[Fact]) -> list[Fired]:
        engine = self._engine
        engine.reset()
        engine.context = context
        engine.fired = []
        if facts:
            engine.declare(*facts)
        engine.run()
        fired: list[Fired] = engine.fired
        engine.context, engine.fired = None, []
        return fired
