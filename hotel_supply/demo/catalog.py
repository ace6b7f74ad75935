"""The raw material of the demo database: trades, products, prices, names and places.

Plain data, written as the office would type it (in Indonesian), and three
small functions that read it; the demo generator (``builder.py`` and its
``master`` and ``stock``) draws from it with a seeded random
generator. Prices are whole rupiah of 2025-2026 in Bandar Lampung.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum

from hotel_supply.models.enums import Category, HotelKind, RejectionReason, Unit
from hotel_supply.services.deliveries import COUNTABLE_UNITS


class Rhythm(StrEnum):
    """How often a hotel's standing order asks a trade to come."""

    DAILY = "daily"  # bread and jajanan pasar: every morning
    OFTEN = "often"  # processed fish: two or three days a week
    WEEKLY = "weekly"  # coffee, chips, cakes: once (or twice) a week
    RARE = "rare"  # batik and crafts: a weekly gift-shop drop at most; mostly ad-hoc


@dataclass(frozen=True)
class ProductTemplate:
    name: str
    unit: Unit
    price: int  # typical price per unit, whole rupiah
    shelf_life_days: int | None  # None: not perishable
    order_qty: tuple[int, int]  # a large hotel's usual order per delivery (low, high)


@dataclass(frozen=True)
class Trade:
    """A kind of UMKM: what it makes, how it is named, when and how often it delivers."""

    key: str
    category: Category
    code_prefix: str  # supplier codes: KOP001, ...
    share: int  # suppliers of this trade among 120
    rhythm: Rhythm
    per_hotel: int  # suppliers of this trade a large hotel has standing orders with
    arrival: tuple[int, int]  # usual arrival window, minutes after midnight
    names: tuple[str, ...]  # templates: {person} {brand} {origin} {area}
    first_names: tuple[str, ...]  # used before any template, in this order
    products: tuple[ProductTemplate, ...]
    areas: tuple[str, ...] = ()  # kecamatan where this trade clusters
    food: bool = True

    @property
    def stocked(self) -> bool:
        """Kept in the store for weeks (so a par level makes sense), not used the same day."""
        return self.rhythm != Rhythm.DAILY


def _p(
    name: str, unit: Unit, price: int, shelf: int | None, low: int, high: int
) -> ProductTemplate:
    return ProductTemplate(name, unit, price, shelf, (low, high))


# The tables below are laid out by hand, as tables; the formatter leaves them alone.
# fmt: off
PCS, PAK, KG, LITER = Unit.PCS, Unit.PAK, Unit.KG, Unit.LITER
KOTAK, LEMBAR = Unit.KOTAK, Unit.LEMBAR

