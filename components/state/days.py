"""A link's date range: its days as the app spells them (YYYY-MM-DD), read from either form
Streamlit writes the date slider's parameter in, and what a range beyond the data's period became.
Pure: no Streamlit."""

from __future__ import annotations

import datetime as dt

from components.core.formatting import period_text

EPOCH = dt.datetime(1970, 1, 1)


def day_text(value: str) -> str:
    """A link's day as the app writes it, YYYY-MM-DD. Streamlit writes the date slider's parameter
    that way when the slider is moved, but as microseconds since 1970 (UTC) when the app sets its
    value (a chart click sets the date range) or Streamlit restores it after a page change: that
    form is read as the day it names, anything else is returned as it is. Only a number that can be
    one (0, or 11 digits and more: a day after 1 Jan 1970 is 86,400,000,000 of them) is read so: a
    year typed into a link stays malformed, as the page then says, and a YYYYMMDD is ISO's own."""
    text = value.strip()
    digits = text.removeprefix("-")
    if digits.isdigit() and (digits == "0" or len(digits) >= 11):
        try:
            return (EPOCH + dt.timedelta(microseconds=int(text))).date().isoformat()
        except OverflowError:
            return value
    return value


def parse_span(values) -> tuple[dt.date, dt.date] | None:
    try:
        start, end = (dt.date.fromisoformat(day_text(v)) for v in values)
    except (TypeError, ValueError, AttributeError):
        return None  # absent or malformed: no date filter (the widget drops invalid values too)
    return (start, end) if start <= end else None


def span_note(
    asked: tuple[dt.date, dt.date], shown: tuple[dt.date, dt.date] | None, period: tuple[dt.date, dt.date]
) -> str:
    """What a link's well-formed dates that reach beyond the data's `period` became: `shown`, their part
    within it, or None where they do not meet it (the whole period)."""
    beyond = f"The link's dates ({period_text(*asked)}) {{}} this data's period ({period_text(*period)})"
    if shown is None:
        return beyond.format("lie outside") + ": the view shows the whole period."
    return beyond.format("reach beyond") + f": the view shows {period_text(*shown)}."
