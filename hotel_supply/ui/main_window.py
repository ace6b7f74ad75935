"""The main window: a navigation on the left, one page at a time, a status bar."""

from __future__ import annotations

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
from hotel_supply.i18n import _
from hotel_supply.ui import account_menu, geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages import Page


def page_classes() -> list[type[Page]]:
    """The pages, in navigation order."""
    from hotel_supply.ui.pages.accounts import AccountsPage
    from hotel_supply.ui.pages.audit import AuditPage
    from hotel_supply.ui.pages.counts import CountsPage
    from hotel_supply.ui.pages.dashboard import DashboardPage
    from hotel_supply.ui.pages.deliveries import DeliveriesPage
    from hotel_supply.ui.pages.hotels import HotelsPage
    from hotel_supply.ui.pages.invoices import InvoicesPage
    from hotel_supply.ui.pages.prices import PricesPage
    from hotel_supply.ui.pages.products import ProductsPage
    from hotel_supply.ui.pages.reconciliation import ReconciliationPage
    from hotel_supply.ui.pages.settings import SettingsPage
    from hotel_supply.ui.pages.standing_orders import StandingOrdersPage
    from hotel_supply.ui.pages.stock import StockPage
    from hotel_supply.ui.pages.stock_documents import StockDocumentsPage
    from hotel_supply.ui.pages.suppliers import SuppliersPage
    from hotel_supply.ui.pages.today import TodayPage

    return [TodayPage, DeliveriesPage, StockPage, StockDocumentsPage, CountsPage, InvoicesPage,
            ReconciliationPage, SuppliersPage, ProductsPage, HotelsPage, PricesPage,
            StandingOrdersPage, DashboardPage, AuditPage, AccountsPage, SettingsPage]


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

        self.pages: list[Page] = []
        self._guide: QDialog | None = None
        # one action per page, in the window and in the Go menu: a key bound twice is
        # ambiguous to Qt and does nothing at all
        self.page_actions: list[QAction] = []
        for n, cls in enumerate(page_classes(), start=1):
            page = cls(ctx)
            geometry.reflow_wide_rows(page, page_row_width())
            self.pages.append(page)
            self.stack.addWidget(page)
            item = QListWidgetItem(theme.icon(cls.icon_name, "#dfe7ee"), _(cls.title))
            item.setToolTip(f"{_(cls.title)} (Alt+{n})" if n < 10 else _(cls.title))
            self.navigation.addItem(item)
            action = QAction(theme.icon(cls.icon_name), _(cls.title), self)
            if n < 10:
                action.setShortcut(QKeySequence(f"Alt+{n}"))
            action.triggered.connect(lambda _c=False, i=n - 1: self.show_page(i))
            self.addAction(action)
            self.page_actions.append(action)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)

        self._build_menu()
        self.db_label = QLabel(describe_url(ctx.db.url))
        self.db_label.setObjectName("pageSubtitle")
        self.statusBar().addPermanentWidget(self.db_label)
        ctx.status.connect(self.show_status)
        self.navigation.setCurrentRow(0)
        self.show_status(_("Ready."))
        account_menu.install(self)  # who signed in: the Account menu, what a role may use
        geometry.fit_to_screen(self, PREFERRED.width(), PREFERRED.height())

    def _update_title(self) -> None:
        title = _("Hotel Supply")
        if self.ctx.is_demo:
            title += " — " + _("DEMO (sample data, not the office's database)")
        self.setWindowTitle(title)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        settings = QAction(theme.icon("cog-outline"), _("&Settings…"), self)
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.triggered.connect(lambda: self.show_page(len(self.pages) - 1))
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
        for what in sorted({w for page in self.pages for w in page.watches}):
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
