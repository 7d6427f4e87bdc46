"""The PowerPoint deck's drawings in native shapes (still editable, no pictures): the map (outline
polygons and sized circles) and the policy timeline (one named lane per measure type, markers in
their status's colour and shape), which a native chart cannot draw with its lanes named on the axis.
Pure: no Streamlit.
"""

from __future__ import annotations

import pandas as pd
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Emu, Inches, Pt

from components.briefing.content import Slide
from components.briefing.pptx_text import CENTER, MIN_PT, RIGHT, rgb, text_box, text_width
from components.core.formatting import format_date

# The measures' statuses as the app draws them (theme.STATUS_SYMBOLS: open marks for what is only
# announced or planned, filled for what is adopted or implemented), each in an Okabe-Ito colour of
# its own so a room tells them apart without reading the shapes.
STATUS_STYLE = {
    "adopted": (MSO_SHAPE.OVAL, "#0072B2", True),
    "implemented": (MSO_SHAPE.RECTANGLE, "#009E73", True),
    "announced": (MSO_SHAPE.OVAL, "#D55E00", False),
    "planned": (MSO_SHAPE.DIAMOND, "#CC79A7", False),
}
OTHER_STATUS = (MSO_SHAPE.OVAL, "#555555", True)
LABEL_PT = 16
MARK = Inches(0.34)
GRID = "#d9d9d9"


def _plain(shape, fill: str | None, line: str | None = None, width: float = 1):
    """A shape with its fill, outline and no theme shadow (Impress draws the default theme's)."""
    if fill is None:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(fill)
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb, shape.line.width = rgb(line), Pt(width)
    shape.shadow.inherit = False
    return shape


def _rule(slide, x0, y0, x1, y1) -> None:
    """A thin grid line."""
    connector = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(x0), Emu(y0), Emu(x1), Emu(y1))
    connector.line.color.rgb, connector.line.width = rgb(GRID), Pt(1)
    # No theme effects (Impress draws the default theme's shadow under a connector too).
    connector._element.spPr.append(parse_xml(f"<a:effectLst {nsdecls('a')}/>"))


