"""Every shortcut of the main window does one thing: no key or Alt+letter is taken twice."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow, QMenu, QWidget

from hotel_supply.config import Preferences
from hotel_supply.i18n import current_language, set_language
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.main_window import MainWindow

WINDOW = "window"


def _keys(sequence: QKeySequence) -> list[str]:
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    return [text] if text else []


def _mnemonic(text: str) -> list[str]:
    return _keys(QKeySequence.mnemonic(text))


def _where(obj: QObject, context: Qt.ShortcutContext) -> str:
    """Shortcuts of one window collide with each other; a widget's own ones (keys that
    only work while it has focus) collide with the window's and with each other."""
    if context in (Qt.ShortcutContext.WidgetShortcut,
                   Qt.ShortcutContext.WidgetWithChildrenShortcut):
        return f"widget {id(obj)}"
    return WINDOW


def shortcuts_in_use(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, key, what) for every shortcut the user can press in ``window`` now."""
    found: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for action in window.findChildren(QAction):
        if id(action) in seen or not action.isEnabled():
            continue
        seen.add(id(action))
        widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
        if not any(w.isVisible() or isinstance(w, QMenu) for w in widgets):
            continue
        if isinstance(action.parent(), QMenu):  # the menu's own action (its title)
            continue
        owner = widgets[0] if widgets else window
        for seq in action.shortcuts():
            for key in _keys(seq):
                found.append((_where(owner, action.shortcutContext()), key, action.text()))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if not shortcut.isEnabled() or not isinstance(parent, QWidget) or not parent.isVisible():
            continue
        for seq in shortcut.keys():  # noqa: SIM118 (a QShortcut, not a dict)
            for key in _keys(seq):
                found.append((_where(parent, shortcut.context()), key, f"QShortcut {key}"))
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            keys = set(_keys(button.shortcut())) | set(_mnemonic(button.text()))
            found.extend((WINDOW, key, button.text()) for key in keys)
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            found.extend((WINDOW, key, label.text()) for key in _mnemonic(label.text()))
    if isinstance(window, QMainWindow):
        for menu_action in window.menuBar().actions():
            found.extend((WINDOW, key, menu_action.text())
                         for key in _mnemonic(menu_action.text()))
    return found


def collisions(found: list[tuple[str, str, str]]) -> dict[tuple[str, str], list[str]]:
    window_keys = [(key, what) for where, key, what in found if where == WINDOW]
    pools: dict[str, list[tuple[str, str]]] = {WINDOW: window_keys}
    for where, key, what in found:
        if where != WINDOW:
            pools.setdefault(where, list(window_keys)).append((key, what))
    clashes: dict[tuple[str, str], list[str]] = {}
    for where, pool in pools.items():
        counts = Counter(key for key, _what in pool)
        for key, n in counts.items():
            if n > 1:
                clashes[(where, key)] = [what for k, what in pool if k == key]
    return clashes


def menu_mnemonic_clashes(window: MainWindow) -> dict[str, list[str]]:
    clashes: dict[str, list[str]] = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        letters = Counter(
            key for a in menu.actions() if not a.isSeparator() for key in _mnemonic(a.text()))
        for key, n in letters.items():
            if n > 1:
                clashes[f"{menu_action.text()} {key}"] = [a.text() for a in menu.actions()]
    return clashes


@pytest.fixture(params=["id", "en"])
def language(request: pytest.FixtureRequest):
    before = current_language()
    set_language(request.param)
    yield request.param
    set_language(before)


def test_every_shortcut_and_alt_letter_is_unique_on_every_page(qtbot, sqlite_db, language):
    window = MainWindow(AppContext(sqlite_db, Preferences(), is_demo=True))
    qtbot.addWidget(window)
    window.show()
    clashes: dict[str, object] = {}
    for i, page in enumerate(window.pages):
        window.show_page(i)
        for (where, key), whats in collisions(shortcuts_in_use(window)).items():
            clashes[f"{type(page).__name__} {where} {key}"] = whats
    assert clashes == {}
    assert menu_mnemonic_clashes(window) == {}


def test_the_receiving_dialog_binds_each_key_once(qtbot, sqlite_db, language):
    import datetime as dt

    from hotel_supply.services import orders
    from hotel_supply.ui.dialogs.delivery import DeliveryDialog
    from tests.factories import make_hotel, make_product, make_standing_order, make_supplier

    supplier = make_supplier(sqlite_db)
    product = make_product(sqlite_db, supplier)
    hotel = make_hotel(sqlite_db)
    make_standing_order(sqlite_db, hotel_id=hotel, product_id=product)
    (row,) = orders.day_overview(sqlite_db, day=dt.date(2026, 11, 23))
    dialog = DeliveryDialog(AppContext(sqlite_db, Preferences()), None, order_id=row.order_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert collisions(shortcuts_in_use(dialog)) == {}
