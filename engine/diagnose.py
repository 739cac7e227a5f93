"""Inputs → Report: parse every input, build sessions, run the rule pack per session."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from engine.derive import config_context, session_facts
from engine.knowledge import Fired, RuleContext, RulePackEngine
from engine.report import (
    SEVERITY_ORDER,
    ClientIdentity,
    Diagnosis,
    Evidence,
    InputSummary,
    Report,
    SessionReport,
    UnrecognizedLine,
)
from engine.sessions import SessionState, SessionTracker
from grammar.config_model import DeviceConfig
from grammar.events import Event
from grammar.inputs import InputText, UnusableInput, detect_kind
from grammar.show_model import ShowOutput

__all__ = ["diagnose", "RulePackEngine", "InputText", "UnusableInput", "ParsedInputs", "parse_inputs"]

ProgressCallback = Callable[[int, int], None]  # (characters done, characters total)


@dataclass
class ParsedInputs:
    summaries: list[InputSummary] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    configs: list[DeviceConfig] = field(default_factory=list)
    shows: list[ShowOutput] = field(default_factory=list)


def _summary(name: str, kind: str, lines: int, recognized: int, unrecognized: list[tuple[int, str]],
             count: int | None = None) -> InputSummary:
    from grammar.redact import redact_config

    # Examples of unrecognised lines are echoed back: a debug paste with "show run" lines
    # in it must not echo their keys, so every example goes through the redactor.
    return InputSummary(name=name, kind=kind, lines=lines, recognized=recognized,
                        unrecognized=[UnrecognizedLine(line, redact_config(name, text))
                                      for line, text in unrecognized[:20]],
                        # a collapsed config line can hold several unrecognised commands: count lines
                        unrecognized_count=count if count is not None else len({line for line, _ in unrecognized}))


def parse_inputs(inputs: Sequence[InputText], progress: ProgressCallback | None = None,
                 event_sink: Callable[[ParsedInputs], Callable[[Event], None]] | None = None,
                 salt: bytes | None = None) -> ParsedInputs:
    """Parse every input by its detected kind: configs and show output first, then logs.

    ``event_sink`` is called once the non-log inputs are parsed and returns where each
    log event goes as soon as it is parsed (without it, into ``ParsedInputs.events``).
    Summaries keep the order the inputs were given in.
    """
    from grammar.config import parse_config
    from grammar.debug import parse_log
    from grammar.show import parse_show

    if not inputs:
        raise UnusableInput("no input given")
    for item in inputs:
        if not item.text.strip():
            raise UnusableInput(f"{item.name}: empty input")
    kinds = [detect_kind(item.text) for item in inputs]
    parsed = ParsedInputs()
    summaries: dict[int, InputSummary] = {}
    total = sum(len(item.text) for item in inputs) or 1
    done = 0

    def advance(item: InputText) -> None:
        nonlocal done
        done += len(item.text)
        if progress is not None:
            progress(done, total)

    for index, (item, kind) in enumerate(zip(inputs, kinds, strict=True)):
        if kind == "show":
            show = parse_show(item.name, item.text)
            parsed.shows.append(show)
            summaries[index] = _summary(item.name, kind, show.lines, show.recognized, show.unrecognized)
        elif kind in ("asa_config", "ios_config"):
            config = parse_config(item.name, item.text, salt=salt)
            parsed.configs.append(config)
            summaries[index] = _summary(item.name, kind, config.lines, config.recognized, config.unrecognized)
        elif kind == "expectations":
            lines = len(item.text.splitlines())
            summaries[index] = _summary(item.name, kind, lines, lines, [])
        elif kind != "debug":
            lines = item.text.splitlines()
            examples = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]
            summaries[index] = _summary(item.name, "unknown", len(lines), len(lines) - len(examples), examples,
                                        len(examples))
        else:
            continue
        advance(item)
    sink = event_sink(parsed) if event_sink is not None else parsed.events.append
    for index, (item, kind) in enumerate(zip(inputs, kinds, strict=True)):
        if kind != "debug":
            continue
        base = done

        def report(chars: int, base: int = base) -> None:
            if progress is not None:
                progress(base + chars, total)

        log = parse_log(item.name, item.text, progress=report, on_event=sink)
        summaries[index] = _summary(item.name, kind, log.lines, log.recognized, log.unrecognized,
                                    log.unrecognized_count)
        advance(item)
    parsed.summaries = [summaries[index] for index in range(len(inputs))]
    return parsed


def _local_addresses(config: DeviceConfig) -> set[str]:
    return {interface.address for interface in config.interfaces if interface.address}


def _references(config: DeviceConfig, address: str | None) -> bool:
    """Does the config name ``address`` as a peer (map entry, L2L tunnel-group, EZVPN server)?"""
    if not address:
        return False
    if any(address in map(config.resolve, entry.peers) for entry in config.crypto_maps):
        return True
    if any(config.resolve(name) == address for name in config.tunnel_groups):
        return True
    return any(address in client.peers for client in config.ezvpn_clients.values())


def _pick_configs(session: SessionState, configs: list[DeviceConfig]) -> tuple[DeviceConfig | None, DeviceConfig | None]:
    """The local device (whose logs these are) and the peer's config, by what each config
    says about the addresses in play; file order only breaks ties."""
    if not configs:
        return None, None
    identity = next((e.fields.get("local") for e in session.events if e.kind == "ike_connection"), None)

    def local_score(config: DeviceConfig) -> int:
        own = config.crypto_address()
        score = 0
        if session.peer == own or session.peer in _local_addresses(config):
            score -= 10  # that is the peer itself
        if identity and identity in _local_addresses(config):
            score += 4
        if _references(config, session.peer):
            score += 3
        if session.tunnel_group and session.tunnel_group in config.tunnel_groups:
            score += 2
        if config.platform == "asa":
            score += 1  # the logs read are an ASA's
        return score

    local = max(configs, key=local_score)
    if local_score(local) < 0:
        local = None
    ours = local.crypto_address() if local is not None else identity

    def peer_score(config: DeviceConfig) -> int:
        score = 1
        if session.peer in _local_addresses(config):
            score += 5
        if _references(config, ours):
            score += 3
        return score

    others = [config for config in configs if config is not local]
    peer = max(others, key=peer_score) if others else None
    return local, peer


def _attach_show(sessions: list[SessionState], shows: list[ShowOutput]) -> None:
    latest = {s.peer: s for s in sessions}  # show output describes the newest SA per peer
    for show in shows:
        for record in show.ike_sas:
            session = latest.get(record.peer)
            if session is None:
                session = SessionState(peer=record.peer)
                sessions.append(session)
                latest[record.peer] = session
            session.show_state = record.state
            line = record.source[1] if record.source else 1
            session.events.append(Event(
                source=show.name, line=line, form="show", kind="show_ike_sa", peer=record.peer,
                text=f"IKE Peer: {record.peer}, Role: {record.role}, State: {record.state}",
                raw=f"IKE Peer: {record.peer}  Type: {record.type}  Role: {record.role}  State: {record.state}",
                fields={"state": record.state, "role": record.role, "type": record.type}))
            session.role = session.role or record.role
            if session.ike_version is None:
                session.ike_version = record.ike_version
            if record.state and record.state.startswith(("AM_", "AG_")) and session.exchange is None:
                session.exchange = "aggressive"
        for record in show.ipsec_sas:
            session = latest.get(record.peer or "")
            if session is not None:
                session.show_ipsec = True
                session.username = session.username or record.username
                session.assigned_address = session.assigned_address or record.assigned_address


def _evidence(fired: Fired, events: list[Event]) -> list[Evidence]:
    items: list[Evidence] = []
    seen: set[tuple[str, int, str]] = set()
    for item in fired.finding.evidence:
        refs = item.get("refs", ()) if hasattr(item, "get") else ()
        targets = [events[ref] for ref in refs] if refs else ([item] if isinstance(item, Event) else [])
        for event in targets:
            key = (event.source, event.line, event.raw)
            if key not in seen:
                seen.add(key)
                items.append(Evidence(input=event.source, line=event.line, text=event.raw[:500]))
    return items


def _trace(fired: Fired) -> dict:
    def plain(value):
        if hasattr(value, "as_dict"):
            return {k: plain(v) for k, v in value.as_dict().items() if not str(k).startswith("__")}
        if isinstance(value, (tuple, list)):
            return [plain(v) for v in value]
        return value

    return {
        "rule": fired.spec.name,
        "module": fired.spec.signature.module,
        "pack": fired.spec.signature.pack,
        "facts": {name: {"type": type(value).__name__, **plain(value)} for name, value in fired.bindings.items()
                  if hasattr(value, "as_dict")},
    }


def _diagnoses(fired_list: list[Fired], events: list[Event], explain: bool) -> list[Diagnosis]:
    by_id: dict[str, Diagnosis] = {}
    for fired in fired_list:
        signature = fired.spec.signature
        finding = fired.finding
        diagnosis = Diagnosis(
            id=signature.id, severity=finding.severity or signature.severity,
            title=finding.title or signature.title, explanation=finding.explanation,
            evidence=_evidence(fired, events), remediation=list(finding.remediation),
            confidence=finding.confidence, trace=_trace(fired) if explain else None,
        )
        existing = by_id.get(signature.id)
        if existing is None:
            by_id[signature.id] = diagnosis
            continue
        # Several rules (or stages) of one signature fired: one diagnosis, all evidence.
        primary, other = (diagnosis, existing) if diagnosis.confidence > existing.confidence else (existing, diagnosis)
        seen = {(e.input, e.line, e.text) for e in primary.evidence}
        primary.evidence += [e for e in other.evidence if (e.input, e.line, e.text) not in seen]
        primary.evidence.sort(key=lambda e: (e.input, e.line))
        by_id[signature.id] = primary
    return sorted(by_id.values(), key=lambda d: (SEVERITY_ORDER[d.severity], -d.confidence, d.id))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing allocates ~10 objects per log line and frees none of them until the
    end; CPython's cyclic collector would rescan that growing heap again and again
    (measured: 40 % of parse time on a 10 MB log). Nothing we build is cyclic."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def diagnose(inputs: Sequence[InputText], *, engine: RulePackEngine | None = None,
             progress: ProgressCallback | None = None, explain: bool = False,
             salt: bytes | None = None) -> Report:
    """Analyse the inputs. Raises ``UnusableInput`` only for unusable input.

    ``explain`` also records, per session, the rules that came close to firing (some of
    their patterns matched) or whose body declined, for pack authors. ``salt`` keys the
    secret fingerprints (default: ``IPSEC_DOCTOR_SECRET_SALT`` or a per-process salt).
    """
    tracker = SessionTracker()

    def track_sessions(parsed: ParsedInputs) -> Callable[[Event], None]:
        nonlocal tracker
        # Client addresses known from show output route "IP = <client address>" lines.
        tracker = SessionTracker({record.assigned_address: record.peer for show in parsed.shows
                                  for record in show.ipsec_sas if record.assigned_address and record.peer})
        return tracker.add

    with _collector_paused():
        parsed = parse_inputs(inputs, progress, event_sink=track_sessions, salt=salt)
        sessions = tracker.finish()
        _attach_show(sessions, parsed.shows)
    engine = engine or RulePackEngine()
    per_peer = Counter(session.peer for session in sessions)

    report = Report(inputs=parsed.summaries)
    for session in sessions:
        local, peer = _pick_configs(session, parsed.configs)
        context = RuleContext(session=session, local=local, peer=peer, events=session.events)
        facts = session_facts(session, session.events, engine.observed_kinds)
        facts.append(config_context(session, local, peer))
        fired, near_misses = engine.run(context, facts, explain=explain)
        client = ClientIdentity(**{k: session.client.get(k) for k in ("hostname", "model", "serial", "image", "version")}) \
            if session.client else None
        report.sessions.append(SessionReport(
            peer=session.peer, ike_version=session.ike_version, exchange=session.exchange, role=session.role,
            tunnel_group=session.tunnel_group, username=session.username, outcome=session.outcome,
            reached=session.ordered_reached(), client=client, assigned_address=session.assigned_address,
            nat={"local": session.nat_local, "remote": session.nat_remote} if session.nat_local is not None else None,
            ike_sa=session.key if per_peer[session.peer] > 1 else None,
            diagnoses=_diagnoses(fired, session.events, explain),
            near_misses=[miss.to_dict() for miss in near_misses],
        ))
    return report
