"""The PowerPoint deck's native charts (python-pptx), each built from the summary table its slide's
plotly figure draws, so its numbers sit in the chart's own sheet (Edit Data). Labels are the app's:
a count some incidents lack reads "0 + 12 unknown", one none has "unknown" (formatting.count_labels),
never a bare 0. Chart text is at least MIN_PT. Pure: no Streamlit.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from copy import deepcopy
from functools import cached_property

from pptx.chart import data as chart_data
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN_TYPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Pt
from xlsxwriter import Workbook

from components.briefing.content import Slide
from components.briefing.pptx_text import MIN_PT, height_of, line_count, rgb, text_box
from components.core.formatting import count_labels, format_date, join_words
from components.core.theme import INCIDENTS_COLOR, INJURED_COLOR, KILLED_COLOR

CHART_PT = 16  # ticks, legends, data labels


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


class CategoryChartData(chart_data.CategoryChartData):
    @cached_property
    def _workbook_writer(self):
        return _CategoryWriter(self)


def _chart(slide, chart_type, data, box, colors=()):
    chart = slide.shapes.add_chart(chart_type, *box, data).chart
    chart.font.size = Pt(CHART_PT)
    chart.has_legend = len(chart.plots[0].series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    for series, color in zip(chart.plots[0].series, colors, strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(color)
    return chart


def _major_unit(count: int, step: int, width: int) -> int:
    """Every how many base units (months, years) an axis label fits, upright, at CHART_PT, in steps of
    `step` (a bin): 24 months at 16 pt need about twice a slide's width, so every third is named
    (the quarters)."""
    label = len("Sep 2012") * CHART_PT * 0.6 + CHART_PT / 2  # "mmm yyyy" (digits 0.64 em, a space 0.32), a gap
    bins = max(math.ceil(Pt(label) * count / (width * 0.85)), 1)  # the plot area, not the whole frame
    return step * (3 * math.ceil(bins / 3) if bins > 1 and step == 1 and count >= 12 else bins)


BASE = {"month": ("months", 1), "quarter": ("months", 3), "year": ("years", 1)}  # base time unit, a bin in it


def _date_ticks(axis, unit: str, count: int, width: int) -> None:
    """A date axis (the categories are the bins' first days, dates in the sheet) named "Jan 2011"
    upright every few bins (majorUnit): rotated month names made the escalation unreadable."""
    axis.tick_labels.font.size = Pt(CHART_PT)
    axis.tick_labels.number_format = "yyyy" if unit == "year" else "mmm yyyy"
    axis.tick_labels.number_format_is_linked = False
    body = axis._element.find(qn("c:txPr")).find(qn("a:bodyPr"))
    body.set("rot", "0")
    body.set("vert", "horz")
    base, step = BASE[unit]
    element = axis._element.find(qn("c:baseTimeUnit"))
    element.set("val", base)
    major = _major_unit(count, step, width)
    c = nsdecls("c")
    element.addnext(parse_xml(f'<c:majorUnit {c} val="{major}"/>'))
    element.getnext().addnext(parse_xml(f'<c:majorTimeUnit {c} val="{base}"/>'))


def _line_on_second_axis(chart, series_index: int, color: str) -> None:
    """Move one series of a column chart into a line chart of its own on a right-hand axis, in the
    same plot area: python-pptx writes one chart type per chart, PowerPoint and Impress both read a
    plot area holding a barChart and a lineChart (a combination chart) with two value axes."""
    plot_area = chart._chartSpace.chart.plotArea
    bar = plot_area.find(qn("c:barChart"))
    ser = bar.findall(qn("c:ser"))[series_index]
    bar.remove(ser)
    for tag in ("c:invertIfNegative", "c:spPr"):
        for node in ser.findall(qn(tag)):
            ser.remove(node)
    c = nsdecls("c", "a")
    width = int(Pt(3.5))
    ser.find(qn("c:tx")).addnext(
        parse_xml(
            f'<c:spPr {c}><a:ln w="{width}" cap="rnd"><a:solidFill><a:srgbClr val="{color.lstrip("#")}"/>'
            f'</a:solidFill><a:prstDash val="sysDash"/></a:ln></c:spPr>'
        )
    )
    ser.find(qn("c:spPr")).addnext(parse_xml(f'<c:marker {c}><c:symbol val="none"/></c:marker>'))
    line = parse_xml(f'<c:lineChart {c}><c:grouping val="standard"/><c:varyColors val="0"/></c:lineChart>')
    ser.append(parse_xml(f'<c:smooth {c} val="0"/>'))  # a running total never dips: no spline
    line.append(ser)
    line.append(parse_xml(f'<c:marker {c} val="1"/>'))
    line.append(parse_xml(f'<c:axId {c} val="90001"/>'))
    line.append(parse_xml(f'<c:axId {c} val="90002"/>'))
    bar.addnext(line)
    cat = plot_area.find(qn("c:dateAx")) if plot_area.find(qn("c:catAx")) is None else plot_area.find(qn("c:catAx"))
    val = plot_area.find(qn("c:valAx"))
    hidden_cat, right = deepcopy(cat), deepcopy(val)
    hidden_cat.find(qn("c:axId")).set("val", "90001")
    hidden_cat.find(qn("c:crossAx")).set("val", "90002")
    hidden_cat.find(qn("c:delete")).set("val", "1")
    right.find(qn("c:axId")).set("val", "90002")
    right.find(qn("c:crossAx")).set("val", "90001")
    right.find(qn("c:axPos")).set("val", "r")
    for node in [*right.findall(qn("c:majorGridlines")), *right.findall(qn("c:majorUnit"))]:
        right.remove(node)
    right.find(qn("c:crosses")).set("val", "max")
    val.addnext(hidden_cat)
    hidden_cat.addnext(right)


def escalation(slide, s: Slide, box) -> None:
    """Incidents and deaths per bin as columns, the cumulative toll as a line on its own axis."""
    bins = s.table
    unit = bins["unit"].iloc[0]
    box = _unknown_deaths_caption(slide, bins, box)
    data = CategoryChartData()
    data.categories = [d.date() for d in bins["bin_start"]]
    data.add_series("incidents", bins["incidents"].tolist())
    data.add_series(f"killed that {unit}", bins["killed"].tolist())
    data.add_series("cumulative deaths (right axis)", bins["cumulative_killed"].tolist())
    chart = _chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, box, (INCIDENTS_COLOR, KILLED_COLOR))
    _date_ticks(chart.category_axis, unit, len(bins), box[2])
    chart.value_axis.tick_labels.font.size = Pt(CHART_PT)
    _whole_numbers(chart.value_axis, max(bins["incidents"].max(), bins["killed"].max()))
    _line_on_second_axis(chart, 2, KILLED_COLOR)


def _unknown_deaths_caption(slide, bins, box) -> tuple:
    """A bin with incidents and no known death is not a bin without deaths: the app marks it on a
    row of its own; here a line under the chart names such bins. Returns the box left for the chart."""
    labels = count_labels(bins["killed"], bins["killed_unknown"], bins["incidents"])
    unknown = [
        format_date(b, u) for b, u, k in zip(bins["bin_start"], bins["unit"], labels, strict=True) if k == "unknown"
    ]
    if not unknown:
        return box
    left, top, width, height = box
    text = f"Deaths unknown for {join_words(unknown)}: no column there does not mean no deaths."
    lines = line_count(text, width, CHART_PT)
    room = height_of(lines, CHART_PT)
    text_box(slide, left, top + height - room, width, [text], CHART_PT, color="#333333")
    return left, top, width, height - room


def methods(slide, s: Slide, box) -> None:
    t = s.table.iloc[::-1]  # first type on top, as on the slide
    data = CategoryChartData()
    data.categories = t["label"].tolist()
    data.add_series("incidents", t["incidents"].tolist())
    chart = _chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, box)
    chart.has_title = False  # the headline says what is counted; Impress would title it "incidents"
    for point, color in zip(chart.plots[0].series[0].points, t["color"], strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(color)
    _whole_numbers(chart.value_axis, t["incidents"].max())
    chart.plots[0].has_data_labels = True
    chart.plots[0].data_labels.font.size = Pt(CHART_PT)


def casualties(slide, s: Slide, box) -> None:
    """Killed and injured per group, each bar labelled as the app labels it: a count behind which
    some incidents' counts are unknown says so, and a bar with no known count at all reads "unknown"
    and is drawn hatched, outlined, at the height of its known part (nothing)."""
    cas = s.table
    data = CategoryChartData()
    data.categories = cas["group"].tolist()
    data.add_series("killed", cas["killed"].tolist())
    data.add_series("injured", cas["injured"].tolist())
    # Bars across, as the app draws them: a label such as "0 + 12 unknown" has room at a bar's end.
    chart = _chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, box, (KILLED_COLOR, INJURED_COLOR))
    chart.category_axis.reverse_order = True  # the first group on top, as on the slide
    top = max(cas["killed"].max(), cas["injured"].max(), 1)
    chart.value_axis.maximum_scale = _room_for_labels(top)
    for series, measure, color in zip(
        chart.plots[0].series, ("killed", "injured"), (KILLED_COLOR, INJURED_COLOR), strict=True
    ):
        labels = count_labels(cas[measure], cas[f"{measure}_unknown"], cas["in_view"])
        for point, label in zip(series.points, labels, strict=True):
            _label(point, label)
            if label == "unknown":
                point.format.fill.patterned()
                point.format.fill.pattern = MSO_PATTERN_TYPE.WIDE_UPWARD_DIAGONAL
                point.format.fill.fore_color.rgb, point.format.fill.back_color.rgb = rgb(color), rgb("#ffffff")
                point.format.line.color.rgb, point.format.line.dash_style = rgb(color), MSO_LINE_DASH_STYLE.DASH
    chart.value_axis.tick_labels.font.size = Pt(CHART_PT)
    chart.category_axis.tick_labels.font.size = Pt(CHART_PT)


def _room_for_labels(top: float) -> float:
    """The value axis run on past the longest bar by about half, for its label ("37 + 2 unknown")."""
    step = 10 ** math.floor(math.log10(top * 1.6)) if top * 1.6 >= 10 else 1
    return float(math.ceil(top * 1.6 / step) * step)


def _whole_numbers(axis, top: float) -> None:
    """A count axis ticks at whole numbers: Impress and PowerPoint put 0.5 steps on an axis up to 3."""
    if top <= 8:
        axis.major_unit = 1.0


def _label(point, text: str) -> None:
    """A data label whose text is `text` (a custom label, still tied to its point)."""
    label = point.data_label
    label.position = XL_LABEL_POSITION.OUTSIDE_END
    frame = label.text_frame
    frame.text = text
    frame.paragraphs[0].font.size = Pt(max(CHART_PT - 2, MIN_PT))
