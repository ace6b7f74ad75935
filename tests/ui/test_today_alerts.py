"""Hari Ini warns of what is below par, what expires and which certificates lapse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.models import Certificate
from hotel_supply.models.enums import CertificateKind
from hotel_supply.services import deliveries, orders, replenishment
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages import today_alerts
from hotel_supply.ui.pages.today import TodayPage
from tests.factories import make_hotel, make_product, make_supplier

DAY = dt.date(2026, 11, 23)


def test_below_par_expiring_and_certificates_and_one_click_orders(qtbot, sqlite_db,
                                                                  monkeypatch):
    clock.set_clock(lambda: dt.datetime(2026, 11, 23, 7, 30))
    supplier = make_supplier(sqlite_db, name="Roti Bu Tini")
    bread = make_product(sqlite_db, supplier, name="Roti Sobek", perishable=True,
                         shelf_life_days=3)
    hotel = make_hotel(sqlite_db, name="Hotel Emersia")
    delivery_id = deliveries.new_delivery(sqlite_db, hotel_id=hotel, supplier_id=supplier,
                                          day=DAY - dt.timedelta(days=1))
    deliveries.post_delivery(sqlite_db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=DAY - dt.timedelta(days=1), lines=[LineInput(
            product_id=bread, delivered=Decimal(4), accepted=Decimal(4), lot_code="RS-1",
            expiry_date=DAY + dt.timedelta(days=1))]))
    replenishment.set_par_levels(sqlite_db, hotel_id=hotel, levels={bread: Decimal(10)})
    with sqlite_db.unit_of_work(anyone=True) as s:
        s.add(Certificate(supplier_id=supplier, kind=CertificateKind.HALAL, number="LPPOM-77",
                          expires_on=DAY + dt.timedelta(days=12)))
    monkeypatch.setattr(today_alerts, "confirm", lambda *a, **k: True)

    page = TodayPage(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(page)
    page.day.set_value(DAY)
    page.show()
    page.refresh()
    alerts = page.alerts
    assert alerts.tabText(0) == "Di bawah par (1)"
    assert alerts.tabText(1) == "Kedaluwarsa (1)"
    assert alerts.tabText(2) == "Sertifikat (1)"
    suggestion = [alerts.suggestions.index(0, c).data() for c in range(8)]
    assert suggestion[2] == "Roti Sobek" and suggestion[5] == "4" and suggestion[7] == "6"
    assert alerts.lots.index(0, 0).data() == "Besok"
    assert alerts.certificates.index(0, 3).data() == "LPPOM-77"

    alerts.order_button.click()
    tomorrow = orders.day_overview(sqlite_db, day=DAY + dt.timedelta(days=1), hotel_id=hotel)
    assert [(o.supplier_name, o.ordered_qty) for o in tomorrow] == [("Roti Bu Tini", 6)]
    assert alerts.tabText(0) == "Di bawah par (0)"
