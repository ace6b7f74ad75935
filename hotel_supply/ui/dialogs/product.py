"""Edit a product: code, name, supplier, category, unit, shelf life and standard price."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from hotel_supply.formatting import format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models.enums import Category, Unit
from hotel_supply.services import products
from hotel_supply.services.products import MAX_SHELF_LIFE_DAYS, ProductData
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import geometry
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.form import FormDialog, enum_combo, select_data
from hotel_supply.ui.widgets import ChoiceCombo, MoneyEdit


class ProductDialog(FormDialog):
    """New product (``product_id`` None, optionally of ``supplier_id``) or edit one."""

    def __init__(
        self,
        ctx: AppContext,
        product_id: int | None = None,
        *,
        supplier_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.product_id = product_id
        super().__init__(
            ctx, title=_("New product") if product_id is None else _("Edit product"), parent=parent
        )
        geometry.fit_to_screen(self, 560, 380)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. KRP-PSG-250"))
        self.code.setMaxLength(30)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Keripik Pisang Cokelat 250 g"))
        self.supplier = ChoiceCombo()
        self.supplier.setMinimumContentsLength(30)
        self.category = enum_combo(Category, placeholder=_("Choose…"))
        self.unit = enum_combo(Unit, placeholder=_("Choose…"))
        self.unit.setToolTip(_("Fixed once the product has been ordered or delivered"))
        self.perishable = QCheckBox(_("Perishable: keeps for"))
        self.shelf_life = QSpinBox()
        self.shelf_life.setRange(1, MAX_SHELF_LIFE_DAYS)
        self.shelf_life.setSuffix(" " + _("days"))
        self.shelf_life.setValue(3)
        self.shelf_life.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.shelf_life.setMinimumWidth(110)
        keeps = QWidget()
        row = QHBoxLayout(keeps)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.perishable)
        row.addWidget(self.shelf_life)
        row.addStretch(1)
        self.standard_price = MoneyEdit()
        self.standard_price.setMaximumWidth(180)
        self.standard_price.setToolTip(
            _("The price per unit where no price agreement with the hotel applies")
        )

        self.add_field(form, "code", _("Code"), self.code)
        self.add_field(form, "name", _("Name"), self.name)
        self.add_field(form, "supplier_id", _("Supplier (UMKM)"), self.supplier)
        self.add_field(form, "category", _("Category"), self.category)
        self.add_field(form, "unit", _("Unit"), self.unit)
        self.add_field(form, "shelf_life_days", _("Shelf life"), self.shelf_life, shown=keeps)
        self.watch(self.perishable, "shelf_life_days")
        self.add_field(form, "standard_price", _("Standard price"), self.standard_price)
        self.perishable.toggled.connect(self.shelf_life.setEnabled)

        choices = [(c.id, f"{c.name} ({c.code})") for c in supplier_choices(ctx.db)]
        data = products.get_product(ctx.db, product_id) if product_id is not None else None
        wanted = data.supplier_id if data else supplier_id
        if wanted is not None and wanted not in {key for key, _text in choices}:
            # an inactive supplier still shows on its own products
            for c in supplier_choices(ctx.db, active_only=False):
                if c.id == wanted:
                    choices.append((c.id, f"{c.name} ({c.code}) — " + _("inactive")))
        self.supplier.set_choices(choices, keep=False)
        self.supplier.insertItem(0, _("Choose…"), None)
        self.supplier.setCurrentIndex(0)
        if data is not None:
            self.load(data)
        else:
            self.supplier.select_id(supplier_id)
            self.shelf_life.setEnabled(False)
        self.finish_loading()

    def load(self, data: ProductData) -> None:
        self.code.setText(data.code)
        self.name.setText(data.name)
        self.supplier.select_id(data.supplier_id)
        select_data(self.category, data.category)
        select_data(self.unit, data.unit)
        self.perishable.setChecked(data.perishable)
        if data.shelf_life_days:
            self.shelf_life.setValue(data.shelf_life_days)
        self.shelf_life.setEnabled(data.perishable)
        self.standard_price.setText(format_rupiah(data.standard_price))

    def collect(self) -> ProductData:
        return ProductData(
            code=self.code.text(),
            name=self.name.text(),
            supplier_id=self.supplier.current_id(),  # type: ignore[arg-type]
            category=self.category.currentData(),
            unit=self.unit.currentData(),
            perishable=self.perishable.isChecked(),
            shelf_life_days=self.shelf_life.value() if self.perishable.isChecked() else None,
            standard_price=self.standard_price.amount() or 0,
        )

    def validate(self, data: ProductData) -> dict[str, list[str]]:
        return products.validate_product(data)

    def save(self, data: ProductData) -> None:
        if self.product_id is None:
            self.saved_id = products.create_product(self.ctx.db, data=data)
        else:
            products.update_product(self.ctx.db, product_id=self.product_id, data=data)
            self.saved_id = self.product_id
