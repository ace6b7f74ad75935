"""Qt front end. Only this package imports Qt; it calls services and never builds SQL.

Two things about PySide6 itself are settled here, once, before any page exists.

PySide6 6.12.0 hands Python ``None`` for an empty ``QVariant`` without taking a
reference to it: every ``index.data(role)`` with nothing behind it, every
``combo.currentData()`` of an "All" entry, takes one reference from ``None``
that was never given. After some thousands of them (minutes of scrolling on
five years of data) CPython frees ``None`` itself and the app dies with "Fatal
Python error: none_dealloc". Python 3.12 made ``None`` immortal (PEP 683); on
3.11 the same is done below by giving it references enough for any session.

Importing PySide6 replaces Python's ``__import__``: from then on, every module
imported anywhere is read back as source text (``inspect.getsource``) to see
whether it opts into ``from __feature__ import snake_case`` — SQLAlchemy, the
models, ReportLab, openpyxl, every page. On this app's start that was about a
third of a second and 20 MiB of source lines kept in ``linecache`` for good.
This app never uses ``__feature__``, so the look is skipped: each module is
taken as not using it, which is what PySide6 itself does for a module whose
source it cannot read.
"""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401  (installs the import hook tamed below)


def _skip_feature_source_scan() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False  # type: ignore[attr-defined]


def _keep_none_alive() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return  # None is immortal there (PEP 683)
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field
    refcount.value += NONE_REFERENCES_GIVEN


NONE_REFERENCES_GIVEN = 1 << 48  # a billion lost references a day for seven centuries

_skip_feature_source_scan()
_keep_none_alive()
