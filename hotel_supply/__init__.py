"""Hotel Supply: UMKM deliveries, hotel stock and monthly invoices for partner hotels."""

__version__ = "0.1.0"
