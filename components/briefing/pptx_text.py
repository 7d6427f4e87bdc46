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

# Advance widths in ems, by class of character: the widest of each class in DejaVu Sans and its
# bold (LibreOffice's default on Linux, wider than Calibri, Arial or Liberation Sans), so a line
# estimated to fit fits in any of them. (regular, bold)
_CLASSES = (
    (" ", (0.32, 0.35)),
    ("ijl.,:;'|!", (0.40, 0.46)),
    ("frt()-/", (0.41, 0.50)),
    ("mwMW", (0.99, 1.10)),
    ("ABCDEFGHIJKLNOPQRSTUVXYZ", (0.79, 0.85)),
    ("0123456789", (0.64, 0.70)),
    ("abcdeghknopqsuvxyz", (0.64, 0.72)),
)
_EM = {c: widths for chars, widths in _CLASSES for c in chars}
_OTHER = (0.84, 0.90)  # dashes, ≥, symbols, letters beyond ASCII
LEADING = 1.2  # line height as a share of the type size (both clients use about 1.17)
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)  # a text box's default insets in both clients
MIN_PT = 14  # nothing on a slide smaller: read from the back of a room at 1280x720


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def ems(text: str, bold: bool = False) -> float:
    """Width of `text` in ems at most, in the widest common font."""
    return sum(_EM.get(c, _OTHER)[bold] for c in text)


def line_count(text: str, width: int, size: float, bold: bool = False) -> int:
    """Lines `text` takes at `size` in a box `width` EMU wide, wrapping at spaces as clients do (a
    word wider than the line broken where it runs out)."""
    room, space, count = (width - 2 * INSET_X) / Pt(size), ems(" ", bold), 0
    for paragraph in text.split("\n"):
        lines, current = 1, 0.0
        for word in paragraph.split(" "):
            w = ems(word, bold)
            if current and current + space + w > room:
                lines, current = lines + 1, 0.0
            if w > room:  # broken inside the word
                lines += math.ceil(w / room) - 1
                w = w % room
            current = w if current == 0 else current + space + w
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
    return int(Pt(size) * ems(text, bold) + 2 * INSET_X + Pt(2))  # a little over: never wrapped by rounding


RIGHT = PP_ALIGN.RIGHT
CENTER = PP_ALIGN.CENTER
