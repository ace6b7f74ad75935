"""Harga Kontrak: enter a price agreement, or end one on a date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QWidget

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models.enums import label
from hotel_supply.services import prices
from hotel_supply.services.errors import DomainError
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.prices import PriceAgreementData, PriceQuery, PriceRow
from hotel_supply.services.products import product_choices, product_row
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import geometry
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.form import FormDialog, OptionalDate, WrappedLabel
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, MoneyEdit


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


def _hint() -> QLabel:
    return WrappedLabel(style="pageSubtitle")


class PriceAgreementDialog(FormDialog):
    """A new agreed price of one product for one hotel, from a date (optionally to a date)."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        hotel_id: int | None = None,
        supplier_id: int | None = None,
        product_id: int | None = None,
        valid_from: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title=_("New price agreement"), parent=parent)
        geometry.fit_to_screen(self, 600, 420)
        form = _form()
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.hotel = ChoiceCombo()
        self.hotel.set_choices([(c.id, c.name) for c in hotel_choices(ctx.db)])
        self.hotel.insertItem(0, _("Choose…"), None)
        self.hotel.setCurrentIndex(0)
        self.supplier = ChoiceCombo(all_text=_("All suppliers"))
        self.supplier.set_choices([(c.id, c.name) for c in supplier_choices(ctx.db)])
        self.product = ChoiceCombo()
        self.product.setMinimumContentsLength(34)
        self.product_hint = _hint()
        self.price = MoneyEdit()
        self.price.setMaximumWidth(180)
        self.valid_from = DateEdit(valid_from or clock.today())
        self.valid_from.setMaximumWidth(160)
        self.valid_to = OptionalDate(_("ends on"))
        self.valid_to.setToolTip(_("Leave unticked for a price that runs until further notice"))
        self.end_previous = QCheckBox(_("End the running agreement the day before"))
        self.end_previous.setChecked(True)
        self.running_hint = _hint()

        self.add_field(form, "hotel_id", _("Hotel"), self.hotel)
        form.addRow(_("Supplier (UMKM)"), self.supplier)
        self.add_field(form, "product_id", _("Product"), self.product)
        form.addRow("", self.product_hint)
        self.add_field(form, "price", _("Agreed price"), self.price)
        self.add_field(form, "valid_from", _("Valid from"), self.valid_from)
        self.add_field(form, "valid_to", _("Valid to"), self.valid_to)
        form.addRow("", self.end_previous)
        form.addRow("", self.running_hint)
        self._form = form

        self.hotel.select_id(hotel_id)
        self.supplier.select_id(supplier_id)
        self._load_products(select=product_id)
        self.supplier.currentIndexChanged.connect(lambda _i: self._load_products())
        for widget in (self.hotel, self.product):
            widget.currentIndexChanged.connect(lambda _i: self._describe())
        self.valid_from.dateChanged.connect(lambda _d: self._describe())
        self.end_previous.toggled.connect(lambda _on: self._describe())
        self._describe()
        self.finish_loading()
        if hotel_id is not None and product_id is not None:
            self.price.setFocus()

    def _load_products(self, select: int | None = None) -> None:
        keep = select if select is not None else self.product.current_id()
        supplier_id = self.supplier.current_id()
        choices = product_choices(self.ctx.db, supplier_id=supplier_id)
        self.product.set_choices([(c.id, f"{c.code} — {c.name}") for c in choices], keep=False)
        self.product.insertItem(0, _("Choose…"), None)
        self.product.setCurrentIndex(0)
        if keep is not None:
            self.product.select_id(keep)

    def _describe(self) -> None:
        """Say what the product costs without agreement, and which agreement runs now."""
        self.product_hint.clear()
        self.running_hint.clear()
        self._describe_product()
        for hint in (self.product_hint, self.running_hint):
            self._form.setRowVisible(hint, bool(hint.text()))

    def _describe_product(self) -> None:
        product_id, hotel_id = self.product.current_id(), self.hotel.current_id()
        if product_id is None:
            return
        try:
            info = product_row(self.ctx.db, product_id)
        except DomainError:
            return
        self.product_hint.setText(
            _("{supplier} · standard price {price} per {unit}").format(
                supplier=info.supplier_name,
                price=format_rupiah(info.standard_price),
                unit=label(info.unit),
            )
        )
        if hotel_id is None:
            return
        day = self.valid_from.value()
        running = prices.price_agreement_rows(
            self.ctx.db,
            query=PriceQuery(hotel_id=hotel_id, product_id=product_id, valid_on=day),
            limit=1,
        )
        if not running:
            self.running_hint.setText(
                _("No agreement runs on {date}.").format(date=format_date(day))
            )
            return
        other = running[0]
        if other.valid_from < day and self.end_previous.isChecked():
            text = _("The agreement at {price} since {start} will end on {end}.").format(
                price=format_rupiah(other.price),
                start=format_date(other.valid_from),
                end=format_date(day - dt.timedelta(days=1)),
            )
        else:
            text = _("An agreement at {price} since {start} runs on that day.").format(
                price=format_rupiah(other.price), start=format_date(other.valid_from)
            )
        self.running_hint.setText(text)

    def collect(self) -> PriceAgreementData:
        return PriceAgreementData(
            hotel_id=self.hotel.current_id(),  # type: ignore[arg-type]
            product_id=self.product.current_id(),  # type: ignore[arg-type]
            price=self.price.amount() or 0,
            valid_from=self.valid_from.value(),
            valid_to=self.valid_to.value(),
        )

    def validate(self, data: PriceAgreementData) -> dict[str, list[str]]:
        return prices.validate_price_agreement(data)

    def save(self, data: PriceAgreementData) -> None:
        self.saved_id = prices.create_price_agreement(
            self.ctx.db, data=data, end_previous=self.end_previous.isChecked()
        )


