"""Bar charts for the programme's reports, drawn with ReportLab's own graphics.

Each chart is a :class:`~reportlab.graphics.shapes.Drawing` whose bar chart is kept
as ``drawing.chart``; its ``data`` holds the same numbers the table beside it prints,
so a test can hold the one against the other.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from hotel_supply.documents.styles import ACCENT, MUTED, RULE, TEXT
from hotel_supply.documents.text import CONDENSED, SANS, register_fonts, text_width
from hotel_supply.formatting import compact_units, format_number

__all__ = ["compact_rupiah", "horizontal_bars", "vertical_bars"]

LIGHT = colors.HexColor("#9DB7D0")  # the year before, or the period before


def compact_rupiah(amount: int) -> str:
    """A bar's label: "1,2 M" (miliar), "45,3 jt" (juta), "850 rb" (ribu); in English
    "1,2 bn", "45,3 m", "850 k"."""
    for size, unit in compact_units():
        if abs(amount) >= size:
            return f"{format_number(round(amount / size, 1))} {unit}"
    return format_number(amount)


def _axis_step(top: float) -> float:
    """A round step that divides the axis into four or five parts."""
    if top <= 0:
        return 1
    step = 1.0
    while top / step > 5:
        for factor in (2, 2.5, 2):
            step *= factor
            if top / step <= 5:
                break
    return step


def vertical_bars(
    width: float,
    height: float,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    compare: Sequence[int] | None = None,
    legend: tuple[str, str] | None = None,
    value_labels: bool = True,
) -> Drawing:
    """Columns of ``values`` over ``labels`` (months), each labelled with its value
    (unless ``value_labels`` is false: a narrow chart whose table says them);
    ``compare`` draws a lighter column beside each (the year before). Where the
    labels would touch, every other one is left out, counting back from the last."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    legend_room = 5 * mm if legend else 0
    chart.x, chart.y = 12 * mm, 6 * mm
    chart.width, chart.height = width - 14 * mm, height - 10 * mm - legend_room
    series = [list(values)] + ([list(compare)] if compare is not None else [])
    chart.data = [tuple(s) for s in series]
    top = max([1, *values, *(compare or [])])
    step = _axis_step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * (int(top // step) + 1)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = CONDENSED
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.labelTextFormat = lambda v: compact_rupiah(int(v))
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.25
    names = list(labels)
    slot = chart.width / max(len(names), 1)
    if names and max(text_width(n, CONDENSED, 6.5) for n in names) + 1 * mm > slot:
        names = [n if (len(names) - 1 - i) % 2 == 0 else "" for i, n in enumerate(names)]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = CONDENSED
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = TEXT
    chart.categoryAxis.strokeColor = RULE
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    if compare is not None:
        chart.bars[1].fillColor = LIGHT
        chart.bars[1].strokeColor = None
    chart.barSpacing = 0.5
    chart.groupSpacing = 4
    chart.barLabelFormat = (lambda v: compact_rupiah(int(v)) if v else "") if value_labels \
        else None
    chart.barLabels.fontName = CONDENSED
    chart.barLabels.fontSize = 5.5
    chart.barLabels.fillColor = TEXT
    chart.barLabels.nudge = 4
    if compare is not None:
        chart.barLabels.fontSize = 4.8
    drawing.add(chart, name="chart")
    if legend:
        _legend(drawing, width, height, legend)
    return drawing


def _legend(drawing: Drawing, width: float, height: float, legend: tuple[str, str]) -> None:
    from reportlab.graphics.shapes import Rect

    x = width
    for text, colour in ((legend[1], LIGHT), (legend[0], ACCENT)):
        x -= text_width(text, SANS, 6.5) + 2 * mm
        drawing.add(String(x, height - 3 * mm, text, fontName=SANS, fontSize=6.5,
                           fillColor=TEXT))
        x -= 3.5 * mm
        drawing.add(Rect(x, height - 3.2 * mm, 2.5 * mm, 2.5 * mm, fillColor=colour,
                         strokeColor=None))
        x -= 3 * mm


def horizontal_bars(
    width: float,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    bar_height: float = 4.2 * mm,
) -> Drawing:
    """One bar per label, longest value first as given, each labelled with its value."""
    register_fonts()
    label_room = max([20 * mm, *(text_width(t, CONDENSED, 6.5) + 3 * mm for t in labels)])
    label_room = min(label_room, width * 0.4)
    height = len(labels) * bar_height + 8 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 5 * mm
    chart.width, chart.height = width - label_room - 14 * mm, height - 7 * mm
    # the first label at the top
    chart.data = [tuple(reversed(list(values)))]
    chart.categoryAxis.categoryNames = list(reversed(list(labels)))
    top = max([1, *values])
    step = _axis_step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * (int(top // step) + 1)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = CONDENSED
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.labelTextFormat = lambda v: compact_rupiah(int(v))
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.25
    chart.categoryAxis.labels.fontName = CONDENSED
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = TEXT
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -2
    chart.categoryAxis.strokeColor = RULE
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda v: compact_rupiah(int(v))
    chart.barLabels.fontName = CONDENSED
    chart.barLabels.fontSize = 6
    chart.barLabels.fillColor = TEXT
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart, name="chart")
    return drawing