def _marker(slide, status: str, cx: int, cy: int, size: int = MARK):
    kind, color, filled = STATUS_STYLE.get(status, OTHER_STATUS)
    shape = slide.shapes.add_shape(kind, Emu(cx - size // 2), Emu(cy - size // 2), size, size)
    return _plain(shape, color if filled else "#ffffff", color, 3.5)


def _months(m: pd.DataFrame) -> pd.DatetimeIndex:
    """Month starts from the month before the first measure to the one after the last (a margin)."""
    first, last = m["date"].min().to_period("M") - 1, m["date"].max().to_period("M") + 1
    return pd.period_range(first, last, freq="M").to_timestamp()


def policy(slide, s: Slide, box) -> None:
    """Lanes named by measure type, months along the bottom, a marker per measure in its month
    (spread across the month when several share one: their dates are known to the month), and
    a key of the statuses under it."""
    m = s.table.assign(
        kind=s.table["measure_type"].astype(str).str.replace("_", " "), status=s.table["status"].astype(str)
    )
    kinds = list(dict.fromkeys(m.sort_values("date", kind="stable")["kind"]))  # first measures on top
    left, top, width, height = box
    name_w = max(text_width(k, LABEL_PT) for k in kinds)
    plot_left, plot_w = left + name_w, width - name_w
    key_h, axis_h = Inches(0.5), Inches(0.45)
    lane_h = (height - key_h - axis_h) // len(kinds)
    months = _months(m)
    month_w = plot_w // len(months)
    for i, kind in enumerate(kinds):
        y = top + i * lane_h
        text_box(slide, left, y, name_w, [kind], LABEL_PT, align=RIGHT, height=lane_h)
        slide.shapes[-1].text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        _rule(slide, plot_left, y + lane_h // 2, plot_left + plot_w, y + lane_h // 2)
    bottom = top + len(kinds) * lane_h
    _month_axis(slide, months, plot_left, month_w, top, bottom)
    for (kind, month), rows in m.groupby(["kind", m["date"].dt.to_period("M")], sort=False):
        cy = top + kinds.index(kind) * lane_h + lane_h // 2
        x0 = plot_left + months.get_loc(month.to_timestamp()) * month_w
        for j, row in enumerate(rows.itertuples()):
            cx = x0 + month_w * (j + 1) // (len(rows) + 1)
            mark = _marker(slide, row.status, cx, cy)
            mark.name = f"{row.status}: {row.title} ({format_date(row.date, row.date_precision)})"
    _status_key(slide, [st for st in STATUS_STYLE if st in set(m["status"])], left, bottom + axis_h)


def _month_axis(slide, months, plot_left, month_w, top, bottom) -> None:
    """A light line at each month's start and the month's name under the lanes, centred on it."""
    skip = max(int(text_width("Sep 2012", LABEL_PT) // month_w) + 1, 1)
    for i, month in enumerate(months):
        x = plot_left + i * month_w
        _rule(slide, x, top, x, bottom)
        if i % skip == 0:
            text_box(slide, x, bottom, month_w * skip, [format_date(month, "month")], LABEL_PT, align=CENTER)


def _status_key(slide, statuses: list[str], left, top) -> None:
    """The statuses' marks and names in one row under the month names."""
    text_box(slide, left, top, text_width("measures:", LABEL_PT), ["measures:"], LABEL_PT)
    x = left + text_width("measures:", LABEL_PT)
    for status in statuses:
        _marker(slide, status, x + Inches(0.15), top + Inches(0.22), Inches(0.26))
        label = status
        text_box(slide, x + Inches(0.32), top, text_width(label, LABEL_PT), [label], LABEL_PT)
        x += Inches(0.32) + text_width(label, LABEL_PT) + Inches(0.25)


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


def map_shapes(slide, s: Slide, box) -> None:
    """The slide's map as shapes: the outlines its figure draws, clipped to its frame, and one circle
    per marker of the slide's place table, sized by known casualties; the key of types under it."""
    left, top, width, height = box
    key_h = Inches(0.45)
    at = _projection(s.figure.layout, (left, top, width, height - key_h))
    (x0, x1), (y0, y1) = s.figure.layout.xaxis.range, s.figure.layout.yaxis.range
    for trace in s.figure.data[:2]:  # neighbours, then Kazakhstan: the outline traces come first
        ring: list[tuple[float, float]] = []
        for x, y in [*zip(trace.x, trace.y, strict=True), (None, None)]:
            if x is not None:
                ring.append((x, y))
                continue
            clipped, ring = _clip(ring, x0, x1, y0, y1), []
            if len(clipped) < 3:
                continue
            builder = slide.shapes.build_freeform(*at(*clipped[0]))
            builder.add_line_segments([at(*p) for p in clipped[1:]], close=True)
            _plain(builder.convert_to_shape(), trace.fillcolor, trace.line.color, trace.line.width * 0.75)
    for row in s.table.itertuples():
        diameter = Pt(max(14 + 5 * (row.killed + row.injured) ** 0.5, 30 if row.n > 1 else 0))
        cx, cy = at(row.x, row.y)
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, cx - diameter // 2, cy - diameter // 2, diameter, diameter)
        _plain(dot, row.color, "#ffffff", 1.5)
        dot.name = f"{row.label}: {row.n} at {row.locations}"
        if row.n > 1:
            frame = dot.text_frame
            frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
            frame.text = str(row.n)
            frame.paragraphs[0].font.size, frame.paragraphs[0].font.bold = Pt(MIN_PT), True
    _type_key(slide, s.table.drop_duplicates("incident_type"), left, top + height - key_h, width)


def _projection(layout, box):
    """(lon, lat) -> slide EMU for the figure's frame fitted, centred, into box: a degree of latitude
    drawn scaleratio times one of longitude, as the slide's figure draws it."""
    (x0, x1), (y0, y1) = layout.xaxis.range, layout.yaxis.range
    stretch = layout.yaxis.scaleratio  # degrees of longitude to latitude at the map's middle (map_chart)
    left, top, width, height = box
    scale = min(width / (x1 - x0), height / ((y1 - y0) * stretch))
    left += int((width - scale * (x1 - x0)) / 2)
    top += int((height - scale * (y1 - y0) * stretch) / 2)
    return lambda x, y: (int(left + (x - x0) * scale), int(top + (y1 - y) * stretch * scale))


def _type_key(slide, legend: pd.DataFrame, left, top, width) -> None:
    """One dot and name per type, on rows as wide as the frame."""
    x, y = left, top
    for row in legend.itertuples():
        need = Inches(0.25) + text_width(row.label, MIN_PT) + Inches(0.15)
        if x + need > left + width and x > left:
            x, y = left, y + Inches(0.35)
        _plain(slide.shapes.add_shape(MSO_SHAPE.OVAL, x, y + Inches(0.1), Inches(0.2), Inches(0.2)), row.color)
        text_box(slide, x + Inches(0.22), y, text_width(row.label, MIN_PT), [row.label], MIN_PT)
        x += need