class EndAgreementDialog(FormDialog):
    """Set the last day an agreement is valid."""

    def __init__(self, ctx: AppContext, row: PriceRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("End price agreement"), parent=parent)
        self.row = row
        geometry.fit_to_screen(self, 520, 260)
        form = _form()
        self.body.addLayout(form)
        self.body.addStretch(1)
        form.addRow(_("Hotel"), QLabel(row.hotel_name))
        form.addRow(_("Product"), QLabel(f"{row.product_code} — {row.product_name}"))
        form.addRow(
            _("Agreed price"),
            QLabel(
                _("{price} per {unit}").format(price=format_rupiah(row.price), unit=label(row.unit))
            ),
        )
        form.addRow(_("Valid from"), QLabel(format_date(row.valid_from)))
        self.valid_to = DateEdit(row.valid_to or max(clock.today(), row.valid_from))
        self.valid_to.setMaximumWidth(160)
        self.add_field(form, "valid_to", _("Last valid day"), self.valid_to)
        hint = _hint()
        hint.setText(
            _(
                "From the next day the standard price applies, unless another agreement "
                "starts. Deliveries already entered keep their price."
            )
        )
        form.addRow("", hint)
        self.ok_button.setText(_("End agreement"))
        self.finish_loading()
        self._touched.add("valid_to")
        self.revalidate()
        self.valid_to.setFocus()

    def collect(self) -> PriceAgreementData:
        row = self.row
        return PriceAgreementData(
            hotel_id=row.hotel_id,
            product_id=row.product_id,
            price=row.price,
            valid_from=row.valid_from,
            valid_to=self.valid_to.value(),
        )

    def validate(self, data: PriceAgreementData) -> dict[str, list[str]]:
        problems = prices.validate_price_agreement(data)
        return {"valid_to": problems["valid_to"]} if "valid_to" in problems else {}

    def save(self, data: PriceAgreementData) -> None:
        assert data.valid_to is not None
        prices.end_price_agreement(self.ctx.db, agreement_id=self.row.id, valid_to=data.valid_to)
        self.saved_id = self.row.id
