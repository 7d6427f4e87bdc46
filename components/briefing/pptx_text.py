"""Text for the PowerPoint deck that fits in any client: boxes sized for the widest common font, not
the writer's metrics. python-pptx cannot measure text, and LibreOffice draws in DejaVu Sans where
PowerPoint draws in Calibri (about a fifth narrower), so a box sized for one line of Calibri wraps
onto the next box in Impress. Every box here is sized from a conservative glyph width, word wrap on,
and marked "shrink text on overflow" as a last resort for a client wider still. Pure: no Streamlit.
"""

from __future__ import annotations

import math

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

# Average advance of a character as a share of the type size: DejaVu Sans (LibreOffice's default
# on Linux) runs about 0.58 of the size for mixed text and 0.63 for lowercase words, its bold about
# 0.62 and 0.72 (a lone "unknown"): sized for the words, so mixed text has a margin.
GLYPH, GLYPH_BOLD = 0.64, 0.72
LEADING = 1.2  # line height as a share of the type size (both clients use about 1.17)
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)  # a text box's default insets in both clients
MIN_PT = 14  # nothing on a slide smaller: read from the back of a room at 1280x720


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def chars_per_line(width: int, size: float, bold: bool = False) -> int:
    return max(int((width - 2 * INSET_X) / Pt(size * (GLYPH_BOLD if bold else GLYPH))), 1)


def line_count(text: str, width: int, size: float, bold: bool = False) -> int:
    """Lines `text` takes at `size` in a box `width` EMU wide, wrapping at spaces as clients do."""
    limit, count = chars_per_line(width, size, bold), 0
    for paragraph in text.split("\n"):
        lines, current = 1, 0
        for word in paragraph.split(" "):
            need = len(word) if current == 0 else current + 1 + len(word)
            if need > limit and current:
                lines, current = lines + math.ceil(len(word) / limit), len(word) % limit or limit
            else:
                current = need
        count += lines
    return count


def height_of(lines: int, size: float) -> int:
    return int(Pt(size * LEADING) * lines + 2 * INSET_Y)


def fit_size(texts, width: int, size: float, height: int, bold: bool = False) -> float:
    """The largest size from `size` down to MIN_PT at which `texts` (one paragraph each) fit `height`."""
    while size > MIN_PT and height_of(sum(line_count(t, width, size, bold) for t in texts), size) > height:
        size -= 1
    return size


def text_box(slide, left, top, width, lines, size: float, *, bold=False, color="#111111", align=None, height=None):
    """A box holding `lines` (one paragraph each) at `size`, as tall as they need (or `height`);
    returns it. Its bottom (box.top + box.height) is where the next thing can go."""
    needed = height_of(sum(line_count(t, width, size, bold) for t in lines), size)
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height or needed))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # shrink on overflow, should a client be wider still
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size, paragraph.font.bold, paragraph.font.color.rgb = Pt(size), bold, rgb(color)
        if align is not None:
            paragraph.alignment = align
    return box


def text_width(text: str, size: float, bold: bool = False) -> int:
    """EMU a one-line box needs for `text`, insets included."""
    return int(Pt(size * (GLYPH_BOLD if bold else GLYPH)) * len(text) + 2 * INSET_X)


RIGHT = PP_ALIGN.RIGHT
CENTER = PP_ALIGN.CENTER
