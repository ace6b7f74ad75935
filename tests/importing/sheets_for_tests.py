"""Messy spreadsheets as offices keep them, written by the tests themselves."""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title: str | None = None,
               sheet: str = "Data", merge_title: bool = True) -> Path:
    """An XLSX with an optional title row (merged across the columns) and a blank row
    above the header, as an office's list usually starts."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    if title is not None:
        ws.append([title])
        width = max(len(r) for r in rows)
        if merge_title:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.append([])
    for row in rows:
        ws.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def cache_formula_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the cached value a spreadsheet program stores when it saves
    (openpyxl writes formulas without one): ``{"E4": "90000"}``."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                xml = data.decode("utf-8")
                for ref, value in values.items():
                    xml = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/>',
                                 rf"\1\2<v>{value}</v>", xml)
                    xml = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v></v>',
                                 rf"\1\2<v>{value}</v>", xml)
                data = xml.encode("utf-8")
            dst.writestr(item, data)
    tmp.replace(path)