TRADES: tuple[Trade, ...] = (
    Trade(
        key="coffee", category=Category.COFFEE, code_prefix="KOP", share=18,
        rhythm=Rhythm.WEEKLY, per_hotel=3, arrival=(9 * 60, 10 * 60 + 45),
        names=("Kopi Robusta {origin}", "Kopi Bubuk {person}", "UD Kopi {brand}",
               "CV Kopi {origin} {brand}", "Kopi Luwak {origin}", "Kopi {origin} Asli",
               "{brand} Roastery", "CV Kopi Sai Bumi {brand}"),
        first_names=("Kopi Robusta Way Kanan",),
        products=(
            _p("Kopi Robusta Lampung Bubuk 250 g", PAK, 45_000, 180, 4, 12),
            _p("Kopi Robusta Biji Sangrai 250 g", PAK, 50_000, 180, 3, 10),
            _p("Kopi Robusta Bubuk 1 kg", KG, 160_000, 180, 1, 4),
            _p("Kopi Robusta Biji Sangrai 1 kg", KG, 175_000, 180, 1, 3),
            _p("Kopi Luwak Robusta 100 g", PAK, 150_000, 180, 2, 6),
            _p("Kopi Robusta Drip Bag isi 10", KOTAK, 40_000, 180, 4, 10),
            _p("Kopi Jahe Rempah isi 10 sachet", PAK, 25_000, 180, 4, 10),
            _p("Fine Robusta Lampung 200 g", PAK, 65_000, 180, 2, 6),
            _p("Cold Brew Robusta 1 liter", LITER, 95_000, 14, 2, 5),
            _p("Kopi Susu Gula Aren 1 liter", LITER, 85_000, 7, 2, 5),
        ),
    ),
    Trade(
        key="jajanan", category=Category.SNACK, code_prefix="JJN", share=20,
        rhythm=Rhythm.DAILY, per_hotel=6, arrival=(6 * 60 + 15, 8 * 60),
        names=("Jajanan Pasar {person}", "Kue Basah {person}", "Dapur {person}",
               "UD Aneka Kue {brand}", "Kue Tradisional {brand}", "Jajanan {area} {brand}",
               "CV Boga {brand}"),
        first_names=(),
        products=(
            _p("Lemper Ayam", PCS, 4_000, 2, 30, 80),
            _p("Kue Lapis Pepe", PCS, 3_000, 2, 30, 80),
            _p("Klepon isi 10", PAK, 15_000, 2, 5, 15),
            _p("Onde-onde Wijen", PCS, 3_500, 2, 30, 70),
            _p("Risoles Ragout", PCS, 5_000, 2, 30, 70),
            _p("Pastel Sayur", PCS, 4_500, 2, 30, 70),
            _p("Nagasari", PCS, 3_500, 2, 30, 60),
            _p("Dadar Gulung", PCS, 3_500, 2, 30, 60),
            _p("Kue Talam Ubi", PCS, 3_000, 2, 30, 60),
            _p("Lupis Gula Merah isi 5", PAK, 12_000, 2, 5, 12),
            _p("Sekubal Lampung isi 5", PAK, 25_000, 2, 3, 10),
            _p("Snack Box Jajanan isi 4", KOTAK, 15_000, 2, 10, 30),
        ),
    ),
    Trade(
        key="keripik", category=Category.SNACK, code_prefix="KRP", share=14,
        rhythm=Rhythm.WEEKLY, per_hotel=3, arrival=(8 * 60 + 30, 10 * 60 + 30),
        names=("UD Keripik Pisang {person}", "Keripik Pisang {brand}",
               "CV Keripik {brand} {area}", "Keripik {person}", "Sentra Keripik {brand}",
               "Keripik Pisang {area}"),
        first_names=("UD Keripik Pisang Mbok Sum",),
        products=(
            _p("Keripik Pisang Cokelat 250 g", PAK, 25_000, 60, 8, 20),
            _p("Keripik Pisang Original 250 g", PAK, 22_000, 60, 8, 20),
            _p("Keripik Pisang Keju 250 g", PAK, 27_000, 60, 6, 15),
            _p("Keripik Pisang Balado 250 g", PAK, 25_000, 60, 6, 15),
            _p("Keripik Pisang Susu 250 g", PAK, 25_000, 60, 6, 15),
            _p("Keripik Singkong Balado 250 g", PAK, 18_000, 60, 6, 15),
            _p("Keripik Tempe Sagu 200 g", PAK, 15_000, 30, 6, 15),
            _p("Lanting Bawang 250 g", PAK, 15_000, 90, 5, 12),
            _p("Keripik Pisang Cokelat 1 kg", KG, 90_000, 60, 1, 4),
            _p("Lempok Durian 250 g", PAK, 45_000, 90, 3, 8),
        ),
        areas=("Kedaton", "Labuhan Ratu", "Rajabasa"),
    ),
    Trade(
        key="fish", category=Category.FISH, code_prefix="IKN", share=20,
        rhythm=Rhythm.OFTEN, per_hotel=3, arrival=(8 * 60, 10 * 60 + 30),
        names=("Kemplang {person}", "UD Kemplang {brand}", "Kemplang {area} {brand}",
               "Otak-otak {person}", "CV Olahan Ikan {brand}", "Abon Ikan {brand}",
               "Keripik Ikan {area}"),
        first_names=(),
        products=(
            _p("Kemplang Panggang Tenggiri 250 g", PAK, 35_000, 90, 5, 15),
            _p("Kemplang Goreng Tenggiri 250 g", PAK, 32_000, 90, 5, 15),
            _p("Kemplang Panggang Sambal 250 g", PAK, 37_000, 90, 4, 12),
            _p("Kerupuk Kemplang Mentah 1 kg", KG, 85_000, 180, 1, 3),
            _p("Keripik Ikan Teri 100 g", PAK, 20_000, 60, 5, 15),
            _p("Keripik Kulit Ikan 100 g", PAK, 25_000, 60, 5, 12),
            _p("Otak-otak Tenggiri Beku isi 20", PAK, 45_000, 30, 3, 10),
            _p("Otak-otak Bakar isi 10", PAK, 25_000, 2, 5, 15),
            _p("Abon Ikan Tuna 100 g", PAK, 30_000, 90, 4, 10),
            _p("Pempek Lenjer Beku 1 kg", KG, 110_000, 30, 1, 4),
            _p("Sambal Lingkung Ikan 200 g", PAK, 40_000, 90, 3, 8),
        ),
        areas=("Teluk Betung Timur", "Bumi Waras", "Panjang", "Teluk Betung Selatan"),
    ),
    Trade(
        key="roti", category=Category.BAKERY, code_prefix="ROT", share=14,
        rhythm=Rhythm.DAILY, per_hotel=6, arrival=(6 * 60, 7 * 60 + 30),
        names=("Roti {person}", "Toko Roti {brand}", "UD Roti {brand}", "{brand} Bakery",
               "CV Roti {brand} {area}", "Roti Rumahan {person}"),
        first_names=(),
        products=(
            _p("Roti Manis Cokelat", PCS, 8_000, 3, 20, 60),
            _p("Roti Manis Keju", PCS, 8_000, 3, 20, 60),
            _p("Roti Sobek isi 6", PAK, 22_000, 3, 5, 15),
            _p("Roti Tawar Kupas", PCS, 18_000, 3, 10, 30),
            _p("Roti Gandum", PCS, 22_000, 3, 5, 20),
            _p("Roti Abon Sapi", PCS, 9_000, 3, 20, 50),
            _p("Croissant Mentega", PCS, 12_000, 2, 20, 60),
            _p("Donat Gula", PCS, 5_000, 2, 20, 60),
            _p("Roti Kasur Pandan isi 9", PAK, 25_000, 3, 4, 12),
            _p("Dinner Roll isi 12", PAK, 30_000, 3, 5, 15),
            _p("Burger Bun isi 6", PAK, 24_000, 3, 4, 12),
        ),
    ),
    Trade(
        key="kue", category=Category.BAKERY, code_prefix="KUE", share=8,
        rhythm=Rhythm.WEEKLY, per_hotel=2, arrival=(7 * 60, 9 * 60 + 30),
        names=("Lapis Legit {person}", "Bolu {person}", "CV Kue {brand}",
               "Lapis Legit {brand}", "Dapur Kue {person}"),
        first_names=(),
        products=(
            _p("Lapis Legit Original 20x20", KOTAK, 150_000, 14, 1, 4),
            _p("Lapis Legit Prune 20x20", KOTAK, 175_000, 14, 1, 3),
            _p("Lapis Surabaya", KOTAK, 95_000, 5, 1, 4),
            _p("Bolu Gulung Pandan", KOTAK, 45_000, 5, 2, 6),
            _p("Bolu Pisang Lampung", KOTAK, 50_000, 5, 2, 6),
            _p("Brownies Kukus", KOTAK, 55_000, 5, 2, 6),
            _p("Bolu Kojo", KOTAK, 60_000, 4, 2, 5),
            _p("Kue Maksuba", KOTAK, 175_000, 14, 1, 3),
            _p("Engkak Ketan Lampung", KOTAK, 120_000, 5, 1, 4),
            _p("Bolu Potong", PCS, 6_000, 3, 20, 50),
        ),
    ),
    Trade(
        key="batik", category=Category.BATIK, code_prefix="TPS", share=13,
        rhythm=Rhythm.RARE, per_hotel=1, arrival=(9 * 60 + 30, 11 * 60),
        names=("CV Tapis {brand}", "Tapis {person}", "Batik Lampung {brand}",
               "Sanggar Tapis {brand}", "UD Batik {brand}", "Galeri Tapis {person}"),
        first_names=("CV Tapis Jaya",),
        products=(
            _p("Kain Tapis Lampung Motif Pucuk Rebung", LEMBAR, 750_000, None, 1, 3),
            _p("Kain Tapis Sulam Benang Emas", LEMBAR, 1_250_000, None, 1, 2),
            _p("Selendang Tapis", LEMBAR, 275_000, None, 2, 5),
            _p("Batik Lampung Motif Siger 2 m", LEMBAR, 350_000, None, 2, 5),
            _p("Batik Tulis Sembagi 2 m", LEMBAR, 650_000, None, 1, 3),
            _p("Batik Cap Motif Kapal 2 m", LEMBAR, 225_000, None, 2, 6),
            _p("Kain Sulam Usus", LEMBAR, 450_000, None, 1, 3),
            _p("Kemeja Batik Lampung", PCS, 275_000, None, 2, 6),
            _p("Taplak Meja Tapis", LEMBAR, 225_000, None, 1, 4),
            _p("Syal Batik Lampung", PCS, 125_000, None, 3, 8),
        ),
        food=False,
    ),
    Trade(
        key="craft", category=Category.CRAFT, code_prefix="KRJ", share=13,
        rhythm=Rhythm.RARE, per_hotel=1, arrival=(9 * 60 + 30, 11 * 60),
        names=("Kerajinan {brand}", "Sulam Usus {person}", "UD Anyaman {brand}",
               "CV Kriya {brand}", "Souvenir Siger {brand}", "Kerajinan Tapis {person}"),
        first_names=(),
        products=(
            _p("Tas Tangan Tapis", PCS, 185_000, None, 2, 6),
            _p("Dompet Tapis", PCS, 65_000, None, 3, 10),
            _p("Miniatur Siger Kuningan", PCS, 150_000, None, 2, 5),
            _p("Gantungan Kunci Siger isi 10", PAK, 60_000, None, 2, 6),
            _p("Kotak Tisu Tapis", PCS, 95_000, None, 2, 6),
            _p("Keranjang Anyaman Rotan", PCS, 85_000, None, 2, 6),
            _p("Bantal Sulam Usus", PCS, 120_000, None, 2, 5),
            _p("Tempat Pensil Tapis", PCS, 45_000, None, 3, 10),
            _p("Topi Anyaman Pandan", PCS, 55_000, None, 3, 8),
            _p("Miniatur Gajah Way Kambas", PCS, 75_000, None, 2, 6),
            _p("Sandal Anyaman Pandan", PCS, 35_000, None, 10, 30),
        ),
        food=False,
    ),
)

