"""Bringing the office's spreadsheets in: suppliers, products, hotels, prices, standing
orders and past deliveries (no Qt here; the command and the wizard both use it).

    sheets.py      reading XLSX, XLS, ODS and CSV files into rows
    cleaning.py    numbers, money, dates, phones, NPWP and yes/no as offices type them
    columns.py     each kind's columns, their usual headers, finding the header row
    matching.py    code, then NPWP, then name without case, spaces, dots or "CV."
    plan.py        the preview: each row new, update, unchanged or error, with messages
    masterdata.py  suppliers, hotels, products; agreements.py prices and standing orders;
    history.py     past deliveries, posted on their own dates
    runner.py      preview() and run_import(): one unit of work, one audit entry
    workbook.py    the templates and the report of an import, as XLSX
"""
