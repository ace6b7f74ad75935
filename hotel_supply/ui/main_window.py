"""The main window: a navigation on the left, one page at a time, a status bar."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from hotel_supply import __version__
from hotel_supply.db import describe_url
from hotel_supply.i18n import N_, _
from hotel_supply.ui import account_menu, geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages import Page


@dataclass(frozen=True)
class PageEntry:
    """A page of the navigation, known without importing its module: the module is imported
    and the page built the first time it is shown (the start builds only "Today")."""

    module: str
    class_name: str
    title: str  # English msgid, the page class's own
    icon_name: str
    admin_only: bool = False

    def load(self) -> type[Page]:
        cls: type[Page] = getattr(importlib.import_module(self.module), self.class_name)
        return cls


_P = "hotel_supply.ui.pages."
#: The pages, in navigation order (tests check each against its class).
PAGES = (
    PageEntry(_P + "today", "TodayPage", N_("Today"), "calendar-today"),
    PageEntry(_P + "deliveries", "DeliveriesPage", N_("Deliveries"), "truck-delivery-outline"),
    PageEntry(_P + "stock", "StockPage", N_("Stock"), "warehouse"),
    PageEntry(_P + "stock_documents", "StockDocumentsPage", N_("Issues and write-offs"),
              "file-document-multiple-outline"),
    PageEntry(_P + "counts", "CountsPage", N_("Stock counts"), "clipboard-check-outline"),
    PageEntry(_P + "invoices", "InvoicesPage", N_("Invoices"), "file-document-multiple-outline"),
    PageEntry(_P + "reconciliation", "ReconciliationPage", N_("Reconciliation"),
              "scale-balance"),
    PageEntry(_P + "suppliers", "SuppliersPage", N_("Suppliers (UMKM)"),
              "account-group-outline"),
    PageEntry(_P + "products", "ProductsPage", N_("Products"), "package-variant-closed"),
    PageEntry(_P + "hotels", "HotelsPage", N_("Partner hotels"), "office-building-outline"),
    PageEntry(_P + "prices", "PricesPage", N_("Price agreements"), "handshake-outline"),
    PageEntry(_P + "standing_orders", "StandingOrdersPage", N_("Standing orders"),
              "calendar-sync-outline"),
    PageEntry(_P + "dashboard", "DashboardPage", N_("Dashboard"), "chart-bar"),
    PageEntry(_P + "audit", "AuditPage", N_("Audit trail"), "shield-search", admin_only=True),
    PageEntry(_P + "accounts", "AccountsPage", N_("Accounts"), "account-key-outline",
              admin_only=True),
    PageEntry(_P + "settings", "SettingsPage", N_("Settings"), "cog-outline"),
)


def page_classes() -> list[type[Page]]:
    """The pages' classes, in navigation order (imports every page module)."""
    return [entry.load() for entry in PAGES]


NAVIGATION_WIDTH = 220
NARROWEST = QSize(1024, 600)  # the window can be made this small; every page still fits
PREFERRED = QSize(1360, 820)


