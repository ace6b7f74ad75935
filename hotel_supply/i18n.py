"""One translation mechanism for the UI, the services and the documents.

Messages are written in English in the source and translated through gettext
catalogs under ``resources/translations/<lang>/LC_MESSAGES/``; Indonesian is the
default language. Each area of the app keeps its own ``.po`` file there (core,
receiving, documents, ...); they are merged and compiled in memory when first
needed, so the ``.po`` files in the repository are the only source of truth.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "hotel_supply"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_language = DEFAULT_LANGUAGE


def translations_dir() -> Path:
    """Folder holding ``<lang>/LC_MESSAGES/hotel_supply.po``."""
    from hotel_supply.resources import resource_path

    return resource_path("translations")


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    files = sorted((translations_dir() / language / "LC_MESSAGES").glob("*.po"))
    if not files:
        return gettext.NullTranslations()
    merged = Catalog(locale=language, domain=DOMAIN)
    for po in files:
        with po.open("rb") as fh:
            for message in read_po(fh, locale=language):
                if message.id and message.string:
                    merged[message.id] = message
    buf = io.BytesIO()
    write_mo(buf, merged)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


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
