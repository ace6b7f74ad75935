"""Plain data of the stock documents: services gather it, renderers only draw it.

The stock report, the count sheet (stok opname), the waste report of a period
and the small slips of an issue to an outlet, a waste write-off and a return
to a supplier. As in :mod:`hotel_supply.documents.data`: text fields are user
text as typed (renderers escape it), labels of fixed vocabularies (units,
reasons) are already translated, amounts are whole rupiah (int) and
quantities Decimal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from hotel_supply.documents.data import Organisation, Party

ZERO = Decimal(0)

#: ``StockSlipData.kind`` values (the same strings as ``StockDocumentKind``).
SLIP_ISSUE = "issue"
SLIP_WASTE = "waste"
SLIP_RETURN = "return"


@dataclass(frozen=True)
class SignatureBox:
    """One signature box: a heading, who signs for what, and the signer's name."""

    title: str  # "Diserahkan", "Diterima", "Mengetahui", ... (translated)
    party: str = ""  # what the signer stands for: a storeroom, an outlet, a supplier
    name: str = ""  # printed under the line; "" leaves a dotted blank to write on


# --------------------------------------------------------------------------- slips


@dataclass(frozen=True)
class StockSlipLine:
    """One product and lot that left the store on a slip."""

    line_no: int
    product_code: str
    product_name: str
    unit: str  # translated label, e.g. "pcs", "kg"
    lot_code: str  # "" when taken outside any lot (stock confirmed below zero)
    expiry_date: dt.date | None
    quantity: Decimal  # positive: what left the store
    reason: str  # translated label of the waste or return reason; "" for an issue
    unit_cost: int  # receipt price of the lot
    value: int  # quantity × unit cost, rounded half-up
    below_zero: bool = False  # taken beyond the stock, confirmed by the user


@dataclass(frozen=True)
class StockSlipData:
    """Bukti pengeluaran barang / berita acara barang rusak / nota retur barang."""

    kind: str  # SLIP_ISSUE | SLIP_WASTE | SLIP_RETURN
    number: str  # BK/…, BS/…, RT/…
    doc_date: dt.date
    organisation: Organisation
    hotel: Party
    lines: tuple[StockSlipLine, ...]
    signatures: tuple[SignatureBox, ...]
    outlet: str = ""  # an issue: the outlet that received the goods
    supplier: Party | None = None  # a return: the UMKM the goods go back to
    notes: str = ""
    created_by: str = ""
    created_at: dt.datetime | None = None
    printed_at: dt.datetime | None = None
    total_quantity: Decimal = field(default=ZERO)
    total_value: int = 0  # sum of the line values
    made_by: str = ""  # full name of the account that made it (footer)


# --------------------------------------------------------------------------- stock report


@dataclass(frozen=True)
class StockReportLine:
    """One product's stock at the end of the report's day."""

    product_code: str
    product_name: str
    unit: str
    on_hand: Decimal
    par: Decimal | None  # None: no par level agreed
    value: int  # each lot at its receipt price
    nearest_expiry: dt.date | None  # of the lots with something left
    last_count: dt.date | None  # date of the last posted count that touched it
    expired_qty: Decimal = field(default=ZERO)  # on hand in lots past their expiry
    expiring_qty: Decimal = field(default=ZERO)  # on hand in lots expiring within the window

    @property
    def below_par(self) -> bool:
        return self.par is not None and self.on_hand < self.par


@dataclass(frozen=True)
class StockReportGroup:
    """Products of one supplier (or one category), with their value."""

    name: str
    lines: tuple[StockReportLine, ...]
    total_value: int


@dataclass(frozen=True)
class ExpiryLot:
    """A lot with stock left that is expired or expires within the window."""

    product_code: str
    product_name: str
    unit: str
    supplier_name: str
    lot_code: str
    expiry_date: dt.date
    quantity: Decimal
    unit_cost: int
    value: int
    days_left: int  # expiry date minus the report's day: 0 is the last usable day, < 0 expired


@dataclass(frozen=True)
class StockReportData:
    """Laporan stok: a hotel's stock on a date (SPEC section 4)."""

    organisation: Organisation
    hotel: Party
    day: dt.date
    group_by: str  # "supplier" | "category"
    groups: tuple[StockReportGroup, ...]
    expiring_within_days: int
    expiring_lots: tuple[ExpiryLot, ...]  # usable still, expiring within the window
    expired_lots: tuple[ExpiryLot, ...]
    printed_at: dt.datetime | None = None
    total_value: int = 0
    expiring_value: int = 0
    expired_value: int = 0
    made_by: str = ""  # full name of the account that made it (footer)

    @property
    def lines(self) -> tuple[StockReportLine, ...]:
        return tuple(line for group in self.groups for line in group.lines)

    @property
    def product_count(self) -> int:
        return sum(len(group.lines) for group in self.groups)

    @property
    def below_par_count(self) -> int:
        return sum(1 for line in self.lines if line.below_par)


# --------------------------------------------------------------------------- count sheet


@dataclass(frozen=True)
class CountSheetLine:
    """One product (and lot) to count."""

    line_no: int
    product_code: str
    product_name: str
    supplier_name: str
    unit: str
    lot_code: str
    expiry_date: dt.date | None
    book: Decimal | None  # None when the sheet hides the book (a blind count)
    counted: Decimal | None  # None: not counted yet, an empty box to write in
    difference: Decimal | None = None  # counted − book, when both are shown
    difference_value: int | None = None
    reason: str = ""  # why it differs, as typed
    received_on: dt.date | None = None  # when the lot came in: tells lots of a product apart


@dataclass(frozen=True)
class CountSheetData:
    """Lembar stok opname: what to count, where to write it, who signs."""

    organisation: Organisation
    number: str  # "" until the count is posted
    status: str  # "open" | "posted" | "cancelled"
    hotel: Party
    count_date: dt.date
    show_book: bool
    lines: tuple[CountSheetLine, ...]
    signatures: tuple[SignatureBox, ...]
    notes: str = ""
    created_by: str = ""
    posted_at: dt.datetime | None = None
    posted_by: str = ""
    printed_at: dt.datetime | None = None
    counted_lines: int = 0
    difference_value: int | None = None  # total, only when the book is shown
    made_by: str = ""  # full name of the account that made it (footer)


# --------------------------------------------------------------------------- waste report


@dataclass(frozen=True)
class WasteReportLine:
    """One product and lot written off on one document."""

    day: dt.date
    number: str
    hotel_name: str
    product_code: str
    product_name: str
    supplier_name: str
    unit: str
    lot_code: str
    expiry_date: dt.date | None
    quantity: Decimal
    reason: str  # translated label
    unit_cost: int
    value: int


@dataclass(frozen=True)
class WasteSubtotal:
    """Lines and value of one reason, supplier or hotel."""

    name: str
    lines: int
    value: int


@dataclass(frozen=True)
class WasteReportData:
    """Laporan barang rusak / dibuang: every waste write-off in a period."""

    organisation: Organisation
    hotel: Party | None  # None: all hotels
    date_from: dt.date
    date_to: dt.date
    lines: tuple[WasteReportLine, ...]
    by_reason: tuple[WasteSubtotal, ...]
    by_supplier: tuple[WasteSubtotal, ...]
    by_hotel: tuple[WasteSubtotal, ...] = ()  # only for all hotels
    printed_at: dt.datetime | None = None
    total_value: int = 0
    made_by: str = ""  # full name of the account that made it (footer)

    @property
    def document_count(self) -> int:
        return len({line.number for line in self.lines})
