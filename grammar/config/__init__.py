"""Cisco ASA / IOS configuration parser: pasted text -> ``DeviceConfig``.

Two steps, as stack.md §2 recommends for Cisco configs:

1. **Cut the text into commands** and find each command's parent block
   (``line_splitter``, ``blocks``).  Normal configs give one command per physical
   line and indentation names the parent; configs pasted without newlines are cut at
   keywords.
2. **Read each command** with ``config.lark`` (``commands``: LALR), using the start
   symbol of its parent block, word by word: all the cuts a paste offers after one
   word are read in one pass (``prefix_parser``, ``word_lexer``).  Then fill the
   dataclasses of ``config_model`` (``builder``; ``platform`` guesses ASA or IOS).

Every physical line is either recognised or reported in ``unrecognized`` (with its
secrets redacted).  Secret tokens become a salted fingerprint plus a ``SecretSpan``
(``secret_spans``); a command the grammar could not read that carries a
secret-bearing keyword has the rest of the command redacted.  Nothing here raises on
bad input.
"""

from __future__ import annotations

from grammar.config.blocks import Block, Reading, after, opens
from grammar.config.builder import Builder
from grammar.config.line_splitter import MAX_READS, READS_PER_WORD, LineSplitter
from grammar.config.platform import asa_syntax, detect_config_platform, likely_platform
from grammar.config.secret_spans import spans_of
from grammar.config.words import Command, split_words
from grammar.config_model import DeviceConfig
from grammar.secrets import default_salt, split_lines

__all__ = ["parse_config", "detect_config_platform"]


class _Run:
    """State of one parse_config call: the config being filled and the open blocks."""

    def __init__(self, name: str, text: str, salt: bytes):
        self.lines = split_lines(text)
        self.cfg = DeviceConfig(name=name, platform=likely_platform(text), lines=len(self.lines))
        self.builder = Builder(self.cfg, salt)
        self.stack: list[Block] = []
        self.banner: list[str | None] = [None]  # delimiter of an IOS banner still open
        self.errors = 0  # commands the grammar read but the builder failed on (a bug)
        words = sum(len(line.split()) for line in self.lines)
        self.budget = [min(READS_PER_WORD * words + 1000, MAX_READS)]
        filled = sum(1 for line in self.lines if line.strip()) or 1
        # Many words per line: a config pasted without (most of) its newlines.
        self.paste_like = words / filled >= 12
        # No indented line at all: the indentation was stripped, so a line at column 0
        # may still be a child of the block above it (tried first, as in a paste).
        self.flat = filled > 1 and not any(line[:1].isspace() and line.strip() for line in self.lines)

    def run(self) -> DeviceConfig:
        cfg = self.cfg
        cfg.recognized = sum(self.line(number, physical) for number, physical in enumerate(self.lines, start=1))
        cfg.syntax = "ios" if cfg.platform == "ios" else asa_syntax(self.builder.votes, cfg.version)
        return cfg

    def line(self, number: int, physical: str) -> bool:
        """Read and apply one physical line; False when any of it was not recognised."""
        words = split_words(physical)
        if not words:
            return True
        indent = words[0].start
        splitter = LineSplitter(words, self.cfg.platform, self.budget)
        ok = True
        for seg in splitter.commands(self.stack, indent, self.banner, paste_like=self.paste_like, flat=self.flat):
            ok &= self.apply(Command(number, words[seg.begin:seg.end]), seg.reading, physical, indent)
        return ok

    def apply(self, cmd: Command, reading: Reading | None, physical: str, indent: int) -> bool:
        cmd.spans = spans_of(cmd, reading)
        self.cfg.secret_spans.extend(cmd.spans)
        if reading is None:
            self.cfg.unrecognized.append((cmd.line, cmd.text(physical)))
            return False
        parent = self.stack[reading.level] if 0 <= reading.level < len(self.stack) else None
        opened = opens(reading) if reading.tree is not None else None
        try:
            obj = None if reading.tree is None else self.builder.apply(
                reading.kind, reading.tree, cmd, parent.obj if parent else None, physical)
        except Exception:  # noqa: BLE001 - a builder bug costs this command, not the config
            self.errors += 1
            self.cfg.unrecognized.append((cmd.line, cmd.text(physical)))
            return False
        self.stack = after(self.stack, reading, indent)
        if opened and self.stack and self.stack[-1].kind == opened:
            self.stack[-1].obj = obj
        return True


def parse_config(name: str, text: str, *, salt: bytes | None = None) -> DeviceConfig:
    """Parse an ASA or IOS configuration (platform detected from the content).

    Never raises on bad input: what cannot be read is listed in ``unrecognized``
    (secrets redacted).  Secrets are kept as salted fingerprints (``salt`` defaults to
    ``grammar.secrets.default_salt()``) and located by ``secret_spans``.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str):
        text = ""
    salt = default_salt() if salt is None else salt
    try:
        return _Run(name, text, salt).run()
    except Exception:  # noqa: BLE001 - last resort: report every line, secrets redacted
        return _unparsed(name, text)


def _unparsed(name: str, text: str) -> DeviceConfig:
    lines = split_lines(text)
    cfg = DeviceConfig(name=name, platform="asa", lines=len(lines))
    for number, physical in enumerate(lines, start=1):
        words = split_words(physical)
        if not words:
            cfg.recognized += 1
            continue
        cmd = Command(number, words)
        cmd.spans = spans_of(cmd, None)
        cfg.secret_spans.extend(cmd.spans)
        cfg.unrecognized.append((number, cmd.text(physical)))
    return cfg
