"""The columns each kind of import reads, their usual headers, and finding the header row.

Headers are compared after normalising: lower case, punctuation and repeated
spaces dropped, and a trailing unit in brackets ignored ("Harga (Rp)" is
"harga"). Each field lists the headers offices use for it, in Indonesian and
English; the first one is what a template writes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum

from hotel_supply.i18n import N_, _
from hotel_supply.importing.cleaning import read_text
from hotel_supply.importing.sheets import Cell

HEADER_SEARCH_ROWS = 30  # titles, logos and merged captions stand above the header


class Kind(StrEnum):
    """What a file holds."""

    SUPPLIERS = "suppliers"
    PRODUCTS = "products"
    HOTELS = "hotels"
    PRICES = "prices"
    STANDING_ORDERS = "standing-orders"
    DELIVERIES = "deliveries"


KIND_LABELS = {
    Kind.SUPPLIERS: N_("Suppliers (UMKM)"),
    Kind.PRODUCTS: N_("Products"),
    Kind.HOTELS: N_("Partner hotels"),
    Kind.PRICES: N_("Contract prices"),
    Kind.STANDING_ORDERS: N_("Standing orders"),
    Kind.DELIVERIES: N_("Past deliveries"),
}


class Value(StrEnum):
    """How a column's cells are read."""

    TEXT = "text"
    CODE = "code"
    MONEY = "money"
    QUANTITY = "quantity"
    WHOLE = "whole"
    DATE = "date"
    PHONE = "phone"
    NPWP = "npwp"
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # English, translated where shown (N_)
    headers: tuple[str, ...]  # the first is the template's header
    value: Value = Value.TEXT
    required: bool = False
    example: str = ""
    choices: tuple[str, ...] = ()  # for the template's drop-down list


_LEGAL = ("CV", "UD", "Perorangan")
_CATEGORIES = ("Kopi", "Jajanan", "Olahan Ikan", "Roti & Kue", "Batik & Tapis", "Kerajinan")
_UNITS = ("pcs", "pak", "kg", "liter", "kotak", "lembar")
_YES_NO = ("Ya", "Tidak")
_REASONS = ("Rusak", "Kedaluwarsa", "Salah produk", "Kualitas", "Kelebihan")

_HOTEL = Field("hotel", N_("Hotel"), ("Hotel", "Kode Hotel", "Nama Hotel", "Hotel Mitra",
                                      "Hotel/Resto", "Outlet Hotel"), required=True,
               example="EMR")
_SUPPLIER = Field("supplier", N_("Supplier (UMKM)"),
                  ("UMKM", "Kode UMKM", "Nama UMKM", "Pemasok", "Supplier", "Nama Pemasok",
                   "Nama Usaha", "Mitra UMKM", "Penyedia"), example="KOP001")
_PRODUCT = Field("product", N_("Product"), ("Produk", "Kode Produk", "Nama Produk", "Product",
                                            "Nama Barang", "Barang", "Item", "Jenis Barang"),
                 required=True, example="KOP001-01")
_UNIT = Field("unit", N_("Unit"), ("Satuan", "Unit", "Sat", "Satuan Barang"), example="pcs",
              choices=_UNITS)

