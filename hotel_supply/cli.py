"""Command line: the GUI by default, subcommands for batch work.

    hotel-supply [--database URL] [--demo]
    hotel-supply demo [--days N] [--hotels N] [--suppliers N] [--seed N] [--today DATE]
                      [--years N] [--products N]   (the scale demo, written in bulk)
    hotel-supply print delivery-notes --date YYYY-MM-DD [--hotel CODE] --out DIR [--paper F4]
    hotel-supply stock --hotel CODE [--date YYYY-MM-DD] [--xlsx FILE [--force]]
    hotel-supply invoices generate|issue|print --month YYYY-MM [--hotel CODE] [--out DIR]
                                                                 [--paper A4|F4]
    hotel-supply reconcile --month YYYY-MM [--hotel CODE] --out FILE.xlsx|FILE.pdf [--force]
    hotel-supply check --month YYYY-MM [--today YYYY-MM-DD]
    hotel-supply backup [--out FILE]
    hotel-supply restore FILE          (an administrator; see backups.py)
    hotel-supply import KIND FILE [--dry-run] [--valid-only] [--create-missing] [--report F]

``--database URL`` is accepted before or after a subcommand's own options. Every command
that writes PDFs takes ``--paper`` (A4 or F4; A5 too for delivery notes), by default the
paper chosen in Settings.

No command shows a traceback. Exit status: 0 done; 1 ``check`` found a
disagreement or ``invoices issue`` refused some, or something unexpected went
wrong (one sentence naming the log file that holds the details); 2 a known
failure (a bad option, a database that cannot be used, a file that cannot be
written, a rule of the domain), told in one sentence; 130 interrupted; 141
standard output closed early (``hotel-supply stock ... | head``), quietly.
Only ``demo`` and the GUI create a database; the other commands refuse a
database that does not exist.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from hotel_supply import (
    __version__,
    cli_accounts,
    cli_backup,
    config,
    errors_log,
    output_files,
    soundness,
)
from hotel_supply.cli_args import (
    chosen_paper,
    date_arg,
    month_arg,
    paper_option,
    positive,
    whole_number,
)
from hotel_supply.config import Preferences
from hotel_supply.db import Database, describe_url, open_database, translate_db_error
from hotel_supply.i18n import LANGUAGES, N_, _, ngettext, set_language
from hotel_supply.papers import FULL_SHEET
from hotel_supply.progress import Progress
from hotel_supply.services.errors import DomainError

EXIT_UNEXPECTED = 1
EXIT_KNOWN_FAILURE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell shows for a program stopped by SIGPIPE

# argparse's own messages, translated through our catalogs (see _argparse_speaks)
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
)


EPILOG = N_(
    "Exit status: 0 done; 1 'check' found a disagreement, 'invoices issue' refused an "
    "invoice, or something unexpected went wrong (the message names the log file with the "
    "details); 2 a known failure, told in one sentence; 130 interrupted; 141 output closed "
    "early (as with | head). Only 'demo' and the app itself create a database."
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS,
                        help=_("database URL (default: the SQLite file in the data folder, or "
                               "HOTEL_SUPPLY_DATABASE_URL)"))
    common.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help=_("language of messages and documents"))
    common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                        help=_("sign in as this account (default: HOTEL_SUPPLY_USER); the "
                               "password is asked, or taken from HOTEL_SUPPLY_PASSWORD"))
    parser = argparse.ArgumentParser(
        prog="hotel-supply", parents=[common],
        description=_("Deliveries of UMKM products to partner hotels: receiving, stock, "
                      "delivery notes and invoices."),
        epilog=_(EPILOG))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help=_("open the demo database (filled with sample data on first use)"))
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", parents=[common], help=_("build the demo database"))
    demo.add_argument("--days", type=positive, default=60, help=_("days of past deliveries"))
    demo.add_argument("--hotels", type=positive, default=5)
    demo.add_argument("--suppliers", type=positive, default=120)
    demo.add_argument("--products", type=positive, default=None,
                      help=_("build the scale demo with this many products (written in bulk)"))
    demo.add_argument("--years", type=positive, default=None,
                      help=_("build the scale demo over this many years (written in bulk)"))
    demo.add_argument("--seed", type=whole_number, default=2026)
    demo.add_argument("--today", type=date_arg, default=None,
                      help=_("the day the demo treats as today (default: today)"))
    demo.add_argument("--force", action="store_true",
                      help=_("rebuild even if the demo database has data"))

    print_parser = sub.add_parser("print", parents=[common], help=_("print documents to PDF"))
    print_sub = print_parser.add_subparsers(dest="document", required=True)
    notes = print_sub.add_parser("delivery-notes", parents=[common],
                                 help=_("a day's delivery notes as PDF files"))
    notes.add_argument("--date", type=date_arg, required=True)
    notes.add_argument("--hotel", metavar="CODE")
    notes.add_argument("--out", type=Path, required=True, metavar="DIR")
    paper_option(notes)
    notes.add_argument("--copies", choices=("both", "original", "copy"), default="both")
    stock = sub.add_parser("stock", parents=[common],
                           help=_("a hotel's stock on a date, in the terminal or as XLSX"))
    stock.add_argument("--hotel", metavar="CODE",
                       help=_("the hotel's code (without it: the list of hotels)"))
    stock.add_argument("--date", type=date_arg, default=None, help=_("default: today"))
    stock.add_argument("--xlsx", type=Path, metavar="FILE", help=_("write an XLSX file"))
    stock.add_argument("--force", action="store_true",
                       help=_("replace the file if it already exists"))
    invoices = sub.add_parser("invoices", parents=[common],
                              help=_("the month's invoices: generate drafts, issue, print"))
    invoices.add_argument("action", choices=("generate", "issue", "print"))
    invoices.add_argument("--month", type=month_arg, required=True, metavar="YYYY-MM")
    invoices.add_argument("--hotel", metavar="CODE")
    invoices.add_argument("--out", type=Path, metavar="DIR",
                          help=_("print: the folder for the PDFs"))
    invoices.add_argument("--date", type=date_arg, default=None,
                          help=_("issue: the issue date (default: today)"))
    invoices.add_argument("--ignore-unposted", action="store_true",
                          help=_("generate even if deliveries of the month are still drafts"))
    paper_option(invoices, FULL_SHEET)

    reconcile = sub.add_parser("reconcile", parents=[common],
                               help=_("the month's reconciliation as XLSX or PDF"))
    reconcile.add_argument("--month", type=month_arg, required=True, metavar="YYYY-MM")
    reconcile.add_argument("--hotel", metavar="CODE")
    reconcile.add_argument("--out", type=Path, required=True, metavar="FILE",
                           help=_("a .xlsx or .pdf file"))
    reconcile.add_argument("--force", action="store_true",
                           help=_("replace the file if it already exists"))
    paper_option(reconcile, FULL_SHEET)
    check = sub.add_parser("check", parents=[common],
                           help=_("recompute every figure of a month from the ledger and list "
                                  "what disagrees (exit status 1 if anything does)"))
    check.add_argument("--month", type=month_arg, required=True, metavar="YYYY-MM")
    check.add_argument("--today", type=date_arg, default=None,
                       help=_("the day balances are taken on (default: today)"))
    from hotel_supply.cli_import import add_import_parser

    add_import_parser(sub, common)
    cli_backup.add_parsers(sub, common)
    from hotel_supply.cli_report import add_report_parser

    add_report_parser(sub, common)
    cli_accounts.add_parsers(sub, common)
    return parser


def _console_progress(label: str) -> Progress:
    def report(done: int, total: int, message: str) -> None:
        if sys.stderr.isatty():
            print(f"\r{label}: {done}/{total} {message[:50]:<50}", end="", file=sys.stderr)

    return Progress(report)


def _hotel_id(db: Database, code: str | None) -> int | None:
    if code is None:
        return None
    from hotel_supply.services.hotels import hotel_choices

    for hotel_id, hotel_code, _name in hotel_choices(db, active_only=False):
        if hotel_code.upper() == code.upper():
            return hotel_id
    raise DomainError(_("No hotel has the code {code}.").format(code=code))


_OPENED: list[Database] = []  # what this command opened: closed and noted at its end


def _database(args: argparse.Namespace, *, writes: bool) -> Database:
    """The database a batch command works on; it must exist already (only ``demo`` makes one).

    A command that only reads (``writes`` false) can work on a read-only SQLite file.
    """
    url = config.resolve_database_url(getattr(args, "database", None))
    soundness.ensure_sound(url)  # a damaged file is refused before anything reads from it
    db = open_database(url, create=False, writes=writes)
    _OPENED.append(db)
    try:
        cli_accounts.sign_in_from(args, db)
    except BaseException:
        db.dispose()
        raise
    cli_backup.daily_backup(db)
    return db


# --- commands -------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from hotel_supply import demo

    url = config.resolve_database_url(getattr(args, "database", None), demo=True)
    db = open_database(url)
    if not demo.is_empty(db) and demo.holds_office_work(db):
        raise DomainError(_("{url} holds work that was not made by the demo: the demo is never "
                            "built over it. Give the demo a database of its own with "
                            "--database.").format(url=describe_url(url)))
    if not demo.is_empty(db) and not args.force:
        raise DomainError(_("The demo database already has data: {url} (use --force to "
                            "rebuild).").format(url=describe_url(url)))
    if not demo.is_empty(db):
        db.dispose()
        db = demo.reset_database(url)
    if args.years is not None or args.products is not None:
        from hotel_supply.demo.scale import build_scale

        summary = build_scale(
            db, seed=args.seed, days=365 * args.years if args.years else args.days,
            hotels=args.hotels, suppliers=args.suppliers,
            products=args.products or 10 * args.suppliers, today=args.today,
            progress=_console_progress(_("Demo")),
        )
    else:
        summary = demo.build_demo(
            db, seed=args.seed, days=args.days, hotels=args.hotels, suppliers=args.suppliers,
            today=args.today, progress=_console_progress(_("Demo")),
        )
    print(file=sys.stderr)
    print(summary.describe())
    print(_("Start it with: hotel-supply --demo"))
    return 0


def cmd_print_delivery_notes(args: argparse.Namespace) -> int:
    from hotel_supply.documents.delivery_note import render_delivery_note
    from hotel_supply.services.file_names import delivery_note_file_name
    from hotel_supply.services.printing import delivery_note_data, delivery_note_ids

    output_files.check_output_folder(args.out)
    db = _database(args, writes=False)
    hotel_id = _hotel_id(db, args.hotel)
    ids = delivery_note_ids(db, day=args.date, hotel_id=hotel_id)
    paper = chosen_paper(args, db)
    copies = {"both": ("ASLI", "SALINAN"), "original": ("ASLI",), "copy": ("SALINAN",)}
    output_files.make_folder(args.out)
    for delivery_id in ids:
        data = delivery_note_data(db, delivery_id=delivery_id)
        name = delivery_note_file_name(number=data.number, supplier_code=data.supplier.code,
                                       day=data.delivery_date)
        output_files.write_bytes(args.out / name,
                     render_delivery_note(data, page_size=paper, copies=copies[args.copies]))
        print(args.out / name)
    print(_("{n} delivery notes written to {out}").format(n=len(ids), out=args.out),
          file=sys.stderr)
    return 0


def cmd_stock(args: argparse.Namespace) -> int:
    from hotel_supply import clock
    from hotel_supply.formatting import format_date, format_qty, format_rupiah
    from hotel_supply.models.enums import label
    from hotel_supply.services.hotels import hotel_choices
    from hotel_supply.services.stock_levels import StockQuery, stock_rows

    if args.xlsx is not None:
        output_files.check_output_file(args.xlsx, force=args.force)
    db = _database(args, writes=False)
    if not args.hotel:
        print(_("Hotels (use --hotel CODE):"))
        for _id, code, name in hotel_choices(db, active_only=False):
            print(f"  {code:<10} {name}")
        return 0
    hotel_id = _hotel_id(db, args.hotel)
    assert hotel_id is not None
    day = args.date or clock.today()
    rows = stock_rows(db, query=StockQuery(hotel_id=hotel_id, day=day))
    headers = [_("Code"), _("Product"), _("Supplier (UMKM)"), _("Unit"), _("On hand"), _("Par"),
               _("Value"), _("Nearest expiry")]
    table = [[r.product_code, r.product_name, r.supplier_name, label(r.unit),
              format_qty(r.on_hand), format_qty(r.par) if r.par is not None else "",
              format_rupiah(r.value), format_date(r.nearest_expiry)] for r in rows]
    if args.xlsx:
        from hotel_supply.export import write_xlsx

        raw = [[r.product_code, r.product_name, r.supplier_name, label(r.unit), r.on_hand,
                r.par, r.value, r.nearest_expiry] for r in rows]
        with output_files.writing(args.xlsx) as scratch:
            write_xlsx(scratch, _("Stock"), headers, raw)
        print(_("{n} rows written to {path}").format(n=len(rows), path=args.xlsx))
        return 0
    right = {4, 5, 6}
    widths = [max([len(h)] + [len(row[i]) for row in table]) for i, h in enumerate(headers)]
    widths[1] = min(widths[1], 40)
    widths[2] = min(widths[2], 30)

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            text = cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "…"
            out.append(text.rjust(widths[i]) if i in right else text.ljust(widths[i]))
        return "  ".join(out).rstrip()

    print(_("Stock of {hotel} on {date}").format(hotel=args.hotel.upper(),
                                                  date=format_date(day)))
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in table:
        print(line(row))
    print(_("Total value: {value}").format(value=format_rupiah(sum(r.value for r in rows))))
    return 0


def cmd_invoices(args: argparse.Namespace) -> int:
    from hotel_supply import clock
    from hotel_supply.formatting import format_month, format_rupiah
    from hotel_supply.services import invoicing

    if args.action == "print":
        if args.out is None:
            raise DomainError(_("Say where the PDFs go with --out DIR."))
        output_files.check_output_folder(args.out)
    db = _database(args, writes=args.action != "print")
    year, month = args.month
    hotel_id = _hotel_id(db, args.hotel)
    if args.action == "generate":
        try:
            result = invoicing.generate_drafts(db, year=year, month=month, hotel_id=hotel_id,
                                               ignore_unposted=args.ignore_unposted)
        except invoicing.UnpostedDraftsError as exc:
            print(exc.message, file=sys.stderr)
            print(_("Use --ignore-unposted to generate without them."), file=sys.stderr)
            return 2
        print(_("{n} draft invoices for {month}: {lines} lines, {total} in all.").format(
            n=len(result.invoice_ids), month=format_month(year, month), lines=result.lines,
            total=format_rupiah(result.total)))
        return 0
    if args.action == "issue":
        ids = invoicing.draft_ids(db, year=year, month=month, hotel_id=hotel_id)
        issued, refused = invoicing.issue_invoices(db, invoice_ids=ids,
                                                   issue_date=args.date or clock.today())
        for result in issued:
            print(f"{result.number}  {format_rupiah(result.total):>16}")
        for _invoice_id, message in refused:
            print(message, file=sys.stderr)
        print(_("{n} invoices issued, {m} refused.").format(n=len(issued), m=len(refused)),
              file=sys.stderr)
        return 0 if not refused else 1
    return _print_month(db, year, month, hotel_id, args.out,
                        chosen_paper(args, db, FULL_SHEET))


def _print_month(db: Database, year: int, month: int, hotel_id: int | None, out: Path,
                 paper: str) -> int:
    from hotel_supply.services.month_printing import month_documents, print_month

    docs = month_documents(db, year=year, month=month, hotel_id=hotel_id)
    written = print_month(db, docs, year=year, month=month, folder=out, paper=paper,
                          progress=_console_progress(_("Printing")))
    print(file=sys.stderr)
    print(_("{n} documents written to {out}").format(n=len(written), out=out))
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    from hotel_supply.export import write_xlsx_sheets
    from hotel_supply.services import reconciliation

    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise DomainError(_("The reconciliation is written as .xlsx or .pdf."))
    output_files.check_output_file(args.out, force=args.force)
    db = _database(args, writes=True)
    year, month = args.month
    hotel_id = _hotel_id(db, args.hotel)
    reconciliation.prepare_month(db, year=year, month=month)
    recon = reconciliation.reconcile(db, year=year, month=month, hotel_id=hotel_id)
    if suffix == ".xlsx":
        with output_files.writing(args.out) as scratch:
            write_xlsx_sheets(scratch, [(t, h, [list(r) for r in rows])
                                        for t, h, rows in reconciliation.as_tables(recon)])
    else:
        from hotel_supply.documents.reconciliation_report import render_reconciliation
        from hotel_supply.services.accounts import current
        from hotel_supply.services.printing import organisation_of

        me = current(db)
        pdf = render_reconciliation(recon, organisation=organisation_of(db),
                                    printed_at=recon.made_at,
                                    page_size=chosen_paper(args, db, FULL_SHEET),
                                    made_by=me.full_name if me else "")
        output_files.write_bytes(args.out, pdf)
    print(_("{n} exceptions; written to {out}").format(n=len(recon.exceptions), out=args.out))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from hotel_supply.services.month_check import check_month

    db = _database(args, writes=False)
    year, month = args.month
    report = check_month(db, year=year, month=month, today=args.today)
    for disagreement in report.disagreements:
        print(disagreement)
    print(report.summary())
    return 0 if report.ok else 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return cmd_demo(args)
    if args.command == "users":
        return cli_accounts.cmd_users(args, _database)
    if args.command == "audit":
        return cli_accounts.cmd_audit(args, _database)
    if args.command == "print":
        return cmd_print_delivery_notes(args)
    if args.command == "stock":
        return cmd_stock(args)
    if args.command == "invoices":
        return cmd_invoices(args)
    if args.command == "reconcile":
        return cmd_reconcile(args)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "backup":
        return cli_backup.cmd_backup(args)
    if args.command == "restore":
        return cli_backup.cmd_restore(args)
    if args.command == "import":
        from hotel_supply.cli_import import cmd_import

        return cmd_import(args)
    if args.command == "report":
        from hotel_supply.cli_report import cmd_report

        return cmd_report(args)
    from hotel_supply.ui.app import run_gui

    return run_gui(getattr(args, "database", None), demo=args.demo)


def _language_of(argv: Sequence[str]) -> str:
    """``--lang`` wherever it stands on the line, else this PC's preference."""
    asked = None
    for i, arg in enumerate(argv):  # the parser itself speaks the language, so it comes first
        if arg == "--lang" and i + 1 < len(argv):
            asked = argv[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=")
    if asked in LANGUAGES:
        return asked
    preferred = Preferences.load().language
    return preferred if preferred in LANGUAGES else LANGUAGES[0]


@contextmanager
def _argparse_speaks() -> Iterator[None]:
    """argparse's own words (usage, error, required, invalid choice) in the user's language.

    argparse looks its messages up through the module's ``_`` and ``ngettext``
    each time; they are pointed at our catalogs while the line is parsed.
    """
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext")
             if hasattr(argparse, name)}
    for name in saved:
        setattr(argparse, name, _ if name == "_" else ngettext)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(argparse, name, value)


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _quiet_stdout() -> None:
    """The reader closed our output (``| head``): send the rest nowhere, so exiting stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout: nothing to silence
        pass


def _unexpected(error: BaseException, command: str) -> int:
    path = errors_log.log_error(error, where=f"hotel-supply {command}")
    if path is None:  # nowhere to keep it: the details are all the support will get
        _say(_("Something unexpected went wrong, and no log file could be written; "
               "the details follow."))
        _say(errors_log.format_details(error))
    else:
        _say(_("Something unexpected went wrong; the details are in {path}.").format(path=path))
    return EXIT_UNEXPECTED


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (see the module's docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = "?"
    try:
        set_language(_language_of(argv))
        with _argparse_speaks():
            args = build_parser().parse_args(argv)
        command = args.command or "gui"
        _OPENED.clear()
        status = _run(args)
        for db in _OPENED:  # closed as a whole: the next command need not read all of it
            db.dispose()
            soundness.remember_closed_cleanly(db.url)
        sys.stdout.flush()  # a closed pipe is found here, not while Python exits
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except DomainError as exc:
        _say(exc.message)
        return EXIT_KNOWN_FAILURE
    except DBAPIError as exc:  # the server went away or a lock held on, mid-command
        mapped = translate_db_error(exc)
        if mapped is None:
            return _unexpected(exc, command)
        _say(mapped.message)
        return EXIT_KNOWN_FAILURE
    except KeyboardInterrupt:
        _say(_("Interrupted."))
        return EXIT_INTERRUPTED
    except Exception as exc:
        return _unexpected(exc, command)
