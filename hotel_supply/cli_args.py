"""The batch commands' argument types and the paper option, shared by ``cli.py`` and the
command modules beside it (no Qt)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.papers import PAPERS


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("“{text}” is not a date (YYYY-MM-DD).").format(
            text=text)) from exc


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("“{text}” is not a whole number.").format(
            text=text)) from exc


def positive(text: str) -> int:
    value = whole_number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(_("must be more than zero"))
    return value


def paper_option(parser: argparse.ArgumentParser, papers: Sequence[str] = PAPERS) -> None:
    # --size is the old name, kept so that existing scripts go on working.
    parser.add_argument("--paper", "--size", dest="paper", type=str.upper, choices=papers,
                        default=None,
                        help=_("paper to print on: {papers} (default: the paper chosen in "
                               "Settings)").format(papers=", ".join(papers)))


def chosen_paper(args: argparse.Namespace, db: Database,
                 papers: Sequence[str] = PAPERS) -> str:
    """The paper a batch command prints on: ``--paper``, else the office's default when the
    command's documents are laid out for it, else A4."""
    from hotel_supply.services.settings import load_settings

    default = load_settings(db).default_paper
    return str(args.paper or (default if default in papers else "A4"))


def month_arg(text: str) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(f"{text}-01")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("“{text}” is not a month (YYYY-MM).").format(
            text=text)) from exc
    return day.year, day.month
