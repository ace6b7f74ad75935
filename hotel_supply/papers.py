"""The paper names documents print on, without ReportLab: settings, the command line and
the print dialog offer them at start; ``documents.styles`` holds their geometry."""

from __future__ import annotations

#: The papers documents print on, in the order they are offered.
PAPERS = ("A4", "A5", "F4")
#: The papers of a document laid out for a full sheet (an invoice, a recap, a report): A5
#: is for the half-sheet ones only (delivery note, stock slip, kuitansi).
FULL_SHEET = ("A4", "F4")
#: How each paper is named where one is chosen (the window's print, month and settings).
PAPER_NAMES = {"A4": "A4 (210 × 297 mm)", "A5": "A5 (148 × 210 mm)",
               "F4": "F4 / Folio (215 × 330 mm)"}
