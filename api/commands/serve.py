"""``ipsec-doctor serve``: run the REST service with uvicorn.

The service's modules are imported when the command runs, so other commands start fast.
"""

from __future__ import annotations

import argparse
import os
import copy
import logging
import socket
import sys
from typing import Any


class ExceptionTextFilter(logging.Filter):
    """Drop the exception (message and traceback) from uvicorn's "Exception in ASGI
    application" record: Starlette re-raises after our handler answered 500, and an
    exception message may quote submitted text. ``api.problems`` already logged the
    exception type and frames."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "exception"
            record.msg = f"{record.getMessage()} ({kind}; details withheld)"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def _log_config(level: str) -> dict[str, Any]:
    import uvicorn.config

    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["loggers"]["api"] = {"handlers": ["default"], "level": level, "propagate": False}
    config.setdefault("filters", {})["no_exception_text"] = {"()": ExceptionTextFilter}
    config["handlers"]["default"].setdefault("filters", []).append("no_exception_text")
    return config


def run(args: argparse.Namespace) -> int:
    import uvicorn
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError
    from uvicorn.supervisors import Multiprocess

    from api.app import prepare_database
    from api.settings import Settings

    if args.rules_dir:
        # Workers load the pack themselves; the environment is what they inherit.
        from engine.pack import RULES_PATH_ENV, RulePackError, load_pack

        os.environ[RULES_PATH_ENV] = os.pathsep.join(
            [*map(os.path.abspath, args.rules_dir), *filter(None, os.environ.get(RULES_PATH_ENV, "").split(os.pathsep))])
        try:
            load_pack()  # fail now, with the module and field, rather than in every worker
        except RulePackError as exc:
            print(f"ipsec-doctor: {exc}", file=sys.stderr)
            return 2
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        print(f"ipsec-doctor: invalid IPSEC_DOCTOR_* setting {error['loc'][0]}: {error['msg']}", file=sys.stderr)
        return 2
    try:
        prepare_database(settings)  # once, before the workers start
    except SQLAlchemyError as exc:
        print(f"ipsec-doctor: cannot prepare the database: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    config = uvicorn.Config(
        "api.app:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=settings.log_level.lower(),
        log_config=_log_config(settings.log_level),
    )
    try:
        listener = tcp_listener(args.host, args.port)
    except OSError as exc:
        print(f"ipsec-doctor: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    with listener:
        logging.getLogger("uvicorn.error").info("listening on http://%s:%d", args.host, listener.getsockname()[1])
        if args.workers > 1:
            Multiprocess(config, sockets=[listener]).run()
            return 0
        server = uvicorn.Server(config)
        server.run(sockets=[listener])
    return 0 if server.started else 1


def tcp_listener(host: str, port: int) -> socket.socket:
    """The listening socket, created with ``proto=IPPROTO_TCP``.

    asyncio sets TCP_NODELAY only on accepted sockets whose ``proto`` is TCP, and they inherit
    it from the listener. uvicorn's own listener for ``--workers N`` leaves it 0, so every
    keep-alive response waits ~40 ms for a delayed ACK (uvicorn issue #3149).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
    except OSError:
        listener.close()
        raise
    listener.set_inheritable(True)
    return listener


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the REST service",
        description="Run the REST and chatops service. Settings come from IPSEC_DOCTOR_* "
        "environment variables (see docs/service.md).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: %(default)s)")
    parser.add_argument("--workers", type=_positive, default=1, help="worker processes (default: %(default)s)")
    parser.add_argument("--rules-dir", action="append", default=[], metavar="DIR",
                        help="load more signatures from DIR (repeatable)")
    parser.set_defaults(func=run)
