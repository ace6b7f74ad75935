"""The XLSX files an import writes: an empty template per kind, and the report of an import
(every row with its status and messages)."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hotel_supply.i18n import _
from hotel_supply.importing.cleaning import read_text
from hotel_supply.importing.columns import FIELDS, KIND_LABELS, Field, Kind
from hotel_supply.importing.plan import STATUS_LABELS, Plan, RowStatus

_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_STATUS_FILLS = {
    RowStatus.NEW: "E3F2E1",
    RowStatus.UPDATE: "FFF4D6",
    RowStatus.UNCHANGED: "FFFFFF",
    RowStatus.ERROR: "F8DADA",
}
TEMPLATE_ROWS = 500  # rows the drop-down lists cover


def write_template(path: Path, kind: Kind) -> None:
    """An empty sheet with the expected headers, one example row and drop-down lists."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(_(KIND_LABELS[kind]))
    fields = FIELDS[kind]
    sheet.append([f.headers[0] for f in fields])
    sheet.append([_example_value(f) for f in fields])
    for col, item in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = max(12, len(item.headers[0]) + 4)
        if item.choices:
            choices = ",".join(c for c in item.choices if c)
            validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
            validation.error = _("Choose one of: {choices}").format(choices=choices)
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("Columns"))
    notes.append([_("Column"), _("Required"), _("Also read as")])
    for item in fields:
        notes.append([item.headers[0], _("Yes") if item.required else "",
                      ", ".join(item.headers[1:])])
    for col in range(1, 4):
        notes.cell(row=1, column=col).font = Font(bold=True)
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 80
    workbook.save(path)


def sheet_title(text: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "Data"


def _example_value(item: Field) -> object:
    return item.example


def write_report(path: Path, plan: Plan) -> None:
    """Every row of the import with its status and messages, beside the file's own cells."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Import")
    keys = sorted(plan.mapping, key=lambda k: plan.mapping[k])
    labels = {f.key: _(f.label) for f in FIELDS[plan.kind]}
    sheet.append([_("Row"), _("Status"), _("Record"), _("Messages"), *(labels[k] for k in keys)])
    for col in range(1, 5 + len(keys)):
        sheet.cell(row=1, column=col).font = Font(bold=True)
        sheet.cell(row=1, column=col).fill = _HEADER_FILL
    for row in plan.rows:
        sheet.append([row.row_no, _(STATUS_LABELS[row.status]), row.target,
                      "\n".join(row.messages), *(read_text(row.cells.get(k)) for k in keys)])
        fill = PatternFill("solid", fgColor=_STATUS_FILLS[row.status])
        sheet.cell(row=sheet.max_row, column=2).fill = fill
        sheet.cell(row=sheet.max_row, column=4).alignment = Alignment(wrap_text=True,
                                                                      vertical="top")
    for letter, width in (("A", 7), ("B", 12), ("C", 32), ("D", 70)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    summary = workbook.create_sheet(_("Summary"))
    counts = plan.counts
    for label, value in ((_("File"), plan.file_name), (_("Sheet"), plan.sheet),
                         ("SHA-256", plan.sha256), (_("New"), counts.new),
                         (_("Updated"), counts.updated), (_("Unchanged"), counts.unchanged),
                         (_("Errors"), counts.errors)):
        summary.append([label, value])
    for text in [*plan.warnings, *plan.created]:
        summary.append([text])
    summary.column_dimensions["A"].width = 18
    summary.column_dimensions["B"].width = 70
    workbook.save(path)
