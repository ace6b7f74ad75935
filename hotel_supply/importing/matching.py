"""Matching a row to what the database (or an earlier row of the file) already holds.

Before anything is created it is looked for: by code, then by NPWP, then by
name compared without case, spaces, dots and the legal-form prefix ("CV. Kopi
Liwa" is "Kopi Liwa"). A name that matches two records is not guessed: the
row says so and asks for the code.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from hotel_supply.i18n import _

_LEGAL_PREFIX = re.compile(r"^\s*(cv|ud|pt|pd)\b\.?\s*", re.I)
_LEGAL_SUFFIX = re.compile(r"[,\s]+(cv|ud|pt|pd)\.?\s*$", re.I)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_NEW_IDS = itertools.count(-1, -1)


def name_key(name: str) -> str:
    """``CV. Kopi Liwa`` and ``kopi  liwa`` give the same key: ``kopiliwa``."""
    text = _LEGAL_SUFFIX.sub("", _LEGAL_PREFIX.sub("", name or ""))
    return _NOT_ALNUM.sub("", text.lower())


def legal_prefix(name: str) -> str | None:
    """``cv``/``ud``/``pt``/``pd`` when the name carries its legal form, else None."""
    match = _LEGAL_PREFIX.match(name or "") or _LEGAL_SUFFIX.search(name or "")
    return match.group(1).lower() if match else None


@dataclass
class Known:
    """A record the rows may refer to: in the database (id > 0) or planned by the file."""

    id: int  # negative for one the import will create
    code: str
    name: str
    npwp: str = ""
    active: bool = True
    owner: int | None = None  # a product's supplier id
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class Found:
    item: Known | None
    how: str = ""  # "code", "npwp", "name"
    problem: str | None = None


class Directory:
    """An index of hotels, suppliers or products by code, NPWP and name key."""

    def __init__(self, items: list[Known] | None = None) -> None:
        self.by_code: dict[str, Known] = {}
        self.by_npwp: dict[str, list[Known]] = {}
        self.by_name: dict[str, list[Known]] = {}
        for item in items or []:
            self.add(item)

    def new_id(self) -> int:
        """A negative id for a record the import will create, unique across directories."""
        return next(_NEW_IDS)

    def add(self, item: Known) -> None:
        if item.code:
            self.by_code[item.code.upper()] = item
        if item.npwp:
            self.by_npwp.setdefault(item.npwp, []).append(item)
        self.by_name.setdefault(name_key(item.name), []).append(item)

    def codes(self) -> set[str]:
        return set(self.by_code)

    def find(self, *, code: str = "", npwp: str = "", name: str = "",
             owner: int | None = None) -> Found:
        """Code, then NPWP, then name (within ``owner`` when given)."""
        if code and code.upper() in self.by_code:
            return Found(self.by_code[code.upper()], "code")
        if npwp:
            same = self.by_npwp.get(npwp, [])
            active = [k for k in same if k.active] or same
            if len(active) == 1:
                return Found(active[0], "npwp")
        if name:
            same = [k for k in self.by_name.get(name_key(name), [])
                    if owner is None or k.owner == owner]
            active = [k for k in same if k.active] or same
            if len(active) == 1:
                return Found(active[0], "name")
            if len(active) > 1:
                return Found(None, "name", _(
                    "“{name}” could be any of {codes}: write the code instead."
                ).format(name=name, codes=", ".join(sorted(k.code for k in active))))
        return Found(None)

    def find_reference(self, text: str, *, owner: int | None = None) -> Found:
        """A cell that names a record by its code or its name (``EMR`` or ``Hotel Emersia``)."""
        text = (text or "").strip()
        if not text:
            return Found(None)
        found = self.find(code=text, owner=None)
        if found.item is not None and (owner is None or found.item.owner in (None, owner)):
            return found
        return self.find(name=text, owner=owner)


def next_code(taken: set[str], prefix: str, width: int) -> str:
    """The first ``PREFIX0001`` not in ``taken`` (codes the import makes up)."""
    numbers = [int(code[len(prefix):]) for code in taken
               if code.startswith(prefix) and code[len(prefix):].isdigit()]
    n = max(numbers, default=0) + 1
    code = f"{prefix}{n:0{width}d}"
    taken.add(code)
    return code