FIELDS: dict[Kind, tuple[Field, ...]] = {
    Kind.SUPPLIERS: (
        Field("code", N_("Code"), ("Kode", "Kode UMKM", "Kode Pemasok", "ID UMKM", "Code"),
              Value.CODE, example="KOP001"),
        Field("name", N_("Name"), ("Nama UMKM", "Nama Usaha", "Nama Pemasok", "Nama", "UMKM",
                                   "Supplier", "Name", "Pemasok"), required=True,
              example="CV. Kopi Liwa"),
        Field("legal_form", N_("Legal form"), ("Bentuk Usaha", "Badan Usaha", "Bentuk Badan Usaha",
                                               "Legal Form"), example="CV", choices=_LEGAL),
        Field("category", N_("Category"), ("Kategori", "Jenis Usaha", "Sektor", "Bidang Usaha",
                                           "Jenis Produk", "Category"), required=True,
              example="Kopi", choices=_CATEGORIES),
        Field("owner_name", N_("Owner"), ("Nama Pemilik", "Pemilik", "Owner", "Penanggung Jawab",
                                          "Nama Pelaku Usaha"), example="Ibu Sari"),
        Field("phone", N_("Phone"), ("No. HP/WA", "No HP", "No. HP", "HP", "WA", "No WA", "HP/WA",
                                     "Telepon", "Telp", "No. Telp", "No Telepon", "Phone",
                                     "Kontak"), Value.PHONE, example="0812-3456-7890"),
        Field("address", N_("Address"), ("Alamat", "Alamat Usaha", "Address"),
              example="Jl. Teuku Umar No. 1"),
        Field("city", N_("City"), ("Kota", "Kabupaten/Kota", "Kota/Kab", "City"),
              example="Bandar Lampung"),
        Field("nib", N_("NIB"), ("NIB", "No. NIB", "Nomor Induk Berusaha"), Value.CODE,
              example="1234567890123"),
        Field("npwp", N_("NPWP"), ("NPWP", "No. NPWP", "Nomor NPWP"), Value.NPWP,
              example="0123456789012345"),
        Field("is_pkp", N_("PKP"), ("PKP", "Status PKP", "Pengusaha Kena Pajak"), Value.YES_NO,
              example="Tidak", choices=_YES_NO),
        Field("bank_name", N_("Bank"), ("Bank", "Nama Bank"), example="Bank Lampung"),
        Field("bank_account_no", N_("Account number"), ("No. Rekening", "No Rek", "Rekening",
                                                        "Nomor Rekening", "Norek"),
              example="380.01.12345"),
        Field("bank_account_name", N_("Account holder"), ("Atas Nama", "Nama Rekening",
                                                          "Nama Pemilik Rekening", "a.n."),
              example="Sari Dewi"),
        Field("coaching_start", N_("Coaching start"), ("Mulai Pendampingan", "Tgl Pendampingan",
                                                       "Tanggal Pendampingan", "Mulai Binaan",
                                                       "Tgl Binaan"), Value.DATE,
              example="01/11/2026"),
        Field("notes", N_("Notes"), ("Keterangan", "Catatan", "Ket", "Notes"), example=""),
    ),
    Kind.PRODUCTS: (
        Field("code", N_("Code"), ("Kode Produk", "Kode", "Kode Barang", "SKU", "Code"),
              Value.CODE, example="KOP001-01"),
        Field("name", N_("Name"), ("Nama Produk", "Produk", "Nama Barang", "Nama", "Product",
                                   "Barang"), required=True, example="Kopi Robusta 250 g"),
        Field("supplier", N_("Supplier (UMKM)"), _SUPPLIER.headers, required=True,
              example="KOP001"),
        Field("category", N_("Category"), ("Kategori", "Jenis", "Category"), example="Kopi",
              choices=_CATEGORIES),
        Field("unit", N_("Unit"), _UNIT.headers, required=True, example="pcs", choices=_UNITS),
        Field("perishable", N_("Perishable"), ("Mudah Basi", "Tidak Tahan Lama", "Perishable",
                                               "Basah"), Value.YES_NO, example="Tidak",
              choices=_YES_NO),
        Field("shelf_life_days", N_("Shelf life (days)"), ("Masa Simpan", "Umur Simpan",
                                                           "Daya Simpan", "Shelf Life"),
              Value.WHOLE, example=""),
        Field("standard_price", N_("Standard price"), ("Harga Standar", "Harga", "Harga Satuan",
                                                       "Harga Jual", "Price"), Value.MONEY,
              example="45.000"),
    ),
    Kind.HOTELS: (
        Field("code", N_("Code"), ("Kode Hotel", "Kode", "Code"), Value.CODE, example="EMR"),
        Field("name", N_("Name"), ("Nama Hotel", "Hotel", "Nama", "Hotel Mitra", "Name"),
              required=True, example="Hotel Emersia"),
        Field("kind", N_("Kind"), ("Jenis", "Tipe", "Kind"), example="Hotel",
              choices=("Hotel", "Restoran")),
        Field("address", N_("Address"), ("Alamat", "Address"), example="Jl. W. R. Supratman"),
        Field("city", N_("City"), ("Kota", "City"), example="Bandar Lampung"),
        Field("phone", N_("Phone"), ("Telepon", "Telp", "No. Telp", "Phone"), Value.PHONE,
              example="(0721) 258258"),
        Field("receiving_contact", N_("Receiving contact"), ("Penerima Barang", "Penerima",
                                                             "PIC", "Kontak Penerima",
                                                             "Nama PIC"), example="Pak Budi"),
        Field("receiving_phone", N_("Receiving phone"), ("HP Penerima", "No. HP PIC", "HP PIC",
                                                         "No. HP/WA", "HP"), Value.PHONE,
              example="0813-1111-2222"),
        Field("billing_name", N_("Billing name"), ("Nama Penagihan", "Nama Tagihan",
                                                   "Ditagihkan Kepada", "Nama PT",
                                                   "Billing Name"),
              example="PT Emersia Hotel"),
        Field("billing_address", N_("Billing address"), ("Alamat Penagihan", "Alamat Tagihan"),
              example=""),
        Field("npwp", N_("NPWP"), ("NPWP",), Value.NPWP, example=""),
        Field("payment_terms_days", N_("Payment terms (days)"), ("Termin", "TOP",
                                                                 "Termin Pembayaran",
                                                                 "Jatuh Tempo",
                                                                 "Payment Terms"), Value.WHOLE,
              example="30"),
    ),
    Kind.PRICES: (
        _HOTEL,
        _PRODUCT,
        _SUPPLIER,
        Field("price", N_("Price"), ("Harga Kontrak", "Harga", "Harga Satuan", "Price"),
              Value.MONEY, required=True, example="42.000"),
        Field("valid_from", N_("Valid from"), ("Berlaku Mulai", "Mulai Berlaku", "Berlaku Dari",
                                               "Tgl Mulai", "Mulai", "Dari", "Valid From"),
              Value.DATE, required=True, example="01/12/2026"),
        Field("valid_to", N_("Valid to"), ("Berlaku Sampai", "Sampai", "s/d", "Tgl Akhir",
                                           "Valid To"), Value.DATE, example=""),
    ),
    Kind.STANDING_ORDERS: (
        _HOTEL,
        _PRODUCT,
        _SUPPLIER,
        Field("mon", N_("Monday"), ("Senin", "Sen", "Monday", "Mon"), Value.QUANTITY, example="10"),
        Field("tue", N_("Tuesday"), ("Selasa", "Sel", "Tuesday", "Tue"), Value.QUANTITY,
              example="10"),
        Field("wed", N_("Wednesday"), ("Rabu", "Rab", "Wednesday", "Wed"), Value.QUANTITY,
              example="10"),
        Field("thu", N_("Thursday"), ("Kamis", "Kam", "Thursday", "Thu"), Value.QUANTITY,
              example="10"),
        Field("fri", N_("Friday"), ("Jumat", "Jum'at", "Jum", "Friday", "Fri"), Value.QUANTITY,
              example="10"),
        Field("sat", N_("Saturday"), ("Sabtu", "Sab", "Saturday", "Sat"), Value.QUANTITY,
              example="0"),
        Field("sun", N_("Sunday"), ("Minggu", "Min", "Ahad", "Sunday", "Sun"), Value.QUANTITY,
              example="0"),
    ),
    Kind.DELIVERIES: (
        Field("date", N_("Date"), ("Tanggal", "Tgl", "Tgl Kirim", "Tanggal Kirim", "Tgl Terima",
                                   "Date"), Value.DATE, required=True, example="02/11/2026"),
        _HOTEL,
        Field("supplier", N_("Supplier (UMKM)"), _SUPPLIER.headers, required=True,
              example="KOP001"),
        _PRODUCT,
        _UNIT,
        Field("ordered", N_("Ordered"), ("Jml Pesan", "Pesan", "Jumlah Pesan", "Order",
                                         "Ordered"), Value.QUANTITY, example="30"),
        Field("delivered", N_("Delivered"), ("Jml Kirim", "Kirim", "Dikirim", "Jumlah Kirim",
                                             "Jml Datang", "Delivered", "Qty"), Value.QUANTITY,
              example="30"),
        Field("accepted", N_("Accepted"), ("Jml Terima", "Terima", "Diterima", "Jumlah Terima",
                                           "Accepted"), Value.QUANTITY, example="28"),
        Field("rejected", N_("Rejected"), ("Jml Tolak", "Tolak", "Ditolak", "Jumlah Tolak",
                                           "Retur", "Rejected"), Value.QUANTITY, example="2"),
        Field("reason", N_("Rejection reason"), ("Alasan Tolak", "Alasan", "Alasan Penolakan",
                                                 "Keterangan Tolak", "Reason"),
              example="Rusak", choices=_REASONS),
        Field("price", N_("Unit price"), ("Harga Satuan", "Harga", "Harga/Unit", "Unit Price",
                                          "Price"), Value.MONEY, example="45.000"),
        Field("amount", N_("Amount"), ("Jumlah (Rp)", "Jumlah Harga", "Total", "Nilai",
                                       "Subtotal", "Amount", "Jumlah Rp"), Value.MONEY,
              example="1.260.000"),
        Field("status", N_("Status"), ("Status", "Ket. Batal", "Batal"), example="",
              choices=("", "Batal")),
        Field("number", N_("Note number in the file"), ("No. SJ", "No SJ", "No. Surat Jalan",
                                                        "Nomor SJ", "No. Nota", "No Nota"),
              example="SJ-0211-01"),
        Field("lot", N_("Lot"), ("Lot", "No. Lot", "Batch", "Kode Produksi"), example=""),
        Field("expiry", N_("Expiry date"), ("Kedaluwarsa", "Tgl Kedaluwarsa", "Exp", "Expired",
                                            "Tgl Exp", "Expiry"), Value.DATE, example=""),
    ),
}


