"""Export any list to XLSX or CSV: the rows as the list shows them, values kept raw."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from PySide6.QtWidgets import QFileDialog, QWidget

from hotel_supply.i18n import _
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.table_model import LazyTableModel, export_rows
from hotel_supply.ui.widgets import show_error


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_xlsx(path: Path, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    for i, header in enumerate(headers, start=1):
        values = [header, *(str(r[i - 1]) for r in rows[:200])]
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(len(v) for v in values) + 2)
        for row_cells in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            for cell in row_cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    cell.number_format = "#,##0.###" if isinstance(cell.value, float) else "#,##0"
    ws.freeze_panes = "A2"
    wb.save(path)


def write_csv(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=";")  # Indonesian Excel expects semicolons
        writer.writerow(headers)
        for row in rows:
            writer.writerow(
                [v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row]
            )


def export_model(ctx: AppContext, model: LazyTableModel[Any], *, title: str,
                 parent: QWidget | None = None) -> Path | None:
    """Ask where, then write every row of ``model`` as XLSX or CSV."""
    start = str(Path.home() / f"{title}.xlsx")
    path_text, chosen = QFileDialog.getSaveFileName(
        parent, _("Export"), start, "Excel (*.xlsx);;CSV (*.csv)")
    if not path_text:
        return None
    path = Path(path_text)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    headers, rows = export_rows(model)
    try:
        if path.suffix.lower() == ".csv":
            write_csv(path, headers, rows)
        else:
            write_xlsx(path, title, headers, rows)
    except OSError as exc:
        show_error(parent, exc)
        return None
    ctx.say(_("{n} rows exported to {path}").format(n=len(rows), path=path))
    return path
