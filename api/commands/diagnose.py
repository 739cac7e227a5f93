"""``ipsec-doctor diagnose [--format text|json|markdown] [--explain] FILE...``"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TransferSpeedColumn

from api.render import render_markdown, render_text
from engine.diagnose import diagnose
from engine.knowledge import RulePackEngine
from engine.pack import RulePackError, load_pack
from grammar.inputs import MAX_INPUT_BYTES, InputText, UnusableInput

PROGRESS_THRESHOLD = 1_000_000  # characters: show a progress bar above this on a terminal


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diagnose", help="diagnose debugs, syslog, show output and configs",
        description="Read ASA debugs/syslog, show crypto output and configs (kind detected from content) "
                    "and explain, per peer, how far the negotiation got and why it stopped.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="input files; - reads standard input")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("--explain", action="store_true",
                        help="show which rule fired on which facts, and the rules that nearly fired")
    parser.add_argument("--rules-dir", action="append", default=[], metavar="DIR",
                        help="load more signatures from DIR (repeatable)")
    parser.set_defaults(func=run)


def read_inputs(files: list[str]) -> list[InputText]:
    inputs = []
    for name in files:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
            inputs.append(InputText.from_bytes("<stdin>", data))
            continue
        path = Path(name)
        if not path.is_file():
            raise UnusableInput(f"{name}: no such file")
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise UnusableInput(f"{name}: {path.stat().st_size} bytes is over the {MAX_INPUT_BYTES}-byte limit")
        inputs.append(InputText.from_bytes(path.name if len(files) == 1 else str(path), path.read_bytes()))
    return inputs


def run(args: argparse.Namespace) -> int:
    try:
        inputs = read_inputs(args.files)
        engine = RulePackEngine(load_pack(args.rules_dir))
    except (UnusableInput, RulePackError, OSError) as exc:
        print(f"ipsec-doctor: {exc}", file=sys.stderr)
        return 2
    total = sum(len(i.text) for i in inputs)
    stderr = Console(stderr=True)
    try:
        if total >= PROGRESS_THRESHOLD and stderr.is_terminal:
            with Progress(TextColumn("parsing"), BarColumn(), TransferSpeedColumn(), console=stderr,
                          transient=True) as progress:
                task = progress.add_task("parse", total=total)
                report = diagnose(inputs, engine=engine, explain=args.explain,
                                  progress=lambda done, _total: progress.update(task, completed=done))
        else:
            report = diagnose(inputs, engine=engine, explain=args.explain)
    except UnusableInput as exc:
        print(f"ipsec-doctor: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump(report.to_dict(explain=args.explain), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(report, explain=args.explain))
    else:
        render_text(report, Console(), explain=args.explain)
    return 0
