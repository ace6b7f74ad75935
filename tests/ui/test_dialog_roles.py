"""A dialog opened by an account without the role to change what it shows: it reads and
prints, and its buttons that would write are disabled with the role's sentence."""

from __future__ import annotations

from pathlib import Path

from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.models.enums import Role
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.delivery import DeliveryDialog
from hotel_supply.ui.dialogs.invoice import InvoiceDialog
from hotel_supply.ui.dialogs.supplier import SupplierDialog
from hotel_supply.ui.permissions import forbidden
from tests.bad_inputs.world import build_world
from tests.conftest import add_tester


def _as(db: Database, username: str, roles: list[Role]) -> AppContext:
    add_tester(db, username, roles=roles)
    return AppContext(Database(db.url, user=username), Preferences())


def test_a_viewer_reads_a_delivery_an_invoice_and_a_supplier_but_changes_nothing(
        qtbot, sqlite_db, tmp_path: Path):
    world = build_world(sqlite_db, tmp_path)
    viewer = _as(sqlite_db, "pemantau", [Role.VIEWER])
    delivery = DeliveryDialog(viewer, world["draft"])
    qtbot.addWidget(delivery)
    for button in (delivery.post_button, delivery.save_button, delivery.add_button,
                   delivery.discard_button):
        assert forbidden(button) and not button.isEnabled()
    assert not forbidden(delivery.print_button)
    invoice = InvoiceDialog(viewer, world["invoice"])
    qtbot.addWidget(invoice)
    assert forbidden(invoice.pay_button) and forbidden(invoice.credit_button)
    assert not forbidden(invoice.print_button)
    supplier = SupplierDialog(viewer, world["supplier"])
    qtbot.addWidget(supplier)
    assert forbidden(supplier.ok_button) and not supplier.ok_button.isEnabled()


def test_the_storeroom_posts_deliveries_but_not_payments(qtbot, sqlite_db, tmp_path: Path):
    world = build_world(sqlite_db, tmp_path)
    gudang = _as(sqlite_db, "gudang", [Role.STOREROOM])
    delivery = DeliveryDialog(gudang, world["draft"])
    qtbot.addWidget(delivery)
    assert not forbidden(delivery.post_button)
    invoice = InvoiceDialog(gudang, world["invoice"])
    qtbot.addWidget(invoice)
    assert forbidden(invoice.pay_button)
