"""The briefing as a PowerPoint file (python-pptx) a presenter can restyle or paste into their
organisation's template: the same slides, every chart a native chart built from the summary table
the slide's plotly figure draws (so it stays editable, with its numbers in the chart's own sheet:
pptx_charts.py), the map and the policy timeline drawn with shapes (pptx_shapes.py), headline and
notes in the notes pane, and no picture anywhere. Text is laid out top to bottom in boxes sized for
the widest common client font (pptx_text.py), so it reads the same in PowerPoint and in Impress.
Pure: no Streamlit; built only when the download is clicked.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from components.briefing import pptx_charts, pptx_shapes
from components.briefing.content import Slide
from components.briefing.pptx_text import fit_size, height_of, line_count, text_box

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9, PowerPoint's default widescreen
MARGIN = Inches(0.6)
TOP, BOTTOM = Inches(0.35), Inches(0.3)  # room above the headline and under the chart
GAP = Inches(0.12)
BLANK = 6  # the default template's blank layout
MIN_CHART = Inches(3.6)  # the least a chart gets: text above it shrinks first
HEADLINE_PT, POINT_PT = 28, 18
TITLE_PT, TITLE_ONE_LINE_PT, SUBTITLE_PT, STAT_PT, STAT_LABEL_PT = 44, 34, 20, 48, 18

DRAW = {
    "escalation": pptx_charts.escalation,
    "methods": pptx_charts.methods,
    "casualties": pptx_charts.casualties,
    "where": pptx_shapes.map_shapes,
    "policy": pptx_shapes.policy,
}


def _title_slide(slide, s: Slide) -> None:
    """Title, source and day, then the headline figures in large type, each under the last."""
    inner = WIDTH - 2 * MARGIN
    y = Inches(1.0)
    # On one line if it fits at TITLE_ONE_LINE_PT or more, else wrapped at TITLE_PT.
    size = fit_size([s.headline], inner, TITLE_PT, height_of(1, TITLE_PT), bold=True)
    if line_count(s.headline, inner, size, True) > 1 or size < TITLE_ONE_LINE_PT:
        size = fit_size([s.headline], inner, TITLE_PT, Inches(2.2), bold=True)
    y += text_box(slide, MARGIN, y, inner, [s.headline], size, bold=True).height + GAP
    size = fit_size(list(s.points), inner, SUBTITLE_PT, Inches(1.4))
    y += text_box(slide, MARGIN, y, inner, list(s.points), size, color="#444444").height + Inches(0.4)
    each = inner // max(len(s.stats), 1)
    for i, (label, value) in enumerate(s.stats):
        big = fit_size([value], each, STAT_PT, height_of(1, STAT_PT), bold=True)
        box = text_box(slide, MARGIN + i * each, y, each, [value, label], big, bold=True)
        box.text_frame.paragraphs[1].font.size = Pt(STAT_LABEL_PT)
        box.text_frame.paragraphs[1].space_before = Pt(8)  # clear of the large figure's descent
        # Sized for both lines, not shrunk: Impress shrinks the small label far more than the figure.
        box.text_frame.auto_size = MSO_AUTO_SIZE.NONE
        box.height = Emu(height_of(2, big) + height_of(line_count(label, each, STAT_LABEL_PT, True), STAT_LABEL_PT))


def _content_slide(slide, s: Slide) -> None:
    """Headline, points, and the drawing in what is left: text shrinks (to 14 pt at least) before
    the chart gets less than MIN_CHART."""
    inner = WIDTH - 2 * MARGIN
    room = HEIGHT - TOP - BOTTOM - (MIN_CHART + GAP if s.key in DRAW and s.table is not None else 0)
    points = [f"• {p}" for p in s.points]
    head = fit_size([s.headline], inner, HEADLINE_PT, room // 2, bold=True)
    y = TOP + text_box(slide, MARGIN, TOP, inner, [s.headline], head, bold=True).height + GAP
    if points:
        size = fit_size(points, inner, POINT_PT, TOP + room - y)
        y += text_box(slide, MARGIN, y, inner, points, size, color="#333333").height + GAP
    if s.key in DRAW and s.table is not None:
        DRAW[s.key](slide, s, (MARGIN, y, inner, HEIGHT - BOTTOM - y))


def _add(prs, s: Slide) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    if s.stats:
        _title_slide(slide, s)
    else:
        _content_slide(slide, s)
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
