"""Sending a PDF to a printer through CUPS (Linux, macOS): the document's own pages, as
the PDF has them, so text stays text and a two-page note stays a small job.

Where there is no CUPS (Windows) the Qt print path draws the pages instead; see
``ui/dialogs/print_dialog.py``. No Qt here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

from hotel_supply.i18n import _
from hotel_supply.services.errors import DomainError

#: What CUPS calls each paper when the printer's driver offers no name of its own.
CUPS_MEDIA = {"A4": "A4", "A5": "A5", "F4": "Custom.215x330mm"}
#: Names drivers give F4/Folio (215 × 330 mm) among their paper sizes.
F4_NAMES = ("F4", "Folio", "FolioSP", "F4Folio", "Folio215x330mm")

_TIMEOUT = 20  # seconds a CUPS command may take before printing is given up
_PAGE_RANGES = re.compile(r"^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$")


class PrintFailed(DomainError):
    """The printing system refused the job or could not be reached."""


@dataclass(frozen=True)
class PrintJob:
    """What the clerk chose in the print dialog."""

    printer: str
    copies: int = 1
    paper: str = "A4"
    page_ranges: str = ""  # "1-2,4" as CUPS takes it; empty: every page
    landscape: bool | None = None  # None: as the document is laid out


def cups_available() -> bool:
    """Whether this computer prints through CUPS (it has its ``lp`` command)."""
    return sys.platform != "win32" and shutil.which("lp") is not None


def _run(args: list[str], *, data: bytes | None = None) -> str:
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=_TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintFailed(_("The printing system does not answer: {error}").format(
            error=exc)) from exc
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or str(done.returncode)
        raise PrintFailed(_("The printing system refused the job: {error}").format(
            error=message))
    return done.stdout.decode(errors="replace")


def cups_queues() -> list[str]:
    """The CUPS printers (queues) of this computer, or none when CUPS is not there."""
    if not cups_available() or shutil.which("lpstat") is None:
        return []
    try:
        out = _run(["lpstat", "-e"])
    except PrintFailed:
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def default_cups_queue() -> str | None:
    """The printer CUPS prints to when none is named."""
    if not cups_available() or shutil.which("lpstat") is None:
        return None
    try:
        out = _run(["lpstat", "-d"])
    except PrintFailed:
        return None
    _head, sep, name = out.partition(":")
    return name.strip() or None if sep else None


def media_for(queue: str, paper: str) -> str:
    """The ``media`` value that asks ``queue`` for ``paper``: for F4 the driver's own name
    for it when it has one, else a custom size of 215 × 330 mm."""
    paper = paper.upper()
    if paper != "F4" or shutil.which("lpoptions") is None:
        return CUPS_MEDIA[paper]
    try:
        options = _run(["lpoptions", "-p", queue, "-l"])
    except PrintFailed:
        return CUPS_MEDIA[paper]
    for line in options.splitlines():
        key, _sep, choices = line.partition(":")
        if key.split("/")[0].strip() != "PageSize":
            continue
        for choice in choices.split():
            name = choice.lstrip("*")
            if name.lower() in (n.lower() for n in F4_NAMES):
                return name
    return CUPS_MEDIA[paper]


def page_ranges_problem(text: str, page_count: int) -> str:
    """What is wrong with a typed page range such as ``1-2, 4`` (empty when it is right)."""
    if not text.strip():
        return ""
    if not _PAGE_RANGES.match(text):
        return _("Type pages as 1-3, 5.")
    for part in text.split(","):
        first, _sep, last = part.partition("-")
        low, high = int(first), int(last or first)
        if low < 1 or high < low:
            return _("“{part}” is not a range of pages.").format(part=part.strip())
        if high > page_count:
            return _("The document has {n} page(s).").format(n=page_count)
    return ""


def pages_of(text: str, page_count: int) -> list[int]:
    """The 1-based page numbers a page range names, in order (every page when empty)."""
    if not text.strip():
        return list(range(1, page_count + 1))
    pages: list[int] = []
    for part in text.split(","):
        first, _sep, last = part.partition("-")
        pages += range(int(first), int(last or first) + 1)
    return [p for p in pages if 1 <= p <= page_count]


def lp_command(job: PrintJob, *, title: str) -> list[str]:
    """The ``lp`` command that prints a PDF read from standard input as ``job`` says."""
    args = ["lp", "-d", job.printer, "-n", str(max(1, job.copies)),
            "-o", f"media={media_for(job.printer, job.paper)}"]
    if job.page_ranges.strip():
        args += ["-o", "page-ranges=" + re.sub(r"\s+", "", job.page_ranges)]
    if job.landscape is not None:
        args += ["-o", "orientation-requested=" + ("4" if job.landscape else "3")]
    if job.copies > 1:
        args += ["-o", "collate=true"]
    if title:
        args += ["-t", title]
    return [*args, "--", "-"]


def submit_pdf(pdf: bytes, job: PrintJob, *, title: str = "") -> str:
    """Send the PDF to the CUPS queue ``job.printer``; returns the job's id
    (``queue-123``). ``PrintFailed`` with the printing system's words when it refuses."""
    out = _run(lp_command(job, title=title), data=pdf)
    found = re.search(r"request id is (\S+)", out)
    return found.group(1) if found else ""


def wait_for_job(job_id: str, *, timeout: float = 30.0) -> bool:
    """Wait until CUPS has finished the job; whether it did within ``timeout`` seconds."""
    queue = job_id.rsplit("-", 1)[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = _run(["lpstat", "-W", "not-completed", "-o", queue])
        if not any(line.split()[:1] == [job_id] for line in pending.splitlines()):
            return True
        time.sleep(0.2)
    return False
