"""The dashboard page: nothing read before it is shown; once shown, its charts hold the
figures of the delivery lines behind them, and a click opens the list behind a bar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.services import dashboard as dashboard_service
from hotel_supply.services.dashboard import week_start
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages import dashboard as dashboard_page
from hotel_supply.ui.pages.dashboard import DashboardPage
from tests.reports.world import build

TODAY = dt.date(2026, 9, 16)  # a Wednesday; the twelve weeks run from 30 June


@pytest.fixture
def ctx(sqlite_db):
    world = build(sqlite_db)
    clock.set_clock(lambda: dt.datetime(2026, 9, 16, 10, 0))
    context = AppContext(sqlite_db, Preferences())
    context.world = world  # type: ignore[attr-defined]
    return context


def test_the_page_reads_nothing_until_shown_then_its_charts_hold_the_figures(qtbot, ctx,
                                                                             monkeypatch):
    calls = []
    real = dashboard_page.dashboard_data
    monkeypatch.setattr(dashboard_page, "dashboard_data",
                        lambda db, **kw: calls.append(1) or real(db, **kw))
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    assert calls == [] and page.board is None
    page.resize(1100, 640)
    page.show()
    qtbot.waitUntil(lambda: page.board is not None, timeout=10_000)
    assert calls == [1]
    world = ctx.world
    first = week_start(TODAY) - dt.timedelta(weeks=11)
    weekly = page.weekly.chart
    hotels = [name for _id, name in page.board.hotels]
    assert weekly.series_names == hotels
    for w in range(12):
        start = first + dt.timedelta(weeks=w)
        for key, name in (("h1", "Hotel Emersia"), ("h2", "Hotel Bukit Randu")):
            expected = sum(x.amount for x in world.lines if x.hotel == key
                           and start <= x.day < start + dt.timedelta(days=7))
            assert weekly.values[w][hotels.index(name)] == expected
    # the week of 6 July: 10 sachets delivered, 8 accepted at Rp10.000, beans all accepted
    july = (dt.date(2026, 7, 6) - first).days // 7
    assert sum(weekly.values[july]) == 8 * 10_000 + 225_000
    rejected, delivered = 2 * 10_000, 8 * 10_000 + 225_000 + 2 * 10_000
    rate = (Decimal(rejected) * 100 / delivered).quantize(Decimal("0.1"))
    assert page.rejection.chart.values[july] == [float(rate)]
    top = page.top_umkm.chart
    assert top.labels[0] == "Kopi Way Kanan"
    assert top.values[0] == [sum(x.amount for x in world.lines if x.supplier == "roastery"
                                 and first <= x.day <= TODAY)]
    stock = dict(zip(page.stock.chart.labels, page.stock.chart.values, strict=True))
    assert stock["Hotel Bukit Randu"] == [15 * 10_500]  # the only receipt there
    page.grab()  # paints without error, and records where each bar is


def test_clicking_a_bar_opens_the_list_behind_it(qtbot, ctx):
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    qtbot.waitUntil(lambda: page.board is not None, timeout=10_000)
    page.grab()
    chart = page.top_umkm.chart
    rect, _bar, _series = next(h for h in chart.hits if h[1] == 0)
    opened = []
    original = dashboard_page.DetailDialog.open
    dashboard_page.DetailDialog.open = lambda self: opened.append(self)  # type: ignore[method-assign]
    try:
        qtbot.mouseClick(chart, dashboard_page.Qt.MouseButton.LeftButton,
                         pos=rect.center().toPoint())
    finally:
        dashboard_page.DetailDialog.open = original  # type: ignore[method-assign]
    [dialog] = opened
    qtbot.addWidget(dialog)
    model = dialog.model
    world = ctx.world
    roastery = {x.day for x in world.lines if x.supplier == "roastery"
                and page.board.weeks[0] <= x.day <= TODAY}
    assert model.rowCount() == len(roastery)  # one row per delivery note
    total = sum(row[-1] for row in model.found.rows)
    assert total == chart.values[0][0]
    assert model.index(0, 4).data() == dashboard_page.format_rupiah(model.found.rows[0][4])
    found = dashboard_service.detail_list(ctx.db, page.board, chart="rejection",
                                          index=(dt.date(2026, 7, 6) - page.board.weeks[0]).days
                                          // 7)
    assert [r[7] for r in found.rows] and found.rows[0][-1] == 2 * 10_000


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_dashboard_fits_a_1024_by_600_window(qtbot, ctx, monkeypatch, language):
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtWidgets import QPushButton

    from hotel_supply import i18n
    from hotel_supply.ui import geometry
    from hotel_supply.ui.main_window import NAVIGATION_WIDTH, MainWindow

    monkeypatch.setattr(geometry, "available_area", lambda _w=None: QRect(0, 0, 1366, 728))
    i18n.set_language(language)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.resize(1024, 600)
    assert window.size() == QSize(1024, 600)
    page = next(p for p in window.pages if isinstance(p, DashboardPage))
    window.show_page(window.pages.index(page))
    qtbot.waitUntil(lambda: page.board is not None, timeout=10_000)
    hint = page.minimumSizeHint()
    assert hint.width() <= 1024 - NAVIGATION_WIDTH and hint.height() <= 600
    assert page.width() >= hint.width()
    for button in page.findChildren(QPushButton):
        if button.isVisible():
            box = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
            assert window.rect().contains(box), button.text()
    dialog = page.open_list("stock", 0)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert QRect(0, 0, 1366, 728).contains(dialog.geometry())
    dialog.close()


def test_the_dashboard_figures_on_either_database(db):
    world = build(db)
    board = dashboard_service.dashboard_data(db, today=TODAY)
    first = board.weeks[0]
    assert first == week_start(TODAY) - dt.timedelta(weeks=11)
    for w, start in enumerate(board.weeks):
        week = [x for x in world.lines if start <= x.day < start + dt.timedelta(days=7)]
        assert board.week_total(w) == sum(x.amount for x in week)
        assert board.rejection[w] == (sum(x.rejected * x.price for x in week),
                                      sum(x.amount + x.rejected * x.price for x in week))
    assert [b.label for b in board.top_umkm] == ["Kopi Way Kanan", "Roti Bu Sri"]
    assert board.top_umkm[1].value == 4 * 25_000
    found = dashboard_service.detail_list(db, board, chart="top", index=0)
    assert sum(r[-1] for r in found.rows) == board.top_umkm[0].value
    # July's invoices, issued on 3 August on 30 days' terms and unpaid, are overdue
    from sqlalchemy import select

    from hotel_supply.models import Invoice

    with db.reader() as s:
        due = s.execute(select(Invoice.total, Invoice.due_date)).all()
    assert all(d < TODAY for _t, d in due)
    [hotel_bar] = board.overdue
    assert hotel_bar.label == "Hotel Emersia" and hotel_bar.value == sum(t for t, _d in due)
    assert board.overdue_counts == {hotel_bar.key: 2}
