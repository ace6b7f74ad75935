"""Suppliers (UMKM / Pemasok) and their certificates.

Writes take a :class:`SupplierData`, validate it (pure checks first, then the
ones that need the database: a duplicate code, or an NPWP another active
supplier already uses), and run one unit of work with an audit entry.
Suppliers are never deleted: :func:`set_supplier_active` deactivates them.
Certificates are edited together with their supplier; one left out of the
list is deleted (no document refers to a certificate).

The list queries (rows, counts, choices) live in :mod:`.suppliers_list` and are
importable from here as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import Certificate, Product, Supplier
from hotel_supply.models.enums import Category, CertificateKind, LegalForm, Role
from hotel_supply.services import audit
from hotel_supply.services.errors import DomainError, NotFound, ValidationError
from hotel_supply.services.suppliers_list import (
    SupplierQuery,
    SupplierRow,
    SupplierSort,
    count_suppliers,
    supplier_choices,
    supplier_row,
    supplier_rows,
)
from hotel_supply.services.validation import (
    add,
    bank_account_problems,
    changes,
    code_problems,
    digits_only,
    enum_problems,
    name_problems,
    nib_problems,
    normalise_code,
    normalise_nib,
    normalise_npwp,
    normalise_text,
    npwp_problems,
    phone_problems,
    text_problems,
)

__all__ = [
    "CertificateData",
    "SupplierData",
    "SupplierHasActiveProducts",
    "SupplierQuery",
    "SupplierRow",
    "SupplierSort",
    "count_suppliers",
    "create_supplier",
    "get_supplier",
    "set_supplier_active",
    "supplier_choices",
    "supplier_row",
    "supplier_rows",
    "update_supplier",
    "validate_supplier",
]


# --- data ---------------------------------------------------------------------------


@dataclass
class CertificateData:
    """A certificate (BNSP, halal, P-IRT) of a supplier; ``id`` is None for a new one."""

    kind: CertificateKind
    number: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None  # None: does not expire (e.g. halal since 2021)
    id: int | None = None


@dataclass
class SupplierData:
    """Every field of a supplier the edit dialog (or an import) can change."""

    code: str
    name: str
    legal_form: LegalForm
    category: Category
    owner_name: str = ""
    phone: str = ""
    address: str = ""
    city: str = "Bandar Lampung"
    nib: str = ""  # 13 digits; separators are dropped when stored
    npwp: str = ""  # 16 digits; required when PKP; separators are dropped when stored
    is_pkp: bool = False  # VAT-registered: may charge PPN
    bank_name: str = ""
    bank_account_no: str = ""
    bank_account_name: str = ""
    coaching_start: dt.date | None = None  # start of the programme's six-month monitoring
    notes: str = ""
    certificates: list[CertificateData] = field(default_factory=list)


class SupplierHasActiveProducts(DomainError):
    """Deactivating a supplier that still has active products needs ``cascade=True``."""

    def __init__(self, product_count: int) -> None:
        super().__init__(
            _(
                "This supplier still has {count} active product(s). "
                "Deactivate the products together with the supplier?"
            ).format(count=product_count)
        )
        self.product_count = product_count


# --- validation -------------------------------------------------------------------


def validate_supplier(data: SupplierData) -> dict[str, list[str]]:
    """Check a supplier form without the database: field name -> messages ('' for the form)."""
    problems: dict[str, list[str]] = {}
    add(problems, "code", code_problems(data.code))
    add(problems, "name", name_problems(data.name))
    add(
        problems,
        "legal_form",
        enum_problems(data.legal_form, LegalForm, message=_("Choose the legal form.")),
    )
    add(
        problems,
        "category",
        enum_problems(data.category, Category, message=_("Choose a category.")),
    )
    add(problems, "owner_name", text_problems(data.owner_name, label=_("The owner's name")))
    add(problems, "phone", phone_problems(data.phone))
    add(
        problems,
        "address",
        text_problems(data.address, label=_("The address"), max_length=1000, multiline=True),
    )
    add(problems, "city", text_problems(data.city, label=_("The city"), max_length=80))
    add(problems, "nib", nib_problems(data.nib))
    npwp = npwp_problems(data.npwp)
    if not npwp and data.is_pkp and not digits_only(data.npwp):
        npwp = [_("A PKP supplier charges PPN and must have an NPWP.")]
    add(problems, "npwp", npwp)
    add(problems, "bank_name", text_problems(data.bank_name, label=_("The bank"), max_length=80))
    add(problems, "bank_account_no", bank_account_problems(data.bank_account_no))
    add(
        problems,
        "bank_account_name",
        text_problems(data.bank_account_name, label=_("The account holder")),
    )
    if (data.bank_account_no.strip() or data.bank_account_name.strip()) and not (
        data.bank_name.strip()
    ):
        add(problems, "bank_name", [_("Enter the bank of the account.")])
    add(
        problems,
        "notes",
        text_problems(data.notes, label=_("The notes"), max_length=None, multiline=True),
    )
    add(problems, "certificates", _certificate_problems(data.certificates))
    return problems


def _certificate_problems(certificates: list[CertificateData]) -> list[str]:
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for n, cert in enumerate(certificates, start=1):
        if enum_problems(cert.kind, CertificateKind, message="x"):
            problems.append(_("Certificate {n}: choose the kind of certificate.").format(n=n))
        number = normalise_text(cert.number)
        if not number:
            problems.append(_("Certificate {n}: the number is required.").format(n=n))
        elif text_problems(number, label="", max_length=80):
            problems.append(
                _(
                    "Certificate {n}: the number may have at most 80 characters "
                    "and no control characters."
                ).format(n=n)
            )
        if cert.issued_on and cert.expires_on and cert.expires_on < cert.issued_on:
            problems.append(
                _("Certificate {n}: it cannot expire before it was issued.").format(n=n)
            )
        key = (str(cert.kind), number.upper())
        if number and key in seen:
            problems.append(_("Certificate {n}: this certificate is listed twice.").format(n=n))
        seen.add(key)
    return problems


def _check_database(session: Session, data: SupplierData, *, supplier: Supplier | None) -> None:
    """The checks that need the database; raise with the same field keys as the form."""
    problems: dict[str, list[str]] = {}
    code = normalise_code(data.code)
    supplier_id = supplier.id if supplier else None
    taken = session.scalar(
        select(Supplier.id).where(Supplier.code == code, Supplier.id != (supplier_id or -1))
    )
    if taken is not None:
        problems.update(_duplicate_code(code))
    npwp = normalise_npwp(data.npwp)
    if npwp and (supplier is None or supplier.active):  # an inactive supplier blocks nobody
        add(problems, "npwp", _npwp_in_use(session, npwp, supplier_id=supplier_id))
    if problems:
        raise ValidationError(problems)


def _duplicate_code(code: str) -> dict[str, list[str]]:
    return {"code": [_("The code {code} is already used by another supplier.").format(code=code)]}


def _npwp_in_use(session: Session, npwp: str, *, supplier_id: int | None) -> list[str]:
    other = session.execute(
        select(Supplier.code, Supplier.name).where(
            Supplier.npwp == npwp,
            Supplier.active.is_(True),
            Supplier.id != (supplier_id or -1),
        )
    ).first()
    if other is None:
        return []
    return [
        _("This NPWP already belongs to the active supplier {code} ({name}).").format(
            code=other.code, name=other.name
        )
    ]


def _flush_or_duplicate_code(session: Session, code: str) -> None:
    """Flush; another PC saving the same code at the same moment becomes a form message."""
    try:
        session.flush()
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        if "unique" in text or "duplicate" in text:
            raise ValidationError(_duplicate_code(code)) from exc
        raise


# --- writes --------------------------------------------------------------------------


# How each field of SupplierData is stored; the certificates are synchronised apart.
_STORED: dict[str, Callable[[Any], object]] = {
    "code": normalise_code,
    "name": normalise_text,
    "legal_form": LegalForm,
    "category": Category,
    "owner_name": normalise_text,
    "phone": normalise_text,
    "address": normalise_text,
    "city": normalise_text,
    "nib": normalise_nib,
    "npwp": normalise_npwp,
    "is_pkp": bool,
    "bank_name": normalise_text,
    "bank_account_no": normalise_text,
    "bank_account_name": normalise_text,
    "coaching_start": lambda day: day,
    "notes": normalise_text,
}


def _snapshot(supplier: Supplier) -> dict[str, object]:
    """The stored fields, for the audit log."""
    certificates = sorted(
        f"{c.kind}:{c.number}:{c.issued_on or ''}:{c.expires_on or ''}"
        for c in supplier.certificates
    )
    return {name: getattr(supplier, name) for name in _STORED} | {"certificates": certificates}


def _apply(supplier: Supplier, data: SupplierData) -> None:
    for name, stored in _STORED.items():
        setattr(supplier, name, stored(getattr(data, name)))
    _sync_certificates(supplier, data.certificates)


def _sync_certificates(supplier: Supplier, items: list[CertificateData]) -> None:
    existing = {cert.id: cert for cert in supplier.certificates}
    kept: set[int] = set()
    for item in items:
        if item.id is None:
            cert = Certificate(kind=CertificateKind(item.kind))
            supplier.certificates.append(cert)
        else:
            found = existing.get(item.id)
            if found is None:
                raise ValidationError(
                    {
                        "certificates": [
                            _(
                                "A certificate in the list was removed on another computer. "
                                "Close the form and open it again."
                            )
                        ]
                    }
                )
            cert = found
            kept.add(item.id)
        cert.kind = CertificateKind(item.kind)
        cert.number = normalise_text(item.number)
        cert.issued_on = item.issued_on
        cert.expires_on = item.expires_on
    for cert_id, cert in existing.items():
        if cert_id not in kept:
            supplier.certificates.remove(cert)


def create_supplier(db: Database, *, data: SupplierData) -> int:
    """Add an active supplier with its certificates; returns its id.

    Raises :class:`ValidationError` (nothing written) when the form is wrong,
    the code is taken, or another active supplier has the same NPWP.
    """
    problems = validate_supplier(data)
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.PURCHASING) as session:
        return add_supplier(session, data)


def update_supplier(db: Database, *, supplier_id: int, data: SupplierData) -> None:
    """Replace every editable field of a supplier, certificates included.

    Certificates with an ``id`` are updated, those without are added, and the
    supplier's certificates missing from ``data.certificates`` are deleted.
    """
    problems = validate_supplier(data)
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.PURCHASING) as session:
        change_supplier(session, supplier_id, data)


def set_supplier_active(
    db: Database, *, supplier_id: int, active: bool, cascade: bool = False
) -> list[int]:
    """Deactivate (or reactivate) a supplier; returns the ids of the products it deactivated.

    A supplier with active products is deactivated only with ``cascade=True``,
    which deactivates those products too; without it
    :class:`SupplierHasActiveProducts` says how many there are, so the screen
    can ask and call again. Reactivating a supplier leaves its products as they
    are (reactivate them one by one) and is refused when another active
    supplier has taken its NPWP meanwhile. Inactive suppliers drop out of the
    choice lists and the daily standing orders but stay readable everywhere.
    """
    with db.unit_of_work(Role.PURCHASING) as session:
        supplier = _load(session, supplier_id)
        if supplier.active == active:
            return []
        deactivated: list[int] = []
        if active:
            if supplier.npwp:
                in_use = _npwp_in_use(session, supplier.npwp, supplier_id=supplier_id)
                if in_use:
                    raise ValidationError({"npwp": in_use})
        else:
            product_ids = list(
                session.scalars(
                    select(Product.id)
                    .where(Product.supplier_id == supplier_id, Product.active.is_(True))
                    .order_by(Product.id)
                )
            )
            if product_ids and not cascade:
                raise SupplierHasActiveProducts(len(product_ids))
            for product in session.scalars(select(Product).where(Product.id.in_(product_ids))):
                product.active = False
                audit.record(
                    session,
                    action="deactivate",
                    entity="product",
                    entity_id=product.id,
                    reason="supplier deactivated",
                    supplier_id=supplier_id,
                )
            deactivated = product_ids
        supplier.active = active
        audit.record(
            session,
            action="activate" if active else "deactivate",
            entity="supplier",
            entity_id=supplier_id,
            products_deactivated=deactivated,
        )
        return deactivated


def _load(session: Session, supplier_id: int, *, with_certificates: bool = False) -> Supplier:
    stmt = select(Supplier).where(Supplier.id == supplier_id)
    if with_certificates:
        stmt = stmt.options(selectinload(Supplier.certificates))
    supplier = session.scalar(stmt)
    if supplier is None:
        raise NotFound(_("The supplier no longer exists."))
    return supplier


# --- reads -------------------------------------------------------------------------------


def _expiry_order(cert: Certificate) -> tuple[bool, dt.date, int]:
    return (cert.expires_on is None, cert.expires_on or dt.date.min, cert.id)


def get_supplier(db: Database, supplier_id: int) -> SupplierData:
    """Everything the edit dialog shows of one supplier (certificates by expiry, none last)."""
    with db.reader() as session:
        supplier = _load(session, supplier_id, with_certificates=True)
        return SupplierData(
            **{name: getattr(supplier, name) for name in _STORED},
            certificates=[
                CertificateData(
                    kind=cert.kind,
                    number=cert.number,
                    issued_on=cert.issued_on,
                    expires_on=cert.expires_on,
                    id=cert.id,
                )
                for cert in sorted(supplier.certificates, key=_expiry_order)
            ],
        )


# --- session-level, for an import that writes many suppliers in one unit of work -------


def supplier_data_in(session: Session, supplier_id: int) -> SupplierData:
    """What :func:`get_supplier` returns, read in the caller's session."""
    supplier = _load(session, supplier_id, with_certificates=True)
    return SupplierData(
        **{name: getattr(supplier, name) for name in _STORED},
        certificates=[
            CertificateData(kind=c.kind, number=c.number, issued_on=c.issued_on,
                            expires_on=c.expires_on, id=c.id)
            for c in sorted(supplier.certificates, key=_expiry_order)
        ],
    )


def add_supplier(session: Session, data: SupplierData) -> int:
    """Session-level :func:`create_supplier`: the same checks and audit entry."""
    problems = validate_supplier(data)
    if problems:
        raise ValidationError(problems)
    _check_database(session, data, supplier=None)
    supplier = Supplier(created_by=audit.current_user(session), active=True)
    session.add(supplier)
    _apply(supplier, data)
    _flush_or_duplicate_code(session, supplier.code)
    audit.record(session, action="create", entity="supplier", entity_id=supplier.id,
                 **_snapshot(supplier))
    return supplier.id


def change_supplier(session: Session, supplier_id: int, data: SupplierData) -> bool:
    """Session-level :func:`update_supplier`; returns whether anything changed."""
    problems = validate_supplier(data)
    if problems:
        raise ValidationError(problems)
    supplier = _load(session, supplier_id, with_certificates=True)
    _check_database(session, data, supplier=supplier)
    before = _snapshot(supplier)
    _apply(supplier, data)
    _flush_or_duplicate_code(session, supplier.code)
    changed = changes(before, _snapshot(supplier))
    if changed:
        audit.record(session, action="update", entity="supplier", entity_id=supplier_id,
                     **changed)
    return bool(changed)
