"""What the planners share: the database's hotels, suppliers and products, and the ones
an import creates from what the rows say (``--create-missing``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotel_supply.i18n import _
from hotel_supply.importing.matching import Directory, Found, Known, legal_prefix, next_code
from hotel_supply.importing.plan import PlannedRow
from hotel_supply.models import Hotel, Product, Supplier
from hotel_supply.models.enums import Category, LegalForm, Unit, label
from hotel_supply.services import hotels, products, suppliers

# words in a supplier's or product's name that tell its category
_CATEGORY_WORDS = (
    (Category.COFFEE, ("kopi", "coffee", "robusta", "arabika")),
    (Category.FISH, ("ikan", "fish", "udang", "cumi", "kemplang", "teri", "rajungan")),
    (Category.BAKERY, ("roti", "kue", "bakery", "bolu", "donat", "cake", "pastry")),
    (Category.BATIK, ("batik", "tapis", "kain", "sulam")),
    (Category.CRAFT, ("kerajinan", "craft", "anyaman", "rotan", "bambu", "souvenir")),
)
CATEGORY_NAMES = {
    "kopi": Category.COFFEE, "coffee": Category.COFFEE,
    "jajanan": Category.SNACK, "jajanan pasar": Category.SNACK, "snack": Category.SNACK,
    "makanan ringan": Category.SNACK, "keripik": Category.SNACK, "kuliner": Category.SNACK,
    "makanan": Category.SNACK, "traditional snacks": Category.SNACK,
    "olahan ikan": Category.FISH, "ikan": Category.FISH, "perikanan": Category.FISH,
    "processed fish": Category.FISH, "fish": Category.FISH,
    "roti": Category.BAKERY, "roti & kue": Category.BAKERY, "roti dan kue": Category.BAKERY,
    "kue": Category.BAKERY, "bakery": Category.BAKERY,
    "batik": Category.BATIK, "batik & tapis": Category.BATIK, "tapis": Category.BATIK,
    "batik dan tapis": Category.BATIK, "fashion": Category.BATIK, "wastra": Category.BATIK,
    "kerajinan": Category.CRAFT, "kriya": Category.CRAFT, "craft": Category.CRAFT,
    "handicrafts": Category.CRAFT, "kerajinan tangan": Category.CRAFT,
}
UNIT_NAMES = {
    "pcs": Unit.PCS, "pc": Unit.PCS, "buah": Unit.PCS, "bh": Unit.PCS, "biji": Unit.PCS,
    "potong": Unit.PCS, "ptg": Unit.PCS, "porsi": Unit.PCS, "botol": Unit.PCS, "btl": Unit.PCS,
    "pak": Unit.PAK, "pack": Unit.PAK, "pck": Unit.PAK, "bungkus": Unit.PAK, "bks": Unit.PAK,
    "sachet": Unit.PAK, "renteng": Unit.PAK,
    "kg": Unit.KG, "kilo": Unit.KG, "kilogram": Unit.KG,
    "liter": Unit.LITER, "ltr": Unit.LITER, "l": Unit.LITER, "lt": Unit.LITER,
    "kotak": Unit.KOTAK, "box": Unit.KOTAK, "dus": Unit.KOTAK, "kardus": Unit.KOTAK,
    "toples": Unit.KOTAK, "lembar": Unit.LEMBAR, "lbr": Unit.LEMBAR, "helai": Unit.LEMBAR,
    "sheet": Unit.LEMBAR, "kain": Unit.LEMBAR,
}


def category_of_text(text: str) -> Category | None:
    key = " ".join(text.lower().replace("&", " & ").split())
    if key in CATEGORY_NAMES:
        return CATEGORY_NAMES[key]
    for member in Category:
        if key in (member.value, label(member).lower()):
            return member
    return None


def category_named(row: PlannedRow, text: str) -> Category | None:
    """The category a row's cell names; None (and the row fails) when it names none."""
    category = category_of_text(text)
    if category is None:
        row.fail(_("Category: “{text}” is not one of: Kopi, Jajanan, Olahan Ikan, "
                   "Roti & Kue, Batik & Tapis, Kerajinan.").format(text=text))
    return category