# --- how the hotels buy ----------------------------------------------------------

HALF = Decimal("0.5")
# How much a hotel (restaurant) orders on each weekday, Monday first: busier weekends.
WEEKDAY_FACTORS = {
    HotelKind.HOTEL: ("1", "0.95", "0.95", "1", "1.1", "1.25", "1.15"),
    HotelKind.RESTAURANT: ("0.85", "0.85", "0.9", "0.95", "1.15", "1.4", "1.3"),
}
PRICE_VARIATION = ("0.9", "0.95", "1", "1", "1", "1", "1.05", "1.1")  # a UMKM's own price
BNSP_SHARE = (44, 120)  # 44 of the 120 coached UMKM hold a BNSP certificate
SHORT_SHARE = 0.05  # lines delivered short
EXCESS_SHARE = 0.02  # lines delivered over the order
REJECT_SHARE = 0.025  # lines partly rejected, times the supplier's carelessness

# --- names ------------------------------------------------------------------

# (what the business is called after, the owner's full name)
PERSONS: tuple[tuple[str, str], ...] = (
    ("Mbok Sum", "Sumiyati"), ("Bu Ani", "Ani Rahmawati"), ("Mak Ijah", "Khodijah"),
    ("Pak Darto", "Sudarto"), ("Mang Udin", "Samsudin"), ("Uni Eva", "Eva Yuliana"),
    ("Bu Tini", "Sukartini"), ("Cik Mei", "Meiliana Tan"), ("Mbak Rina", "Rina Kusumawati"),
    ("Bu Yati", "Suryati"), ("Teh Euis", "Euis Rohayati"), ("Mamak Ros", "Rosmawati"),
    ("Bu Nur", "Nurhasanah"), ("Pak Wayan", "I Wayan Sudarma"), ("Bu Lastri", "Sulastri"),
    ("Kak Dina", "Dina Marlina"), ("Pak Amir", "Amiruddin"), ("Bu Hj. Zubaidah", "Zubaidah"),
    ("Mbak Wulan", "Wulandari"), ("Bu Ratna", "Ratna Juwita"), ("Pak Slamet", "Slamet Riyadi"),
    ("Bu Endang", "Endang Susilowati"), ("Mak Inah", "Siti Aminah"), ("Bu Sri", "Sri Wahyuni"),
    ("Pak Made", "Made Suarta"), ("Bu Fitri", "Fitriani"), ("Uda Rizal", "Rizal Effendi"),
    ("Bu Yanti", "Haryanti"), ("Ibu Maya", "Maya Anggraini"), ("Pak Hasan", "Hasan Basri"),
)