def field_of(kind: Kind, key: str) -> Field:
    for item in FIELDS[kind]:
        if item.key == key:
            return item
    raise KeyError(key)


def normalise_header(text: str) -> str:
    """``No. HP/WA`` -> ``no hp wa``; ``Harga (Rp)`` -> ``harga``."""
    lowered = text.lower().replace("\n", " ")
    lowered = re.sub(r"\((rp|hari|days?|idr|kg|pcs)\.?\)", " ", lowered)
    lowered = re.sub(r"[^0-9a-z]+", " ", lowered)
    return re.sub(r"\s+", " ", lowered).strip()


def _aliases(kind: Kind) -> dict[str, str]:
    """Normalised header -> field key; a header that could mean two fields goes to the first."""
    found: dict[str, str] = {}
    for item in FIELDS[kind]:
        for header in (*item.headers, item.key.replace("_", " ")):
            found.setdefault(normalise_header(header), item.key)
    return found


def field_for_header(kind: Kind, header: str) -> str | None:
    return _aliases(kind).get(normalise_header(header))


@dataclass(frozen=True)
class Layout:
    """Where the header stands and which column each field is read from."""

    header_row: int  # from 0
    mapping: dict[str, int]  # field key -> column index from 0

    def signature(self, headers: list[str], kind: Kind) -> str:
        return layout_signature(kind, headers)


def headers_of(rows: list[list[Cell]], header_row: int) -> list[str]:
    if header_row >= len(rows):
        return []
    return [read_text(cell) for cell in rows[header_row]]


def layout_signature(kind: Kind, headers: list[str]) -> str:
    """A key of a file layout (its kind and header texts), to remember its mapping by."""
    text = "|".join([str(kind), *(normalise_header(h) for h in headers)])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def map_headers(kind: Kind, headers: list[str]) -> dict[str, int]:
    """Field key -> column index for the headers that name a field (the leftmost wins)."""
    aliases = _aliases(kind)
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = aliases.get(normalise_header(header))
        if key is not None and key not in mapping:
            mapping[key] = index
    return mapping


def detect_layout(kind: Kind, rows: list[list[Cell]]) -> Layout | None:
    """The header row (the one among the first rows naming most fields) and its mapping."""
    best: Layout | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = map_headers(kind, [read_text(cell) for cell in row])
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best.mapping)):
            best = Layout(header_row=index, mapping=mapping)
    return best


def missing_required(kind: Kind, mapping: dict[str, int]) -> list[str]:
    """The labels of required fields no column is read for."""
    return [_(f.label) for f in FIELDS[kind] if f.required and f.key not in mapping]
