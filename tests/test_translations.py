"""Every visible string is translatable and translated, the same way everywhere."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import i18n_check  # noqa: E402


def test_every_message_in_the_source_has_an_indonesian_translation():
    missing = i18n_check.missing("id")
    assert missing == {}, "untranslated: " + ", ".join(
        f"{where}: {msgid!r}" for msgid, where in list(missing.items())[:20])


def test_a_message_is_translated_the_same_way_in_every_catalog():
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    for po in sorted((ROOT / "resources/translations/id/LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale="id"):
                if message.id and message.string:
                    seen[str(message.id)][po.name] = str(message.string)
    conflicts = {msgid: files for msgid, files in seen.items() if len(set(files.values())) > 1}
    assert conflicts == {}


def test_placeholders_survive_translation():
    import re

    field = re.compile(r"\{[a-z_]*(?::[^}]*)?\}")
    for po in (ROOT / "resources/translations/id/LC_MESSAGES").glob("*.po"):
        with po.open("rb") as fh:
            for message in read_po(fh, locale="id"):
                if message.id and message.string and isinstance(message.id, str):
                    assert sorted(field.findall(message.id)) == sorted(
                        field.findall(str(message.string))), (po.name, message.id)
