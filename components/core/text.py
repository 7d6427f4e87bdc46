"""Text laid out without a browser to measure it: the glyph width every estimate of a text's width
uses, and the one word wrap of chart titles, tick labels and slide titles (lines joined by <br>,
plotly's line break). Pure: no Streamlit, no plotly.
"""

from __future__ import annotations

from components.core.formatting import html_text

# Average glyph width as a share of the type size (DejaVu Sans, the widest common sans-serif): used to
# estimate how wide a label is and how many lines a sentence takes, erring on the long side so a tick
# label is never cut and a chart never pushes past the edge.
GLYPH = 0.6


def chars_in(width: float, px: float) -> int:
    """How many characters of `px` type fit in `width` pixels (at least one)."""
    return max(int(width / (px * GLYPH)), 1)


def wrap(text, chars: int, *, markup: bool = False) -> str:
    """Words put on lines of at most `chars` characters (a longer word on a line of its own), the
    lines joined by <br>: 'international cooperation' -> 'international<br>cooperation'.

    Plain data text (the default) is escaped line by line after it is measured: plotly renders HTML
    in titles and ticks. `markup=True` wraps text that is plotly markup already (escaped, and broken
    with <br> for another width): its breaks become spaces and it is measured and kept as it is.
    To wrap to a width in pixels, pass `chars_in(width, px)`."""
    text = str(text)
    lines: list[str] = []
    for word in (text.replace("<br>", " ") if markup else text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines if markup else map(html_text, lines))
