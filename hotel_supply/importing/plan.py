"""What an import would do, row by row: the preview the command and the wizard show.

A planner turns the sheet's data rows into :class:`PlannedRow` s (new, update,
unchanged or error, each with its messages) and remembers for each valid row
what to write; :mod:`.runner` writes them in one unit of work.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from hotel_supply.i18n import N_, _
from hotel_supply.importing import cleaning
from hotel_supply.importing.cleaning import CellError
from hotel_supply.importing.columns import FIELDS, Field, Kind, Value
from hotel_supply.importing.sheets import Cell, Sheet, column_letter


class RowStatus(StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


STATUS_LABELS = {
    RowStatus.NEW: N_("New"),
    RowStatus.UPDATE: N_("Update"),
    RowStatus.UNCHANGED: N_("Unchanged"),
    RowStatus.ERROR: N_("Error"),
}


@dataclass
class PlannedRow:
    """One data row of the file and what importing it does."""

    row_no: int  # the row's number in the file, as the spreadsheet program shows it
    cells: dict[str, Cell]  # field key -> the raw cell
    status: RowStatus = RowStatus.NEW
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # repairs and matches, not errors
    target: str = ""  # what the row is about once matched: "KOP001 Kopi Liwa"
    action: Any = None  # what the planner's apply step writes; None for unchanged/error

    @property
    def messages(self) -> list[str]:
        return [*self.errors, *self.notes]

    def errors_about(self, label: str) -> bool:
        return any(e.startswith(label + ":") for e in self.errors)

    def fail(self, message: str) -> None:
        self.errors.append(message)
        self.status = RowStatus.ERROR


@dataclass
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0

    def summary(self) -> str:
        return _("{new} new, {updated} updated, {unchanged} unchanged, {errors} errors").format(
            new=self.new, updated=self.updated, unchanged=self.unchanged, errors=self.errors
        )


@dataclass
class Plan:
    """The preview of an import of one sheet."""

    kind: Kind
    file_name: str
    sha256: str
    sheet: str
    header_row: int  # from 0
    mapping: dict[str, int]
    rows: list[PlannedRow]
    warnings: list[str] = field(default_factory=list)  # about the whole file
    created: list[str] = field(default_factory=list)  # hotels, suppliers, products made new

    @property
    def counts(self) -> Counts:
        counts = Counts()
        for row in self.rows:
            if row.status == RowStatus.NEW:
                counts.new += 1
            elif row.status == RowStatus.UPDATE:
                counts.updated += 1
            elif row.status == RowStatus.UNCHANGED:
                counts.unchanged += 1
            else:
                counts.errors += 1
        return counts

    @property
    def has_errors(self) -> bool:
        return bool(self.warnings_block) or any(r.status == RowStatus.ERROR for r in self.rows)

    @property
    def warnings_block(self) -> bool:
        """A file-level problem that stops the import whatever rows are valid."""
        return not self.rows and bool(self.warnings)

    def writes(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status in (RowStatus.NEW, RowStatus.UPDATE)]


# --- reading the data rows ---------------------------------------------------------------

_TOTAL = re.compile(r"^(grand\s*)?(sub\s*)?(total|jumlah|jml|sum)\b", re.I)


def data_rows(kind: Kind, sheet: Sheet, header_row: int, mapping: dict[str, int]
              ) -> list[tuple[int, dict[str, Cell]]]:
    """(row number from 1, field key -> raw cell) of each row below the header that holds
    data: blank rows, a repeated header and the total row at the bottom are left out."""
    header = [cleaning.read_text(c).lower() for c in sheet.rows[header_row]] \
        if header_row < len(sheet.rows) else []
    found: list[tuple[int, dict[str, Cell]]] = []
    text_fields = [f.key for f in FIELDS[kind] if f.value in (Value.TEXT, Value.CODE)]
    for index in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if all(cleaning.is_blank(c) for c in row):
            continue
        if [cleaning.read_text(c).lower() for c in row] == header:
            continue
        cells = {key: (row[col] if col < len(row) else None) for key, col in mapping.items()}
        if _is_total_row(row, cells, text_fields):
            continue
        if all(cleaning.is_blank(c) for c in cells.values()):
            continue
        found.append((index + 1, cells))
    return found


def _is_total_row(row: list[Cell], cells: dict[str, Cell], text_fields: list[str]) -> bool:
    texts = [cleaning.read_text(c) for c in row if isinstance(c, str) and c.strip()]
    if not texts or not _TOTAL.match(texts[0]):
        return False
    named = [cleaning.read_text(cells[k]) for k in text_fields if k in cells]
    return sum(1 for t in named if t and not _TOTAL.match(t)) <= 1


def uncalculated_fields(sheet: Sheet, row_no: int, mapping: dict[str, int]) -> list[str]:
    """Field keys of the row whose cell is a formula never calculated."""
    return [key for key, col in mapping.items() if (row_no - 1, col) in sheet.uncalculated]


def uncalculated_warning(sheet: Sheet) -> str | None:
    if not sheet.uncalculated:
        return None
    first = min(sheet.uncalculated)
    return _(
        "{count} formula cells of this file were never calculated (the first is {cell}): it was "
        "written by a program and never opened in a spreadsheet. Open it in Excel or "
        "LibreOffice, save it, and import it again."
    ).format(count=len(sheet.uncalculated), cell=f"{column_letter(first[1])}{first[0] + 1}")


class RowReader:
    """Reads the cells of one planned row by their field's kind, collecting the errors."""

    def __init__(self, row: PlannedRow, fields: tuple[Field, ...]) -> None:
        self.row = row
        self.fields = {f.key: f for f in fields}
        self._read: dict[str, Any] = {}

    def has(self, key: str) -> bool:
        return key in self.row.cells

    def blank(self, key: str) -> bool:
        return cleaning.is_blank(self.row.cells.get(key))

    def get(self, key: str) -> Any:
        """The cell read as its field says; None when absent, empty or unreadable."""
        if key not in self.row.cells:
            return None
        if key not in self._read:
            self._read[key] = self._read_cell(key)
        return self._read[key]

    def _read_cell(self, key: str) -> Any:
        item = self.fields[key]
        cell = self.row.cells[key]
        readers: dict[Value, Callable[[Cell], Any]] = {
            Value.TEXT: cleaning.read_text,
            Value.CODE: cleaning.read_code,
            Value.MONEY: cleaning.read_money,
            Value.QUANTITY: cleaning.read_quantity,
            Value.WHOLE: cleaning.read_whole,
            Value.DATE: cleaning.read_date,
            Value.YES_NO: cleaning.read_yes_no,
        }
        try:
            if item.value == Value.PHONE:
                text, notes = cleaning.read_phone(cell)
                self.row.notes.extend(notes)
                return text
            if item.value == Value.NPWP:
                text, notes = cleaning.read_npwp(cell)
                self.row.notes.extend(notes)
                return text
            return readers[item.value](cell)
        except CellError as exc:
            self.row.fail(_("{field}: {problem}").format(field=_(item.label), problem=exc.message))
            return None

    def require(self, key: str) -> Any:
        value = self.get(key)
        label = _(self.fields[key].label)
        if (value is None or value == "") and not self.row.errors_about(label):
            self.row.fail(_("{field} is empty.").format(field=label))
        return value

