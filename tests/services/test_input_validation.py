"""One validation layer for every way in: bad values get a sentence and write nothing.

Each case calls a service the way a batch command or an import would (no GUI parser
in front), and checks the message's words (in Indonesian, the default language) and
that every table still has the rows it had.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hotel_supply.db import Database
from hotel_supply.models import Base
from hotel_supply.models.enums import PaymentMethod, Unit, WasteReason
from hotel_supply.services import (
    credit_notes,
    deliveries,
    delivery_list,
    hotels,
    invoice_balances,
    invoicing,
    orders,
    payments,
    prices,
    products,
    settings,
    standing_orders,
    stock_counts,
    stock_levels,
    stock_moves,
)
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import DomainError, NotFound, ValidationError
from hotel_supply.services.invoice_printing import invoice_data
from hotel_supply.services.orders import OrderLineInput
from hotel_supply.services.stock_moves import StockLineInput
from hotel_supply.services.validation import (
    email_problems,
    phone_problems,
    quantity_problems,
)
from tests.factories import make_hotel, make_product, make_supplier

DAY = dt.date(2026, 11, 23)
MISSING = 987_654


def row_counts(db: Database) -> dict[str, int]:
    with db.reader() as s:
        return {t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables}


def refused(db: Database, call, *words: str, error: type[DomainError] = ValidationError) -> str:
    """``call()`` raises ``error`` whose message has every word, and nothing is written."""
    before = row_counts(db)
    with pytest.raises(error) as caught:
        call()
    message = caught.value.message
    for word in words:
        assert word.casefold() in message.casefold(), (word, message)
    assert row_counts(db) == before
    return message


@pytest.fixture
def office(db: Database) -> dict[str, int]:
    supplier = make_supplier(db, name="CV Kopi 100% Liwa")
    coffee = make_product(db, supplier, name="Kopi Robusta", unit=Unit.KG,
                          standard_price=90_000)
    chips = make_product(db, supplier, name="Keripik 100% Pisang_Manis", standard_price=12_000)
    hotel = make_hotel(db, name="Hotel Emersia")
    kitchen = hotels.get_hotel(db, hotel).outlets[0].id
    draft = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=DAY)
    return {"supplier": supplier, "coffee": coffee, "chips": chips, "hotel": hotel,
            "kitchen": kitchen, "draft": draft}


def one_line(ids: dict[str, int], quantity: object = Decimal(5), **header: object) -> DeliveryInput:
    line = LineInput(product_id=ids["coffee"], ordered=Decimal(5), delivered=quantity,
                     accepted=quantity, expiry_date=DAY + dt.timedelta(days=30))
    return DeliveryInput(delivery_date=DAY, lines=[line], **header)


def receive(db: Database, ids: dict[str, int], quantity: str = "10") -> int:
    delivery = deliveries.new_delivery(db, hotel_id=ids["hotel"], supplier_id=ids["supplier"],
                                       day=DAY)
    deliveries.post_delivery(db, delivery_id=delivery, data=one_line(ids, Decimal(quantity)))
    return delivery


# --- quantities ---------------------------------------------------------------------

BAD_QUANTITIES = [
    pytest.param(Decimal(10) ** 15, ["terlalu besar", "1.000.000"], id="10^15"),
    pytest.param(Decimal(10) ** 16, ["terlalu besar", "1.000.000"], id="10^16"),
    pytest.param(Decimal("NaN"), ["NaN"], id="NaN"),
    pytest.param(Decimal("Infinity"), ["Infinity"], id="Infinity"),
    pytest.param(Decimal("-Infinity"), ["Infinity"], id="-Infinity"),
    pytest.param("5", ["angka", "teks"], id="text-5"),
    pytest.param(0.1, ["Decimal", "0.1"], id="float-0.1"),
    pytest.param(None, ["wajib"], id="None"),
    pytest.param(Decimal("-1"), ["negatif"], id="negative"),
    pytest.param(Decimal("1.0005"), ["3 angka desimal"], id="4-decimals"),
]


@pytest.mark.parametrize(("quantity", "words"), BAD_QUANTITIES)
def test_a_bad_delivered_quantity_is_refused_when_posting_and_saving(db, office, quantity,
                                                                     words):
    data = one_line(office, quantity)
    refused(db, lambda: deliveries.post_delivery(db, delivery_id=office["draft"], data=data),
            "Jumlah dikirim", *words)
    refused(db, lambda: deliveries.save_draft(db, delivery_id=office["draft"], data=data),
            "Jumlah dikirim", *words)


def test_the_quantity_limit_comes_from_the_settings(db, office):
    big = Decimal(5_000_000)
    refused(db, lambda: deliveries.post_delivery(
        db, delivery_id=office["draft"], data=one_line(office, big)), "1.000.000")
    org = settings.load_settings(db)
    org.name = "UPT Pendampingan UMKM"
    org.max_line_quantity = 10_000_000
    settings.save_settings(db, settings=org)
    result = deliveries.post_delivery(db, delivery_id=office["draft"], data=one_line(office, big))
    assert result.total_value == 5_000_000 * 90_000


@pytest.mark.parametrize(("quantity", "words"), BAD_QUANTITIES[:7])
def test_bad_quantities_are_refused_by_orders_stock_counts_and_the_grid(db, office, quantity,
                                                                        words):
    receive(db, office)
    refused(db, lambda: orders.create_adhoc_order(
        db, hotel_id=office["hotel"], supplier_id=office["supplier"], day=DAY,
        lines=[OrderLineInput(product_id=office["coffee"], quantity=quantity)]),
        "Jumlah pesanan", *words)
    refused(db, lambda: stock_moves.write_off_waste(
        db, hotel_id=office["hotel"], day=DAY, confirm_negative=True,
        lines=[StockLineInput(product_id=office["coffee"], quantity=quantity,
                              reason=WasteReason.DAMAGED.value)]), "Jumlah", *words)
    refused(db, lambda: stock_moves.issue_to_outlet(
        db, hotel_id=office["hotel"], outlet_id=office["kitchen"], day=DAY, confirm_negative=True,
        lines=[StockLineInput(product_id=office["coffee"], quantity=quantity)]),
        "Jumlah", *words)
    row = standing_orders.StandingOrderLine(product_id=office["coffee"],
                                            quantities=[quantity] + [Decimal(0)] * 6)
    refused(db, lambda: standing_orders.save_standing_order_grid(
        db, hotel_id=office["hotel"], rows=[row]), "Jumlah", *words)
    count = stock_counts.start_count(db, hotel_id=office["hotel"], day=DAY)
    line = stock_counts.get_count(db, count).lines[0].id
    refused(db, lambda: stock_counts.save_counted(db, count_id=count, counted={line: quantity}),
            "Jumlah hitung", *words)


def test_quantity_checks_accept_decimal_and_int_only():
    assert quantity_problems(Decimal("999999.999"), label="x") == []
    assert quantity_problems(7, label="x") == []
    assert quantity_problems(True, label="x")
    assert quantity_problems(Decimal("1000000.001"), label="x")


# --- texts --------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "words"), [
    pytest.param({"driver_name": "a" * 20_000}, ["Nama sopir", "200"], id="driver-20000"),
    pytest.param({"vehicle_plate": "BE\x001234"}, ["Nomor polisi", "karakter"], id="plate-NUL"),
    pytest.param({"vehicle_plate": "BE\x1b[31m1234"}, ["Nomor polisi", "karakter"],
                 id="plate-ESC"),
    pytest.param({"vehicle_plate": "BE\t1234"}, ["Nomor polisi", "karakter"], id="plate-tab"),
    pytest.param({"vehicle_plate": "BE 1234 ABCDEFGHIJKLMN"}, ["Nomor polisi", "20"],
                 id="plate-21"),
    pytest.param({"received_by": "Dewi\x00"}, ["Nama penerima", "karakter"], id="received-NUL"),
    pytest.param({"notes": "x" * 6000}, ["Catatan", "5000"], id="notes-6000"),
    pytest.param({"notes": "baris\x00"}, ["Catatan", "karakter"], id="notes-NUL"),
])
def test_delivery_texts_must_fit_their_columns_without_control_characters(db, office, header,
                                                                         words):
    data = one_line(office, **header)
    refused(db, lambda: deliveries.save_draft(db, delivery_id=office["draft"], data=data), *words)
    refused(db, lambda: deliveries.post_delivery(db, delivery_id=office["draft"], data=data),
            *words)


def test_notes_keep_their_line_breaks(db, office):
    view = deliveries.save_draft(db, delivery_id=office["draft"],
                                 data=one_line(office, notes="Dus penyok\nSisanya baik"))
    assert view.data.notes == "Dus penyok\nSisanya baik"


def test_lot_code_and_rejection_note_are_checked(db, office):
    data = one_line(office)
    data.lines[0].lot_code = "L" * 41
    refused(db, lambda: deliveries.save_draft(db, delivery_id=office["draft"], data=data),
            "Kode lot", "40")
    data.lines[0].lot_code = "L-1"
    data.lines[0].rejection_note = "rusak\x1b"
    refused(db, lambda: deliveries.save_draft(db, delivery_id=office["draft"], data=data),
            "Catatan penolakan", "karakter")


def test_stock_count_reason_longer_than_its_column_is_refused_not_cut(db, office):
    receive(db, office)
    count = stock_counts.start_count(db, hotel_id=office["hotel"], day=DAY)
    line = stock_counts.get_count(db, count).lines[0].id
    refused(db, lambda: stock_counts.save_counted(
        db, count_id=count, counted={line: Decimal(9)}, reasons={line: "r" * 81}),
        "Alasan", "80")


def test_an_issue_reason_must_fit_the_movement(db, office):
    receive(db, office)
    refused(db, lambda: stock_moves.issue_to_outlet(
        db, hotel_id=office["hotel"], outlet_id=office["kitchen"], day=DAY,
        lines=[StockLineInput(product_id=office["coffee"], quantity=Decimal(1),
                              reason="x" * 41)]), "Alasan", "40")


# --- ids -----------------------------------------------------------------------------


def test_unknown_hotel_supplier_and_product_are_named(db, office):
    refused(db, lambda: deliveries.new_delivery(db, hotel_id=MISSING, supplier_id=office[
        "supplier"], day=DAY), "Hotel", "tidak ada", error=NotFound)
    refused(db, lambda: deliveries.new_delivery(db, hotel_id=office["hotel"],
                                                supplier_id=MISSING, day=DAY),
            "Pemasok", "tidak ada", error=NotFound)
    refused(db, lambda: deliveries.new_delivery(db, hotel_id="1", supplier_id=office[
        "supplier"], day=DAY), "Hotel", "pilih")
    refused(db, lambda: deliveries.new_delivery(db, hotel_id=office["hotel"], supplier_id=office[
        "supplier"], day="2026-11-23"), "tanggal")
    data = one_line(office)
    data.lines[0].product_id = MISSING
    refused(db, lambda: deliveries.post_delivery(db, delivery_id=office["draft"], data=data),
            "Produk", "baris 1", "tidak ada", error=NotFound)
    refused(db, lambda: orders.create_adhoc_order(
        db, hotel_id=MISSING, supplier_id=office["supplier"], day=DAY,
        lines=[OrderLineInput(product_id=office["coffee"], quantity=Decimal(1))]),
        "Hotel", error=NotFound)
    refused(db, lambda: orders.create_adhoc_order(
        db, hotel_id=office["hotel"], supplier_id=MISSING, day=DAY,
        lines=[OrderLineInput(product_id=office["coffee"], quantity=Decimal(1))]),
        "Pemasok", error=NotFound)
    refused(db, lambda: orders.create_adhoc_order(
        db, hotel_id=office["hotel"], supplier_id=office["supplier"], day=DAY,
        lines=[OrderLineInput(product_id=MISSING, quantity=Decimal(1))]),
        "Produk", "baris 1", error=NotFound)
    refused(db, lambda: stock_moves.write_off_waste(
        db, hotel_id=MISSING, day=DAY, confirm_negative=True,
        lines=[StockLineInput(product_id=office["coffee"], quantity=Decimal(1),
                              reason=WasteReason.DAMAGED.value)]), "Hotel", error=NotFound)
    refused(db, lambda: stock_moves.return_to_supplier(
        db, hotel_id=office["hotel"], supplier_id=MISSING, day=DAY, confirm_negative=True,
        lines=[StockLineInput(product_id=office["coffee"], quantity=Decimal(1),
                              reason="quality")]), "Pemasok", error=NotFound)
    count = stock_counts.start_count(db, hotel_id=office["hotel"], day=DAY)
    refused(db, lambda: stock_counts.add_count_line(db, count_id=count, product_id=MISSING),
            "Produk", error=NotFound)


# --- money ---------------------------------------------------------------------------


@pytest.fixture
def invoiced(db, office) -> dict[str, int]:
    receive(db, office, "10")
    drafts = invoicing.generate_drafts(db, year=DAY.year, month=DAY.month, ignore_unposted=True)
    issued, _refused = invoicing.issue_invoices(db, invoice_ids=list(drafts.invoice_ids),
                                                issue_date=dt.date(2026, 11, 30))
    invoice = issued[0].invoice_id
    line = invoice_data(db, invoice_id=invoice).lines[0].invoice_line_id
    return {**office, "invoice": invoice, "invoice_line": line}


@pytest.mark.parametrize(("amount", "words"), [
    pytest.param(0.1, ["rupiah bulat"], id="float"),
    pytest.param("50000", ["angka", "teks"], id="text"),
    pytest.param(True, ["angka"], id="bool"),
    pytest.param(10**16, ["terlalu besar", "Rp1.000.000.000.000"], id="10^16"),
    pytest.param(Decimal("NaN"), ["NaN"], id="NaN"),
])
def test_a_payment_amount_is_whole_rupiah(db, invoiced, amount, words):
    refused(db, lambda: payments.record_payment(
        db, invoice_id=invoiced["invoice"], paid_on=dt.date(2026, 12, 1), amount=amount,
        method=PaymentMethod.TRANSFER), "Jumlah uang", *words)


def test_payment_texts_and_method_are_checked(db, invoiced):
    def pay(**kw):
        args = {"invoice_id": invoiced["invoice"], "paid_on": dt.date(2026, 12, 1),
                "amount": 100_000, "method": PaymentMethod.TRANSFER, **kw}
        return lambda: payments.record_payment(db, **args)

    refused(db, pay(reference="TRF" * 100), "Referensi", "200")
    refused(db, pay(notes="\x00"), "Catatan", "karakter")
    refused(db, pay(method="bitcoin"), "cara pembayaran")
    refused(db, pay(invoice_id=MISSING), "Tagihan", error=NotFound)


def test_credit_note_quantity_price_and_reason_are_checked(db, invoiced):
    def credit(quantity=Decimal(1), price=None, reason="Barang rusak"):
        return lambda: credit_notes.issue_credit_note(
            db, invoice_id=invoiced["invoice"], reason=reason, issue_date=dt.date(2026, 12, 1),
            lines=[CreditLineInput(invoiced["invoice_line"], quantity, price)])

    refused(db, credit(quantity=Decimal("NaN")), "Jumlah yang dikreditkan", "NaN")
    refused(db, credit(quantity="1"), "Jumlah yang dikreditkan", "teks")
    refused(db, credit(price=1.5), "Harga yang dikreditkan", "rupiah bulat")
    refused(db, credit(price=2 * 10**9), "Harga yang dikreditkan", "Rp1.000.000.000")
    refused(db, credit(reason="r" * 6000), "Alasan", "5000")


def test_prices_above_the_limit_are_refused_until_the_settings_raise_it(db, office):
    data = prices.PriceAgreementData(hotel_id=office["hotel"], product_id=office["coffee"],
                                     price=2_000_000_000, valid_from=DAY)
    refused(db, lambda: prices.create_price_agreement(db, data=data), "Harga",
            "Rp1.000.000.000")
    product = products.get_product(db, office["chips"])
    product.standard_price = 1_500_000_000
    refused(db, lambda: products.update_product(db, product_id=office["chips"], data=product),
            "Harga standar", "Rp1.000.000.000")
    org = settings.load_settings(db)
    org.name = "UPT Pendampingan UMKM"
    org.max_unit_price = 5_000_000_000
    org.max_line_quantity = 100_000
    settings.save_settings(db, settings=org)
    assert prices.create_price_agreement(db, data=data) > 0


# --- searches ------------------------------------------------------------------------


def test_percent_and_underscore_are_searched_literally(db, office):
    with_percent = receive(db, office)
    deliveries.save_draft(db, delivery_id=office["draft"],
                          data=one_line(office, driver_name="Pak Joko"))
    other_supplier = make_supplier(db, name="UD Roti Pandan")
    make_product(db, other_supplier, name="Roti Pandan Manis")

    def found(text: str) -> set[int]:
        query = delivery_list.DeliveryQuery(text=text)
        return {r.id for r in delivery_list.delivery_rows(db, query=query)}

    assert found("%") == {with_percent, office["draft"]}  # the supplier "CV Kopi 100% Liwa"
    assert found("0%") == {with_percent, office["draft"]}
    assert found("k_j") == set()  # "Pak Joko" has no "k_j"
    deliveries.save_draft(db, delivery_id=office["draft"],
                          data=one_line(office, driver_name="Pak_Joko"))
    assert found("k_j") == {office["draft"]}
    assert found("\\") == set()

    invoicing.generate_drafts(db, year=DAY.year, month=DAY.month, ignore_unposted=True)

    def invoices(text: str) -> int:
        query = invoice_balances.InvoiceQuery(text=text)
        return len(invoice_balances.invoice_rows(db, query=query))

    assert invoices("%") == 1 and invoices("liwa") == 1
    assert invoices("_") == 0 and invoices("emersia") == 1

    def stock(text: str) -> list[str]:
        query = stock_levels.StockQuery(hotel_id=office["hotel"], day=DAY, text=text)
        return [r.product_name for r in stock_levels.stock_rows(db, query=query)]

    assert stock("robusta") == ["Kopi Robusta"]
    assert stock("%") == ["Kopi Robusta"]  # found by its supplier's name
    assert stock("_") == []  # "Keripik 100% Pisang_Manis" is not stocked here


# --- settings: the office's own profile and the limits -------------------------------


def _org(**fields) -> settings.OrganisationSettings:
    org = settings.OrganisationSettings(name="UPT Pendampingan UMKM")
    for key, value in fields.items():
        setattr(org, key, value)
    return org


@pytest.mark.parametrize(("fields", "key", "words"), [
    pytest.param({"email": "abc"}, "email", ["e-mail", "kantor@contoh.go.id"], id="email-abc"),
    pytest.param({"phone": "0721-xyz"}, "phone", ["telepon"], id="phone-letters"),
    pytest.param({"phone": "123"}, "phone", ["telepon"], id="phone-short"),
    pytest.param({"phone": "0721 12"}, "phone", ["telepon", "0721 481126"], id="phone-invalid"),
    pytest.param({"npwp": "12345"}, "npwp", ["16"], id="npwp-short"),
    pytest.param({"address": "Jl.\x00"}, "address", ["karakter"], id="address-NUL"),
    pytest.param({"name": "x" * 201}, "name", ["200"], id="name-201"),
    pytest.param({"max_line_quantity": 0}, "max_line_quantity", ["1.000.000.000"], id="qty-0"),
    pytest.param({"max_line_quantity": 10**10}, "max_line_quantity", ["1.000.000.000"],
                 id="qty-huge"),
    pytest.param({"max_unit_price": True}, "max_unit_price", ["rupiah"], id="price-bool"),
    pytest.param({"max_line_quantity": 10**9, "max_unit_price": 10**9}, "max_unit_price",
                 ["turunkan"], id="product-too-large"),
])
def test_the_settings_refuse_a_bad_profile_or_limit(db, fields, key, words):
    message = refused(db, lambda: settings.save_settings(db, settings=_org(**fields)), *words)
    assert key in settings.validate(_org(**fields)), message


def test_the_office_npwp_takes_16_or_the_old_15_digits_and_is_stored_as_digits(db):
    assert settings.validate(_org(npwp="01.234.567.8-901.000")) == {}
    settings.save_settings(db, settings=_org(npwp="0123.4567.8901.2345",
                                             email="kantor@umkm.go.id", phone="(0721) 481126"))
    stored = settings.load_settings(db)
    assert (stored.npwp, stored.email, stored.phone) == ("0123456789012345",
                                                         "kantor@umkm.go.id", "(0721) 481126")


@pytest.mark.parametrize("number", ["0721 481126", "+62 812-3456-7890", "0812 3456 7890",
                                    "(0721) 8015888", "0813-1111-2222"])
def test_indonesian_phone_numbers_are_accepted(number):
    assert phone_problems(number) == []


@pytest.mark.parametrize("number", ["0721-xyz", "123", "0812", "0812 3456 7890 1234 5",
                                    "+62 0", "08123456789x",
                                    # the right count of digits, but no such area or prefix
                                    "0999 1234 5678", "0000 0000", "0812-3456-7890-1234"])
def test_phone_numbers_that_cannot_be_dialled_are_refused(number):
    assert phone_problems(number)


def test_email_checks_use_the_library():
    assert email_problems("kantor@dinas-koperasi.bandarlampungkota.go.id") == []
    assert email_problems("") == []
    for bad in ("abc", "a@b", "kantor@@umkm.go.id", "kantor umkm@go.id"):
        assert email_problems(bad), bad
