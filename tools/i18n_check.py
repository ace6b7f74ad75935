"""List the translatable messages of the source that have no Indonesian translation.

    uv run python tools/i18n_check.py            # report missing ones
    uv run python tools/i18n_check.py --stub F   # append empty entries to F.po to fill in

Messages are found by Babel's extractor: calls of ``_()``, ``N_()`` and ``ngettext()``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "gettext_": None, "ngettext": (1, 2)}


def source_messages() -> dict[str, str]:
    """msgid -> first place it appears."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        ROOT / "hotel_supply", keywords=KEYWORDS, method_map=[("**.py", "python")]
    ):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid:
                found.setdefault(msgid, f"hotel_supply/{filename}:{lineno}")
    return found


def translated(language: str = "id") -> set[str]:
    done: set[str] = set()
    for po in (ROOT / "resources" / "translations" / language / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=language):
                if message.id and message.string:
                    ids = message.id if isinstance(message.id, tuple) else (message.id,)
                    done.update(ids)
    return done


def missing(language: str = "id") -> dict[str, str]:
    have = translated(language)
    return {msgid: where for msgid, where in source_messages().items() if msgid not in have}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stub", help="area name: append empty entries to <area>.po")
    args = parser.parse_args()
    todo = missing()
    if args.stub:
        path = ROOT / "resources/translations/id/LC_MESSAGES" / f"{args.stub}.po"
        new = not path.exists()
        with path.open("a", encoding="utf-8") as fh:
            if new:
                fh.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                         '"Language: id\\n"\n\n')
            for msgid, where in todo.items():
                fh.write(f"#: {where}\nmsgid {_quote(msgid)}\nmsgstr \"\"\n\n")
        print(f"{len(todo)} entries appended to {path.relative_to(ROOT)}")
        return 0
    for msgid, where in todo.items():
        print(f"{where}: {msgid!r}")
    print(f"{len(todo)} message(s) without an Indonesian translation", file=sys.stderr)
    return 1 if todo else 0


if __name__ == "__main__":
    raise SystemExit(main())
