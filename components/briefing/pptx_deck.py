"""The briefing as a PowerPoint file (python-pptx) a presenter can restyle or paste into their
organisation's template: the same slides, every chart a native chart built from the summary table
the slide's plotly figure draws (so it stays editable, with its numbers in the chart's own sheet),
the map drawn with shapes (outline polygons and sized circles), headline and notes in the notes
pane, and no picture anywhere. Pure: no Streamlit; built only when the download is clicked.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from functools import cached_property

import pandas as pd
from pptx import Presentation
from pptx.chart import data as chart_data
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

from components.briefing.content import Slide
from components.core.formatting import format_date
from components.core.theme import INCIDENTS_COLOR, INJURED_COLOR, KILLED_COLOR

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9, PowerPoint's default widescreen
MARGIN = Inches(0.6)
BLANK = 6  # the default template's blank layout
EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # dates in a chart's sheet are Excel serial days


class _TextOnly:
    """Every chart keeps its numbers in an embedded Excel sheet (Edit Data). python-pptx writes it with
    XlsxWriter's defaults, which turn a string starting with "=" into a formula and one starting with
    "https://" or "mailto:" into a hyperlink: a category label from an imported file (an incident type,
    a place) must stay the same text in the sheet as on the slide."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        yield workbook, workbook.add_worksheet()
        workbook.close()


class _CategoryWriter(_TextOnly, CategoryWorkbookWriter):
    pass


class _XyWriter(_TextOnly, XyWorkbookWriter):
    pass


class CategoryChartData(chart_data.CategoryChartData):
    @cached_property
    def _workbook_writer(self):
        return _CategoryWriter(self)


class XyChartData(chart_data.XyChartData):
    @cached_property
    def _workbook_writer(self):
        return _XyWriter(self)


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _text(slide, left, top, width, height, lines, size: int, bold: bool = False, color: str = "#111111"):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size, paragraph.font.bold, paragraph.font.color.rgb = Pt(size), bold, _rgb(color)
    return box


def _chart(slide, chart_type, data, box, colors=()):
    chart = slide.shapes.add_chart(chart_type, *box, data).chart
    chart.font.size = Pt(16)
    chart.has_legend = len(chart.plots[0].series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    for series, color in zip(chart.plots[0].series, colors, strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(color)
    return chart


def _escalation(slide, s: Slide, box) -> None:
    months = s.table
    unit = months["unit"].iloc[0]
    data = CategoryChartData()
    data.categories = [format_date(m, unit) for m in months["bin_start"]]
    data.add_series("incidents", months["incidents"].tolist())
    data.add_series(f"killed that {unit}", months["killed"].tolist())
    _chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, box, (INCIDENTS_COLOR, KILLED_COLOR))


def _methods(slide, s: Slide, box) -> None:
    t = s.table.iloc[::-1]  # first type on top, as on the slide
    data = CategoryChartData()
    data.categories = t["label"].tolist()
    data.add_series("incidents", t["incidents"].tolist())
    chart = _chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, box)
    for point, color in zip(chart.plots[0].series[0].points, t["color"], strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(color)
    chart.plots[0].has_data_labels = True


def _casualties(slide, s: Slide, box) -> None:
    cas = s.table
    data = CategoryChartData()
    data.categories = cas["group"].tolist()
    data.add_series("killed", cas["killed"].tolist())
    data.add_series("injured", cas["injured"].tolist())
    _chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, box, (KILLED_COLOR, INJURED_COLOR)).plots[
        0
    ].has_data_labels = True


def _policy(slide, s: Slide, box) -> None:
    """Measures as points: x the date, y the measure type's row, one series per status."""
    m = s.table
    kinds = sorted(m["measure_type"].astype(str).unique())
    data = XyChartData()
    for status, rows in m.groupby(m["status"].astype(str), sort=True):
        series = data.add_series(status)
        for date, kind in zip(rows["date"], rows["measure_type"].astype(str), strict=True):
            series.add_data_point((pd.Timestamp(date) - EXCEL_EPOCH).days, kinds.index(kind) + 1)
    chart = _chart(slide, XL_CHART_TYPE.XY_SCATTER, data, box)
    chart.category_axis.tick_labels.number_format = "mmm yyyy"
    chart.category_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.has_major_gridlines = True
    left, top, width, height = box
    _text(
        slide,
        left,
        top + height,
        width,
        Inches(0.5),
        ["Rows: " + ", ".join(f"{i} {k.replace('_', ' ')}" for i, k in enumerate(kinds, 1))],
        12,
        color="#555555",
    )


