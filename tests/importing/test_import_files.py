"""The files an import reads and writes: ODS, formulas by their cached value, the template
and the report."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.cli import main
from hotel_supply.importing.columns import FIELDS, Kind
from hotel_supply.importing.plan import RowStatus
from hotel_supply.importing.runner import ImportRefused, Source, preview, run_import
from hotel_supply.importing.sheets import read_sheet
from hotel_supply.models import PriceAgreement, Supplier
from tests.factories import make_hotel, make_product, make_supplier
from tests.importing.sheets_for_tests import cache_formula_values, write_ods, write_xlsx


@pytest.fixture
def world(db):
    clock.set_clock(lambda: dt.datetime(2026, 12, 2, 9, 0))
    kopi_umkm = make_supplier(db, code="KOP001", name="CV Kopi Liwa")
    kopi = make_product(db, kopi_umkm, code="KOP-250", name="Kopi Robusta 250 g")
    gula = make_product(db, kopi_umkm, code="KOP-GA", name="Gula Aren")
    hotel = make_hotel(db, code="EMR", name="Hotel Emersia")
    return {"kopi": kopi, "gula": gula, "emr": hotel}


def _prices(db) -> list[tuple[int, int, dt.date]]:
    with db.reader() as session:
        return [tuple(r) for r in session.execute(
            select(PriceAgreement.product_id, PriceAgreement.price, PriceAgreement.valid_from)
            .order_by(PriceAgreement.product_id))]


def test_an_ods_price_list_with_a_title_dates_and_a_calculated_formula(db, world, tmp_path):
    december = dt.date(2026, 12, 1)
    path = write_ods(tmp_path / "harga.ods", [
        ["HARGA KONTRAK HOTEL EMERSIA"],
        [],
        ["Hotel", "Kode Produk", "Harga Lama", "Harga Kontrak", "Berlaku Mulai"],
        ["EMR", "KOP-250", 40000, ("=[.C4]+2000", 42000), december],
        ["Hotel Emersia", "Gula Aren", 27000, "28.500", "01/12/2026"],
    ])

    plan = run_import(db, Kind.PRICES, Source(path))

    assert plan.header_row == 2 and [r.status for r in plan.rows] == [RowStatus.NEW] * 2
    assert _prices(db) == [(world["kopi"], 42_000, december), (world["gula"], 28_500, december)]


def test_an_xlsx_formula_counts_by_the_value_the_spreadsheet_saved(db, world, tmp_path):
    path = write_xlsx(tmp_path / "harga.xlsx", [
        ["Hotel", "Kode Produk", "Harga Lama", "Harga Kontrak", "Berlaku Mulai", "Catatan"],
        ["EMR", "KOP-250", 40000, "=C2+2000", "01/12/2026", '=IF(C2>50000,"mahal","")'],
        ["EMR", "KOP-GA", 27000, "=C3+1500", "01/12/2026", '=IF(C3>50000,"mahal","")'],
    ])
    # as Excel saves it: numbers as <v>, an empty text result as t="str" with an empty <v>
    _cache_as_excel(path, {"D2": "42000", "D3": "28500"}, empty_text=["F2", "F3"])

    plan = run_import(db, Kind.PRICES, Source(path))

    assert plan.warnings == [] and [r.status for r in plan.rows] == [RowStatus.NEW] * 2
    december = dt.date(2026, 12, 1)
    assert _prices(db) == [(world["kopi"], 42_000, december), (world["gula"], 28_500, december)]


def _cache_as_excel(path: Path, numbers: dict[str, str], *, empty_text: list[str]) -> None:
    cache_formula_values(path, numbers)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                xml = data.decode("utf-8")
                for ref in empty_text:
                    start = xml.index(f'<c r="{ref}"')
                    end = xml.index("</c>", start) + len("</c>")
                    formula = xml[xml.index("<f>", start):xml.index("</f>", start) + 4]
                    xml = xml[:start] + f'<c r="{ref}" t="str">{formula}<v></v></c>' + xml[end:]
                data = xml.encode("utf-8")
            dst.writestr(item, data)
    tmp.replace(path)


def test_a_file_whose_formulas_were_never_calculated_says_so_and_imports_nothing(
        db, world, tmp_path):
    path = write_xlsx(tmp_path / "harga.xlsx", [  # openpyxl saves formulas without a value
        ["Hotel", "Kode Produk", "Harga Lama", "Harga Kontrak", "Berlaku Mulai"],
        ["EMR", "KOP-250", 40000, "=C2+2000", "01/12/2026"],
        ["EMR", "KOP-GA", 27000, 28500, "01/12/2026"],
    ])
    assert read_sheet(path).uncalculated == {(1, 3)}

    plan = preview(db, Kind.PRICES, Source(path))

    assert "D2" in plan.warnings[0] and "Excel" in plan.warnings[0]
    assert plan.rows[0].status == RowStatus.ERROR
    assert "Harga" in plan.rows[0].errors[0] and "belum pernah dihitung" in plan.rows[0].errors[0]
    assert plan.rows[1].status == RowStatus.NEW
    with pytest.raises(ImportRefused):
        run_import(db, Kind.PRICES, Source(path))
    assert _prices(db) == []


@pytest.mark.parametrize("kind", list(Kind))
def test_the_template_has_the_headers_an_example_row_and_drop_down_lists(kind, tmp_path, capsys):
    path = tmp_path / f"{kind}.xlsx"

    assert main(["import", str(kind), "--template", str(path)]) == 0

    assert str(path) in capsys.readouterr().out
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    fields = FIELDS[kind]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [f.headers[0] for f in fields]
    assert [v or "" for v in rows[1]] == [f.example for f in fields]
    lists = {str(v.sqref).split(":")[0][:-1]: v.formula1
             for v in sheet.data_validations.dataValidation}
    with_choices = [f for f in fields if f.choices]
    assert len(lists) == len(with_choices)
    for item in with_choices:
        letter = openpyxl.utils.get_column_letter(fields.index(item) + 1)
        assert lists[letter] == '"' + ",".join(c for c in item.choices if c) + '"'
    notes = [list(r) for r in workbook.worksheets[1].iter_rows(values_only=True)]
    assert [r[0] for r in notes[1:]] == [f.headers[0] for f in fields]
    assert [r[1] == "Ya" for r in notes[1:]] == [f.required for f in fields]


def test_the_template_of_suppliers_imports_its_own_example_row(db, tmp_path):
    path = tmp_path / "umkm.xlsx"
    assert main(["import", "suppliers", "--template", str(path)]) == 0

    plan = run_import(db, Kind.SUPPLIERS, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.NEW]
    with db.reader() as session:
        assert list(session.scalars(select(Supplier.name))) == ["CV. Kopi Liwa"]


def test_the_report_lists_every_row_with_its_status_and_messages(db, world, tmp_path, capsys):
    path = write_xlsx(tmp_path / "harga.xlsx", [
        ["Hotel", "Produk", "Harga", "Mulai"],
        ["EMR", "KOP-250", "42.000", "01/12/2026"],
        ["EMR", "Teh Tarik", "5.000", "01/12/2026"],
        [],
        ["XYZ", "KOP-GA", "lima ribu", "kemarin"],
    ], title="HARGA")
    report = tmp_path / "laporan.xlsx"

    status = main(["import", "prices", str(path), "--database", db.url, "--report", str(report)])

    assert status == 2 and _prices(db) == []
    out = capsys.readouterr()
    assert out.out.strip() == "1 baru, 0 diperbarui, 0 tetap, 2 bermasalah"
    workbook = openpyxl.load_workbook(report)
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][:4] == ["Baris", "Status", "Data", "Pesan"]
    assert [(r[0], r[1]) for r in rows[1:]] == [(4, "Baru"), (5, "Bermasalah"),
                                                (7, "Bermasalah")]
    assert rows[1][4:] == ["EMR", "KOP-250", "42.000", "01/12/2026"]  # the file's own cells
    assert "Teh Tarik" in rows[2][3]
    assert "XYZ" in rows[3][3] and "lima ribu" in rows[3][3] and "kemarin" in rows[3][3]
    summary = dict(r[:2] for r in workbook.worksheets[1].iter_rows(values_only=True))
    assert (summary["Berkas"], summary["Baru"], summary["Bermasalah"]) == ("harga.xlsx", 1, 2)
