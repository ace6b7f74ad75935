"""Export any list to XLSX or CSV: the rows as the list shows them, values kept raw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from hotel_supply.export import write_csv, write_xlsx
from hotel_supply.i18n import _
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.file_dialogs import save_file_name
from hotel_supply.ui.table_model import LazyTableModel, export_rows
from hotel_supply.ui.widgets import show_error


def export_model(ctx: AppContext, model: LazyTableModel[Any], *, title: str,
                 parent: QWidget | None = None) -> Path | None:
    """Ask where, then write every row of ``model`` as XLSX or CSV."""
    start = str(Path.home() / f"{title}.xlsx")
    path_text, chosen = save_file_name(parent, _("Export"), start, "Excel (*.xlsx);;CSV (*.csv)")
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
