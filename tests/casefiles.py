"""The cases under ``cases/`` (loaded by ``engine.cases``), re-rendered in other input forms.

Like lark's one-suite-over-every-parser-configuration, every case runs over every
input form: as given, collapsed (several messages per physical line, as in pasted
TAC documents) and converted between console (``[IKEv1 DEBUG]:``) and syslog
(``%ASA-7-713906:``) prefixes.
"""

from __future__ import annotations

import re

from engine.cases import BUILTIN_CASES_DIR, Case, case_dirs, load_case
from grammar.inputs import InputText

__all__ = ["CASES_DIR", "FORMS", "Case", "case_dirs", "in_form", "load_case"]

CASES_DIR = BUILTIN_CASES_DIR

_CONSOLE = re.compile(
    r"(?P<ts>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s{1,2}\d{1,2}(?: \d{4})? \d\d:\d\d:\d\d)?\s?"
    r"\[IKEv1(?P<fac> DEBUG| DECODE)?\]:?\s?(?!%)")
_SYSLOG = re.compile(r"%ASA-(?P<level>\d)-(?P<id>\d{6}):\s?")
_LOG_START = re.compile(r"^(?:\S.{0,40}?)?(?:\[IKEv1|%ASA-)")


def to_syslog(text: str) -> str:
    """Console prefixes → syslog prefixes (the text after them is what rules match)."""
    def replace(match: re.Match[str]) -> str:
        level = {" DEBUG": 7, " DECODE": 7}.get(match.group("fac") or "", 5)
        stamp = f"{match.group('ts')} asa01 : " if match.group("ts") else ""
        return f"{stamp}%ASA-{level}-71390{level - 1}: "
    return _CONSOLE.sub(replace, text)


def to_console(text: str) -> str:
    """Syslog prefixes → console prefixes."""
    def replace(match: re.Match[str]) -> str:
        facility = " DEBUG" if match.group("level") == "7" else ""
        return f"[IKEv1{facility}]: "
    return _SYSLOG.sub(replace, text)


def collapse(text: str, per_line: int = 6) -> str:
    """Join runs of log-message lines, ``per_line`` messages to a physical line."""
    out: list[str] = []
    run: list[str] = []
    for line in text.splitlines():
        if _LOG_START.match(line) and len(run) < per_line:
            run.append(line.strip())
            continue
        if run:
            out.append(" ".join(run))
            run = []
        if _LOG_START.match(line):
            run.append(line.strip())
        else:
            out.append(line)
    if run:
        out.append(" ".join(run))
    return "\n".join(out) + "\n"


def is_log(item: InputText) -> bool:
    return bool(re.search(r"\[IKEv1|%ASA-\d-\d{6}", item.text))


FORMS = {
    "given": lambda text: text,
    "collapsed": collapse,
    "other_prefix": lambda text: to_syslog(text) if "[IKEv1" in text else to_console(text),
}


def in_form(case: Case, form: str) -> list[InputText]:
    convert = FORMS[form]
    return [InputText(item.name, convert(item.text)) if is_log(item) else item for item in case.inputs]
