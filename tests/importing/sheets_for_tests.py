"""Messy spreadsheets as offices keep them, written by the tests themselves."""

from __future__ import annotations

import csv
import datetime as dt
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


def write_ods(path: Path, rows: Sequence[Sequence[Any]], *, sheet: str = "Data") -> Path:
    """A minimal OpenDocument spreadsheet, written by hand (no ODS writer is a dependency).

    A cell is text, an int or float, a ``datetime.date``, ``None``, or a pair
    ``("=formula", cached value)`` as LibreOffice saves a calculated formula."""
    from xml.sax.saxutils import escape

    def cell(value: Any) -> str:
        if value is None:
            return "<table:table-cell/>"
        formula = ""
        if isinstance(value, tuple):
            formula = f' table:formula="of:{escape(value[0])}"'
            value = value[1]
        if isinstance(value, dt.date):
            text = value.strftime("%d/%m/%Y")
            return (f'<table:table-cell office:value-type="date" office:date-value='
                    f'"{value.isoformat()}"{formula}><text:p>{text}</text:p></table:table-cell>')
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}"'
                    f"{formula}><text:p>{value}</text:p></table:table-cell>")
        return (f'<table:table-cell office:value-type="string"{formula}><text:p>'
                f"{escape(str(value))}</text:p></table:table-cell>")

    body = "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>"
                   if row else '<table:table-row><table:table-cell/></table:table-row>'
                   for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path