OWNERS: tuple[str, ...] = (
    "Ahmad Fauzi", "Bambang Sutrisno", "Hendra Gunawan", "Rudi Hartono", "Yuliana Sari",
    "Dewi Lestari", "Agus Salim", "Zulkarnain", "Irwan Syahputra", "Nurhayati",
    "Siti Rohmah", "Herman Saputra", "Novi Andriani", "Budi Santoso", "Eka Prasetya",
    "Lina Marlina", "Rahmat Hidayat", "Suhendra", "Indah Permatasari", "M. Ridwan",
    "Yusuf Kurniawan", "Rosita Dewi", "Andi Firmansyah", "Tri Wahyudi", "Desi Ratnasari",
    "Gusti Ayu Kartika", "Rohani", "Syamsul Bahri", "Wahyu Nugroho", "Fransiska Lim",
)

DRIVERS: tuple[str, ...] = (
    "Joko Susilo", "Andi Saputra", "Bayu Pratama", "Dedi Kurniawan", "Eko Wibowo",
    "Fajar Ramadhan", "Iwan Setiawan", "Rian Hidayat", "Rizki Maulana", "Tono Sugianto",
    "Wawan Hermawan", "Ujang Supriatna", "Imam Santoso", "Yogi Firmansyah", "Heri Susanto",
    "Doni Saputra", "Arif Budiman", "Sigit Purnomo", "Aldi Pratama", "Rudi Setiadi",
)

