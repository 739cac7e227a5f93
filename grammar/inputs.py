"""User-supplied inputs: decoding, size limits, and kind detection from content."""

from __future__ import annotations

from dataclasses import dataclass

MAX_INPUT_BYTES = 64 * 1024 * 1024  # per input; the REST layer has its own body limit


class UnusableInput(ValueError):
    """The input cannot be analysed at all (binary, empty, too large). One-line reason."""


@dataclass(frozen=True, slots=True)
class InputText:
    name: str
    text: str

    @classmethod
    def from_bytes(cls, name: str, data: bytes, *, max_bytes: int = MAX_INPUT_BYTES) -> InputText:
        if len(data) > max_bytes:
            raise UnusableInput(f"{name}: {len(data)} bytes is over the {max_bytes}-byte limit")
        if not data.strip():
            raise UnusableInput(f"{name}: empty input")
        sample = data[:8192]
        # NUL bytes or a high share of control bytes = not a text paste.
        controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
        if b"\x00" in sample or controls > len(sample) // 10:
            raise UnusableInput(f"{name}: looks like a binary file, not a text paste")
        return cls(name, data.decode("utf-8", errors="replace"))


def _is_case_expectations(text: str) -> bool:
    """An ipsec-doctor case's ``expected.toml`` (passed along by ``cases/<case>/*``)."""
    head = text[:4096]
    return "[[session]]" in head and head.lstrip().startswith(("description", "#", "["))


def detect_kind(text: str) -> str:
    """``debug`` | ``show`` | ``asa_config`` | ``ios_config`` | ``expectations`` | ``unknown``.

    ``expectations`` is a case's ``expected.toml``: read, not analysed.

    Logs win over show output when both are present: a debug paste often quotes a
    ``show`` line, rarely the reverse.
    """
    from grammar.config import detect_config_platform
    from grammar.debug import looks_like_log
    from grammar.show import looks_like_show

    if _is_case_expectations(text):
        return "expectations"
    if looks_like_log(text):
        return "debug"
    if looks_like_show(text):
        return "show"
    platform = detect_config_platform(text)
    if platform == "asa":
        return "asa_config"
    if platform == "ios":
        return "ios_config"
    return "unknown"
