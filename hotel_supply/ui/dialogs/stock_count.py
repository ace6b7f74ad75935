"""Stok opname: type what is on the shelf, save to continue later, review, post.

A blind count (book quantities hidden) hides the book and the differences while
counting; the review shows them to whoever posts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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
from hotel_supply.formatting import format_date, format_datetime, format_month, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models.enums import CountStatus, Role, label
from hotel_supply.services import stock_counts
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.stock_counts import CountView
from hotel_supply.services.stock_levels import StockQuery, stock_rows
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.par_levels import commit_typing, pick_product
from hotel_supply.ui.dialogs.stock_count_lines import CountCol, CountLinesDelegate, CountLinesModel
from hotel_supply.ui.grid import SpreadsheetTable
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.widgets import (
    ChoiceCombo,
    DateEdit,
    confirm,
    leave_enter_to_the_grid,
    show_error,
)


class StartCountDialog(QDialog):
    """Hotel, date, and whether the counters see the book; ``count_id`` once started."""

    def __init__(
        self, ctx: AppContext, *, hotel_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.count_id: int | None = None
        self.setWindowTitle(_("Start count"))
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        self.hotel = ChoiceCombo()
        self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(ctx.db)])
        if hotel_id is not None:
            self.hotel.select_id(hotel_id)
        self.date = DateEdit(clock.today())
        self.show_book = QCheckBox(_("Show book quantities to the counters"))
        self.show_book.setToolTip(
            _("Off: a blind count; the book and the differences show only in the review.")
        )
        self.notes = QLineEdit()
        form.addRow(_("Hotel"), self.hotel)
        form.addRow(_("Count date"), self.date)
        form.addRow("", self.show_book)
        form.addRow(_("Notes"), self.notes)
        hint = QLabel(
            _(
                "The sheet lists every lot on hand at the end of the count date and "
                "every product the hotel keeps."
            )
        )
        hint.setObjectName("pageSubtitle")
        hint.setWordWrap(True)
        form.addRow(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start count"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def start(self) -> None:
        hotel_id = self.hotel.current_id()
        if hotel_id is None:
            return
        open_count = next(
            (
                r
                for r in stock_counts.count_rows(self.ctx.db, hotel_id=hotel_id)
                if r.continuable
            ),
            None,
        )
        if open_count is not None:
            if confirm(
                self,
                _("A count of {hotel} started on {date} is still open. Continue it?").format(
                    hotel=open_count.hotel_name, date=format_date(open_count.count_date)
                ),
                yes=_("Continue it"),
            ):
                self.count_id = open_count.id
                self.accept()
            return
        try:
            self.count_id = stock_counts.start_count(
                self.ctx.db,
                hotel_id=hotel_id,
                day=self.date.value(),
                show_book=self.show_book.isChecked(),
                notes=self.notes.text(),
            )
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.notify(
            "count", _("Count of {hotel} started.").format(hotel=self.hotel.currentText())
        )
        self.accept()


class StockCountDialog(QDialog):
    """One count: typed, saved and continued while open; read-only once posted or cancelled."""

    def __init__(self, ctx: AppContext, count_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.count_id = count_id
        self.view: CountView | None = None
        self.setMinimumSize(860, 500)
        geometry.fit_to_screen(self, 1240, 740)
        self._build()
        self.load()

    # --- layout --------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heads = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        heads.addWidget(self.title)
        heads.addWidget(self.subtitle)
        self.status_label = QLabel()
        top.addLayout(heads, 1)
        top.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search product, supplier or lot…"))
        self.search.setClearButtonEnabled(True)
        self.not_counted = QCheckBox(_("Not counted yet"))
        self.not_counted.setToolTip(_("Show only the lines without a counted quantity"))
        self.review_button = QPushButton(theme.icon("scale-balance"), _("Review differences"))
        self.review_button.setCheckable(True)
        self.review_button.setToolTip(
            _("Show only the lines that differ from the book, with the total value")
        )
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.not_counted)
        bar.addWidget(self.review_button)
        layout.addLayout(bar)

        self.model = CountLinesModel(self)
        self.table = SpreadsheetTable()
        self.table.setModel(self.model)
        self.table.setItemDelegate(CountLinesDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(CountCol.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (CountCol.UNIT, 70),
            (CountCol.LOT, 120),
            (CountCol.EXPIRY, 115),
            (CountCol.BOOK, 95),
            (CountCol.COUNTED, 105),
            (CountCol.DIFFERENCE, 90),
            (CountCol.DIFFERENCE_VALUE, 140),
            (CountCol.REASON, 180),
        ):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)

        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)

        self.progress = QLabel()
        self.progress.setStyleSheet("font-weight: 600;")
        self.add_button = QPushButton(theme.icon("plus"), _("Add product…"))
        self.add_button.setToolTip(_("Count a product that is not on the sheet (Insert)"))
        self.add_button.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.cancel_button = QPushButton(theme.icon("cancel"), _("Cancel count…"))
        self.print_button = QPushButton(theme.icon("printer"), _("Print count sheet…"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button = QPushButton(theme.icon("content-save"), _("Save"))
        self.save_button.setToolTip(
            _("Save what is typed; the count stays open to continue later (Ctrl+S)")
        )
        self.post_button = QPushButton(theme.icon("check-decagram", "#ffffff"), _("Post"))
        self.post_button.setProperty("primary", True)
        self.post_button.setToolTip(_("Post the differences as count adjustments (Ctrl+Enter)"))
        # the storeroom's
        for button in (self.add_button, self.cancel_button, self.save_button, self.post_button):
            allow(button, self.ctx, Role.STOREROOM)
        close = QPushButton(_("Close"))
        layout.addWidget(self.progress)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        for b in (self.cancel_button, self.print_button, self.save_button, close, self.post_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        layout.addLayout(buttons)

        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self.post)
        self.add_button.clicked.connect(self.add_product)
        self.cancel_button.clicked.connect(self.cancel_count)
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button.clicked.connect(self.save)
        self.post_button.clicked.connect(self.post)
        close.clicked.connect(self.reject)
        leave_enter_to_the_grid(self)
        self.model.edited.connect(self._edited)
        self.search.textChanged.connect(lambda _t: self._apply_filter())
        self.not_counted.toggled.connect(lambda _c: self._apply_filter())
        self.review_button.toggled.connect(lambda _c: self._show_mode())

    # --- loading -------------------------------------------------------------

    def load(self) -> None:
        try:
            view = stock_counts.get_count(self.ctx.db, self.count_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.view = view
        editable = view.editable
        self.setWindowTitle(stock_counts.describe_count(view))
        self.title.setText(stock_counts.describe_count(view))
        if view.status == CountStatus.POSTED:
            sub = _("Posted as {number} on {when} by {user}.").format(
                number=view.number, when=format_datetime(view.posted_at), user=view.posted_by
            )
        elif editable:
            sub = _("Type what is on the shelf. Save keeps the count open to continue later.")
        elif view.status == CountStatus.OPEN:
            sub = _("{month} is closed: this count can no longer be typed, posted or "
                    "cancelled.").format(month=format_month(view.count_date.year,
                                                             view.count_date.month))
        else:
            sub = _("This count was cancelled.")
        if view.notes:
            sub += "  " + _("Notes: {notes}").format(notes=view.notes)
        self.subtitle.setText(sub)
        color = {
            CountStatus.OPEN: theme.ACCENT,
            CountStatus.POSTED: theme.OK,
            CountStatus.CANCELLED: theme.BAD,
        }[view.status]
        self.status_label.setText(label(view.status))
        self.status_label.setStyleSheet(
            f"color: white; background: {color}; border-radius: 4px; padding: 4px 10px;"
            " font-weight: 600;"
        )
        self.model.set_lines(list(view.lines), day=view.count_date, editable=editable)
        for b in (self.add_button, self.cancel_button, self.save_button, self.post_button):
            b.setVisible(editable)
        self.not_counted.setVisible(editable)
        self._show_mode()
        self._edited()
        first = next(
            (i for i, line in enumerate(view.lines) if self.model.counted_text(line) == ""), 0
        )
        if view.lines:
            self.table.setCurrentIndex(self.model.index(first, CountCol.COUNTED))
            self.table.setFocus()

    def _show_mode(self) -> None:
        """Blind counts hide the book and differences, except in the review or once done."""
        if self.view is None:
            return
        reviewing = self.review_button.isChecked()
        done = self.view.status != CountStatus.OPEN
        book = self.view.show_book_quantities or reviewing or done
        for col in (CountCol.BOOK, CountCol.DIFFERENCE, CountCol.DIFFERENCE_VALUE):
            self.table.setColumnHidden(col, not book)
        self._apply_filter()
        self._update_progress()

    def _apply_filter(self) -> None:
        words = self.search.text().lower().split()
        reviewing = self.review_button.isChecked()
        only_open = self.not_counted.isChecked() and self.not_counted.isVisible()
        for i, line in enumerate(self.model.lines):
            haystack = (
                f"{line.product_code} {line.product_name} {line.supplier_name} {line.lot_code}"
            ).lower()
            hide = not all(w in haystack for w in words)
            if only_open and self.model.counted_text(line) != "":
                hide = True
            if reviewing and not self.model.difference(line):
                hide = True
            self.table.setRowHidden(i, hide)

    # --- editing -------------------------------------------------------------

    def _edited(self) -> None:
        problems = [
            (i, line, p)
            for i, line in enumerate(self.model.lines)
            if (p := self.model.problem(line))
        ]
        texts = [
            _("Line {n}").format(n=i + 1) + f" ({line.product_name}): {p}"
            for i, line, p in problems[:4]
        ]
        if len(problems) > 4:
            texts.append(_("… and {n} more").format(n=len(problems) - 4))
        self.problems.setText("\n".join(texts))
        editable = self.view is not None and self.view.editable
        self.save_button.setEnabled(editable and not problems and self.model.dirty())
        self.post_button.setEnabled(editable and not problems)
        self._update_progress()

    def adjustments(self) -> tuple[int, int]:
        """How many lines differ from the book, and the value of the differences."""
        diffs = [line for line in self.model.lines if self.model.difference(line)]
        return len(diffs), sum(self.model.difference_value(line) for line in diffs)

    def _update_progress(self) -> None:
        if self.view is None:
            return
        lines = self.model.lines
        counted = sum(1 for line in lines if self.model.counted_text(line) != "")
        text = _("{counted} of {total} lines counted").format(counted=counted, total=len(lines))
        book_visible = not self.table.isColumnHidden(CountCol.BOOK)
        if book_visible:
            n, value = self.adjustments()
            text += "  ·  " + _("{n} differences, value {value}").format(
                n=n, value=format_rupiah(value)
            )
            if self.review_button.isChecked():
                values = [self.model.difference_value(line) for line in lines]
                text += (
                    "  ("
                    + _("more {gain}, less {loss}").format(
                        gain=format_rupiah(sum(v for v in values if v > 0)),
                        loss=format_rupiah(sum(v for v in values if v < 0)),
                    )
                    + ")"
                )
        self.progress.setText(text)

    def save(self) -> bool:
        commit_typing(self.table)
        if self.view is None or not self.view.editable:
            return False
        bad = [row for row, line in enumerate(self.model.lines) if self.model.problem(line)]
        if bad:
            # no box: the problems are under the table; the cursor goes to the first one
            self.ctx.say(_("Correct the marked cells first."))
            self.table.setCurrentIndex(self.model.index(bad[0], CountCol.COUNTED))
            self.table.setFocus()
            return False
        counted, reasons = self.model.changes()
        if not counted and not reasons:
            return True
        try:
            stock_counts.save_counted(
                self.ctx.db, count_id=self.count_id, counted=counted, reasons=reasons
            )
        except ValidationError as exc:
            show_error(self, exc)
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        self.model.typed.clear()
        self.model.reasons.clear()
        self.ctx.notify("count", _("Count saved: {n} line(s).").format(n=len(counted)))
        self.load()
        return True

    def add_product(self) -> None:
        if self.view is None:
            return
        rows = stock_rows(
            self.ctx.db, query=StockQuery(hotel_id=self.view.hotel_id, day=self.view.count_date)
        )
        choices = [
            (r.product_id, f"{r.product_code}  {r.product_name} — {r.supplier_name}") for r in rows
        ]
        product_id = pick_product(self, choices)
        if product_id is None:
            return
        try:
            line_id = stock_counts.add_count_line(
                self.ctx.db, count_id=self.count_id, product_id=product_id
            )
        except Exception as exc:
            show_error(self, exc)
            return
        self.load()
        row = next((i for i, line in enumerate(self.model.lines) if line.id == line_id), None)
        if row is not None:
            self.table.setRowHidden(row, False)
            index = self.model.index(row, CountCol.COUNTED)
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def print_sheet(self) -> None:
        if self.model.dirty() and not self.save():
            return
        from hotel_supply.ui.pages.stock import show_preview, show_printing_error

        try:
            from hotel_supply.documents.count_sheet import render_count_sheet
            from hotel_supply.services.file_names import count_sheet_file_name
            from hotel_supply.services.stock_printing import count_sheet_data

            data = count_sheet_data(self.ctx.db, count_id=self.count_id, show_book=None)
        except Exception as exc:
            show_printing_error(self, exc)
            return
        assert self.view is not None
        show_preview(
            self.ctx,
            lambda size: bytes(render_count_sheet(data, page_size=size)),
            title=stock_counts.describe_count(self.view),
            filename=count_sheet_file_name(
                number=data.number, hotel_code=data.hotel.code, day=data.count_date
            ).removesuffix(".pdf"),
            parent=self,
        )

    def post(self) -> None:
        commit_typing(self.table)
        if self.view is None or not self.view.editable:
            return
        if not self.post_button.isEnabled():
            self.ctx.say(_("Correct the marked cells first."))
            return
        missing = sum(1 for line in self.model.lines if self.model.counted_text(line) == "")
        if missing:
            QMessageBox.information(
                self,
                _("Post count"),
                _(
                    "{n} line(s) are not counted yet: type their quantity (0 when none was "
                    "found). They are shown now."
                ).format(n=missing),
            )
            self.review_button.setChecked(False)
            self.not_counted.setChecked(True)
            return
        n, value = self.adjustments()
        text = _(
            "Post this count? {n} adjustment(s), total value {value}. Afterwards the "
            "stock shows exactly what was counted."
        ).format(n=n, value=format_rupiah(value))
        if not confirm(self, text, title=_("Post count"), yes=_("Post")):
            return
        if self.model.dirty() and not self.save():
            return
        try:
            number = stock_counts.post_count(self.ctx.db, count_id=self.count_id)
        except DomainError as exc:
            show_error(self, exc)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.notify(
            "stock",
            _("Count {number} posted: {n} adjustment(s), {value}.").format(
                number=number, n=n, value=format_rupiah(value)
            ),
        )
        self.ctx.notify("count")
        self.review_button.setChecked(False)
        self.load()

    def cancel_count(self) -> None:
        if self.view is None:
            return
        if not confirm(
            self,
            _("Cancel this count? What was counted is kept on record, but no stock changes."),
            yes=_("Cancel count"),
            danger=True,
        ):
            return
        try:
            stock_counts.cancel_count(self.ctx.db, count_id=self.count_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.typed.clear()
        self.model.reasons.clear()
        self.ctx.notify("count", _("Count cancelled."))
        self.accept()

    def reject(self) -> None:
        """Esc, Close and the close box: offer to save what was typed."""
        if self.model.dirty():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                _("Unsaved changes"),
                _("Save what was counted? The count stays open to continue later."),
                parent=self,
            )
            save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
            drop = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is save:
                if not self.save():
                    return
            elif box.clickedButton() is not drop:
                return
        super().reject()
