"""The audit log as an administrator reads it: filtered, newest first, a page at a time.

Pages are fetched by key (entries older than the last one shown, by ``seq``), so the
hundred-thousandth entry costs what the first does. Each entry's JSON summary is told
as readable text ("price: 12000 → 13500"), and an entry about a document names the
document to open.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.i18n import N_, _
from hotel_supply.models import AuditEntry, Payment
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import audit_chain

PAGE = 200
CHANGE_ACTIONS = frozenset({"update", "change"})

# what an entry's ``entity`` means, in the office's words (English msgids)
ENTITY_NAMES: dict[str, str] = {
    "app_user": N_("Account"),
    "delivery": N_("Delivery"),
    "delivery_line": N_("Delivery line"),
    "invoice": N_("Invoice"),
    "invoice_line": N_("Invoice line"),
    "credit_note": N_("Credit note"),
    "payment": N_("Payment"),
    "refund": N_("Refund"),
    "period": N_("Month"),
    "settings": N_("Settings"),
    "setting": N_("Settings"),
    "supplier": N_("Supplier"),
    "product": N_("Product"),
    "hotel": N_("Hotel"),
    "price_agreement": N_("Price"),
    "standing_order_grid": N_("Standing orders"),
    "standing_order": N_("Standing orders"),
    "order": N_("Order"),
    "par_level": N_("Par level"),
    "stock_count": N_("Stock count"),
    "stock_count_line": N_("Stock count line"),
    "stock_movement": N_("Stock movement"),
    "purchase_order": N_("Order"),
    "purchase_order_line": N_("Order line"),
    "certificate": N_("Certificate"),
    "outlet": N_("Outlet"),
    "stock_document": N_("Stock document"),
    "stock_issue": N_("Issue to outlet"),
    "stock_waste": N_("Waste write-off"),
    "stock_return": N_("Return to supplier"),
    "database": N_("Database"),
    "import": N_("Import"),
}

ACTION_NAMES: dict[str, str] = {
    "create": N_("created"),
    "update": N_("changed"),
    "change": N_("changed"),
    "delete": N_("deleted"),
    "post": N_("posted"),
    "cancel": N_("cancelled"),
    "discard": N_("discarded"),
    "issue": N_("issued"),
    "generate": N_("drafts generated"),
    "close": N_("closed"),
    "reopen": N_("reopened"),
    "end": N_("ended"),
    "activate": N_("activated"),
    "deactivate": N_("deactivated"),
    "sign_in": N_("signed in"),
    "sign_in_failed": N_("wrong password"),
    "change_password": N_("changed own password"),
    "reset_password": N_("password reset"),
    "set_first_password": N_("first password chosen"),
    "demo_built": N_("demo built"),
}

# entries about these open a document: entity -> the kind of window that shows it
DOCUMENT_KINDS: dict[str, str] = {
    "delivery": "delivery",
    "invoice": "invoice",
    "credit_note": "invoice",
    "payment": "payment",
    "refund": "payment",
    "stock_document": "stock_document",
    "stock_issue": "stock_document",
    "stock_waste": "stock_document",
    "stock_return": "stock_document",
    "stock_count": "stock_count",
}


@dataclass(frozen=True)
class AuditFilter:
    """What the administrator narrowed the log to; empty fields match everything."""

    username: str = ""
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive
    text: str = ""  # a document number, a name, an entity ("Tagihan") or an id
    action: str = ""


@dataclass(frozen=True)
class AuditLine:
    id: int
    seq: int
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    summary: str

    @property
    def action_text(self) -> str:
        return action_name(self.action)

    @property
    def entity_text(self) -> str:
        name = entity_name(self.entity)
        return f"{name} #{self.entity_id}" if self.entity_id is not None else name

    @property
    def details(self) -> str:
        return describe(self.action, self.summary)

    @property
    def document_kind(self) -> str | None:
        """"delivery", "invoice", "payment", "stock_document" or "stock_count"; else None."""
        return DOCUMENT_KINDS.get(self.entity) if self.entity_id is not None else None


@dataclass(frozen=True)
class DocumentRef:
    kind: str  # "delivery", "invoice", "stock_document" or "stock_count"
    id: int


def entity_name(entity: str) -> str:
    return _(ENTITY_NAMES[entity]) if entity in ENTITY_NAMES else entity


def action_name(action: str) -> str:
    return _(ACTION_NAMES[action]) if action in ACTION_NAMES else action


# --- the summary as text --------------------------------------------------------------


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_show(inner)}" for key, inner in value.items())
    if isinstance(value, list):
        return ", ".join(_show(inner) for inner in value)
    return str(value)


def _pair(field: str, value: Any) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{field}: {_show(value[0])} → {_show(value[1])}"
    return f"{field}: {_show(value)}"


def describe(action: str, summary: str) -> str:
    """The summary JSON as a line a person reads: "field: old → new; other: value"."""
    if not summary:
        return ""
    try:
        data = json.loads(summary)
    except ValueError:
        return summary
    if not isinstance(data, dict):
        return _show(data)
    parts: list[str] = []
    for key, value in data.items():
        if key == "changes" and isinstance(value, dict):
            parts.extend(_pair(field, pair) for field, pair in value.items())
        elif action in CHANGE_ACTIONS:
            parts.append(_pair(key, value))
        else:
            parts.append(f"{key}: {_show(value)}")
    return "; ".join(parts)


# --- reading ------------------------------------------------------------------------


def _conditions(query: AuditFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if query.username:
        found.append(AuditEntry.username == query.username)
    if query.action:
        found.append(AuditEntry.action == query.action)
    if query.start is not None:
        found.append(AuditEntry.at >= dt.datetime.combine(query.start, dt.time()))
    if query.end is not None:
        found.append(AuditEntry.at < dt.datetime.combine(query.end + dt.timedelta(days=1),
                                                         dt.time()))
    text = query.text.strip()
    if text:
        lowered = text.lower()
        # a translated entity name ("Tagihan", "Pengiriman") finds its entries too
        entities = [key for key, name in ENTITY_NAMES.items()
                    if lowered in _(name).lower() or lowered in name.lower()]
        either: list[ColumnElement[bool]] = [
            func.lower(AuditEntry.summary).contains(lowered, autoescape=True),
            func.lower(AuditEntry.entity).contains(lowered, autoescape=True),
        ]
        if entities:
            either.append(AuditEntry.entity.in_(entities))
        ident = text.lstrip("#")
        if ident.isdigit():
            either.append(AuditEntry.entity_id == int(ident))
        found.append(or_(*either))
    return found


def _select(
    query: AuditFilter,
) -> Select[int, int, dt.datetime, str, str, str, int | None, str]:
    stmt = select(AuditEntry.id, AuditEntry.seq, AuditEntry.at, AuditEntry.username,
                  AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
                  AuditEntry.summary)
    conditions = _conditions(query)
    return stmt.where(and_(*conditions)) if conditions else stmt


def _as_line(row: Any) -> AuditLine:
    return AuditLine(row.id, row.seq, row.at, row.username, row.action, row.entity,
                     row.entity_id, row.summary)


def entries(db: Database, query: AuditFilter, *, before_seq: int | None = None,
            limit: int = PAGE) -> list[AuditLine]:
    """Up to ``limit`` entries matching ``query``, newest first, older than ``before_seq``."""
    stmt = _select(query)
    if before_seq is not None:
        stmt = stmt.where(AuditEntry.seq < before_seq)
    stmt = stmt.order_by(AuditEntry.seq.desc()).limit(limit)
    with db.reader() as session:
        return [_as_line(row) for row in session.execute(stmt).all()]


def count(db: Database, query: AuditFilter) -> int:
    conditions = _conditions(query)
    stmt = select(func.count(AuditEntry.id))
    if conditions:
        stmt = stmt.where(and_(*conditions))
    with db.reader() as session:
        return int(session.scalar(stmt) or 0)


def usernames(db: Database) -> list[str]:
    """Every name that wrote to the log (accounts since removed, "system" too)."""
    with db.reader() as session:
        names = session.scalars(select(AuditEntry.username).distinct()).all()
    return sorted(name for name in names if name)


def actions(db: Database) -> list[str]:
    with db.reader() as session:
        found = session.scalars(select(AuditEntry.action).distinct()).all()
    return sorted(found, key=action_name)


def document_of(db: Database, line: AuditLine) -> DocumentRef | None:
    """The document an entry is about, as the window that shows it wants it (a payment's
    invoice), or None for entries about anything else."""
    kind = line.document_kind
    if kind is None or line.entity_id is None:
        return None
    if kind != "payment":
        return DocumentRef(kind, line.entity_id)
    with db.reader() as session:
        invoice_id = session.scalar(select(Payment.invoice_id).where(
            Payment.id == line.entity_id))
    return DocumentRef("invoice", invoice_id) if invoice_id is not None else None


# --- the chain ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    ok: bool
    broken: AuditLine | None  # the first entry that does not match (when it still exists)
    broken_seq: int | None
    problem: str  # "", "edited", "missing", "head"

    def sentence(self) -> str:
        """What the administrator is told, in one or two plain sentences."""
        if self.ok:
            return _("The audit trail is whole: all {n} entries are unchanged, in order."
                     ).format(n=self.checked)
        if self.broken is not None:
            where = _("entry {seq} of {time}, by {user}").format(
                seq=self.broken.seq, time=self.broken.at.strftime("%d/%m/%Y %H:%M:%S"),
                user=self.broken.username)
        else:
            where = _("entry {seq}").format(seq=self.broken_seq)
        if self.problem == "missing":
            text = _("The audit trail is broken: {where} is missing (deleted outside the app).")
        elif self.problem == "head":
            text = _("The audit trail is broken after {where}: later entries were deleted "
                     "outside the app.")
        else:
            text = _("The audit trail is broken at {where}: it was changed outside the app.")
        return text.format(where=where) + " " + _(
            "The {n} entries before it are unchanged.").format(n=self.checked)


def verify_chain(db: Database, *, progress: Progress = SILENT) -> ChainCheck:
    """Walk the whole chain (``audit_chain.verify``) and name the first entry that breaks it."""
    with db.reader() as session:
        total = int(session.scalar(select(func.count(AuditEntry.id))) or 0)
        progress.step(0, total, _("Checking the audit trail…"))
        report = audit_chain.verify(session, progress=lambda done: progress.step(
            done, total, _("Checking the audit trail…")))
        broken = _line(session, report.broken_id) if report.broken_id is not None else None
        if broken is None and report.broken_seq is not None:
            broken = _line_by_seq(session, report.broken_seq)
    return ChainCheck(report.checked, report.ok, broken, report.broken_seq, report.problem)


def _line(session: Session, entry_id: int) -> AuditLine | None:
    row = session.execute(_select(AuditFilter()).where(AuditEntry.id == entry_id)).first()
    return _as_line(row) if row is not None else None


def _line_by_seq(session: Session, seq: int) -> AuditLine | None:
    row = session.execute(_select(AuditFilter()).where(AuditEntry.seq == seq)).first()
    return _as_line(row) if row is not None else None