BRANDS: tuple[str, ...] = (
    "Jaya", "Makmur", "Barokah", "Lestari", "Berkah", "Sentosa", "Mandiri", "Rezeki",
    "Abadi", "Sakai Sambayan", "Siger", "Sai Bumi", "Ruwa Jurai", "Nyambai", "Mulya",
    "Sejahtera", "Harapan", "Cahaya", "Sari Rasa", "Citra", "Bunda", "Tiga Putri",
    "Dua Saudara", "Melati", "Anggrek", "Kenanga", "Pelangi", "Sinar Pagi", "Mekar Sari",
    "Tunas Muda",
)

# Parts of the city a business may be named after ("Kemplang Sukaraja Jaya").
NAME_AREAS: tuple[str, ...] = (
    "Teluk Betung", "Tanjung Karang", "Kedaton", "Rajabasa", "Way Halim", "Sukarame",
    "Kemiling", "Panjang", "Pahoman", "Kangkung", "Sukaraja", "Labuhan Ratu",
)

GANG_NAMES: tuple[str, ...] = (
    "Mawar", "Melati", "Kenanga", "Masjid", "Swadaya", "Pisang", "Damai", "Sawo", "Rukun",
)

COFFEE_ORIGINS: tuple[str, ...] = (
    "Way Kanan", "Liwa", "Sumber Jaya", "Tanggamus", "Lampung Barat", "Ulu Belu",
    "Sekincau", "Gisting", "Pulau Panggung", "Way Tenong", "Air Hitam", "Batu Brak",
)

# kecamatan of Bandar Lampung -> (kelurahan, streets)
KECAMATAN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Tanjung Karang Pusat": (("Durian Payung", "Palapa", "Kaliawi", "Gotong Royong"),
                             ("Jl. Kartini", "Jl. Raden Intan", "Jl. Pangkal Pinang")),
    "Tanjung Karang Barat": (("Gedong Air", "Segala Mider", "Susunan Baru"),
                             ("Jl. Imam Bonjol", "Jl. Cendana", "Jl. Tamin")),
    "Tanjung Karang Timur": (("Kota Baru", "Sawah Lama", "Kebon Pisang"),
                             ("Jl. Hayam Wuruk", "Jl. Gajah Mada", "Jl. Urip Sumoharjo")),
    "Teluk Betung Selatan": (("Gunung Mas", "Pesawahan", "Talang", "Teluk Betung"),
                             ("Jl. Yos Sudarso", "Jl. Laksamana Malahayati", "Jl. Ikan Tenggiri")),
    "Teluk Betung Utara": (("Gulak Galik", "Kupang Kota", "Sumur Batu", "Pengajaran"),
                           ("Jl. Diponegoro", "Jl. W.R. Supratman", "Jl. Dr. Susilo")),
    "Teluk Betung Timur": (("Kota Karang", "Sukamaju", "Keteguhan"),
                           ("Jl. R.E. Martadinata", "Jl. Laksamana Malahayati")),
    "Bumi Waras": (("Sukaraja", "Kangkung", "Bumi Waras"),
                   ("Jl. Ikan Kakap", "Jl. Ikan Hiu", "Jl. Yos Sudarso")),
    "Kedaton": (("Kedaton", "Sidodadi", "Surabaya", "Penengahan Raya"),
                ("Jl. Teuku Umar", "Jl. Z.A. Pagar Alam", "Jl. Kapten Abdul Haq")),
    "Rajabasa": (("Rajabasa", "Gedong Meneng", "Rajabasa Raya"),
                 ("Jl. Z.A. Pagar Alam", "Jl. Soekarno-Hatta", "Jl. Pramuka")),
    "Way Halim": (("Way Halim Permai", "Jagabaya II", "Perumnas Way Halim", "Gunung Sulah"),
                  ("Jl. Sultan Agung", "Jl. Ki Maja", "Jl. Bougenville")),
    "Sukarame": (("Sukarame", "Way Dadi", "Korpri Raya", "Harapan Jaya"),
                 ("Jl. Ryacudu", "Jl. Endro Suratmin", "Jl. Pulau Sebesi", "Jl. Pulau Damar")),
    "Kemiling": (("Beringin Raya", "Sumber Rejo", "Pinang Jaya", "Kemiling Permai"),
                 ("Jl. Teuku Cik Ditiro", "Jl. Imam Bonjol", "Jl. Raden Imba Kusuma Ratu")),
    "Panjang": (("Panjang Utara", "Srengsem", "Karang Maritim", "Pidada"),
                ("Jl. Soekarno-Hatta", "Jl. Yos Sudarso", "Jl. Pulau Legundi")),
    "Enggal": (("Enggal", "Pahoman", "Rawa Laut", "Pelita"),
               ("Jl. Jend. Sudirman", "Jl. Kartini", "Jl. Dr. Cipto Mangunkusumo")),
    "Labuhan Ratu": (("Labuhan Ratu", "Kampung Baru", "Sepang Jaya"),
                     ("Jl. Z.A. Pagar Alam", "Jl. Sultan Haji", "Jl. Kelapa Tiga")),
    "Langkapura": (("Langkapura", "Gunung Terang", "Bilabong Jaya"),
                   ("Jl. Purnawirawan", "Jl. Sadewo")),
    "Tanjung Senang": (("Tanjung Senang", "Way Kandis", "Labuhan Dalam"),
                       ("Jl. Ratu Dibalau", "Jl. R.A. Basyid")),
    "Sukabumi": (("Sukabumi", "Campang Raya", "Way Laga"),
                 ("Jl. Soekarno-Hatta", "Jl. Tirtayasa")),
    "Kedamaian": (("Kedamaian", "Tanjung Agung Raya", "Tanjung Raya"),
                  ("Jl. Pangeran Antasari", "Jl. Untung Suropati")),
}

