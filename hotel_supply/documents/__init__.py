"""ReportLab renderers: plain data in (``documents.data``), PDF bytes out.

Shared fonts, styles, escaping and page furniture live in ``documents.common``.
Nothing is imported here: a service that only needs the plain data classes
(``documents.data``) must not load ReportLab with them.
"""
