"""Command line: the GUI by default, subcommands for batch work.

    hotel-supply [--database URL] [--demo]
    hotel-supply demo [--days N] [--hotels N] [--suppliers N] [--seed N] [--today DATE]
    hotel-supply print delivery-notes --date YYYY-MM-DD [--hotel CODE] --out DIR
    hotel-supply stock --hotel CODE [--date YYYY-MM-DD] [--xlsx FILE]

``--database URL`` is accepted before or after a subcommand's own options.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from hotel_supply import __version__, config
from hotel_supply.config import Preferences
from hotel_supply.db import Database, describe_url, open_database
from hotel_supply.i18n import _, set_language
from hotel_supply.progress import Progress
from hotel_supply.services.errors import DomainError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("“{text}” is not a date (YYYY-MM-DD).").format(
            text=text)) from exc


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(_("must be more than zero"))
    return value


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS,
                        help=_("database URL (default: the SQLite file in the data folder, or "
                               "HOTEL_SUPPLY_DATABASE_URL)"))
    common.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help=_("language of messages and documents"))
    parser = argparse.ArgumentParser(
        prog="hotel-supply", parents=[common],
        description=_("Deliveries of UMKM products to partner hotels: receiving, stock, "
                      "delivery notes and invoices."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help=_("open the demo database (filled with sample data on first use)"))
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", parents=[common], help=_("build the demo database"))
    demo.add_argument("--days", type=_positive, default=60, help=_("days of past deliveries"))
    demo.add_argument("--hotels", type=_positive, default=5)
    demo.add_argument("--suppliers", type=_positive, default=120)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--today", type=_date, default=None,
                      help=_("the day the demo treats as today (default: today)"))
    demo.add_argument("--force", action="store_true",
                      help=_("rebuild even if the demo database has data"))

    print_parser = sub.add_parser("print", parents=[common], help=_("print documents to PDF"))
    print_sub = print_parser.add_subparsers(dest="document", required=True)
    notes = print_sub.add_parser("delivery-notes", parents=[common],
                                 help=_("a day's delivery notes as PDF files"))
    notes.add_argument("--date", type=_date, required=True)
    notes.add_argument("--hotel", metavar="CODE")
    notes.add_argument("--out", type=Path, required=True, metavar="DIR")
    notes.add_argument("--size", choices=("A4", "A5"), default="A4")
    notes.add_argument("--copies", choices=("both", "original", "copy"), default="both")
    stock = sub.add_parser("stock", parents=[common],
                           help=_("a hotel's stock on a date, in the terminal or as XLSX"))
    stock.add_argument("--hotel", metavar="CODE",
                       help=_("the hotel's code (without it: the list of hotels)"))
    stock.add_argument("--date", type=_date, default=None, help=_("default: today"))
    stock.add_argument("--xlsx", type=Path, metavar="FILE", help=_("write an XLSX file"))
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


def cmd_demo(args: argparse.Namespace) -> int:
    from hotel_supply.services import demo

    url = config.resolve_database_url(getattr(args, "database", None), demo=True)
    db = open_database(url, user=demo.DEMO_USER)
    if not demo.is_empty(db) and not args.force:
        print(_("The demo database already has data: {url} (use --force to rebuild).").format(
            url=describe_url(url)))
        return 0
    if not demo.is_empty(db):
        db.dispose()
        db = demo.reset_database(url)
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
    from hotel_supply.services.printing import delivery_note_data, delivery_note_ids

    db = open_database(config.resolve_database_url(getattr(args, "database", None)))
    hotel_id = _hotel_id(db, args.hotel)
    ids = delivery_note_ids(db, day=args.date, hotel_id=hotel_id)
    copies = {"both": ("ASLI", "SALINAN"), "original": ("ASLI",), "copy": ("SALINAN",)}
    args.out.mkdir(parents=True, exist_ok=True)
    for delivery_id in ids:
        data = delivery_note_data(db, delivery_id=delivery_id)
        name = f"{data.number.replace('/', '-')}-{data.supplier.code}.pdf"
        (args.out / name).write_bytes(
            render_delivery_note(data, page_size=args.size, copies=copies[args.copies]))
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

    db = open_database(config.resolve_database_url(getattr(args, "database", None)))
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
        write_xlsx(args.xlsx, _("Stock"), headers, raw)
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    prefs = Preferences.load()
    set_language(getattr(args, "lang", None) or prefs.language)
    try:
        if args.command == "demo":
            return cmd_demo(args)
        if args.command == "print":
            return cmd_print_delivery_notes(args)
        if args.command == "stock":
            return cmd_stock(args)
        from hotel_supply.ui.app import run_gui

        return run_gui(getattr(args, "database", None), demo=args.demo)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 2
