"""Every service that writes × every role: allowed, or refused with nothing written.

The list below must name every function whose unit of work names roles; a new
write that is not listed fails ``test_the_matrix_names_every_write``.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hotel_supply.db import Database
from hotel_supply.importing.runner import Kind, Source, run_import
from hotel_supply.models.enums import PaymentMethod, Role
from hotel_supply.services import (
    accounts,
    credit_notes,
    deliveries,
    delivery_correction,
    hotels,
    invoicing,
    month_close,
    orders,
    payments,
    prices,
    products,
    reconciliation,
    replenishment,
    settings,
    standing_orders,
    stock_counts,
    stock_moves,
    suppliers,
)
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import DomainError, NotAllowed
from hotel_supply.services.orders import OrderLineInput
from hotel_supply.services.standing_orders import StandingOrderLine
from hotel_supply.services.stock_moves import StockLineInput
from tests.bad_inputs.world import build_world, digest
from tests.conftest import add_tester

PACKAGE = Path(__file__).resolve().parents[2] / "hotel_supply"
WRITERS = (PACKAGE / "services", PACKAGE / "importing")
NOV = dt.date(2026, 11, 20)
q = Decimal
A, F, P, S = Role.ADMIN, Role.FINANCE, Role.PURCHASING, Role.STOREROOM

Call = Callable[[Database, dict[str, Any]], object]


def _delivery(w: dict[str, Any]) -> DeliveryInput:
    return DeliveryInput(delivery_date=NOV, lines=[
        LineInput(product_id=w["coffee"], delivered=q(1), accepted=q(1))])


# (module.function, the roles that may, a call with valid arguments)
MATRIX: list[tuple[str, frozenset[Role], Call]] = [
    ("accounts.create_account", frozenset({A}), lambda db, w: accounts.create_account(
        db, username="baru", full_name="Staf Baru", roles=[S], password="rahasia-123")),
    ("accounts.update_account", frozenset({A}), lambda db, w: accounts.update_account(
        db, username="tester", full_name="Tester", roles=list(Role))),
    ("accounts.set_active", frozenset({A}), lambda db, w: accounts.set_active(
        db, username="tester", active=True)),
    ("accounts.reset_password", frozenset({A}), lambda db, w: accounts.reset_password(
        db, username="tester", password="rahasia-123")),
    ("settings.save_settings", frozenset({A}), lambda db, w: settings.save_settings(
        db, settings=settings.load_settings(db))),
    ("month_close.reopen_period", frozenset({A}), lambda db, w: month_close.reopen_period(
        db, year=2026, month=9, reason="koreksi")),
    ("month_close.close_period", frozenset({F}), lambda db, w: month_close.close_period(
        db, year=2026, month=10, exceptions_seen=0)),
    ("invoicing.generate_drafts", frozenset({F}), lambda db, w: invoicing.generate_drafts(
        db, year=2026, month=11)),
    ("invoicing.issue_invoices", frozenset({F}), lambda db, w: invoicing.issue_invoices(
        db, invoice_ids=[w["missing"]], issue_date=NOV)),
    ("credit_notes.issue_credit_note", frozenset({F}), lambda db, w:
        credit_notes.issue_credit_note(db, invoice_id=w["invoice"], lines=[CreditLineInput(
            invoice_line_id=w["invoice_line"], quantity=q(1))], reason="rusak", issue_date=NOV)),
    ("payments._record", frozenset({F}), lambda db, w: payments.record_payment(
        db, invoice_id=w["invoice"], paid_on=NOV, amount=1000, method=PaymentMethod.CASH)),
    ("hotels.create_hotel", frozenset({P}), lambda db, w: hotels.create_hotel(
        db, data=dataclasses.replace(hotels.get_hotel(db, w["hotel"]), code="NEW", outlets=[]))),
    ("hotels.update_hotel", frozenset({P}), lambda db, w: hotels.update_hotel(
        db, hotel_id=w["hotel"], data=hotels.get_hotel(db, w["hotel"]))),
    ("hotels.set_hotel_active", frozenset({P}), lambda db, w: hotels.set_hotel_active(
        db, hotel_id=w["hotel"], active=True)),
    ("suppliers.create_supplier", frozenset({P}), lambda db, w: suppliers.create_supplier(
        db, data=dataclasses.replace(suppliers.get_supplier(db, w["supplier"]), code="NEW",
                                     npwp="", certificates=[]))),
    ("suppliers.update_supplier", frozenset({P}), lambda db, w: suppliers.update_supplier(
        db, supplier_id=w["supplier"], data=suppliers.get_supplier(db, w["supplier"]))),
    ("suppliers.set_supplier_active", frozenset({P}), lambda db, w:
        suppliers.set_supplier_active(db, supplier_id=w["supplier"], active=True)),
    ("products.create_product", frozenset({P}), lambda db, w: products.create_product(
        db, data=dataclasses.replace(products.get_product(db, w["bread"]), code="NEW"))),
    ("products.update_product", frozenset({P}), lambda db, w: products.update_product(
        db, product_id=w["bread"], data=products.get_product(db, w["bread"]))),
    ("products.set_product_active", frozenset({P}), lambda db, w:
        products.set_product_active(db, product_id=w["bread"], active=True)),
    ("prices.create_price_agreement", frozenset({P}), lambda db, w:
        prices.create_price_agreement(db, data=prices.PriceAgreementData(
            hotel_id=w["hotel"], product_id=w["bread"], price=8000,
            valid_from=dt.date(2026, 12, 1), valid_to=None))),
    ("prices.end_price_agreement", frozenset({P}), lambda db, w: prices.end_price_agreement(
        db, agreement_id=w["missing"], valid_to=dt.date(2026, 12, 31))),
    ("prices.set_price_agreement_active", frozenset({P}), lambda db, w:
        prices.set_price_agreement_active(db, agreement_id=w["missing"], active=True)),
    ("standing_orders.save_standing_order_grid", frozenset({P}), lambda db, w:
        standing_orders.save_standing_order_grid(db, hotel_id=w["hotel"], rows=[
            StandingOrderLine(product_id=w["bread"], quantities=[q(1)] * 7)])),
    ("orders.create_adhoc_order", frozenset({P}), lambda db, w: orders.create_adhoc_order(
        db, hotel_id=w["hotel"], supplier_id=w["other_supplier"], day=NOV,
        lines=[OrderLineInput(product_id=w["bread"], quantity=q(2))])),
    ("orders.cancel_order", frozenset({P}), lambda db, w: orders.cancel_order(
        db, order_id=w["order"], reason="salah")),
    ("replenishment.set_par_levels", frozenset({P, S}), lambda db, w:
        replenishment.set_par_levels(db, hotel_id=w["hotel"], levels={w["bread"]: q(5)})),
    ("orders.prepare_day", frozenset(Role), lambda db, w: orders.prepare_day(db, day=NOV)),
    ("reconciliation.prepare_month", frozenset(Role), lambda db, w:
        reconciliation.prepare_month(db, year=2026, month=11)),
    ("deliveries.start_from_order", frozenset({S}), lambda db, w:
        deliveries.start_from_order(db, order_id=w["order"])),
    ("deliveries.new_delivery", frozenset({S}), lambda db, w: deliveries.new_delivery(
        db, hotel_id=w["hotel"], supplier_id=w["supplier"], day=NOV)),
    ("deliveries.save_draft", frozenset({S}), lambda db, w: deliveries.save_draft(
        db, delivery_id=w["draft"], data=_delivery(w))),
    ("deliveries.discard_draft", frozenset({S}), lambda db, w: deliveries.discard_draft(
        db, delivery_id=w["missing"])),
    ("deliveries.post_delivery", frozenset({S}), lambda db, w: deliveries.post_delivery(
        db, delivery_id=w["draft"], data=_delivery(w))),
    ("deliveries.cancel_delivery", frozenset({S}), lambda db, w: deliveries.cancel_delivery(
        db, delivery_id=w["stocked"], reason="salah ketik")),
    ("delivery_correction.correct_delivery", frozenset({S}), lambda db, w:
        delivery_correction.correct_delivery(db, delivery_id=w["stocked"], data=_delivery(w),
                                             reason="salah hitung")),
    ("stock_moves.issue_to_outlet", frozenset({S}), lambda db, w: stock_moves.issue_to_outlet(
        db, hotel_id=w["hotel"], outlet_id=w["outlet"], day=NOV,
        lines=[StockLineInput(product_id=w["bread"], quantity=q(1))])),
    ("stock_moves.write_off_waste", frozenset({S}), lambda db, w: stock_moves.write_off_waste(
        db, hotel_id=w["hotel"], day=NOV,
        lines=[StockLineInput(product_id=w["bread"], quantity=q(1), reason="damaged")])),
    ("stock_moves.return_to_supplier", frozenset({S}), lambda db, w:
        stock_moves.return_to_supplier(db, hotel_id=w["hotel"], supplier_id=w["other_supplier"],
                                       day=NOV, lines=[StockLineInput(
                                           product_id=w["bread"], quantity=q(1),
                                           reason="damaged")])),
    ("stock_counts.start_count", frozenset({S}), lambda db, w: stock_counts.start_count(
        db, hotel_id=w["hotel"], day=NOV)),
    ("stock_counts.save_counted", frozenset({S}), lambda db, w: stock_counts.save_counted(
        db, count_id=w["count"], counted={w["count_line"]: q(3)})),
    ("stock_counts.add_count_line", frozenset({S}), lambda db, w: stock_counts.add_count_line(
        db, count_id=w["count"], product_id=w["chips"])),
    ("stock_counts.cancel_count", frozenset({S}), lambda db, w: stock_counts.cancel_count(
        db, count_id=w["missing"])),
    ("stock_counts.post_count", frozenset({S}), lambda db, w: stock_counts.post_count(
        db, count_id=w["missing"])),
    ("runner.run_import", frozenset({P}), lambda db, w: run_import(
        db, Kind.SUPPLIERS, Source(Path(w["url"]).with_name("umkm.csv")))),
    ("runner.run_import", frozenset({S}), lambda db, w: run_import(
        db, Kind.DELIVERIES, Source(Path(w["url"]).with_name("kiriman.csv")))),
]

# writes that need no role: each checks for itself who may (tested in test_accounts.py)
SELF_CHECKED = {"accounts.create_first_admin", "accounts.sign_in", "accounts.set_first_password",
                "accounts.change_password", "demo.build_demo"}


def _writes_in_services() -> set[str]:
    """module.function for every function of services/ and importing/ that opens a unit
    of work."""
    found = set()
    for path in sorted(p for folder in WRITERS for p in folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                        and inner.func.attr == "unit_of_work"):
                    found.add(f"{path.stem}.{node.name}")
                    break
    return found


def test_the_matrix_names_every_write():
    listed = {name for name, _roles, _call in MATRIX}
    assert _writes_in_services() - SELF_CHECKED == listed


def test_each_write_is_refused_to_every_role_but_its_own(db: Database, tmp_path: Path):
    world = build_world(db, tmp_path)
    for role in Role:
        add_tester(db, f"only-{role.value}", roles=[role])
    refused_seen = allowed_seen = 0
    for name, allowed, call in MATRIX:
        for role in Role:
            acting = Database(db.url, user=f"only-{role.value}", engine=db.engine)
            if role in allowed:
                try:
                    call(acting, world)
                except NotAllowed as exc:  # pragma: no cover - the failure we look for
                    pytest.fail(f"{name} refused {role.value}: {exc}")
                except DomainError:
                    pass  # a rule of the domain, after the role was accepted
                allowed_seen += 1
                continue
            before = digest(db)
            try:
                call(acting, world)
            except NotAllowed as exc:
                assert f"only-{role.value}" in exc.message
            except DomainError as exc:
                pytest.fail(f"{name} told {role.value} “{exc}” instead of refusing it")
            else:
                pytest.fail(f"{name} did not refuse {role.value}")
            assert digest(db) == before, f"{name} wrote something for {role.value}"
            refused_seen += 1
    assert allowed_seen >= len(MATRIX) and refused_seen > 3 * len(MATRIX)


def test_a_disabled_or_unknown_account_and_nobody_signed_in_write_nothing(db: Database):
    add_tester(db, "gone", roles=list(Role))
    accounts.set_active(db, username="gone", active=False)
    for user in ("gone", "stranger", None):
        with pytest.raises(NotAllowed):
            hotels.set_hotel_active(Database(db.url, user=user, engine=db.engine),
                                    hotel_id=1, active=True)


def test_a_change_of_roles_holds_at_the_next_write(db: Database):
    add_tester(db, "rina", roles=[Role.PURCHASING])
    rina = Database(db.url, user="rina", engine=db.engine)
    world_hotel = hotels.create_hotel(rina, data=hotels.HotelData(
        code="H1", name="Hotel Satu"))
    accounts.update_account(db, username="rina", full_name="Rina", roles=[Role.STOREROOM])
    with pytest.raises(NotAllowed):
        hotels.set_hotel_active(rina, hotel_id=world_hotel, active=False)
