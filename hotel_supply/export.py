"""Tables to XLSX and CSV files, without Qt: used by every list's Export and the batch commands."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_xlsx(path: Path, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    from openpyxl import Workbook  # loaded when a sheet is written, not with every page
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    _format_columns(ws, headers, rows)
    ws.freeze_panes = "A2"
    wb.save(path)


def _format_columns(ws: Any, headers: list[str], rows: list[list[Any]]) -> None:
    from openpyxl.utils import get_column_letter

    for i, header in enumerate(headers, start=1):
        values = [header, *(str(r[i - 1]) for r in rows[:200])]
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(len(v) for v in values) + 2)
        for row_cells in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            for cell in row_cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    cell.number_format = "#,##0.###" if isinstance(cell.value, float) else "#,##0"


def write_csv(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=";")  # Indonesian Excel expects semicolons
        writer.writerow(headers)
        for row in rows:
            writer.writerow(
                [v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row]
            )


def write_xlsx_sheets(path: Path, sheets: list[tuple[str, list[str], list[list[Any]]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    """Several tables in one workbook, one sheet each (the reconciliation's sections)."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title[:31])
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
        _format_columns(ws, headers, rows)
        ws.freeze_panes = "A2"
    wb.save(path)
