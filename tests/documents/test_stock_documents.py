"""The stock documents as a reader sees them: the slips, the stock report, the count sheet
and the waste report."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from pypdf import PdfReader

from hotel_supply.documents.count_sheet import render_count_sheet
from hotel_supply.documents.data import Organisation, Party
from hotel_supply.documents.stock_data import (
    CountSheetData,
    CountSheetLine,
    ExpiryLot,
    SignatureBox,
    StockReportData,
    StockReportGroup,
    StockReportLine,
    StockSlipData,
    StockSlipLine,
    WasteReportData,
    WasteReportLine,
    WasteSubtotal,
)
from hotel_supply.documents.stock_report import render_stock_report
from hotel_supply.documents.stock_slip import render_stock_slip
from hotel_supply.documents.waste_report import render_waste_report
from hotel_supply.formatting import line_amount
from hotel_supply.i18n import set_language

DAY = dt.date(2026, 11, 19)
PRINTED = dt.datetime(2026, 11, 19, 16, 5)
ORG = Organisation(
    name="Dinas Koperasi dan UKM Kota Bandar Lampung",
    address="Jl. Dr. Susilo No. 2, Sumur Batu",
    city="Bandar Lampung",
    phone="0721-123456",
)
HOTEL = Party(
    code="HTL-EMR",
    name="Emersia Hotel & Resort",
    address="Jl. Wolter Monginsidi No. 70",
    city="Bandar Lampung",
    contact="Ibu Dewi",
)
SUPPLIER = Party(code="UMKM-012", name="CV Kopi Sinar Lampung", phone="0812-7000-1234")
MARKUP_NAME = "Keripik <b>pedas</b> & manis"
NAMES = [
    "Kopi bubuk robusta Lampung 250 g",
    "Keripik pisang coklat",
    "Kemplang ikan tenggiri panggang",
    "Roti sobek pandan",
    "Kue lapis legit",
    "Batik tulis motif siger, katun primisima 2 m",
    "Madu hutan Way Kambas",
    "Kopi luwak liar premium biji sangrai medium roast 100 g dalam kemasan kaleng hadiah",
]


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def squash(text: str) -> str:
    """Text with all whitespace removed, for phrases a PDF may break across lines."""
    return re.sub(r"\s+", "", text)


def tokens(text: str) -> set[str]:
    """Every whitespace-separated word as printed: a number that wrapped is not one."""
    return set(text.split())


# --------------------------------------------------------------------------- data


def slip_line(no: int, qty: str, cost: int, **changes: object) -> StockSlipLine:
    q = Decimal(qty)
    line = StockSlipLine(
        line_no=no,
        product_code=f"KP-{no:03d}",
        product_name=NAMES[(no - 1) % len(NAMES)],
        unit="pak",
        lot_code=f"L2611{no:02d}",
        expiry_date=DAY + dt.timedelta(days=no),
        quantity=q,
        reason="",
        unit_cost=cost,
        value=line_amount(q, cost),
    )
    return replace(line, **changes) if changes else line


def make_slip(kind: str = "issue", lines: list[StockSlipLine] | None = None) -> StockSlipData:
    """Lines worth exactly Rp1.250.000 unless given."""
    if lines is None:
        lines = [
            slip_line(1, "20", 45_000),  # 900.000
            slip_line(2, "18", 12_500, product_name=MARKUP_NAME),  # 225.000
            slip_line(3, "2.5", 50_000, unit="kg", lot_code="", expiry_date=None),  # 125.000
        ]
    if kind != "issue":
        lines = [replace(x, reason="Kedaluwarsa") for x in lines]
    signatures = {
        "issue": (
            SignatureBox("Diserahkan", "Gudang Emersia Hotel & Resort"),
            SignatureBox("Diterima", "Dapur"),
        ),
        "waste": (
            SignatureBox("Dibuat oleh", HOTEL.name, "dewi"),
            SignatureBox("Mengetahui", ORG.name, "Andi Pratama"),
        ),
        "return": (
            SignatureBox("Diserahkan", HOTEL.name, "Ibu Dewi"),
            SignatureBox("Diterima", "Sopir CV Kopi Sinar Lampung"),
        ),
    }[kind]
    number = {"issue": "BK/2026/00123", "waste": "BS/2026/00017", "return": "RT/2026/00004"}
    return StockSlipData(
        kind=kind,
        number=number[kind],
        doc_date=DAY,
        organisation=ORG,
        hotel=HOTEL,
        lines=tuple(lines),
        signatures=signatures,
        outlet="Dapur" if kind == "issue" else "",
        supplier=SUPPLIER if kind == "return" else None,
        notes="Untuk banquet <Sabtu> & Minggu",
        created_by="dewi",
        created_at=dt.datetime(2026, 11, 19, 10, 12),
        printed_at=PRINTED,
        total_quantity=sum((x.quantity for x in lines), Decimal(0)),
        total_value=sum(x.value for x in lines),
    )


def report_line(i: int, **changes: object) -> StockReportLine:
    on_hand = Decimal(i % 40) + (Decimal("0.5") if i % 6 == 2 else 0)
    line = StockReportLine(
        product_code=f"PR-{i:03d}",
        product_name=NAMES[i % len(NAMES)],
        unit="kg" if i % 6 == 2 else "pak",
        on_hand=on_hand,
        par=Decimal(20) if i % 3 == 0 else None,
        value=line_amount(on_hand, 12_500),
        nearest_expiry=DAY + dt.timedelta(days=i % 30) if i % 2 else None,
        last_count=dt.date(2026, 10, 31),
    )
    return replace(line, **changes) if changes else line


def make_report(products: int = 12, **changes: object) -> StockReportData:
    groups = []
    per_group = 5
    for g in range(0, products, per_group):
        lines = tuple(report_line(i) for i in range(g, min(g + per_group, products)))
        groups.append(
            StockReportGroup(
                f"UMKM Pemasok {g // per_group + 1}", lines, sum(x.value for x in lines)
            )
        )
    expiring = (
        ExpiryLot(
            "RT-007",
            "Roti sobek pandan",
            "pcs",
            "UD Roti",
            "R-A",
            DAY,
            Decimal(6),
            12_000,
            72_000,
            0,
        ),
        ExpiryLot(
            "RT-007",
            "Roti sobek pandan",
            "pcs",
            "UD Roti",
            "R-B",
            DAY + dt.timedelta(2),
            Decimal(4),
            12_000,
            48_000,
            2,
        ),
    )
    expired = (
        ExpiryLot(
            "KR-014",
            MARKUP_NAME,
            "pak",
            "UD Roti",
            "K-OLD",
            DAY - dt.timedelta(3),
            Decimal(3),
            18_500,
            55_500,
            -3,
        ),
    )
    data = StockReportData(
        organisation=ORG,
        hotel=HOTEL,
        day=DAY,
        group_by="supplier",
        groups=tuple(groups),
        expiring_within_days=3,
        expiring_lots=expiring,
        expired_lots=expired,
        printed_at=PRINTED,
        total_value=sum(g.total_value for g in groups),
        expiring_value=120_000,
        expired_value=55_500,
    )
    return replace(data, **changes) if changes else data


def count_line(no: int, *, book: str | None, counted: str | None = None) -> CountSheetLine:
    b = Decimal(book) if book is not None else None
    c = Decimal(counted) if counted is not None else None
    diff = c - b if (b is not None and c is not None) else None
    return CountSheetLine(
        line_no=no,
        product_code=f"KP-{no:03d}",
        product_name=MARKUP_NAME if no == 2 else NAMES[no % len(NAMES)],
        supplier_name="CV Kopi Sinar Lampung" if no <= 3 else "UD Roti Pandan",
        unit="pak",
        lot_code=f"L-{no}",
        expiry_date=DAY + dt.timedelta(days=no),
        book=b,
        counted=c,
        difference=diff,
        difference_value=line_amount(diff, 12_000) if diff is not None else None,
    )


# Book quantities no other number on the sheet could be mistaken for.
BOOKS = ["987", "654", "321", "789", "456"]


def make_count(show_book: bool, counted: list[str | None] | None = None) -> CountSheetData:
    counted = counted or [None] * len(BOOKS)
    lines = tuple(
        count_line(i, book=b if show_book else None, counted=c)
        for i, (b, c) in enumerate(zip(BOOKS, counted, strict=True), start=1)
    )
    diff = sum(x.difference_value or 0 for x in lines) if show_book else None
    return CountSheetData(
        organisation=ORG,
        number="",
        status="open",
        hotel=HOTEL,
        count_date=DAY,
        show_book=show_book,
        lines=lines,
        signatures=(
            SignatureBox("Penghitung"),
            SignatureBox("Saksi"),
            SignatureBox("Mengetahui", ORG.name, "Andi Pratama"),
        ),
        notes="Chiller dihitung terpisah",
        printed_at=PRINTED,
        counted_lines=sum(1 for x in lines if x.counted is not None),
        difference_value=diff,
    )


def waste_line(i: int, qty: str, cost: int, reason: str, supplier: str) -> WasteReportLine:
    q = Decimal(qty)
    return WasteReportLine(
        day=DAY - dt.timedelta(days=10 - i),
        number=f"BS/2026/{i:05d}",
        hotel_name=HOTEL.name,
        product_code=f"KP-{i:03d}",
        product_name=MARKUP_NAME if i == 2 else NAMES[i % len(NAMES)],
        supplier_name=supplier,
        unit="pak",
        lot_code=f"L-{i}",
        expiry_date=DAY - dt.timedelta(days=11 - i),
        quantity=q,
        reason=reason,
        unit_cost=cost,
        value=line_amount(q, cost),
    )


def make_waste(lines: list[WasteReportLine] | None = None) -> WasteReportData:
    if lines is None:  # Rp1.250.000 in all
        lines = [
            waste_line(1, "20", 45_000, "Kedaluwarsa", "CV Kopi Sinar Lampung"),  # 900.000
            waste_line(2, "18", 12_500, "Rusak", "UD Roti Pandan"),  # 225.000
            waste_line(3, "2.5", 50_000, "Kedaluwarsa", "UD Roti Pandan"),  # 125.000
        ]
    by_reason: dict[str, tuple[int, int]] = {}
    by_supplier: dict[str, tuple[int, int]] = {}
    for x in lines:
        n, v = by_reason.get(x.reason, (0, 0))
        by_reason[x.reason] = (n + 1, v + x.value)
        n, v = by_supplier.get(x.supplier_name, (0, 0))
        by_supplier[x.supplier_name] = (n + 1, v + x.value)
    return WasteReportData(
        organisation=ORG,
        hotel=HOTEL,
        date_from=dt.date(2026, 11, 1),
        date_to=dt.date(2026, 11, 30),
        lines=tuple(lines),
        by_reason=tuple(WasteSubtotal(k, n, v) for k, (n, v) in by_reason.items()),
        by_supplier=tuple(WasteSubtotal(k, n, v) for k, (n, v) in by_supplier.items()),
        printed_at=PRINTED,
        total_value=sum(x.value for x in lines),
    )


# --------------------------------------------------------------------------- slips


@pytest.mark.parametrize(
    ("kind", "title", "signatures"),
    [
        ("issue", "BUKTI PENGELUARAN BARANG", ["Diserahkan", "Diterima", "Dapur"]),
        ("waste", "BERITA ACARA BARANG RUSAK", ["Dibuat oleh", "Mengetahui", "Andi Pratama"]),
        ("return", "NOTA RETUR BARANG", ["Diserahkan", "Diterima", "Sopir CV Kopi"]),
    ],
)
def test_each_slip_has_its_title_number_lines_total_and_signatures(kind, title, signatures):
    data = make_slip(kind)
    text = pdf_text(render_stock_slip(data))

    assert title in text
    assert data.number in text
    assert "19 November 2026" in text
    assert "Rp1.250.000" in tokens(text)
    for value in ("Rp900.000", "Rp225.000", "Rp125.000", "Rp45.000", "2,5"):
        assert value in tokens(text)
    assert squash(MARKUP_NAME) in squash(text)  # escaped, printed as typed (it may wrap)
    assert "Untuk banquet <Sabtu> & Minggu" in text
    assert "Halaman 1 dari 1" in text
    for words in signatures:
        assert words in text
    assert ("Alasan" in text) == (kind != "issue")  # waste and returns say why


def test_a_return_slip_names_the_supplier_and_an_issue_slip_the_outlet():
    returned = pdf_text(render_stock_slip(make_slip("return")))
    issued = pdf_text(render_stock_slip(make_slip("issue")))

    assert "CV Kopi Sinar Lampung" in returned and "0812-7000-1234" in returned
    assert "Diretur ke" in returned
    assert "Ke outlet" in issued and "Dapur" in issued


def test_a_slip_is_a5_by_default_and_a4_on_request():
    for size, expected in (("A5", (420, 595)), ("A4", (595, 842))):
        pdf = render_stock_slip(make_slip(), page_size=size)
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == expected
        assert "Rp1.250.000" in pdf_text(pdf)
    default = PdfReader(io.BytesIO(render_stock_slip(make_slip()))).pages[0].mediabox
    assert round(float(default.width)) == 420


def test_a_long_slip_runs_over_pages_numbered_x_of_y_and_copies_each_get_a_set():
    lines = [slip_line(i, str(i % 7 + 1), 18_500) for i in range(1, 61)]
    pdf = render_stock_slip(make_slip("issue", lines), copies=("ASLI", "SALINAN"))
    pages = pdf_pages(pdf)

    per_copy = len(pages) // 2
    assert per_copy >= 2 and len(pages) == 2 * per_copy
    assert f"Halaman 1 dari {per_copy}" in pages[0]
    assert f"Halaman {per_copy} dari {per_copy}" in pages[per_copy - 1]
    assert "SALINAN" in pages[per_copy] and f"Halaman 1 dari {per_copy}" in pages[per_copy]
    assert "KP-060" in pdf_text(pdf)


def test_stock_taken_below_zero_is_marked_with_a_footnote():
    lines = [slip_line(1, "3", 10_000, below_zero=True)]
    text = pdf_text(render_stock_slip(make_slip("issue", lines)))
    assert "Diambil melebihi stok tercatat" in text


def test_the_same_slip_gives_the_same_bytes():
    first = render_stock_slip(make_slip("waste"))
    render_stock_slip(make_slip("return"), page_size="A4")  # no state carried over
    assert render_stock_slip(make_slip("waste")) == first


# --------------------------------------------------------------------------- stock report


def test_the_stock_report_lists_products_by_supplier_with_value_and_expiry():
    data = make_report(12)
    pdf = render_stock_report(data)
    text = pdf_text(pdf)
    words = tokens(text)

    assert "LAPORAN STOK" in text
    assert "Emersia Hotel & Resort" in text and "19 November 2026" in text
    for group in data.groups:
        assert group.name in text
        assert f"Rp{group.total_value:,}".replace(",", ".") in words
    total = f"Rp{data.total_value:,}".replace(",", ".")
    assert total in words
    assert "Total nilai stok" in text
    assert "8,5" in words  # a decimal on hand, never wrapped
    assert "Di bawah par" in text
    # expiring and expired lots, with their values and the window
    assert "LOT YANG KEDALUWARSA DALAM 3 HARI" in text
    assert "R-A" in text and "R-B" in text and "hari ini" in text
    assert "Rp72.000" in words and "Rp120.000" in words
    assert "LOT KEDALUWARSA YANG MASIH ADA DI STOK" in text
    assert "K-OLD" in text and "Rp55.500" in words
    assert MARKUP_NAME in text
    pages = pdf_pages(pdf)
    assert f"Halaman 1 dari {len(pages)}" in pages[0]


def test_a_long_stock_report_numbers_its_pages_and_keeps_every_product():
    data = make_report(150)
    pages = pdf_pages(render_stock_report(data))
    text = "\n".join(pages)

    assert len(pages) >= 3
    assert f"Halaman 1 dari {len(pages)}" in pages[0]
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    for i in range(150):
        assert f"PR-{i:03d}" in text
    assert f"Rp{data.total_value:,}".replace(",", ".") in tokens(text)
    for page in pages[1:]:
        assert "Produk" in page  # the column headings repeat on every page


def test_bold_on_hand_numbers_below_par_do_not_wrap():
    lines = tuple(report_line(i, on_hand=Decimal("1234.5"), par=Decimal(2000)) for i in range(3))
    group = StockReportGroup("UD Roti Pandan", lines, sum(x.value for x in lines))
    text = pdf_text(render_stock_report(make_report(groups=(group,))))
    assert "1.234,5" in tokens(text)


def test_an_empty_stock_report_says_so():
    data = make_report(0, expiring_lots=(), expired_lots=(), expiring_value=0, expired_value=0)
    text = pdf_text(render_stock_report(data))
    assert "Tidak ada stok di hotel ini" in text
    assert "Tidak ada lot yang kedaluwarsa" in text
    assert "Tidak ada lot kedaluwarsa di stok" in text


def test_the_stock_report_in_english():
    set_language("en")
    text = pdf_text(render_stock_report(make_report(3)))
    assert "STOCK REPORT" in text and "Page 1 of 1" in text
    assert "LOTS EXPIRING WITHIN 3 DAYS" in text
    assert "LAPORAN STOK" not in text


def test_the_same_stock_report_gives_the_same_bytes():
    assert render_stock_report(make_report(40)) == render_stock_report(make_report(40))


# --------------------------------------------------------------------------- count sheet


def test_a_blind_count_sheet_hides_the_book_quantities():
    text = pdf_text(render_count_sheet(make_count(show_book=False)))

    assert "LEMBAR STOK OPNAME" in text
    assert "disembunyikan" in text
    assert "Stok buku" in text  # only as the label saying it is hidden
    words = tokens(text)
    for book in BOOKS:
        assert book not in words
    assert "Hasil hitung" in text
    assert MARKUP_NAME in text
    for title in ("Penghitung", "Saksi", "Mengetahui", "Andi Pratama"):
        assert title in text
    assert "Halaman 1 dari 1" in text


def test_a_count_sheet_with_the_book_shows_it_and_the_differences_counted():
    data = make_count(show_book=True, counted=["985", None, "321", None, None])
    text = pdf_text(render_count_sheet(data))
    words = tokens(text)

    for book in BOOKS:
        assert book in words
    assert "985" in words  # the counted quantity, inside its box
    assert "-2" in words and "-Rp24.000" in words  # difference and its value
    assert "Selisih" in text and "Total nilai selisih" in text
    assert "2 dari 5 baris sudah dihitung" in text


def test_counted_quantities_print_on_a_blind_sheet_without_differences():
    data = make_count(show_book=False, counted=["985", None, None, None, "0"])
    words = tokens(pdf_text(render_count_sheet(data)))
    assert "985" in words and "0" in words
    assert "Selisih" not in words


def test_a_posted_count_shows_its_number_and_a_cancelled_one_is_marked():
    posted = replace(
        make_count(True),
        number="SO/2026/00011",
        status="posted",
        posted_by="dewi",
        posted_at=dt.datetime(2026, 11, 19, 17, 2),
    )
    text = pdf_text(render_count_sheet(posted))
    assert "SO/2026/00011" in text and "Diposting" in text

    cancelled = pdf_text(render_count_sheet(replace(make_count(False), status="cancelled")))
    assert "DIBATALKAN" in cancelled


def test_the_same_count_sheet_gives_the_same_bytes():
    assert render_count_sheet(make_count(True)) == render_count_sheet(make_count(True))


# --------------------------------------------------------------------------- waste report


def test_the_waste_report_lists_each_write_off_with_subtotals_and_a_total():
    text = pdf_text(render_waste_report(make_waste()))
    words = tokens(text)

    assert "LAPORAN BARANG RUSAK / DIBUANG" in text
    assert "1 November 2026 – 30 November 2026" in text
    for number in ("BS/2026/00001", "BS/2026/00002", "BS/2026/00003"):
        assert number in text
    assert MARKUP_NAME in text
    assert "Rp1.250.000" in words
    assert "Rp1.025.000" in words  # subtotal of "Kedaluwarsa": 900.000 + 125.000
    assert "Rp350.000" in words  # subtotal of UD Roti Pandan: 225.000 + 125.000
    assert "PER ALASAN" in text and "PER PEMASOK" in text
    assert "82%" in words  # the share of the largest reason
    assert "Halaman 1 dari 1" in text


def test_a_waste_report_of_all_hotels_adds_a_hotel_column_and_subtotal():
    lines = [
        replace(waste_line(1, "2", 10_000, "Rusak", "UD A"), hotel_name="Bukit Randu"),
        waste_line(2, "3", 10_000, "Rusak", "UD A"),
    ]
    data = replace(
        make_waste(lines),
        hotel=None,
        by_hotel=(WasteSubtotal("Bukit Randu", 1, 20_000), WasteSubtotal(HOTEL.name, 1, 30_000)),
    )
    text = pdf_text(render_waste_report(data))
    assert "Semua hotel" in text and "PER HOTEL" in text
    assert "Bukit Randu" in text and "Rp50.000" in tokens(text)


def test_a_long_waste_report_with_many_suppliers_runs_over_pages():
    lines = [waste_line(i, "1", 10_000, "Rusak", f"UMKM {i:03d}") for i in range(1, 121)]
    pages = pdf_pages(render_waste_report(make_waste(lines)))
    text = "\n".join(pages)
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    assert "UMKM 120" in text and "Rp1.200.000" in tokens(text)


def test_an_empty_waste_report_says_so():
    text = pdf_text(render_waste_report(make_waste([])))
    assert "Tidak ada barang rusak/dibuang pada periode ini." in text


def test_the_same_waste_report_gives_the_same_bytes():
    assert render_waste_report(make_waste()) == render_waste_report(make_waste())
