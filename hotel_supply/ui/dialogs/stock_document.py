"""Goods leaving the store: one dialog for an issue to an outlet, a waste write-off and a
return to the supplier, by mode. The clerk types lines; the service picks the lots."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import ParseError, parse_decimal
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role, StockDocumentKind
from hotel_supply.services import settings, stock_moves
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.hotels import hotel_choices, outlet_choices
from hotel_supply.services.stock import NegativeStockError
from hotel_supply.services.stock_levels import (
    LotRow,
    StockQuery,
    StockRow,
    product_lots,
    stock_rows,
)
from hotel_supply.services.stock_moves import StockDocumentResult, StockLineInput
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.par_levels import commit_typing
from hotel_supply.ui.dialogs.stock_document_lines import (
    FIELD_LABELS,
    DocCol,
    StockLinesDelegate,
    StockLinesModel,
)
from hotel_supply.ui.grid import SpreadsheetTable
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.widgets import (
    ChoiceCombo,
    DateEdit,
    confirm,
    describe_line_problems,
    leave_enter_to_the_grid,
    show_error,
)

TITLES = {
    StockDocumentKind.ISSUE: N_("Issue to outlet"),
    StockDocumentKind.WASTE: N_("Waste write-off"),
    StockDocumentKind.RETURN: N_("Return to supplier"),
}
SUBTITLES = {
    StockDocumentKind.ISSUE: N_(
        "Goods go to a kitchen, minibar, banquet or gift shop. Lots are "
        "taken first-expiring-first unless you choose one; expired lots "
        "are never issued."
    ),
    StockDocumentKind.WASTE: N_(
        "Expired, damaged or spoiled goods leave the stock. Expired lots "
        "are taken first unless you choose one."
    ),
    StockDocumentKind.RETURN: N_("Goods go back to the UMKM that delivered them."),
}
NOTES_HINTS = {
    StockDocumentKind.ISSUE: N_("e.g. for the wedding banquet on Saturday"),
    StockDocumentKind.WASTE: N_("e.g. found mouldy during the morning check"),
    StockDocumentKind.RETURN: N_("e.g. taken back by the driver of the next delivery"),
}


class StockDocumentDialog(QDialog):
    """Type the lines of an issue, a write-off or a return, and post it.

    After posting, ``result`` holds what the service did; the slip preview opens.
    """

    def __init__(
        self,
        ctx: AppContext,
        kind: StockDocumentKind,
        *,
        hotel_id: int | None = None,
        product_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # the office's limit on one line (Settings), the same the service applies
        self.max_quantity = settings.load_settings(ctx.db).max_line_quantity
        self.kind = kind
        self.result: StockDocumentResult | None = None
        self._lots: dict[int, list[LotRow]] = {}
        self.setWindowTitle(_(TITLES[kind]))
        self.setMinimumSize(800, 460)
        geometry.fit_to_screen(self, 1040, 600)
        self._build()
        self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(ctx.db)])
        if hotel_id is not None:
            self.hotel.select_id(hotel_id)
        if kind == StockDocumentKind.RETURN:
            self.supplier.set_choices([(s[0], s[2]) for s in supplier_choices(ctx.db)])
            if product_id is not None:
                self._select_supplier_of(product_id)
        self._hotel_changed()
        if product_id is not None and product_id in self.model.products:
            row = self.model.add_line(product_id)
            self.start_editing(row, DocCol.QUANTITY)
        else:
            row = self.model.add_line()
            self.table.setCurrentIndex(self.model.index(row, DocCol.PRODUCT))
        self._validate()

    # --- layout --------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = QLabel(_(TITLES[self.kind]))
        title.setObjectName("pageTitle")
        subtitle = QLabel(_(SUBTITLES[self.kind]))
        subtitle.setObjectName("pageSubtitle")
        subtitle.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(subtitle)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.hotel = ChoiceCombo()
        self.date = DateEdit(clock.today())
        self.outlet = ChoiceCombo()
        self.supplier = ChoiceCombo()
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(_(NOTES_HINTS[self.kind]))
        party: QWidget | None = None
        party_label = ""
        if self.kind == StockDocumentKind.ISSUE:
            party, party_label = self.outlet, _("Outlet")
        elif self.kind == StockDocumentKind.RETURN:
            party, party_label = self.supplier, _("Supplier (UMKM)")
        fields: list[tuple[str, QWidget]] = [(_("Hotel"), self.hotel), (_("Date"), self.date)]
        if party is not None:
            fields.append((party_label, party))
        for c, (caption, widget) in enumerate(fields):
            text = QLabel(caption)
            text.setBuddy(widget)
            grid.addWidget(text, 0, 2 * c)
            grid.addWidget(widget, 0, 2 * c + 1)
            grid.setColumnStretch(2 * c + 1, 0 if widget is self.date else 1)
        notes_label = QLabel(_("Notes"))
        notes_label.setBuddy(self.notes)
        grid.addWidget(notes_label, 1, 0)
        grid.addWidget(self.notes, 1, 1, 1, 2 * len(fields) - 1)
        layout.addLayout(grid)
        self.header_problem = QLabel()
        self.header_problem.setObjectName("fieldError")
        self.header_problem.hide()
        layout.addWidget(self.header_problem)

        self.model = StockLinesModel(self.kind, self._lots_of, self)
        self.table = SpreadsheetTable()
        self.table.setModel(self.model)
        self.table.setItemDelegate(StockLinesDelegate(self))
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(DocCol.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (DocCol.UNIT, 70),
            (DocCol.ON_HAND, 90),
            (DocCol.LOT, 190),
            (DocCol.EXPIRY, 115),
            (DocCol.QUANTITY, 90),
            (DocCol.REASON, 190),
        ):
            self.table.setColumnWidth(col, width)
        self.table.setColumnHidden(DocCol.REASON, self.kind == StockDocumentKind.ISSUE)
        layout.addWidget(self.table, 1)
        self.model.edited.connect(self._validate)

        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(theme.icon("plus"), _("Add line"))
        self.add_button.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.add_button.setToolTip(_("Add a line (Insert)"))
        self.remove_button = QPushButton(theme.icon("minus"), _("Remove line"))
        self.summary = QLabel()
        self.summary.setObjectName("pageSubtitle")
        post_icon = {
            StockDocumentKind.ISSUE: "tray-arrow-up",
            StockDocumentKind.WASTE: "delete-variant",
            StockDocumentKind.RETURN: "truck-delivery",
        }[self.kind]
        self.post_button = QPushButton(theme.icon(post_icon, "#ffffff"), _("Post"))
        self.post_button.setProperty("primary", True)
        self.post_button.setToolTip(
            _("Post: take the number and take the goods out of stock (Ctrl+Enter)")
        )
        for button in (self.add_button, self.remove_button, self.post_button):  # the storeroom's
            allow(button, self.ctx, Role.STOREROOM)
        close = QPushButton(_("Close"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.summary)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.post_button)
        layout.addLayout(buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self.post)
        self.add_button.clicked.connect(self.add_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.post_button.clicked.connect(self.post)
        close.clicked.connect(self.reject)
        leave_enter_to_the_grid(self)
        self.post_button.setAutoDefault(False)
        close.setAutoDefault(False)
        self.hotel.currentIndexChanged.connect(self._hotel_changed)
        self.date.dateChanged.connect(lambda _d: self._load_products())
        self.supplier.currentIndexChanged.connect(lambda _i: self._load_products())
        self.outlet.currentIndexChanged.connect(lambda _i: self._validate())

    # --- data ----------------------------------------------------------------

    def _select_supplier_of(self, product_id: int) -> None:
        from hotel_supply.services.products import get_product

        with contextlib.suppress(DomainError):  # the product is gone: the clerk chooses
            self.supplier.select_id(get_product(self.ctx.db, product_id).supplier_id)

    def _hotel_changed(self) -> None:
        hotel_id = self.hotel.current_id()
        if self.kind == StockDocumentKind.ISSUE:
            self.outlet.set_choices(
                [(o[0], o[2]) for o in outlet_choices(self.ctx.db, hotel_id)] if hotel_id else [],
                keep=False,
            )
        self._load_products()

    def _load_products(self) -> None:
        """The products that can be chosen: the hotel's stock (of the supplier, for a return)."""
        self._lots.clear()
        hotel_id = self.hotel.current_id()
        rows: list[StockRow] = []
        if hotel_id is not None and (
            self.kind != StockDocumentKind.RETURN or self.supplier.current_id() is not None
        ):
            rows = [
                r
                for r in stock_rows(
                    self.ctx.db,
                    query=StockQuery(
                        hotel_id=hotel_id,
                        day=self.date.value(),
                        supplier_id=self.supplier.current_id()
                        if self.kind == StockDocumentKind.RETURN
                        else None,
                    ),
                )
                if r.on_hand != 0
                or any(line.product_id == r.product_id for line in self.model.lines)
            ]
        self.model.set_products(rows)
        self._validate()

    def _lots_of(self, product_id: int) -> list[LotRow]:
        if product_id not in self._lots:
            hotel_id = self.hotel.current_id()
            self._lots[product_id] = (
                product_lots(
                    self.ctx.db, hotel_id=hotel_id, product_id=product_id, day=self.date.value()
                )
                if hotel_id
                else []
            )
        return self._lots[product_id]

    def lot_allowed(self, lot: LotRow) -> bool:
        """An issue never offers an expired lot; waste and returns are for exactly those."""
        if self.kind != StockDocumentKind.ISSUE:
            return True
        return lot.expiry_date is None or lot.expiry_date >= self.date.value()

    # --- editing -------------------------------------------------------------

    def start_editing(self, row: int, col: DocCol) -> None:
        index = self.model.index(row, col)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def add_line(self) -> None:
        row = self.model.add_line()
        self.start_editing(row, DocCol.PRODUCT)

    def remove_line(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove_line(index.row())

    def typed_lines(self) -> tuple[list[StockLineInput], list[int], dict[str, list[str]]]:
        """The non-empty lines as the service takes them, the row each came from, and the
        problems found in typing (keyed by row)."""
        inputs: list[StockLineInput] = []
        rows: list[int] = []
        problems: dict[str, list[str]] = {}
        for i, line in enumerate(self.model.lines):
            if line.is_empty():
                continue
            quantity = Decimal(0)
            if not line.quantity_text:
                problems.setdefault(f"line:{i}:quantity", []).append(_("Enter a quantity."))
            else:
                try:
                    quantity = parse_decimal(line.quantity_text)
                except ParseError as exc:
                    problems.setdefault(f"line:{i}:quantity", []).append(str(exc))
            inputs.append(
                StockLineInput(
                    product_id=line.product_id or 0,
                    quantity=quantity,
                    lot_id=line.lot_id,
                    reason=line.reason,
                )
            )
            rows.append(i)
        return inputs, rows, problems

    def _validate(self) -> dict[str, list[str]]:
        inputs, rows, problems = self.typed_lines()
        for row in sorted(self.model.unmatched):  # a product name that matches nothing
            problems[f"line:{row}:product"] = [self.model.unmatched_problem(row)]
        supplier_id = self.supplier.current_id() if self.kind == StockDocumentKind.RETURN else None
        # validate_lines reads a product's name, unit and supplier: plain stand-ins will do
        products = {
            pid: SimpleNamespace(
                id=pid,
                name=row.product_name,
                unit=row.unit,
                supplier_id=supplier_id if pid in self.model.products else None,
            )
            for pid, row in self.model.known.items()
        }
        found = stock_moves.validate_lines(
            inputs,
            products,  # type: ignore[arg-type]
            kind=self.kind,
            supplier_id=supplier_id,
            max_quantity=self.max_quantity,
        )
        for key, msgs in found.items():
            parts = key.split(":")
            if parts[0] == "line" and len(parts) == 3:
                key = f"line:{rows[int(parts[1])]}:{parts[2]}"
            if key.endswith((":quantity", ":product")) and key in problems:
                continue  # the typing problem says it better
            problems.setdefault(key, []).extend(msgs)
        header = self._header_problem()
        self.header_problem.setText(header)
        self.header_problem.setVisible(bool(header))
        if header:
            problems.setdefault("header", []).append(header)
        self.model.set_problems(problems)
        self.problems.setText(self._describe({k: v for k, v in problems.items() if k != "header"}))
        self.post_button.setEnabled(not problems)
        lines = len(inputs)
        self.summary.setText(_("{n} line(s)").format(n=lines) if lines else "")
        return problems

    def _header_problem(self) -> str:
        if self.hotel.current_id() is None:
            return _("Choose a hotel.")
        if self.kind == StockDocumentKind.ISSUE and self.outlet.current_id() is None:
            return _("Choose the outlet the goods go to.")
        if self.kind == StockDocumentKind.RETURN and self.supplier.current_id() is None:
            return _("Choose the supplier the goods go back to.")
        return ""

    def _describe(self, problems: dict[str, list[str]]) -> str:
        def product_of_row(row: int) -> str | None:
            pid = self.model.lines[row].product_id if row < len(self.model.lines) else None
            product = self.model.known.get(pid) if pid else None
            return product.product_name if product else None

        return describe_line_problems(problems, product_of_row=product_of_row,
                                      field_labels=FIELD_LABELS)

    # --- posting -------------------------------------------------------------

    def post(self) -> None:
        commit_typing(self.table)
        if self.result is not None:
            return
        if self._validate():
            self.ctx.say(_("Correct the marked cells before posting."))
            return
        inputs, rows, _p = self.typed_lines()
        hotel_id = self.hotel.current_id()
        assert hotel_id is not None
        confirm_negative = False
        while True:
            try:
                result = self._call_service(hotel_id, inputs, confirm_negative)
            except NegativeStockError as exc:
                shortages = "\n".join("• " + s.describe() for s in exc.shortages)
                text = (
                    _("Stock below zero — post anyway?")
                    + "\n\n"
                    + shortages
                    + "\n\n"
                    + _(
                        "Only post when the goods really left the store: the stock will show "
                        "less than zero until a delivery or a count corrects it."
                    )
                )
                if not confirm(self, text, title=_("Stock below zero"), yes=_("Post anyway"),
                               danger=True):
                    self.ctx.say(_("Not posted: nothing was changed."))
                    return
                confirm_negative = True
                continue
            except ValidationError as exc:
                problems: dict[str, list[str]] = {}
                for key, msgs in exc.problems.items():
                    parts = key.split(":")
                    if parts[0] == "line" and len(parts) == 3 and int(parts[1]) < len(rows):
                        key = f"line:{rows[int(parts[1])]}:{parts[2]}"
                    problems[key] = msgs
                self.model.set_problems(problems)
                self.problems.setText(self._describe(problems))
                show_error(self, exc)
                return
            except Exception as exc:
                show_error(self, exc)
                return
            break
        self.result = result
        message = {
            StockDocumentKind.ISSUE: _("Issue {number} posted to {outlet}."),
            StockDocumentKind.WASTE: _("Waste write-off {number} posted."),
            StockDocumentKind.RETURN: _("Return {number} posted to {supplier}."),
        }[self.kind].format(
            number=result.number,
            outlet=self.outlet.currentText(),
            supplier=self.supplier.currentText(),
        )
        if result.below_zero:
            message += " " + _("Stock went below zero, as confirmed.")
        self.ctx.notify("stock", message)
        self.accept()
        preview_stock_slip(self.ctx, result.document_id, parent=self.parentWidget())

    def _call_service(
        self, hotel_id: int, lines: list[StockLineInput], confirm_negative: bool
    ) -> StockDocumentResult:
        day, notes = self.date.value(), self.notes.text()
        if self.kind == StockDocumentKind.ISSUE:
            outlet_id = self.outlet.current_id()
            assert outlet_id is not None
            return stock_moves.issue_to_outlet(
                self.ctx.db,
                hotel_id=hotel_id,
                outlet_id=outlet_id,
                day=day,
                lines=lines,
                notes=notes,
                confirm_negative=confirm_negative,
            )
        if self.kind == StockDocumentKind.WASTE:
            return stock_moves.write_off_waste(
                self.ctx.db,
                hotel_id=hotel_id,
                day=day,
                lines=lines,
                notes=notes,
                confirm_negative=confirm_negative,
            )
        supplier_id = self.supplier.current_id()
        assert supplier_id is not None
        return stock_moves.return_to_supplier(
            self.ctx.db,
            hotel_id=hotel_id,
            supplier_id=supplier_id,
            day=day,
            lines=lines,
            notes=notes,
            confirm_negative=confirm_negative,
        )

    def reject(self) -> None:
        """Esc and Close: ask before dropping typed lines."""
        typed = any(not line.is_empty() for line in self.model.lines)
        if (
            self.result is None
            and typed
            and not confirm(
                self,
                _("Close without posting? The typed lines are lost."),
                yes=_("Close without posting"),
                danger=True,
            )
        ):
            return
        super().reject()


def preview_stock_slip(ctx: AppContext, document_id: int, *, parent: QWidget | None = None) -> None:
    """The slip of an issue, write-off or return, to print (A5 or A4)."""
    try:
        from hotel_supply.documents.stock_slip import render_stock_slip
        from hotel_supply.services.stock_printing import stock_slip_data

        data = stock_slip_data(ctx.db, document_id=document_id)
    except ImportError:
        QMessageBox.information(
            parent, _("Print"), _("Printing of stock documents is not available yet.")
        )
        return
    except Exception as exc:
        show_error(parent, exc)
        return
    from hotel_supply.services.file_names import stock_slip_file_name
    from hotel_supply.ui.dialogs.print_preview import PrintPreviewDialog

    number = str(getattr(data, "number", "") or "")

    def render(size: str, copies: tuple[str, ...]) -> bytes:
        return bytes(render_stock_slip(data, page_size=size, copies=copies))

    # two copies by default: one stays in the store, one goes with the goods
    PrintPreviewDialog(
        ctx,
        render,
        title=_("Stock slip {number}").format(number=number),
        filename=stock_slip_file_name(number=number, hotel_code=data.hotel.code).removesuffix(
            ".pdf"
        ),
        sizes=("A5", "A4", "F4"),
        with_copies=True,
        parent=parent,
    ).exec()