# --- banks ----------------------------------------------------------------------

# (bank, weight, account number pattern: '#' is a digit)
BANKS: tuple[tuple[str, int, str], ...] = (
    ("BRI", 40, "####-01-######-##-#"),
    ("Bank Lampung", 20, "380.##.#######"),
    ("BNI", 15, "0##########"),
    ("Mandiri", 15, "114-00-#######-#"),
    ("BSI", 10, "7#########"),
)

MOBILE_PREFIXES: tuple[str, ...] = (
    "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0878", "0896", "0819",
)

# --- the office and the partner hotels --------------------------------------------

OFFICE_NAME = "UPT Pendampingan UMKM — Dinas Koperasi dan UKM Kota Bandar Lampung"
OFFICE_ADDRESS = "Jl. Dr. Susilo No. 2, Sumur Batu, Teluk Betung Utara"
OFFICE_PHONE = "(0721) 481126"
OFFICE_EMAIL = "pendampingan.umkm@contoh.id"
OFFICE_HEAD = "Drs. H. Ahmad Syahrial, M.M."  # signs under "Mengetahui"


@dataclass(frozen=True)
class HotelTemplate:
    code: str
    name: str
    kind: HotelKind
    address: str
    billing_name: str
    payment_terms_days: int
    size: str  # "1": a large hotel; how many UMKM it takes, and how much
    phone: str


HOTELS: tuple[HotelTemplate, ...] = (
    HotelTemplate("EMR", "Emersia Hotel & Resort", HotelKind.HOTEL,
                  "Jl. Wolter Monginsidi No. 1, Teluk Betung Utara", "PT Emersia Lampung Hotel",
                  30, "1", "(0721) 258258"),
    HotelTemplate("BKR", "Hotel Bukit Randu", HotelKind.HOTEL,
                  "Jl. Raden Imba Kusuma Ratu No. 4, Tanjung Karang Barat",
                  "PT Bukit Randu Indah", 14, "0.8", "(0721) 262800"),
    HotelTemplate("GTL", "Golden Tulip Springhill Lampung", HotelKind.HOTEL,
                  "Jl. R.A. Basyid No. 88, Labuhan Dalam, Tanjung Senang",
                  "PT Springhill Lampung Hospitality", 30, "1", "(0721) 8015888"),
    HotelTemplate("ADL", "Hotel Andalas Pahoman", HotelKind.HOTEL,
                  "Jl. Dr. Cipto Mangunkusumo No. 27, Pahoman, Enggal",
                  "PT Andalas Wisata Lampung", 14, "0.7", "(0721) 476510"),
    HotelTemplate("RMS", "Rumah Makan Seruit Way Halim", HotelKind.RESTAURANT,
                  "Jl. Sultan Agung No. 112, Way Halim Permai, Way Halim",
                  "CV Seruit Nusantara", 14, "0.6", "(0721) 704223"),
)

# Names for hotels beyond the five of the programme (the ``hotels`` option).
EXTRA_HOTELS: tuple[tuple[str, HotelKind], ...] = (
    ("Hotel Krakatau Indah", HotelKind.HOTEL), ("Hotel Siger Permai", HotelKind.HOTEL),
    ("Resto Pindang Baung", HotelKind.RESTAURANT), ("Hotel Pahawang Bay", HotelKind.HOTEL),
    ("Hotel Teluk Lampung", HotelKind.HOTEL), ("Rumah Makan Gulai Taboh", HotelKind.RESTAURANT),
    ("Hotel Tanjung Setia", HotelKind.HOTEL), ("Hotel Way Kambas Inn", HotelKind.HOTEL),
    ("Resto Sambal Seruit", HotelKind.RESTAURANT), ("Hotel Kiluan Residence", HotelKind.HOTEL),
)

