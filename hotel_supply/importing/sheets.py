"""Reading a spreadsheet as offices keep it: XLSX, XLS, ODS (python-calamine) and CSV.

A sheet is read whole into rows of plain values (text, numbers, dates); each
row keeps its number in the file, so a message can say "row 14". Formula cells
count by the value the spreadsheet program cached when it saved the file; an
XLSX whose formulas were never calculated (written by a program, never opened
in Excel or LibreOffice) has no such value, and the cells are listed so the
import can say so instead of reading them as empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from hotel_supply.i18n import _
from hotel_supply.services.errors import DomainError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".txt")

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None


@dataclass
class Sheet:
    """One sheet of a file: its rows (row 1 first) and where formulas lack a value."""

    name: str
    rows: list[list[Cell]]
    # (row index from 0, column index from 0) of formula cells without a cached value
    uncalculated: set[tuple[int, int]] = field(default_factory=set)


class UnreadableFile(DomainError):
    """The file cannot be read as a spreadsheet or CSV file."""


def file_digest(path: Path) -> str:
    """The SHA-256 of the file's bytes, for the audit entry of an import."""
    sha = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            sha.update(chunk)
    return sha.hexdigest()


def sheet_names(path: Path) -> list[str]:
    """The visible sheets of a workbook; a CSV file has one sheet named after the file."""
    if _is_csv(path):
        _check_exists(path)
        return [path.stem]
    workbook = _open_workbook(path)
    try:
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if str(meta.visible).endswith("Visible") and "WorkSheet" in str(meta.typ)
        ]
        return names or list(workbook.sheet_names)
    finally:
        workbook.close()


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The rows of ``sheet`` (the first visible one when None)."""
    if _is_csv(path):
        _check_exists(path)
        return Sheet(name=path.stem, rows=_read_csv(path.read_bytes()))
    names = sheet_names(path)
    name = sheet if sheet is not None else (names[0] if names else None)
    workbook = _open_workbook(path)
    try:
        if name is None or name not in workbook.sheet_names:
            raise UnreadableFile(
                _("The file {file} has no sheet named “{sheet}”; its sheets are: {names}.").format(
                    file=path.name, sheet=name or "", names=", ".join(names)
                )
            )
        try:
            raw = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types per format
            raise UnreadableFile(
                _("The sheet “{sheet}” of {file} cannot be read: {error}").format(
                    sheet=name, file=path.name, error=str(exc)[:200]
                )
            ) from exc
    finally:
        workbook.close()
    rows = [list(row) for row in raw]
    uncalculated: set[tuple[int, int]] = set()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        uncalculated = _uncalculated_formulas(path, name)
    return Sheet(name=name, rows=rows, uncalculated=uncalculated)


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".txt")


def _check_exists(path: Path) -> None:
    if not path.is_file():
        raise UnreadableFile(_("The file {file} does not exist.").format(file=path))


def _open_workbook(path: Path):  # type: ignore[no-untyped-def]
    from python_calamine import CalamineWorkbook

    _check_exists(path)
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise UnreadableFile(
            _("{file} is not a spreadsheet: import an XLSX, XLS, ODS or CSV file.").format(
                file=path.name
            )
        )
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise UnreadableFile(
            _(
                "{file} cannot be read as a spreadsheet (it may be damaged, protected by a "
                "password, or not what its name says)."
            ).format(file=path.name)
        ) from exc


# --- CSV --------------------------------------------------------------------------


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 (Excel's "CSV" on Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> list[list[Cell]]:
    text = decode_csv(data)
    sample = "\n".join(text.splitlines()[:30])
    delimiter = _delimiter(sample)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [list(row) for row in reader]


def _delimiter(sample: str) -> str:
    """Semicolon (Excel in an Indonesian locale), comma, or tab: the one that splits the
    sample's lines most consistently."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (";", ",", "\t")}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


# --- formulas never calculated (XLSX) ---------------------------------------------------

_SHEET_ENTRY = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]*)\"")
_SHEET_ENTRY_REV = re.compile(
    r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]*)\"[^>]*?\bname=\"([^\"]*)\"")
_RELATION = re.compile(r"<Relationship\b[^>]*?\bId=\"([^\"]*)\"[^>]*?\bTarget=\"([^\"]*)\"")
_RELATION_REV = re.compile(r"<Relationship\b[^>]*?\bTarget=\"([^\"]*)\"[^>]*?\bId=\"([^\"]*)\"")
_CELL = re.compile(r"<c\b([^>]*)>(.*?)</c>", re.S)
_REF = re.compile(r"\br=\"([A-Z]+)(\d+)\"")
_VALUE = re.compile(r"<v>[^<]+</v>|<is>")
# a formula whose result is text (t="str") or an error was calculated, even when the text is
# empty: Excel saves =IF(A1="";"";…) as <c t="str"><f>…</f><v></v></c>
_TEXT_RESULT = re.compile(r"\bt=\"(str|e)\"")


def _uncalculated_formulas(path: Path, sheet: str) -> set[tuple[int, int]]:
    """Cells of ``sheet`` holding a formula but no cached value, as (row, column) from 0."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_member(archive, sheet)
            if member is None:
                return set()
            xml = archive.read(member).decode("utf-8", errors="replace")
    except (OSError, zipfile.BadZipFile, KeyError):
        return set()
    found: set[tuple[int, int]] = set()
    if "<f" not in xml:
        return found
    for attributes, body in _CELL.findall(xml):
        if "<f" not in body or _VALUE.search(body) or _TEXT_RESULT.search(attributes):
            continue
        ref = _REF.search(attributes)
        if ref:
            found.add((int(ref.group(2)) - 1, _column_index(ref.group(1))))
    return found


def _sheet_member(archive: zipfile.ZipFile, sheet: str) -> str | None:
    workbook = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    ids = dict(_SHEET_ENTRY.findall(workbook)) or {
        name: rid for rid, name in _SHEET_ENTRY_REV.findall(workbook)
    }
    targets = dict(_RELATION.findall(rels)) or {
        rid: target for target, rid in _RELATION_REV.findall(rels)
    }
    from html import unescape

    names = {unescape(name): rid for name, rid in ids.items()}
    target = targets.get(names.get(sheet, ""))
    if target is None:
        return None
    target = target.lstrip("/")
    return target if target.startswith("xl/") else f"xl/{target}"


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - ord("A") + 1)
    return index - 1


def column_letter(index: int) -> str:
    """Excel's name of a column counted from 0: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