def guess_category(*names: str) -> Category:
    """The category a name suggests (``Kopi Liwa`` is coffee); traditional snacks otherwise."""
    words = " ".join(names).lower()
    for category, keys in _CATEGORY_WORDS:
        if any(key in words for key in keys):
            return category
    return Category.SNACK


def unit_of_text(text: str) -> Unit | None:
    key = text.strip().lower().rstrip(".")
    if key in UNIT_NAMES:
        return UNIT_NAMES[key]
    for member in Unit:
        if key in (member.value, label(member).lower()):
            return member
    return None


def unit_named(row: PlannedRow, text: str) -> Unit | None:
    """The unit a row's cell names; None when it is empty, or names none (the row fails)."""
    if not text:
        return None
    unit = unit_of_text(text)
    if unit is None:
        row.fail(_("Unit: “{text}” is not one of pcs, pak, kg, liter, kotak, lembar.")
                 .format(text=text))
    return unit


def legal_form_of_text(text: str) -> LegalForm | None:
    key = text.strip().lower().replace(".", "")
    forms = {"cv": LegalForm.CV, "ud": LegalForm.UD, "perorangan": LegalForm.SOLE,
             "perseorangan": LegalForm.SOLE, "pribadi": LegalForm.SOLE, "sole": LegalForm.SOLE,
             "sole trader": LegalForm.SOLE, "individu": LegalForm.SOLE, "-": LegalForm.SOLE,
             "usaha perorangan": LegalForm.SOLE}
    if key in forms:
        return forms[key]
    for member in LegalForm:
        if key == label(member).lower():
            return member
    return None


def legal_form_of_name(name: str) -> LegalForm:
    prefix = legal_prefix(name)
    return {"cv": LegalForm.CV, "ud": LegalForm.UD}.get(prefix or "", LegalForm.SOLE)


@dataclass
class Pending:
    """A hotel, supplier or product the import creates because a row names it."""

    kind: str  # "hotel", "supplier", "product"
    known: Known
    data: object  # HotelData, SupplierData or ProductData (supplier_id may be a pending id)
    real_id: int | None = None


