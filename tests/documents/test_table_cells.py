"""Table cells that fit on one line are set as plain text by the table, a Paragraph only
where a cell wraps: every row still reads on one baseline, a long name still wraps whole,
and a glyph Helvetica lacks is still drawn."""

from __future__ import annotations

import dataclasses
import io
from collections import defaultdict

from pypdf import PdfReader

from hotel_supply.documents.invoice import render_invoice
from tests.documents import test_invoice_documents as month_tests

LONG = "Kopi Robusta Lampung Bubuk Premium Kemasan Hotel Satu Kilogram Dengan Nama Sangat Panjang"


def text_rows(pdf: bytes, page: int = 0) -> dict[float, list[str]]:
    """The text a page draws, grouped by baseline (points from the bottom, rounded)."""
    rows: dict[float, list[str]] = defaultdict(list)

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip():  # the text's origin on the page: its matrix, then the page's
            rows[round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 2)].append(text.strip())

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return rows


def thirty_lines(**names: str) -> object:
    lines = tuple(
        month_tests.line(n, f"{n % 7 + 1}.5", 15_000 + 2_500 * (n % 9),
                         names.get(str(n), f"Keripik Pisang Manis {n}"))
        for n in range(1, 31)
    )
    total = sum(x.amount for x in lines)
    return month_tests.invoice(lines=lines, subtotal=total, total=total)


def test_every_cell_of_an_invoice_line_sits_on_the_same_baseline():
    data = thirty_lines()
    rows = text_rows(render_invoice(data))  # type: ignore[arg-type]

    for line in data.lines[:20]:  # type: ignore[attr-defined]
        (baseline,) = [y for y, texts in rows.items() if any(line.delivery_number in t
                                                               for t in texts)]
        row = " ".join(rows[baseline])
        assert line.product_code in row
        assert line.product_name in row
        assert f"{line.amount:,}".replace(",", ".") in row
        assert line.delivery_date.strftime("%d/%m/%Y") in row


def test_a_name_too_long_for_its_column_wraps_and_prints_whole():
    data = thirty_lines(**{"3": LONG})
    pdf = render_invoice(data)  # type: ignore[arg-type]
    text = " ".join(" ".join(t) for t in text_rows(pdf).values())

    for word in LONG.split():
        assert word in text
    line_three = [y for y, t in text_rows(pdf).items() if any("SJ/2026/00003" in x for x in t)]
    wrapped = [y for y, t in text_rows(pdf).items() if any("Panjang" in x for x in t)]
    assert wrapped and wrapped[0] < line_three[0]  # the end of the name on a line below


def test_a_glyph_helvetica_lacks_is_drawn_in_a_cell_that_fits():
    data = dataclasses.replace(
        thirty_lines(**{"2": "Kopi Ğüzel ≤ 5"}),  # type: ignore[type-var]
    )
    pdf = render_invoice(data)  # type: ignore[arg-type]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert "Kopi" in text and "üzel" in text and "≤" in text
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for page in PdfReader(io.BytesIO(pdf)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert "DejaVuSans" in fonts  # Ğ and ≤, embedded as a subset