RECEIVING_STAFF: tuple[str, ...] = (
    "Rudi Hartono", "Yudi Prasetyo", "Nanda Saputri", "Ferry Irawan", "Agung Wicaksono",
    "Dian Puspita", "Taufik Hidayat", "Reza Pahlevi", "Sinta Maharani", "Bagus Setiawan",
    "Melati Putri", "Hadi Kusuma", "Intan Permata", "Joni Iskandar", "Lia Amelia",
)

# --- what happens at the loading dock -----------------------------------------------

REJECTION_NOTES: dict[RejectionReason, tuple[str, ...]] = {
    RejectionReason.DAMAGED: ("Kemasan sobek", "Penyok saat pengiriman", "Kemasan bocor",
                              "Dus basah terkena hujan", "Hancur di dalam kemasan"),
    RejectionReason.QUALITY: ("Tidak segar, teksturnya keras", "Rasa asam", "Melempem",
                              "Ukuran lebih kecil dari sampel", "Warna tidak merata"),
    RejectionReason.EXPIRED: ("Sisa umur simpan kurang dari 2 hari",
                              "Tanggal produksi sudah lama", "Mendekati tanggal kedaluwarsa"),
    RejectionReason.WRONG_PRODUCT: ("Varian tidak sesuai pesanan",
                                    "Ukuran kemasan tidak sesuai pesanan",
                                    "Produk lain terbawa"),
    RejectionReason.EXCESS: ("Kelebihan kirim, dibawa kembali oleh pengemudi",
                             "Melebihi pesanan"),
}

# Non-food goods are not rejected for freshness.
NON_FOOD_NOTES: dict[RejectionReason, tuple[str, ...]] = {
    RejectionReason.DAMAGED: ("Benang tertarik", "Noda pada kain", "Jahitan lepas",
                              "Retak pada bagian bawah"),
    RejectionReason.QUALITY: ("Warna luntur", "Motif tidak rapi", "Jahitan tidak rapi"),
    RejectionReason.WRONG_PRODUCT: ("Motif tidak sesuai pesanan",
                                    "Warna tidak sesuai pesanan"),
    RejectionReason.EXCESS: ("Melebihi pesanan",),
}

RETURNED_NOTE = "Barang yang ditolak dibawa kembali oleh pengemudi"
REPLACEMENT_NOTE = "Pengganti surat jalan {number} yang dibatalkan"

SHORT_NOTES: tuple[str, ...] = (
    "Stok pemasok kurang, sisanya menyusul",
    "Bahan baku terbatas hari ini",
    "Pemasok hanya bisa kirim sebagian",
)

BANQUET_NOTES: tuple[str, ...] = (
    "Coffee break rapat Dinas Pariwisata, {pax} pax",
    "Resepsi pernikahan, {pax} pax",
    "Seminar UMKM Naik Kelas, {pax} pax",
    "Gathering perusahaan, {pax} pax",
    "Rapat koordinasi Pemprov Lampung, {pax} pax",
    "Arisan keluarga, {pax} pax",
)

GIFT_SHOP_NOTES: tuple[str, ...] = (
    "Restok gift shop",
    "Pesanan tamu rombongan",
    "Untuk display lobi",
    "Suvenir tamu VIP",
)

KITCHEN_NOTES: tuple[str, ...] = (
    "Tambahan stok dapur",
    "Stok minibar menipis",
    "Menu spesial akhir pekan",
)

UNPLANNED_NOTES: tuple[str, ...] = (
    "Datang tanpa pesanan; diterima atas persetujuan Executive Chef",
    "Kiriman sampel produk baru, diterima untuk gift shop",
    "Tanpa pesanan tertulis; dikonfirmasi lewat telepon oleh F&B Manager",
)

CANCEL_REASONS: tuple[str, ...] = (
    "Salah ketik jumlah {product}: {wrong}, seharusnya {right}. Dicatat ulang.",
    "Jumlah {product} tertulis {wrong}, yang datang {right}. Dibatalkan dan dicatat ulang.",
)

# --- the store ------------------------------------------------------------------------

# Packaged snacks and coffee the storeroom issues to the minibars (the rest to the kitchen).
MINIBAR_PRODUCTS: frozenset[str] = frozenset({
    "Kopi Robusta Drip Bag isi 10", "Kopi Jahe Rempah isi 10 sachet",
    "Keripik Pisang Cokelat 250 g", "Keripik Pisang Original 250 g",
    "Keripik Pisang Keju 250 g", "Keripik Pisang Balado 250 g", "Keripik Pisang Susu 250 g",
    "Keripik Singkong Balado 250 g", "Lanting Bawang 250 g", "Kemplang Panggang Tenggiri 250 g",
    "Kemplang Goreng Tenggiri 250 g", "Kemplang Panggang Sambal 250 g",
    "Keripik Ikan Teri 100 g", "Keripik Kulit Ikan 100 g",
})

