"""The delivery note PDF (Surat Jalan / Tanda Terima Barang) as a reader sees it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from hotel_supply.documents.data import (
    DeliveryNoteData,
    DeliveryNoteLine,
    Organisation,
    Party,
)
from hotel_supply.documents.delivery_note import delivery_note_qr_payload, render_delivery_note
from hotel_supply.formatting import line_amount
from hotel_supply.i18n import set_language

# ----------------------------------------------------------------------------- factories

PRODUCTS = [
    ("KP-001", "Kopi bubuk robusta Lampung 250 g", "pak", 45_000),
    ("KR-014", "Keripik pisang coklat", "pak", 18_500),
    ("KM-002", "Kemplang ikan tenggiri panggang", "pak", 32_000),
    ("RT-007", "Roti sobek pandan", "pcs", 12_000),
    ("KL-003", "Kue lapis legit", "kotak", 150_000),
    ("BT-021", "Batik tulis motif siger, katun primisima 2 m", "lembar", 385_000),
    ("MD-005", "Madu hutan Way Kambas", "liter", 210_000),
    ("IK-010", "Ikan asin teri Medan", "kg", 96_000),
    ("SL-004", "Sambal lingkung", "pcs", 27_500),
    ("TP-002", "Tapis mini hiasan dinding", "pcs", 125_000),
    ("KC-006", "Kacang mete sangrai", "kg", 165_000),
    ("GL-001", "Gula aren cair", "liter", 48_000),
]


def make_line(
    line_no: int,
    *,
    code: str = "KP-001",
    name: str = "Kopi bubuk robusta Lampung 250 g",
    unit: str = "pak",
    ordered: str = "10",
    delivered: str | None = None,
    rejected: str = "0",
    reason: str = "",
    note: str = "",
    unit_price: int = 45_000,
    lot: str = "",
    expiry: dt.date | None = None,
) -> DeliveryNoteLine:
    delivered_q = Decimal(delivered if delivered is not None else ordered)
    rejected_q = Decimal(rejected)
    accepted_q = delivered_q - rejected_q
    return DeliveryNoteLine(
        line_no=line_no,
        product_code=code,
        product_name=name,
        unit=unit,
        ordered=Decimal(ordered),
        delivered=delivered_q,
        accepted=accepted_q,
        rejected=rejected_q,
        rejection_reason=reason,
        rejection_note=note,
        unit_price=unit_price,
        amount=line_amount(accepted_q, unit_price),
        lot_code=lot,
        expiry_date=expiry,
    )


def make_note(lines: list[DeliveryNoteLine] | None = None, **changes: object) -> DeliveryNoteData:
    """A posted note; totals are computed from the lines, as the service does."""
    if lines is None:
        lines = [make_line(1)]
    note = DeliveryNoteData(
        number="SJ/2026/00012",
        status="posted",
        delivery_date=dt.date(2020, 11, 19),
        arrived_at=dt.datetime(2020, 11, 19, 8, 15),
        organisation=Organisation(
            name="Dinas Koperasi dan UKM Kota Bandar Lampung",
            address="Jl. Dr. Susilo No. 2, Sumur Batu",
            city="Bandar Lampung",
            phone="0721-123456",
            email="umkm@bandarlampungkota.go.id",
        ),
        supplier=Party(
            code="UMKM-012",
            name="CV Kopi Sinar Lampung",
            address="Jl. Teuku Umar No. 45, Kedaton",
            city="Bandar Lampung",
            phone="0812-7000-1234",
            contact="Siti Rahmawati",
        ),
        hotel=Party(
            code="HTL-EMR",
            name="Emersia Hotel & Resort",
            address="Jl. Wolter Monginsidi No. 70",
            city="Bandar Lampung",
            phone="0721-258258",
            contact="Ibu Dewi (Purchasing)",
        ),
        lines=tuple(lines),
        driver_name="Budi Santoso",
        vehicle_plate="BE 1234 AB",
        received_by="Dewi Lestari",
        known_by="Andi Pratama",
        notes="",
        printed_at=dt.datetime(2020, 11, 19, 9, 30),
    )
    note = replace(
        note,
        total_value=sum(ln.amount for ln in lines),
    )
    return replace(note, **changes) if changes else note


def typical_lines() -> list[DeliveryNoteLine]:
    """Twelve lines: one rejected with a note, a perishable with lot and expiry, kg in decimals."""
    lines = []
    for i, (code, name, unit, price) in enumerate(PRODUCTS, start=1):
        lines.append(make_line(i, code=code, name=name, unit=unit, unit_price=price, ordered="5"))
    lines[1] = make_line(
        2,
        code="KR-014",
        name="Keripik pisang coklat",
        unit="pak",
        ordered="20",
        rejected="3",
        reason="Rusak",
        note="Kemasan sobek & basah",
        unit_price=18_500,
    )
    lines[3] = make_line(
        4,
        code="RT-007",
        name="Roti sobek pandan",
        unit="pcs",
        ordered="24",
        unit_price=12_000,
        lot="RT-201119-A",
        expiry=dt.date(2020, 11, 22),
    )
    lines[7] = make_line(
        8, code="IK-010", name="Ikan asin teri Medan", unit="kg", ordered="2.5", unit_price=96_000
    )
    return lines


def exact_total_lines() -> list[DeliveryNoteLine]:
    """Accepted goods worth exactly Rp1.250.000."""
    return [
        make_line(1, ordered="20", unit_price=45_000),  # 900.000
        make_line(
            2,
            code="KR-014",
            name="Keripik pisang coklat",
            ordered="20",
            rejected="2",
            reason="Rusak",
            note="Kemasan sobek",
            unit_price=12_500,
        ),  # 18 × 12.500 = 225.000
        make_line(
            3, code="IK-010", name="Ikan asin teri", unit="kg", ordered="2.5", unit_price=50_000
        ),  # 125.000
    ]


def long_lines(count: int = 60) -> list[DeliveryNoteLine]:
    lines = []
    for i in range(1, count + 1):
        code, name, unit, price = PRODUCTS[(i - 1) % len(PRODUCTS)]
        lines.append(
            make_line(i, code=code, name=name, unit=unit, ordered=str(i % 7 + 1), unit_price=price)
        )
    return lines


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def rectangles_on_first_page(pdf: bytes) -> int:
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None
    return content.get_data().count(b" re")


def squash(text: str) -> str:
    """Text with all whitespace removed, for phrases a PDF may break across lines."""
    return re.sub(r"\s+", "", text)


# ----------------------------------------------------------------------------- content


def test_note_shows_number_parties_and_people() -> None:
    text = pdf_text(render_delivery_note(make_note(typical_lines())))

    assert "SURAT JALAN / TANDA TERIMA BARANG" in text
    assert "SJ/2026/00012" in text
    assert "CV Kopi Sinar Lampung" in text
    assert "Emersia Hotel & Resort" in text
    assert "19 November 2020" in text
    assert "08:15" in text
    assert "Ibu Dewi (Purchasing)" in text
    assert "Budi Santoso" in text
    assert "BE 1234 AB" in text
    for box in ("Pengirim", "Penerima", "Mengetahui"):
        assert box in text
    assert "Dewi Lestari" in text
    assert "Andi Pratama" in text


def test_quantities_and_totals_are_in_indonesian_format() -> None:
    note = make_note(exact_total_lines())
    assert note.total_value == 1_250_000

    text = pdf_text(render_delivery_note(note))

    assert "Rp1.250.000" in text
    assert "Rp900.000" in text
    assert "Rp12.500" in text  # unit price
    assert "2,5" in text  # kg with a decimal comma
    # pak and kg are never added together (20 + 20 + 2,5 would be 42,5)
    assert "42,5" not in text and "40,5" not in text


def test_rejected_line_prints_its_reason_and_note() -> None:
    text = pdf_text(render_delivery_note(make_note(exact_total_lines())))

    assert "Rusak" in text
    assert "Kemasan sobek" in text
    assert "Ditolak" in text


def test_perishable_line_prints_lot_and_expiry() -> None:
    text = pdf_text(render_delivery_note(make_note(typical_lines())))

    assert "RT-201119-A" in text
    assert "22/11/2020" in text


def test_notes_are_printed() -> None:
    note = make_note(notes="Barang diterima di dock belakang.\nSuhu ruang dingin 4 °C.")
    text = pdf_text(render_delivery_note(note))

    assert "Barang diterima di dock belakang." in text
    assert "Suhu ruang dingin 4 °C." in text


# ----------------------------------------------------------------------------- pages, copies


def test_each_copy_is_a_complete_set_with_its_label() -> None:
    pages = pdf_pages(render_delivery_note(make_note(typical_lines())))

    assert len(pages) == 2
    assert "ASLI" in pages[0] and "SALINAN" not in pages[0]
    assert "SALINAN" in pages[1] and "ASLI" not in pages[1]
    for page in pages:
        assert "SJ/2026/00012" in page
        assert "Halaman 1 dari 1" in page


def test_long_note_numbers_pages_within_each_copy() -> None:
    pdf = render_delivery_note(make_note(long_lines(60)))
    pages = pdf_pages(pdf)

    assert len(pages) % 2 == 0
    per_copy = len(pages) // 2
    assert per_copy >= 2
    for copy_index, label in enumerate(("ASLI", "SALINAN")):
        for page_no in range(1, per_copy + 1):
            page = pages[copy_index * per_copy + page_no - 1]
            assert f"Halaman {page_no} dari {per_copy}" in page
            assert label in page
    text = "\n".join(pages)
    assert "Halaman 1 dari 2" in text
    # The last line and the totals made it onto paper.
    assert text.count("Total") >= 2
    assert "Kacang mete sangrai" in text


def test_single_copy_and_custom_labels() -> None:
    single = pdf_pages(render_delivery_note(make_note(), copies=("SALINAN",)))
    three = pdf_pages(render_delivery_note(make_note(), copies=("ASLI", "SALINAN", "ARSIP")))

    assert len(single) == 1
    assert "SALINAN" in single[0]
    assert len(three) == 3
    assert "ARSIP" in three[2]
    assert all("Halaman 1 dari 1" in page for page in three)


def test_a5_shows_all_information() -> None:
    pdf = render_delivery_note(make_note(typical_lines()), page_size="A5")
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    text = pdf_text(pdf)

    assert (round(width), round(height)) == (420, 595)
    assert "SJ/2026/00012" in text
    assert "RT-201119-A" in text and "22/11/2020" in text
    assert "Rusak" in text
    assert "Rp18.500" in squash(text)  # unit price, printed under the amount
    assert "ASLI" in text and "SALINAN" in text


def test_unknown_page_size_is_refused() -> None:
    with pytest.raises(ValueError):
        render_delivery_note(make_note(), page_size="Letter")


# ----------------------------------------------------------------------------- status


def test_draft_is_marked_and_has_no_qr() -> None:
    draft = make_note(number="", status="draft")
    pdf = render_delivery_note(draft)
    text = pdf_text(pdf)

    assert "DRAFT" in text
    assert "|" not in text  # the QR caption carries "number|checksum"
    assert (
        rectangles_on_first_page(pdf)
        < rectangles_on_first_page(render_delivery_note(make_note())) - 100
    )  # a QR code is drawn as hundreds of little squares


def test_cancelled_note_shows_marker_and_reason() -> None:
    note = make_note(status="cancelled", cancel_reason="Salah hotel tujuan")
    text = pdf_text(render_delivery_note(note))

    assert "DIBATALKAN" in text
    assert "Salah hotel tujuan" in text
    assert "SJ/2026/00012" in text


# ----------------------------------------------------------------------------- user text


def test_markup_in_user_text_prints_literally() -> None:
    note = make_note(
        [make_line(1, name="Kue <b>lapis</b> & legit", note="x", rejected="0")],
        supplier=Party(code="S-1", name="UD <b>Maju</b> & Jaya", address="Jl. A&B <i>"),
        notes="Harga <font size=40>naik</font> & tetap",
    )
    text = pdf_text(render_delivery_note(note))

    assert "UD <b>Maju</b> & Jaya" in text
    assert "Kue <b>lapis</b> & legit" in text
    assert "Jl. A&B <i>" in text
    assert "Harga <font size=40>naik</font> & tetap" in text


def test_emoji_and_accents_in_names_print() -> None:
    note = make_note(
        [make_line(1, name="Bakso 🍜 pedas ✓")],
        supplier=Party(code="S-2", name="Kopi Ñusantara ☕ & <Co>"),
    )
    pdf = render_delivery_note(note)
    text = pdf_text(pdf)

    assert "Kopi Ñusantara" in text
    assert "& <Co>" in text
    assert "Bakso" in text and "pedas" in text
    # The emoji the text font lacks is set in the shipped emoji font.
    assert b"NotoEmoji" in pdf


def test_empty_optional_fields_do_not_break_the_layout() -> None:
    note = make_note(
        arrived_at=None,
        driver_name="",
        vehicle_plate="",
        received_by="",
        known_by="",
        printed_at=None,
        organisation=Organisation(name="Kantor Program UMKM", logo_path="/nonexistent/logo.png"),
        supplier=Party(code="", name="Sole trader"),
        hotel=Party(code="", name="Hotel"),
    )
    text = pdf_text(render_delivery_note(note))

    assert "Sole trader" in text
    assert "Halaman 1 dari 1" in text


def test_a_very_long_note_on_a_line_flows_over_pages() -> None:
    line = make_line(1, rejected="1", reason="Rusak", note="kemasan penyok " * 400)
    pdf = render_delivery_note(make_note([line, make_line(2)]), page_size="A5", copies=("ASLI",))
    pages = pdf_pages(pdf)

    assert len(pages) > 2
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]


def test_logo_is_printed_when_the_file_exists(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (31, 78, 121)).save(logo)
    organisation = Organisation(name="Kantor Program UMKM", logo_path=str(logo))

    with_logo = render_delivery_note(make_note(organisation=organisation))
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    with_broken = render_delivery_note(
        make_note(organisation=replace(organisation, logo_path=str(broken)))
    )

    assert b"/Subtype /Image" in with_logo
    assert b"/Subtype /Image" not in with_broken
    assert "Kantor Program UMKM" in pdf_text(with_broken)


# ----------------------------------------------------------------------------- language


def test_english_output() -> None:
    set_language("en")
    text = pdf_text(render_delivery_note(make_note(exact_total_lines())))

    assert "DELIVERY NOTE / GOODS RECEIPT" in text
    assert "ORIGINAL" in text and "COPY" in text
    assert "Page 1 of 1" in text
    assert "19 November 2020" in text
    assert "Rp1.250.000" in text  # rupiah keep the Indonesian form in English too
    assert "SURAT JALAN" not in text
    assert "Halaman" not in text


# ----------------------------------------------------------------------------- machine-readable


def test_same_data_gives_same_bytes() -> None:
    note = make_note(typical_lines())
    first = render_delivery_note(note)
    render_delivery_note(make_note(long_lines(20)), page_size="A5")  # no state carried over
    second = render_delivery_note(note)

    assert first == second


def test_qr_payload_carries_number_and_a_verifiable_checksum() -> None:
    note = make_note(exact_total_lines())
    payload = delivery_note_qr_payload(note)

    number, checksum = payload.split("|")
    expected = hashlib.sha256(b"SJ/2026/00012|2020-11-19|1250000").hexdigest()[:8]
    assert number == "SJ/2026/00012"
    assert checksum == expected
    assert re.fullmatch(r"[0-9a-f]{8}", checksum)
    # A changed total gives another checksum.
    assert delivery_note_qr_payload(replace(note, total_value=1_250_001)) != payload
    pdf = render_delivery_note(note)
    assert payload in pdf_text(pdf)  # printed under the code for manual checks
    assert b"/Subtype /Image" not in pdf  # the QR code is vector, drawn not pasted