def _clip(ring: list[tuple[float, float]], x0, x1, y0, y1) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of a ring inside the map's frame (neighbours reach far beyond it)."""
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= x1, lambda a, b: (x1, a[1] + (b[1] - a[1]) * (x1 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= y0, lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)),
        (lambda p: p[1] <= y1, lambda a, b: (a[0] + (b[0] - a[0]) * (y1 - a[1]) / (b[1] - a[1]), y1)),
    )
    for inside, cross in edges:
        points, ring = ring, []
        for i, p in enumerate(points):
            prev = points[i - 1]
            if inside(p):
                if not inside(prev):
                    ring.append(cross(prev, p))
                ring.append(p)
            elif inside(prev):
                ring.append(cross(prev, p))
        if not ring:
            break
    return ring


def _map(slide, s: Slide, box) -> None:
    """The slide's map as shapes: the outlines its figure draws, clipped to its frame, and one circle
    per marker of the slide's place table, sized by known casualties."""
    layout = s.figure.layout
    (x0, x1), (y0, y1) = layout.xaxis.range, layout.yaxis.range
    stretch = layout.yaxis.scaleratio  # degrees of longitude to latitude at the map's middle (map_chart)
    left, top, width, height = box
    scale = min(width / (x1 - x0), height / ((y1 - y0) * stretch))
    left += int((width - scale * (x1 - x0)) / 2)

    def at(x, y) -> tuple[int, int]:
        return int(left + (x - x0) * scale), int(top + (y1 - y) * stretch * scale)

    for trace in s.figure.data[:2]:  # neighbours, then Kazakhstan: the outline traces come first
        ring: list[tuple[float, float]] = []
        for x, y in [*zip(trace.x, trace.y, strict=True), (None, None)]:
            if x is not None:
                ring.append((x, y))
                continue
            clipped = _clip(ring, x0, x1, y0, y1)
            ring = []
            if len(clipped) < 3:
                continue
            builder = slide.shapes.build_freeform(*at(*clipped[0]))
            builder.add_line_segments([at(*p) for p in clipped[1:]], close=True)
            shape = builder.convert_to_shape()
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(trace.fillcolor)
            shape.line.color.rgb, shape.line.width = _rgb(trace.line.color), Pt(trace.line.width * 0.75)
    places = s.table
    for row in places.itertuples():
        diameter = Pt(10 + 5 * (row.killed + row.injured) ** 0.5)
        cx, cy = at(row.x, row.y)
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, cx - diameter // 2, cy - diameter // 2, diameter, diameter)
        dot.fill.solid()
        dot.fill.fore_color.rgb = _rgb(row.color)
        dot.line.color.rgb = _rgb("#ffffff")
        dot.name = f"{row.label}: {row.n} at {row.locations}"
        if row.n > 1:
            dot.text_frame.text = str(row.n)
            dot.text_frame.paragraphs[0].font.size = Pt(11)
    legend = places.drop_duplicates("incident_type")
    for i, row in enumerate(legend.itertuples()):
        y = top + height + Inches(0.05)
        x = box[0] + i * Inches(2.1)
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, x, y + Inches(0.08), Inches(0.18), Inches(0.18))
        dot.fill.solid()
        dot.fill.fore_color.rgb = _rgb(row.color)
        dot.line.fill.background()
        _text(slide, x + Inches(0.22), y, Inches(1.9), Inches(0.35), [row.label], 12)


DRAW = {"escalation": _escalation, "methods": _methods, "casualties": _casualties, "where": _map, "policy": _policy}


def _add(prs, s: Slide) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    inner = WIDTH - 2 * MARGIN
    if s.stats:  # the title slide: title, lines, headline figures in large type
        _text(slide, MARGIN, Inches(1.4), inner, Inches(1.2), [s.headline], 44, bold=True)
        _text(slide, MARGIN, Inches(2.7), inner, Inches(1.2), list(s.points), 20, color="#444444")
        each = inner // len(s.stats)
        for i, (label, value) in enumerate(s.stats):
            _text(slide, MARGIN + i * each, Inches(4.3), each, Inches(1.5), [value, label], 48, bold=True)
            slide.shapes[-1].text_frame.paragraphs[1].font.size = Pt(18)
    else:
        _text(slide, MARGIN, Inches(0.35), inner, Inches(1.1), [s.headline], 28, bold=True)
        _text(slide, MARGIN, Inches(1.4), inner, Inches(1.0), [f"• {p}" for p in s.points], 16, color="#333333")
        if s.key in DRAW and s.table is not None:
            DRAW[s.key](slide, s, (MARGIN, Inches(2.45), inner, Inches(4.45)))
    notes = slide.notes_slide.notes_text_frame
    notes.text = "\n".join([s.headline, *s.points, "", *s.notes])


def to_pptx(slides: list[Slide]) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDTH), Emu(HEIGHT)
    for s in slides:
        _add(prs, s)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