ISSUE_NOTES: dict[str, tuple[str, ...]] = {  # by outlet kind
    "kitchen": ("Permintaan dapur", "Bon permintaan dapur", "Untuk sarapan dan pastry"),
    "minibar": ("Isi ulang minibar kamar", "Permintaan housekeeping minibar"),
    "banquet": ("Untuk acara banquet hari ini", "Coffee break ruang rapat"),
    "gift_shop": ("Isi ulang etalase gift shop", "Untuk display lobi"),
}

EXPIRED_NOTES: tuple[str, ...] = (
    "Lewat tanggal kedaluwarsa, dimusnahkan",
    "Sisa kemarin, kedaluwarsa",
    "Kedaluwarsa; disaksikan supervisor gudang",
)

# (reason, notes): spoiled is for food, damaged for anything
INCIDENT_NOTES: dict[str, tuple[str, ...]] = {
    "spoiled": ("Berjamur sebelum tanggal kedaluwarsa", "Basi, berbau asam",
                "Kemasan menggembung", "Melempem setelah kemasan terbuka"),
    "damaged": ("Kemasan sobek saat dipindahkan", "Jatuh dari rak gudang",
                "Terkena air hujan dari atap gudang", "Hancur tertindih dus lain"),
}
CRAFT_DAMAGE_NOTES: tuple[str, ...] = (
    "Kotor terkena noda saat dipajang", "Benang tertarik di etalase", "Retak saat dipajang",
)

RETURN_NOTES: tuple[str, ...] = (
    "Melempem setelah dibuka; pemasok mengganti pada kiriman berikutnya",
    "Rasa tidak sesuai standar; dikembalikan ke pemasok",
    "Banyak yang hancur di dalam kemasan; diretur",
    "Warna dan aroma tidak seperti biasanya; diretur untuk dicek pemasok",
)

COUNT_NOTE = "Stok opname rutin awal bulan"
SPOT_COUNT_NOTE = "Opname mendadak atas permintaan F&B Manager"
# why a counted quantity differs from the book (less, more)
COUNT_SHORT_REASONS: tuple[str, ...] = (
    "Rusak, belum dicatat", "Terpakai tanpa bon", "Salah hitung saat serah terima",
)
COUNT_OVER_REASONS: tuple[str, ...] = (
    "Bon pengeluaran tercatat dua kali", "Ditemukan di rak lain",
)
# fmt: on

# --- prices and quantities as the office writes them, and reading the material ----


def nice_price(amount: Decimal) -> int:
    """Round a price the way a UMKM writes it: to Rp500, Rp1.000, Rp5.000 or Rp25.000."""
    step = 500 if amount < 50_000 else 1_000 if amount < 200_000 else 5_000
    if amount >= 1_000_000:
        step = 25_000
    return int((amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step


def trade_counts(total: int) -> list[tuple[Trade, int]]:
    """Split ``total`` suppliers over the trades as the catalog's shares (largest remainder)."""
    weight = sum(t.share for t in TRADES)
    counts = [t.share * total // weight for t in TRADES]
    by_remainder = sorted(
        range(len(counts)), key=lambda i: (-(TRADES[i].share * total % weight), i)
    )
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return [(t, n) for t, n in zip(TRADES, counts, strict=True) if n]


def owner_in(name: str) -> str | None:
    """The owner's full name when a business is named after her ("UD Keripik Pisang Mbok Sum")."""
    for nickname, full_name in PERSONS:
        if name.endswith(nickname) or f"{nickname} " in name:
            return full_name
    return None


def round_qty(value: Decimal, unit: Unit) -> Decimal:
    """A plausible quantity: whole for counted units, in halves for kg and liter."""
    if unit in COUNTABLE_UNITS:
        return max(Decimal(1), value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(HALF, (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2)


def part_of(total: Decimal, unit: Unit, share: float) -> Decimal:
    """About ``share`` of ``total``: at least one step of the unit, at most all of it."""
    step = unit_step(unit)
    raw = (total * Decimal(str(share)) / step).quantize(Decimal(1), rounding=ROUND_FLOOR) * step
    return min(max(raw, step), total)


def unit_step(unit: Unit) -> Decimal:
    """The smallest quantity of a unit the office types: one piece, or half a kg or liter."""
    return Decimal(1) if unit in COUNTABLE_UNITS else HALF
