"""One translation mechanism for the UI, the services and the documents.

Messages are written in English in the source and translated through gettext
catalogs under ``resources/translations/<lang>/LC_MESSAGES/``; Indonesian is the
default language. Each area of the app keeps its own ``.po`` file there (core,
receiving, documents, ...); they are merged and compiled when first needed, so
the ``.po`` files in the repository are the only source of truth (the compiled
catalog is kept in the user's cache folder, named by the ``.po`` files' contents).
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from functools import cache
from pathlib import Path

DOMAIN = "hotel_supply"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_language = DEFAULT_LANGUAGE


def translations_dir() -> Path:
    """Folder holding ``<lang>/LC_MESSAGES/hotel_supply.po``."""
    from hotel_supply.resources import resource_path

    return resource_path("translations")


def _compiled_file(language: str, files: list[Path]) -> Path:
    """Where the catalog compiled from exactly these ``.po`` files is kept between starts
    (named by their contents: an edited file compiles afresh)."""
    digest = hashlib.sha256()
    for po in files:
        digest.update(po.name.encode() + b"\0" + po.read_bytes() + b"\0")
    return _cache_folder() / f"{DOMAIN}-{language}-{digest.hexdigest()[:20]}.mo"


def _cache_folder() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("hotel-supply", "HotelSupply") / "translations"


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    files = sorted((translations_dir() / language / "LC_MESSAGES").glob("*.po"))
    if not files:
        return gettext.NullTranslations()
    compiled = _compiled_file(language, files)
    try:
        with compiled.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except (OSError, ValueError):  # a damaged file is compiled afresh too
        pass  # not compiled yet (or unreadable): compile, and keep it for the next start
    data = _compile(language, files)
    try:
        compiled.parent.mkdir(parents=True, exist_ok=True)
        partial = compiled.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(compiled)
        for older in compiled.parent.glob(f"{DOMAIN}-{language}-*.mo"):
            if older != compiled:
                older.unlink(missing_ok=True)  # compiled from .po files since changed
    except OSError:
        pass  # a read-only cache folder only costs the compiling at every start
    return gettext.GNUTranslations(io.BytesIO(data))


def _compile(language: str, files: list[Path]) -> bytes:
    """The ``.po`` files merged into one compiled catalog (babel is imported only here)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    merged = Catalog(locale=language, domain=DOMAIN)
    for po in files:
        with po.open("rb") as fh:
            for message in read_po(fh, locale=language):
                if message.id and message.string:
                    merged[message.id] = message
    buf = io.BytesIO()
    write_mo(buf, merged)
    return buf.getvalue()


def set_language(language: str) -> None:
    """Switch every later translation to ``language`` ("id" or "en")."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _language = language


def current_language() -> str:
    return _language


def gettext_(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _catalog(_language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(_language).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


_ = gettext_


def reload_catalogs() -> None:
    """Forget compiled catalogs (after the ``.po`` files changed)."""
    _catalog.cache_clear()
