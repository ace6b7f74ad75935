"""``hotel-supply users list|add|disable|enable|reset-password`` and ``hotel-supply audit verify``.

Both sign in like every batch command; changing accounts is an administrator's act
(the services refuse anyone else), and so is verifying the audit chain. New and
reset passwords are asked twice on the terminal, or taken from
HOTEL_SUPPLY_NEW_PASSWORD (for scripts), never from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models.enums import Role, label
from hotel_supply.services.errors import DomainError, NotAllowed

ROLE_NAMES = {role.value: role for role in Role}


def _roles(text: str) -> list[Role]:
    roles = []
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        if part not in ROLE_NAMES:
            raise argparse.ArgumentTypeError(_("“{role}” is not a role (choose from {roles}).")
                                             .format(role=part, roles=", ".join(ROLE_NAMES)))
        roles.append(ROLE_NAMES[part])
    return roles


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                common: argparse.ArgumentParser) -> None:
    users = sub.add_parser("users", parents=[common],
                           help=_("accounts: list, add, disable, enable, reset a password "
                                  "(administrators)"))
    users.add_argument("action", choices=("list", "add", "disable", "enable", "reset-password"))
    users.add_argument("name", nargs="?", metavar="NAME", help=_("the account's user name"))
    users.add_argument("--full-name", default="", help=_("add: the full name documents print"))
    users.add_argument("--roles", type=_roles, default=None, metavar="ROLE,ROLE",
                       help=_("add: {roles}").format(roles=", ".join(ROLE_NAMES)))
    audit = sub.add_parser("audit", parents=[common],
                           help=_("the audit trail: verify that no entry was changed"))
    audit.add_argument("action", choices=("verify",))


def _new_password(name: str) -> str:
    given = os.environ.get("HOTEL_SUPPLY_NEW_PASSWORD")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise DomainError(_("No new password for {user}: type it in a terminal, or set "
                            "HOTEL_SUPPLY_NEW_PASSWORD.").format(user=name))
    first = getpass.getpass(_("New password for {user}: ").format(user=name))
    again = getpass.getpass(_("The same again: "))
    if first != again:
        raise DomainError(_("The two passwords differ: nothing was changed."))
    return first


def cmd_users(args: argparse.Namespace, db_of: object) -> int:
    from hotel_supply.services import accounts

    db = db_of(args, writes=args.action != "list")  # type: ignore[operator]
    me = accounts.current(db)
    if me is None or not me.is_admin:
        raise NotAllowed(_("Only an administrator may see or change the accounts."))
    if args.action == "list":
        for view in accounts.accounts(db):
            state = _("active") if view.active else _("disabled")
            if view.active and not view.has_password:
                state = _("no password yet")
            roles = ", ".join(label(r) for r in Role if r in view.roles)
            print(f"{view.username:<16} {view.full_name:<28} {state:<16} {roles}")
        return 0
    if not args.name:
        raise DomainError(_("Name the account: hotel-supply users {action} NAME.").format(
            action=args.action))
    if args.action == "add":
        if not args.roles:
            raise DomainError(_("Give the account its roles with --roles, e.g. --roles gudang."))
        accounts.create_account(db, username=args.name, full_name=args.full_name,
                                roles=args.roles, password=_new_password(args.name))
        print(_("Account {user} added; the password must be changed at the first sign-in.")
              .format(user=args.name))
    elif args.action in ("disable", "enable"):
        accounts.set_active(db, username=args.name, active=args.action == "enable")
        print((_("Account {user} disabled.") if args.action == "disable"
               else _("Account {user} enabled.")).format(user=args.name))
    else:
        accounts.reset_password(db, username=args.name, password=_new_password(args.name))
        print(_("Password of {user} reset; it must be changed at the next sign-in.").format(
            user=args.name))
    return 0


def cmd_audit(args: argparse.Namespace, db_of: object) -> int:
    from hotel_supply.formatting import format_datetime
    from hotel_supply.models import AuditEntry
    from hotel_supply.services import accounts, audit_chain

    db = db_of(args, writes=False)  # type: ignore[operator]
    me = accounts.current(db)
    if me is None or not me.is_admin:
        raise NotAllowed(_("Only an administrator may verify the audit trail."))
    with db.reader() as session:
        report = audit_chain.verify(session)
        if report.ok:
            print(_("The audit trail holds: {n} entries checked, none changed, none missing.")
                  .format(n=report.checked))
            return 0
        entry = session.get(AuditEntry, report.broken_id) if report.broken_id else None
        if entry is not None:
            print(_("The audit trail is broken at entry {seq} ({at}, {user}, {action} {entity}): "
                    "it or the entries before it were changed outside the app.").format(
                seq=report.broken_seq, at=format_datetime(entry.at), user=entry.username,
                action=entry.action, entity=entry.entity))
            return 1
    if report.problem == "head":
        print(_("The audit trail is broken after entry {seq}: entries were removed from its "
                "end.").format(seq=report.checked))
    else:
        print(_("The audit trail is broken at entry {seq}: it is missing.").format(
            seq=report.broken_seq))
    return 1


def sign_in_from(args: argparse.Namespace, db: Database) -> None:
    """Sign a batch command in: ``--user`` or HOTEL_SUPPLY_USER, the password from
    HOTEL_SUPPLY_PASSWORD or asked on the terminal (never on the command line)."""
    from hotel_supply.services import accounts

    user = getattr(args, "user", None) or os.environ.get("HOTEL_SUPPLY_USER", "")
    if not user.strip():
        raise DomainError(_("Sign in: give your user name with --user NAME (or set "
                            "HOTEL_SUPPLY_USER)."))
    password = os.environ.get("HOTEL_SUPPLY_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise DomainError(_("No password for {user}: type it in a terminal, or set "
                                "HOTEL_SUPPLY_PASSWORD.").format(user=user))
        password = getpass.getpass(_("Password for {user}: ").format(user=user))
    try:
        accounts.sign_in(db, username=user, password=password, record=not db.read_only)
    except accounts.PasswordNotSet as exc:
        raise DomainError(_("The account “{user}” has no password yet: start the app and "
                            "sign in once to choose one.").format(user=user)) from exc
