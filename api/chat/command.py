"""What a chat user asked for: a stored case by id, a diagnosis of a pasted excerpt, or help."""

from __future__ import annotations

import re
from dataclasses import dataclass

CASE_ID = re.compile(r"^[0-9a-f]{32}$")

USAGE = (
    "Usage: `/ipsec-doctor <case id>` shows a stored case; "
    "`/ipsec-doctor <pasted debug, syslog or config excerpt>` diagnoses the excerpt and stores it as a case."
)


@dataclass(frozen=True)
class ShowCase:
    case_id: str


@dataclass(frozen=True)
class DiagnosePaste:
    text: str


@dataclass(frozen=True)
class ShowHelp:
    pass


ChatCommand = ShowCase | DiagnosePaste | ShowHelp


def parse_command(text: str) -> ChatCommand:
    stripped = text.strip()
    if not stripped or stripped.lower() == "help":
        return ShowHelp()
    if CASE_ID.match(stripped):
        return ShowCase(stripped)
    return DiagnosePaste(text)
