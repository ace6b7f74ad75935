"""Documents are set in the PDF's built-in Helvetica: nothing embedded for Indonesian text,
TrueType only for the glyphs WinAnsi lacks, so a 30-line invoice stays a few kilobytes."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from hotel_supply.documents.delivery_note import render_delivery_note
from hotel_supply.documents.invoice import render_invoice
from hotel_supply.documents.payment_receipt import render_payment_receipt
from tests.documents import test_delivery_note as note_tests
from tests.documents import test_invoice_documents as month_tests


def fonts(pdf: bytes) -> dict[str, bool]:
    """Each font the pages use: its base name, and whether a font file is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            source = descendants[0].get_object() if descendants else font
            descriptor = source.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            found[name] = found.get(name, False) or embedded
    return found


def thirty_lines() -> object:
    lines = tuple(month_tests.line(n, f"{n % 7 + 1}.5", 15_000 + 2_500 * (n % 9),
                                   f"Keripik Pisang Manis {n}") for n in range(1, 31))
    total = sum(x.amount for x in lines)
    return month_tests.invoice(lines=lines, subtotal=total, total=total)


def test_indonesian_documents_embed_no_font_and_a_30_line_invoice_is_small():
    invoice = render_invoice(thirty_lines())  # type: ignore[arg-type]
    note = render_delivery_note(note_tests.make_note(note_tests.long_lines(12)))
    receipt = render_payment_receipt(month_tests.receipt(1_250_000, full=True))
    for pdf in (invoice, note, receipt):
        used = fonts(pdf)
        assert used and all(name.startswith("Helvetica") for name in used), used
        assert not any(used.values())
    assert len(invoice) <= 30 * 1024
    text = month_tests.squash(month_tests.pdf_text(invoice))
    assert "KeripikPisangManis30" in text and "INV/2026/00042" in text


def test_a_glyph_outside_winansi_prints_in_an_embedded_truetype_font():
    data = month_tests.invoice()
    name = "Kopi Ğayo ≤ 5 kg 🥥"
    data = dataclasses.replace(
        data, lines=(dataclasses.replace(data.lines[0], product_name=name), *data.lines[1:]))
    pdf = render_invoice(data)
    used = fonts(pdf)
    assert used.get("DejaVuSans") is True  # Ğ and ≤: DejaVu, embedded (a subset)
    assert any(n.startswith("NotoEmoji") and e for n, e in used.items()), used  # 🥥
    assert used.get("Helvetica") is False
    assert "KopiĞayo≤5kg" in month_tests.squash(month_tests.pdf_text(pdf))


def test_fixed_text_outside_winansi_is_set_in_truetype_too():
    from hotel_supply.documents.text import escape

    assert escape("Kredit (−) & <lain>") == (
        'Kredit (<font name="HS-Sans">−</font>) &amp; &lt;lain&gt;')
    assert escape("Saldo akhir") == "Saldo akhir"
