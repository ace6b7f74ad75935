"""Previewing and running an import: the entry points of the command and the wizard.

:func:`preview` reads the file and plans it in a read-only session.
:func:`run_import` plans it again inside ONE unit of work (so what it writes
is checked against the data as they are at that moment), refuses when any row
has an error unless ``valid_only``, writes the valid rows, and records one
audit entry with the file's name, digest and counts. Either everything the
import writes is committed or nothing is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.i18n import _, ngettext
from hotel_supply.importing import agreements, history, masterdata
from hotel_supply.importing.columns import (
    Kind,
    Layout,
    detect_layout,
    field_of,
    missing_required,
)
from hotel_supply.importing.context import Context
from hotel_supply.importing.plan import (
    Plan,
    PlannedRow,
    RowStatus,
    data_rows,
    uncalculated_fields,
    uncalculated_warning,
)
from hotel_supply.importing.sheets import Sheet, file_digest, read_sheet
from hotel_supply.models.enums import Role
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import audit
from hotel_supply.services.errors import DomainError

Planner = Callable[[Context, list[PlannedRow]], None]

_PLANNERS: dict[Kind, Planner] = {
    Kind.SUPPLIERS: masterdata.plan_suppliers,
    Kind.PRODUCTS: masterdata.plan_products,
    Kind.HOTELS: masterdata.plan_hotels,
    Kind.PRICES: agreements.plan_prices,
    Kind.STANDING_ORDERS: agreements.plan_standing_orders,
    Kind.DELIVERIES: history.plan_deliveries,
}
# who may make each import (SPEC rule 9): master data is purchasing's, receiving the storeroom's
ROLES: dict[Kind, Role] = {kind: Role.PURCHASING for kind in Kind} | {
    Kind.DELIVERIES: Role.STOREROOM}


class ImportRefused(DomainError):
    """Rows have errors and only valid rows were not asked for: nothing was written."""

    def __init__(self, plan: Plan) -> None:
        errors = plan.counts.errors
        if plan.warnings_block:
            message = " ".join(plan.warnings)
        else:
            message = ngettext(
                "Nothing was imported: {n} row has an error. Correct it in the file, or import "
                "only the valid rows.",
                "Nothing was imported: {n} rows have errors. Correct them in the file, or "
                "import only the valid rows.", errors).format(n=errors)
        super().__init__(message)
        self.plan = plan


@dataclass(frozen=True)
class Source:
    """The file, the sheet and the layout to read (None: detect it)."""

    path: Path
    sheet: str | None = None
    layout: Layout | None = None


def inspect(kind: Kind, source: Source) -> tuple[Sheet, Layout | None]:
    """The sheet's rows and the detected (or given) header row and column mapping."""
    sheet = read_sheet(source.path, source.sheet)
    return sheet, source.layout or detect_layout(kind, sheet.rows)


def _plan(session: Session, kind: Kind, source: Source, *, create_missing: bool,
          digest: str) -> tuple[Plan, Context]:
    sheet, layout = inspect(kind, source)
    ctx = Context(session, create_missing=create_missing)
    plan = Plan(kind=kind, file_name=source.path.name, sha256=digest, sheet=sheet.name,
                header_row=layout.header_row if layout else 0,
                mapping=dict(layout.mapping) if layout else {}, rows=[])
    if layout is None:
        plan.warnings.append(_(
            "No header row found in the first rows of the sheet “{sheet}”: the columns need "
            "names such as {example}.").format(sheet=sheet.name, example=_example(kind)))
        return plan, ctx
    missing = missing_required(kind, layout.mapping)
    if missing:
        plan.warnings.append(_("No column is read for: {fields}.").format(
            fields=", ".join(missing)))
        return plan, ctx
    for row_no, cells in data_rows(kind, sheet, layout.header_row, layout.mapping):
        row = PlannedRow(row_no=row_no, cells=cells)
        for key in uncalculated_fields(sheet, row_no, layout.mapping):
            row.fail(_("{field}: the formula in this cell was never calculated.").format(
                field=_(field_of(kind, key).label)))
        plan.rows.append(row)
    warning = uncalculated_warning(sheet)
    if warning:
        plan.warnings.append(warning)
    _PLANNERS[kind](ctx, plan.rows)
    for row in plan.rows:
        if row.status == RowStatus.ERROR:
            row.action = None
    plan.created = ctx.created
    if not plan.rows:
        plan.warnings.append(_("The sheet has no data rows below its header."))
    return plan, ctx


def _example(kind: Kind) -> str:
    from hotel_supply.importing.columns import FIELDS

    return ", ".join(f"“{f.headers[0]}”" for f in FIELDS[kind] if f.required)


def preview(db: Database, kind: Kind, source: Source, *, create_missing: bool = False) -> Plan:
    """What importing the file would do, row by row; nothing is written."""
    digest = file_digest(source.path) if source.path.is_file() else ""
    with db.reader() as session:
        plan, _ctx = _plan(session, kind, source, create_missing=create_missing, digest=digest)
        return plan


def run_import(db: Database, kind: Kind, source: Source, *, create_missing: bool = False,
               valid_only: bool = False, progress: Progress = SILENT) -> Plan:
    """Import the file in one unit of work; returns the plan it carried out.

    Raises :class:`ImportRefused` (nothing written) when a row has an error and
    ``valid_only`` is false, or when no row could be read at all.
    """
    digest = file_digest(source.path) if source.path.is_file() else ""
    with db.unit_of_work(ROLES[kind]) as session:
        plan, ctx = _plan(session, kind, source, create_missing=create_missing, digest=digest)
        if plan.warnings_block or (plan.has_errors and not valid_only):
            raise ImportRefused(plan)
        if ctx.pending and kind == Kind.DELIVERIES:
            from hotel_supply.services.permissions import require_role

            require_role(session, db.user, [Role.PURCHASING])  # master data is purchasing's
        writes = plan.writes()
        if kind == Kind.DELIVERIES:
            history.apply_deliveries(ctx, writes, progress, file_name=plan.file_name)
        else:
            _APPLY[kind](ctx, writes, progress)
        counts = plan.counts
        audit.record(session, action="import", entity=str(kind), entity_id=None,
                     file=plan.file_name, sha256=plan.sha256, new=counts.new,
                     updated=counts.updated, unchanged=counts.unchanged, errors=counts.errors)
        return plan


_APPLY: dict[Kind, Callable[[Context, list[PlannedRow], Progress], None]] = {
    Kind.SUPPLIERS: masterdata.apply_suppliers,
    Kind.PRODUCTS: masterdata.apply_products,
    Kind.HOTELS: masterdata.apply_hotels,
    Kind.PRICES: agreements.apply_prices,
    Kind.STANDING_ORDERS: agreements.apply_standing_orders,
}