def page_row_width() -> int:
    """How wide a row of filters or buttons may be before it wraps, in the narrowest window."""
    return NARROWEST.width() - NAVIGATION_WIDTH - 2 * 18 - 8


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowIcon(theme.icon("truck-delivery", theme.ACCENT))
        self._update_title()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(NAVIGATION_WIDTH)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.navigation.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # a page is built when first shown; until then its place holds an empty widget
        self._built: list[Page | None] = [None] * len(PAGES)
        self._guide: QDialog | None = None
        # one action per page, in the window and in the Go menu: a key bound twice is
        # ambiguous to Qt and does nothing at all
        self.page_actions: list[QAction] = []
        for n, entry in enumerate(PAGES, start=1):
            self.stack.addWidget(QWidget())
            title = _(entry.title)
            item = QListWidgetItem(theme.icon(entry.icon_name, "#dfe7ee"), title)
            item.setToolTip(f"{title} (Alt+{n})" if n < 10 else title)
            self.navigation.addItem(item)
            action = QAction(theme.icon(entry.icon_name), title, self)
            if n < 10:
                action.setShortcut(QKeySequence(f"Alt+{n}"))
            action.triggered.connect(lambda _c=False, i=n - 1: self.show_page(i))
            self.addAction(action)
            self.page_actions.append(action)
        self.navigation.currentRowChanged.connect(self._show_row)

        self._build_menu()
        self.db_label = QLabel(describe_url(ctx.db.url))
        self.db_label.setObjectName("pageSubtitle")
        self.statusBar().addPermanentWidget(self.db_label)
        ctx.status.connect(self.show_status)
        self.navigation.setCurrentRow(0)
        self.show_status(_("Ready."))
        account_menu.install(self)  # who signed in: the Account menu, what a role may use
        geometry.fit_to_screen(self, PREFERRED.width(), PREFERRED.height())

    @property
    def pages(self) -> list[Page]:
        """Every page, in navigation order (those not shown yet are built now)."""
        return [self.page_at(row) for row in range(len(PAGES))]

    def built_pages(self) -> list[Page]:
        """The pages shown at least once (the others read everything afresh when built)."""
        return [page for page in self._built if page is not None]

    def page_at(self, row: int) -> Page:
        """The page of navigation row ``row``, built (not shown) if it was not yet."""
        page = self._built[row]
        if page is None:
            page = PAGES[row].load()(self.ctx)
            geometry.reflow_wide_rows(page, page_row_width())
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[row] = page
        return page

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.page_at(row)
        self.stack.setCurrentIndex(row)

    def _update_title(self) -> None:
        title = _("Hotel Supply")
        if self.ctx.is_demo:
            title += " — " + _("DEMO (sample data, not the office's database)")
        self.setWindowTitle(title)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        settings = QAction(theme.icon("cog-outline"), _("&Settings…"), self)
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.triggered.connect(lambda: self.show_page(len(PAGES) - 1))
        file_menu.addAction(settings)
        import_action = QAction(theme.icon("file-import-outline"), _("&Import…"), self)
        import_action.triggered.connect(self.import_spreadsheet)
        file_menu.addAction(import_action)
        file_menu.addSeparator()
        self.backup_action = QAction(theme.icon("content-save-all-outline"), _("&Back up now"),
                                     self)
        self.backup_action.triggered.connect(self.back_up_now)
        file_menu.addAction(self.backup_action)
        self.restore_action = QAction(theme.icon("backup-restore"), _("&Restore…"), self)
        self.restore_action.triggered.connect(self.restore_backup)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu(_("&Go to"))
        go_menu.addActions(self.page_actions)
        help_menu = self.menuBar().addMenu(_("&Help"))
        guide = QAction(theme.icon("help-circle-outline"), _("&Guide"), self)
        guide.setShortcut(QKeySequence("F1"))
        guide.triggered.connect(self.show_guide)
        help_menu.addAction(guide)
        self.guide_action = guide
        about = QAction(_("&About Hotel Supply"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def import_spreadsheet(self) -> None:
        from hotel_supply.ui.dialogs.import_wizard import ImportWizard

        ImportWizard(self.ctx, self).exec()

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def back_up_now(self) -> None:
        """File › Back up now; the status bar names the file written."""
        from hotel_supply.ui.dialogs.backups import back_up_now

        back_up_now(self, self.ctx)

    def restore_backup(self) -> None:
        """File › Restore… (administrators): every page then shows the restored data."""
        from hotel_supply.ui.dialogs.backups import restore_from_menu

        if not restore_from_menu(self, self.ctx):
            return
        self.db_label.setText(describe_url(self.ctx.db.url))
        for what in sorted({w for page in self.built_pages() for w in page.watches}):
            self.ctx.changed.emit(what)
        self.current_page().refresh()
        self.show_status(_("The backup is restored and the database reopened."))

    def show_guide(self) -> None:
        """Bantuan → Panduan: the guide beside the window, left open while working."""
        from hotel_supply.ui.dialogs.guide import GuideDialog

        if self._guide is None:
            self._guide = GuideDialog(self)
        self._guide.show()
        self._guide.raise_()
        self._guide.activateWindow()

    def about(self) -> None:
        QMessageBox.about(
            self, _("About Hotel Supply"),
            _("Hotel Supply {version}\n\nDeliveries of local UMKM products to partner hotels, "
              "hotel stock, delivery notes and monthly invoices.\n\nIcons: Material Design "
              "Icons (Apache 2.0) via QtAwesome.").format(version=__version__))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.prefs.save()
        super().closeEvent(event)
        QTimer.singleShot(0, self.ctx.db.dispose)
