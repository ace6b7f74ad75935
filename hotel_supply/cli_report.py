"""The programme's reports from the command line.

    hotel-supply report scorecard --supplier CODE --period 2026-10|2026-Q4|2026 --out FILE.pdf
    hotel-supply report programme --period 2026-Q4 --out FILE.pdf|FILE.xlsx

Both only read the database.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hotel_supply import output_files
from hotel_supply.cli_args import date_arg
from hotel_supply.i18n import _
from hotel_supply.services.errors import DomainError

__all__ = ["add_report_parser", "cmd_report"]


def add_report_parser(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
                      common: argparse.ArgumentParser) -> None:
    from hotel_supply.cli_args import paper_option
    from hotel_supply.documents.styles import FULL_SHEET

    report = sub.add_parser("report", parents=[common],
                            help=_("the programme's reports: a UMKM scorecard, the programme "
                                   "report for the Dinas"))
    kinds = report.add_subparsers(dest="report", required=True)
    scorecard = kinds.add_parser("scorecard", parents=[common],
                                 help=_("one UMKM's scorecard as PDF"))
    scorecard.add_argument("--supplier", metavar="CODE", required=True)
    programme = kinds.add_parser("programme", parents=[common],
                                 help=_("the programme report as PDF or XLSX"))
    for parser in (scorecard, programme):
        parser.add_argument("--period", required=True, metavar="PERIOD",
                            help=_("a month (2026-10), a quarter (2026-Q4) or a year (2026)"))
        parser.add_argument("--out", type=Path, required=True, metavar="FILE",
                            help=_("a .pdf file") if parser is scorecard
                            else _("a .pdf or .xlsx file"))
        parser.add_argument("--today", type=date_arg, default=None,
                            help=_("the day orders and certificates are judged on (default: "
                                   "today)"))
        parser.add_argument("--force", action="store_true",
                            help=_("replace the file if it already exists"))
        paper_option(parser, FULL_SHEET)


def cmd_report(args: argparse.Namespace) -> int:
    from hotel_supply.cli import _database
    from hotel_supply.cli_args import chosen_paper
    from hotel_supply.documents.styles import FULL_SHEET
    from hotel_supply.services.umkm_figures import parse_period

    period = parse_period(args.period)
    suffix = args.out.suffix.lower()
    allowed = (".pdf",) if args.report == "scorecard" else (".pdf", ".xlsx")
    if suffix not in allowed:
        raise DomainError(_("The scorecard is written as .pdf.") if args.report == "scorecard"
                          else _("The programme report is written as .pdf or .xlsx."))
    output_files.check_output_file(args.out, force=args.force)
    db = _database(args, writes=False)
    if args.report == "scorecard":
        from hotel_supply.documents.scorecard import render_scorecard
        from hotel_supply.services.scorecard import scorecard_data, supplier_id_by_code

        card = scorecard_data(db, supplier_id=supplier_id_by_code(db, args.supplier),
                              period=period, as_of=args.today)
        paper = chosen_paper(args, db, FULL_SHEET)
        output_files.write_bytes(args.out, render_scorecard(card, page_size=paper))
        print(_("Scorecard of {name} for {period} written to {out}").format(
            name=card.supplier.name, period=period.label, out=args.out))
        return 0
    from hotel_supply.documents.programme_report import (
        render_programme_report,
        write_programme_xlsx,
    )
    from hotel_supply.services.programme_report import programme_report_data

    report = programme_report_data(db, period=period, as_of=args.today)
    if suffix == ".xlsx":
        with output_files.writing(args.out) as scratch:
            write_programme_xlsx(scratch, report)
    else:
        pdf = render_programme_report(report, page_size=chosen_paper(args, db, FULL_SHEET))
        output_files.write_bytes(args.out, pdf)
    print(_("Programme report for {period} written to {out}").format(
        period=period.label, out=args.out))
    return 0
