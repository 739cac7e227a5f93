"""``ipsec-doctor`` command line: one sub-command module per verb under ``api/commands``.

Each command module exposes ``register(subparsers)`` which adds its parser and sets
``func`` (returns the exit status). Exit 2 = unusable input or arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from api.commands import diagnose as diagnose_command
from api.commands import keys as keys_command
from api.commands import rules as rules_command
from api.commands import serve as serve_command

COMMANDS = [diagnose_command, rules_command, serve_command, keys_command]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipsec-doctor",
        description="Explain why an IPsec VPN tunnel does not come up, and which config lines fix it.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("ipsec-doctor: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
