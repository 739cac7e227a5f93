"""``ipsec-doctor keys create|list|revoke``: manage the REST service's API keys.

The database modules are imported when the command runs, so other commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api.store.api_keys import ApiKeyRepository


def _repository_run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    from api.settings import Settings
    from api.store.api_keys import ApiKeyRepository
    from api.store.db import Database
    from api.store.migrate import upgrade_to_head

    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"ipsec-doctor: invalid IPSEC_DOCTOR_* setting: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    database = Database(settings.database_url)
    try:
        upgrade_to_head(database.engine)
        with database.session() as session:
            return int(args.action(ApiKeyRepository(session), args))
    except SQLAlchemyError as exc:
        print(f"ipsec-doctor: database error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    finally:
        database.dispose()


def _create(keys: ApiKeyRepository, args: argparse.Namespace) -> int:
    from api.store.api_keys import KeyNameTaken

    try:
        info, key = keys.create(args.name)
    except KeyNameTaken:
        print(f"ipsec-doctor: a key named {args.name!r} exists already", file=sys.stderr)
        return 2
    print(f"Created API key {info.name!r}. It is shown once; store it now:")
    print(key)
    return 0


def _list(keys: ApiKeyRepository, _args: argparse.Namespace) -> int:
    for info in keys.list():
        state = "active" if info.active else f"revoked {info.revoked_at:%Y-%m-%d %H:%M}Z"
        print(f"{info.name}\tipd_{info.prefix}_…\tcreated {info.created_at:%Y-%m-%d %H:%M}Z\t{state}")
    return 0


def _revoke(keys: ApiKeyRepository, args: argparse.Namespace) -> int:
    if not keys.revoke(args.name):
        print(f"ipsec-doctor: no active key named {args.name!r}", file=sys.stderr)
        return 2
    print(f"Revoked API key {args.name!r}.")
    return 0


def _name(value: str) -> str:
    if not value or len(value) > 100 or not value.isprintable():
        raise argparse.ArgumentTypeError("a key name is 1-100 printable characters")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "keys",
        help="manage API keys of the REST service",
        description="Manage API keys in the database named by IPSEC_DOCTOR_DATABASE_URL.",
    )
    actions = parser.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a key and print it once")
    create.add_argument("name", type=_name)
    create.set_defaults(action=_create)
    actions.add_parser("list", help="list keys (never the keys themselves)").set_defaults(action=_list)
    revoke = actions.add_parser("revoke", help="revoke a key")
    revoke.add_argument("name", type=_name)
    revoke.set_defaults(action=_revoke)
    parser.set_defaults(func=_repository_run)
