"""Rekonsiliasi: the month side by side (SPEC section 5), its exceptions, and closing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_datetime, format_month, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import PeriodStatus, Role, label
from hotel_supply.progress import Cancelled, Progress
from hotel_supply.services import month_close, periods
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.month_check import CheckReport
from hotel_supply.services.reconciliation import (
    Reconciliation,
    ReconException,
    prepare_month,
    reconcile,
)
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.file_dialogs import save_file_name
from hotel_supply.ui.month_picker import MonthPicker, previous_month
from hotel_supply.ui.pages import Page
from hotel_supply.ui.pages.reconciliation_tables import (
    EXCEPTION_COLUMNS,
    PRODUCT_COLUMNS,
    STOCK_COLUMNS,
    SUPPLIER_COLUMNS,
    percent_text,
    section_table,
)
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.table_model import ROW_ROLE, LazyTableModel, export_rows
from hotel_supply.ui.widgets import ChoiceCombo, confirm, page_header, show_error
from hotel_supply.ui.worker import run_with_progress

CARDS = (
    ("accepted_value", N_("Accepted")),
    ("rejected_value", N_("Rejected value")),
    ("invoiced", N_("Invoiced incl. PPN")),
    ("credited", N_("Credited incl. PPN")),
    ("paid", N_("Paid (net of refunds)")),
    ("outstanding", N_("Outstanding")),
    ("fill_rate", N_("Fill rate (mean of products)")),
    ("exceptions", N_("Exceptions to review")),
)


class _Card(QFrame):
    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.value = QLabel("—")
        self.value.setObjectName("cardValue")
        self.value.setStyleSheet("font-size: 14pt;")
        text = QLabel(caption)
        text.setObjectName("cardLabel")
        text.setWordWrap(True)  # a long caption takes two lines in a narrow window
        layout.addWidget(self.value)
        layout.addWidget(text)


class ReconciliationPage(Page):
    title = N_("Reconciliation")
    icon_name = "scale-balance"
    watches = ("period",)

    EXCEPTIONS_TAB = 3

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.recon: Reconciliation | None = None
        self.exceptions_seen = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(
            page_header(
                _("Reconciliation"),
                _(
                    "The month side by side: ordered, delivered, accepted, invoiced, paid; every "
                    "difference as an exception to open. Close the month once they are seen."
                ),
            )
        )
        self.month = MonthPicker(previous_month(clock.today()))
        self.hotel = ChoiceCombo(all_text=_("All hotels"))
        self.run_button = QPushButton(theme.icon("play-circle-outline", "#ffffff"), _("Reconcile"))
        self.run_button.setProperty("primary", True)
        self.period_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Month")))
        bar.addWidget(self.month)
        bar.addWidget(self.hotel)
        bar.addWidget(self.run_button)
        bar.addSpacing(12)
        bar.addWidget(self.period_label, 1)
        layout.addLayout(bar)

        cards = QGridLayout()
        cards.setHorizontalSpacing(8)
        self.cards: dict[str, _Card] = {}
        for i, (key, caption) in enumerate(CARDS):
            card = _Card(_(caption))
            self.cards[key] = card
            cards.addWidget(card, i // 4, i % 4)
            cards.setColumnStretch(i % 4, 1)
        layout.addLayout(cards)

        self.tabs = QTabWidget()
        self.supplier_model, self.supplier_table = section_table(SUPPLIER_COLUMNS, None)
        self.product_model, self.product_table = section_table(PRODUCT_COLUMNS, None)
        self.stock_model, self.stock_table = section_table(STOCK_COLUMNS, 3)
        self.exception_model, self.exception_table = section_table(EXCEPTION_COLUMNS, 4)
        self.exception_table.doubleClicked.connect(self._open_exception)
        self.tabs.addTab(self.supplier_table, theme.icon("store-outline"), _("Per supplier"))
        self.tabs.addTab(self.product_table, theme.icon("package-variant"), _("Per product"))
        self.tabs.addTab(
            self.stock_table, theme.icon("clipboard-check-outline"), _("Stock vs counts")
        )
        self.tabs.addTab(self.exception_table, theme.icon("alert-outline"), _("Exceptions"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

        actions = QHBoxLayout()
        self.made_label = QLabel()
        self.made_label.setObjectName("pageSubtitle")
        self.export_button = QPushButton(theme.icon("microsoft-excel"), _("Export XLSX…"))
        self.print_button = QPushButton(theme.icon("file-pdf-box"), _("Print PDF…"))
        self.reopen_button = QPushButton(
            theme.icon("lock-open-variant-outline"), _("Reopen month…")
        )
        self.close_button = QPushButton(theme.icon("lock-outline", "#ffffff"), _("Close month…"))
        self.close_button.setProperty("primary", True)
        actions.addWidget(self.made_label)
        actions.addStretch(1)
        for b in (self.export_button, self.print_button, self.reopen_button, self.close_button):
            actions.addWidget(b)
        allow(self.close_button, ctx, Role.FINANCE)
        allow(self.reopen_button, ctx, Role.ADMIN)
        layout.addLayout(actions)
        self.run_button.clicked.connect(self.run)
        self.export_button.clicked.connect(self.export_xlsx)
        self.print_button.clicked.connect(self.print_pdf)
        self.close_button.clicked.connect(self.close_month)
        self.reopen_button.clicked.connect(self.reopen_month)
        self.month.changed.connect(self._selection_changed)
        self.hotel.currentIndexChanged.connect(lambda _i: self._selection_changed())
        self._choices_loaded = False
        self._is_admin: bool | None = None
        self._show(None)

    # --- state ---------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        if not self._choices_loaded:
            self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(self.ctx.db)])
            self._choices_loaded = True
        self._update_period()

    def _selection_changed(self) -> None:
        self._show(None)
        self._update_period()

    def _update_period(self) -> None:
        view = periods.period_view(self.ctx.db, year=self.month.year(), month=self.month.month())
        self.period = view
        text = format_month(view.year, view.month) + ": " + label(view.status)
        if view.status == PeriodStatus.CLOSED:
            text += " " + _("({when}, {who})").format(
                when=format_datetime(view.closed_at), who=view.closed_by
            )
        self.period_label.setText(text)
        self.period_label.setStyleSheet(
            f"font-weight: 600; color: "
            f"{theme.BAD if view.status == PeriodStatus.CLOSED else theme.OK};"
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        closed = (
            getattr(self, "period", None) is not None and self.period.status == PeriodStatus.CLOSED
        )
        ready = self.recon is not None and self.recon.hotel_id is None and self.exceptions_seen
        self.close_button.setEnabled(ready and not closed)
        if self.recon is not None and self.recon.hotel_id is not None:
            tip = _("Reconcile all hotels to close the month.")
        elif not self.exceptions_seen:
            tip = _("Reconcile, then look at the exceptions before closing.")
        else:
            tip = ""
        self.close_button.setToolTip(tip)
        self.reopen_button.setVisible(closed)
        self.reopen_button.setEnabled(closed and bool(self._admin()))
        self.export_button.setEnabled(self.recon is not None)
        self.print_button.setEnabled(self.recon is not None)

    def _admin(self) -> bool:
        if self._is_admin is None:
            self._is_admin = self.ctx.may(Role.ADMIN)
        return self._is_admin

    def _tab_changed(self, index: int) -> None:
        if index == self.EXCEPTIONS_TAB and self.recon is not None:
            self.exceptions_seen = True
            self._update_buttons()

    # --- reconciling ---------------------------------------------------------

    def run(self) -> None:
        year, month, hotel_id = self.month.year(), self.month.month(), self.hotel.current_id()

        def work(progress: Progress) -> Reconciliation:
            progress.step(0, 2, _("Preparing the standing orders of the month…"))
            prepare_month(self.ctx.db, year=year, month=month)
            progress.step(1, 2, _("Reconciling…"))
            return reconcile(self.ctx.db, year=year, month=month, hotel_id=hotel_id)

        try:
            recon = run_with_progress(
                self, _("Reconciling {month}…").format(month=format_month(year, month)), work
            )
        except Cancelled:
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self._show(recon)
        self._update_period()
        self.ctx.say(
            _("{month} reconciled: {n} exceptions.").format(
                month=format_month(year, month), n=len(recon.exceptions)
            )
        )

    def _show(self, recon: Reconciliation | None) -> None:
        self.recon = recon
        self.exceptions_seen = False
        self.supplier_model.set_rows(list(recon.suppliers) if recon else [])
        self.product_model.set_rows(list(recon.products) if recon else [])
        self.stock_model.set_rows(list(recon.stock_checks) if recon else [])
        self.exception_model.set_rows(list(recon.exceptions) if recon else [])
        n = len(recon.exceptions) if recon else 0
        self.tabs.setTabText(
            self.EXCEPTIONS_TAB, _("Exceptions ({n})").format(n=n) if recon else _("Exceptions")
        )
        for key, card in self.cards.items():
            if recon is None:
                card.value.setText("—")
            elif key == "fill_rate":
                card.value.setText(percent_text(recon.fill_rate) or "—")
            elif key == "exceptions":
                card.value.setText(str(n))
            else:
                card.value.setText(format_rupiah(recon.totals.get(key, 0)))
        if recon is not None:
            self.cards["exceptions"].value.setStyleSheet(
                f"font-size: 14pt; color: {theme.BAD if n else theme.OK};"
            )
            self.made_label.setText(
                _("Reconciled {when}").format(when=format_datetime(recon.made_at))
            )
        else:
            self.made_label.setText(_("Choose the month and press Reconcile."))
        if self.tabs.currentIndex() == self.EXCEPTIONS_TAB and recon is not None:
            self.exceptions_seen = True
        self._update_buttons()

    def _open_exception(self, index: QModelIndex) -> None:
        e: ReconException = self.exception_model.data(index, ROW_ROLE)
        if e.ref_kind == "delivery":
            from hotel_supply.ui.dialogs.delivery import DeliveryDialog

            DeliveryDialog(self.ctx, e.ref_id, parent=self).exec()
        elif e.ref_kind == "invoice":
            from hotel_supply.ui.dialogs.invoice import InvoiceDialog

            InvoiceDialog(self.ctx, e.ref_id, parent=self).exec()
        elif e.ref_kind == "count":
            from hotel_supply.ui.dialogs.stock_count import StockCountDialog

            StockCountDialog(self.ctx, e.ref_id, parent=self).exec()
        else:
            self.ctx.say(
                f"{e.title}: {format_date(e.day)} · {e.hotel_name} · "
                f"{e.supplier_name} · {e.description}"
            )

    # --- closing -------------------------------------------------------------

    def close_month(self) -> None:
        recon = self.recon
        if recon is None or not self.exceptions_seen or recon.hotel_id is not None:
            return
        month = format_month(recon.year, recon.month)
        if not confirm(
            self,
            _(
                "Close {month}? Nothing dated in it can be posted afterwards; "
                "{n} exceptions were reviewed."
            ).format(month=month, n=len(recon.exceptions)),
            yes=_("Close month"),
            danger=True,
        ):
            return
        def work(_progress: Progress) -> CheckReport:
            return month_close.close_period(
                self.ctx.db,
                year=recon.year,
                month=recon.month,
                exceptions_seen=len(recon.exceptions),
            )

        try:
            report = run_with_progress(
                self, _("Checking every figure of {month}…").format(month=month), work
            )
        except Cancelled:
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.notify(
            "period",
            _("{month} is closed; the check found every figure in agreement ({n} checked).")
            .format(month=month, n=sum(report.checked.values())),
        )
        self._update_period()

    def reopen_month(self) -> None:
        year, month = self.month.year(), self.month.month()
        reason, ok = QInputDialog.getText(
            self,
            _("Reopen month…"),
            _("Why must {month} be reopened?").format(month=format_month(year, month)),
        )
        if not ok:
            return
        try:
            month_close.reopen_period(self.ctx.db, year=year, month=month, reason=reason)
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.notify(
            "period", _("{month} is open again.").format(month=format_month(year, month))
        )
        self._update_period()

    # --- output --------------------------------------------------------------

    def _sections(self) -> list[tuple[str, LazyTableModel[Any]]]:
        return [
            (_("Per supplier"), self.supplier_model),
            (_("Per product"), self.product_model),
            (_("Stock vs counts"), self.stock_model),
            (_("Exceptions"), self.exception_model),
        ]

    def _file_name(self, recon: Reconciliation, extension: str) -> str:
        from hotel_supply.services.file_names import hotel_codes, reconciliation_file_name

        code = None
        if recon.hotel_id is not None:
            code = hotel_codes(self.ctx.db, [recon.hotel_id]).get(recon.hotel_id)
        return reconciliation_file_name(
            hotel_code=code, year=recon.year, month=recon.month, extension=extension
        )

    def export_xlsx(self) -> Path | None:
        recon = self.recon
        if recon is None:
            return None
        name = self._file_name(recon, "xlsx")
        path_text, _f = save_file_name(self, _("Export"), str(Path.home() / name), "Excel (*.xlsx)")
        if not path_text:
            return None
        path = Path(path_text).with_suffix(".xlsx")
        try:
            write_sheets(path, [(title, *export_rows(model)) for title, model in self._sections()])
        except OSError as exc:
            show_error(self, exc)
            return None
        self.ctx.say(_("Saved {path}").format(path=path))
        return path

    def print_pdf(self) -> None:
        from hotel_supply.documents.reconciliation_report import render_reconciliation
        from hotel_supply.ui.dialogs.print_preview import PrintPreviewDialog

        recon = self.recon
        if recon is None:
            return
        organisation = _organisation(self.ctx)
        printed_at = clock.now()
        PrintPreviewDialog(
            self.ctx,
            lambda size, _c: render_reconciliation(
                recon, organisation=organisation, printed_at=printed_at, page_size=size,
                made_by=self.ctx.account.full_name if self.ctx.account else "",
            ),
            title=_("Reconciliation {month}").format(month=format_month(recon.year, recon.month)),
            filename=self._file_name(recon, "pdf").removesuffix(".pdf"),
            with_copies=False,
            parent=self,
        ).exec()


def _organisation(ctx: AppContext) -> Any:
    """The organisation as documents print it, from the settings the UI may read."""
    from hotel_supply.documents.data import Organisation
    from hotel_supply.services.settings import load_settings

    org = load_settings(ctx.db)
    return Organisation(
        name=org.name,
        address=org.address,
        city=org.city,
        phone=org.phone,
        email=org.email,
        logo_path=org.logo_path,
    )


def write_sheets(path: Path, sections: list[tuple[str, list[str], list[list[Any]]]]) -> None:
    """One sheet per section, formatted as ``export.write_xlsx`` formats its one sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from hotel_supply.export import _cell

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, headers, rows in sections:
        ws = wb.create_sheet(title[:31])
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
        for i, header in enumerate(headers, start=1):
            values = [header, *(str(r[i - 1]) for r in rows[:200])]
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(map(len, values)) + 2)
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        ws.freeze_panes = "A2"
    wb.save(path)
