"""The ``import`` batch command: bring an office's spreadsheet in.

    hotel-supply import KIND FILE [--sheet NAME] [--dry-run] [--valid-only]
                                  [--create-missing] [--report REPORT.xlsx [--force]]
    hotel-supply import KIND --template FILE.xlsx [--force]

KIND is one of suppliers, products, hotels, prices, standing-orders, deliveries.
Rows with an error are listed on standard error; the last line is the summary
(new, updated, unchanged, errors). With any error nothing is written (exit
status 2) unless ``--valid-only``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hotel_supply import output_files
from hotel_supply.i18n import _
from hotel_supply.importing.columns import Kind
from hotel_supply.services.errors import DomainError

EXIT_REFUSED = 2


def add_import_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``import`` subcommand's options (``sub`` is the parser's subparsers)."""
    parser = sub.add_parser(
        "import", parents=[common],
        help=_("import suppliers, products, hotels, prices, standing orders or past "
               "deliveries from an XLSX, XLS, ODS or CSV file"))
    parser.add_argument("kind", choices=[str(k) for k in Kind], metavar="KIND",
                        help=_("suppliers, products, hotels, prices, standing-orders or "
                               "deliveries"))
    parser.add_argument("file", type=Path, nargs="?", metavar="FILE",
                        help=_("the spreadsheet to import"))
    parser.add_argument("--sheet", metavar="NAME", help=_("the sheet (default: the first)"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("show what would be imported, write nothing"))
    parser.add_argument("--valid-only", action="store_true",
                        help=_("import the valid rows even if others have errors"))
    parser.add_argument("--create-missing", action="store_true",
                        help=_("create the hotels, suppliers and products the rows name that "
                               "do not exist yet"))
    parser.add_argument("--report", type=Path, metavar="REPORT.xlsx",
                        help=_("write every row with its status and messages to an XLSX file"))
    parser.add_argument("--template", type=Path, metavar="FILE.xlsx",
                        help=_("write an empty template for KIND instead of importing"))
    parser.add_argument("--force", action="store_true",
                        help=_("replace the report or template file if it exists"))


def cmd_import(args: argparse.Namespace) -> int:
    from hotel_supply.cli import _database
    from hotel_supply.importing.plan import RowStatus
    from hotel_supply.importing.runner import ImportRefused, Source, preview, run_import
    from hotel_supply.importing.workbook import write_report, write_template

    kind = Kind(args.kind)
    if args.template is not None:
        _check_xlsx(args.template, force=args.force)
        with output_files.writing(args.template) as scratch:
            write_template(scratch, kind)
        print(_("Template written to {path}").format(path=args.template))
        return 0
    if args.file is None:
        raise DomainError(_("Name the file to import (or --template FILE.xlsx for an empty "
                            "one)."))
    if not args.file.is_file():
        raise DomainError(_("The file {file} does not exist.").format(file=args.file))
    if args.report is not None:
        _check_xlsx(args.report, force=args.force)
    db = _database(args, writes=not args.dry_run)
    source = Source(args.file, sheet=args.sheet)
    refused: ImportRefused | None = None
    try:
        if args.dry_run:
            plan = preview(db, kind, source, create_missing=args.create_missing)
        else:
            plan = run_import(db, kind, source, create_missing=args.create_missing,
                              valid_only=args.valid_only)
    except ImportRefused as exc:
        refused, plan = exc, exc.plan
    for warning in plan.warnings:
        print(warning, file=sys.stderr)
    for row in plan.rows:
        if row.status == RowStatus.ERROR:
            for message in row.errors:
                print(_("Row {row}: {message}").format(row=row.row_no, message=message),
                      file=sys.stderr)
    for created in plan.created:
        print(created, file=sys.stderr)
    if args.report is not None:
        with output_files.writing(args.report) as scratch:
            write_report(scratch, plan)
    summary = plan.counts.summary()
    if refused is not None:
        print(summary)
        print(refused.message, file=sys.stderr)
        return EXIT_REFUSED
    if args.dry_run:
        print(_("Dry run, nothing written: {summary}").format(summary=summary))
    else:
        print(summary)
    return 0


def _check_xlsx(path: Path, *, force: bool) -> None:
    if path.suffix.lower() != ".xlsx":
        raise DomainError(_("{path}: give a file name ending in .xlsx.").format(path=path))
    output_files.check_output_file(path, force=force)