@dataclass
class Context:
    """The planners' view of the database within one session."""

    session: Session
    create_missing: bool = False
    pending: dict[int, Pending] = field(default_factory=dict)
    _hotels: Directory | None = None
    _suppliers: Directory | None = None
    _products: Directory | None = None

    # --- directories -----------------------------------------------------------------

    @property
    def hotels(self) -> Directory:
        if self._hotels is None:
            self._hotels = Directory([
                Known(id=i, code=c, name=n, npwp=t, active=a)
                for i, c, n, t, a in self.session.execute(
                    select(Hotel.id, Hotel.code, Hotel.name, Hotel.npwp, Hotel.active))
            ])
        return self._hotels

    @property
    def suppliers(self) -> Directory:
        if self._suppliers is None:
            self._suppliers = Directory([
                Known(id=i, code=c, name=n, npwp=t, active=a, extra={"category": cat})
                for i, c, n, t, a, cat in self.session.execute(
                    select(Supplier.id, Supplier.code, Supplier.name, Supplier.npwp,
                           Supplier.active, Supplier.category))
            ])
        return self._suppliers

    @property
    def products(self) -> Directory:
        if self._products is None:
            self._products = Directory([
                Known(id=i, code=c, name=n, active=a, owner=s,
                      extra={"unit": u, "perishable": p, "shelf_life_days": d})
                for i, c, n, a, s, u, p, d in self.session.execute(
                    select(Product.id, Product.code, Product.name, Product.active,
                           Product.supplier_id, Product.unit, Product.perishable,
                           Product.shelf_life_days))
            ])
        return self._products

    @property
    def created(self) -> list[str]:
        names = {"hotel": _("hotel"), "supplier": _("supplier"), "product": _("product")}
        lines = [_("New {kind}: {label}").format(kind=names[p.kind], label=p.known.label)
                 for p in self.pending.values()]
        return [line[:1].upper() + line[1:] for line in lines]  # "pemasok baru" leads a line

    # --- references in a row ------------------------------------------------------------

    def _look_up(self, row: PlannedRow, directory: Directory, text: str, missing: str, *,
                 owner: int | None = None) -> Found | None:
        """What ``text`` names: the record, or Found(None) when the import may create it;
        None (the row fails) when the text is ambiguous or names nothing to create."""
        found = directory.find_reference(text, owner=owner)
        if found.problem:
            row.fail(found.problem)
            return None
        if found.item is None and not self.create_missing:
            row.fail(missing)
            return None
        return found

    def hotel(self, row: PlannedRow, text: str) -> Known | None:
        found = self._look_up(row, self.hotels, text, _(
            "No hotel has the code or name “{text}” (import the hotels first, or let the "
            "import create the missing ones).").format(text=text))
        if found is None or found.item is not None:
            return None if found is None else found.item
        code = next_code(self.hotels.codes(), "H", 3)
        known = Known(id=self.hotels.new_id(), code=code, name=text)
        self.hotels.add(known)
        data = hotels.HotelData(code=code, name=text, outlets=hotels.standard_outlets())
        self.pending[known.id] = Pending("hotel", known, data)
        row.notes.append(_("A new hotel {code} “{name}” will be created.").format(
            code=code, name=text))
        return known

    def supplier(self, row: PlannedRow, text: str, *, hint: str = "") -> Known | None:
        found = self._look_up(row, self.suppliers, text, _(
            "No supplier has the code or name “{text}” (import the suppliers first, or let the "
            "import create the missing ones).").format(text=text))
        if found is None or found.item is not None:
            return None if found is None else found.item
        code = next_code(self.suppliers.codes(), "UMKM", 4)
        category = guess_category(text, hint)
        known = Known(id=self.suppliers.new_id(), code=code, name=text,
                      extra={"category": category})
        self.suppliers.add(known)
        data = suppliers.SupplierData(code=code, name=text, legal_form=legal_form_of_name(text),
                                      category=category)
        self.pending[known.id] = Pending("supplier", known, data)
        row.notes.append(_("A new supplier {code} “{name}” ({category}) will be created.").format(
            code=code, name=text, category=label(category)))
        return known

    def product(self, row: PlannedRow, text: str, *, supplier: Known, unit: Unit | None,
                price: int | None) -> Known | None:
        found = self._look_up(row, self.products, text, _(
            "{supplier} has no product with the code or name “{text}” (import the products "
            "first, or let the import create the missing ones).").format(
            supplier=supplier.label, text=text), owner=supplier.id)
        if found is None:
            return None
        if found.item is not None:
            if found.item.owner != supplier.id:
                row.fail(_("The product {product} is not made by {supplier}.").format(
                    product=found.item.label, supplier=supplier.label))
                return None
            return found.item
        if unit is None:
            row.fail(_("The product “{text}” is new: its unit is needed to create it.").format(
                text=text))
            return None
        code = next_code(self.products.codes(), "P", 5)
        category = supplier.extra.get("category")
        known = Known(id=self.products.new_id(), code=code, name=text, owner=supplier.id,
                      extra={"unit": unit, "perishable": False, "shelf_life_days": None})
        self.products.add(known)
        data = products.ProductData(
            code=code, name=text, supplier_id=supplier.id,
            category=category if isinstance(category, Category) else guess_category(text),
            unit=unit, standard_price=price or 0)
        self.pending[known.id] = Pending("product", known, data)
        row.notes.append(_("A new product {code} “{name}” ({unit}) will be created.").format(
            code=code, name=text, unit=label(unit)))
        return known

    # --- writing ---------------------------------------------------------------------------

    def real_id(self, any_id: int) -> int:
        """The database id of a record, creating a pending one first (once)."""
        if any_id > 0:
            return any_id
        pending = self.pending[any_id]
        if pending.real_id is None:
            data = pending.data
            if isinstance(data, hotels.HotelData):
                pending.real_id = hotels.add_hotel(self.session, data)
            elif isinstance(data, suppliers.SupplierData):
                pending.real_id = suppliers.add_supplier(self.session, data)
            else:
                assert isinstance(data, products.ProductData)
                data.supplier_id = self.real_id(data.supplier_id)
                pending.real_id = products.add_product(self.session, data)
        return pending.real_id
