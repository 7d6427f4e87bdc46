"""How values read to people: dates at their known precision, unknown counts as 'unknown'."""

from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd

_DATE_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def format_date(value, precision: str = "day") -> str:
    """A date written no more precisely than it is known: '17 May 2011', 'Oct 2012', '2009'."""
    if value is None or pd.isna(value):
        return "unknown"
    if precision == "quarter":
        return f"Q{pd.Timestamp(value).quarter} {pd.Timestamp(value).year}"
    return pd.Timestamp(value).strftime(_DATE_FORMATS.get(str(precision), _DATE_FORMATS["day"]))


def date_span(frame: pd.DataFrame) -> str:
    """'17 May 2011 to 12 Sep 2012', each end at its own precision."""
    dates = frame["date"]
    if dates.isna().all():
        return "no dates"
    # Positions of the extremes, not a sort: a 200k-row import is summarised on every page.
    first, last = frame.iloc[dates.argmin()], frame.iloc[dates.argmax()]
    a, b = format_date(first["date"], first["date_precision"]), format_date(last["date"], last["date_precision"])
    return a if a == b else f"{a} to {b}"


def join_words(items, word: str = "and") -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def label_phrase(labels) -> str:
    """Labels as a phrase that can open a sentence: 'Bombings, armed assaults and suicide bombings'."""
    labels = list(labels)
    return join_words(labels[:1] + [x[:1].lower() + x[1:] for x in labels[1:]])


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")
# GitHub-flavoured markdown (which Streamlit renders) turns bare URLs, www. names and e-mail addresses
# into links, and Streamlit turns :shortcodes: and :material/icons: into pictures, all AFTER the
# backslash escapes are resolved: a backslash cannot stop them. A word joiner (U+2060, invisible,
# never a line break) inside each trigger does: "www⁠.host", "https⁠://", "user@⁠host", ":⁠material".
WORD_JOINER = "\u2060"
# Streamlit 1.67 draws a picture only for a colon, a name of ASCII letters, digits, _ + - (or
# material/ and such a name) and a closing colon: remark-emoji's /:\+1:|:-1:|:[\w-]+:/, its own
# /:material_(\w+):/ after rewriting ":material/" and /:streamlit:/. So a colon gets the joiner only
# when such a closing colon follows (in the escaped text, where + - : carry a backslash): an id such
# as "2011-10-31-atyrau:gtd-2011" or a time "10:30" keeps its plain text, and its accessible name.
_SHORTCODE = r":(?=(?:\\?[A-Za-z0-9_+/-])+\\?:)"
_AUTOLINK = re.compile(rf"(?i)(www(?=\\?\.)|(?:https?|mailto|xmpp|ftp)(?=\\?:)|@|{_SHORTCODE})")
_LINE_BREAKS = re.compile(r"\r\n?|\n")
LABEL_CHARS = 120  # a widget label or option longer than this is cut: a label is no place for a paragraph


def _text(value) -> str:
    return "" if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)) else str(value)


def as_markdown_text(text) -> str:
    """Data text made inert for st.markdown, titles, captions and alerts: no emphasis, links, images,
    HTML, autolinks, icons or emoji from the data; line breaks kept as breaks (a CR alone too)."""
    escaped = _MARKDOWN.sub(r"\\\1", _text(text))
    return _LINE_BREAKS.sub("  \n", _AUTOLINK.sub(r"\1" + WORD_JOINER, escaped))


def label_text(text, limit: int = LABEL_CHARS) -> str:
    """Data text for a widget label, option, format_func, button, tab or chip, which Streamlit
    renders as (a subset of) markdown on one line: inert as as_markdown_text, on one line, cut."""
    flat = " ".join(_text(text).split())
    return as_markdown_text(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def html_text(text) -> str:
    """Data text for a plotly title, label, tick, legend entry, hover or annotation, and for an HTML
    file's text: plotly renders a subset of HTML there (links included), so <, > and & become entities.
    Quotes stay: plotly's legend shows &quot; as it is, and no attribute is built from data text."""
    return html.escape(_text(text), quote=False)


def cut(text, limit: int) -> tuple[str, bool]:
    """(text shortened to about `limit` characters at a space if one is near, whether it was cut).
    Long unbroken words are what freeze a browser's line breaking, so the display gets a prefix."""
    text = _text(text)
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    space = head.rfind(" ", limit - 40)
    return (head[:space] if space > 0 else head) + "…", True


def count_text(value) -> str:
    """A count for people: the number, or 'unknown' (never 0 for a missing value)."""
    return "unknown" if value is None or pd.isna(value) else f"{int(value):,}"


def counted(count: int, one: str, many: str | None = None) -> str:
    """'1 incident', '1,234 incidents', '2 people' (many given)."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def count_label(known: int, unknown: int, incidents: int) -> str:
    """A summed count as a bar or figure label, never reading an unknown as zero.

    `known` sums the known values, `unknown` counts the incidents behind the label whose value is
    unknown, `incidents` all incidents behind it. '5' only when every value is known; '0 + 1
    unknown' when some are not; 'unknown' when none is (and there is at least one incident)."""
    if unknown and unknown >= incidents:
        return "unknown"
    return f"{known:,} + {unknown:,} unknown" if unknown else f"{known:,}"


def count_labels(known, unknown, incidents) -> list[str]:
    """count_label over aligned columns: known sums, incidents with the count unknown, all incidents."""
    return [count_label(int(k), int(u), int(n)) for k, u, n in zip(known, unknown, incidents, strict=True)]


def period_text(start: dt.date, end: dt.date, between: str = " to ") -> str:
    """Whole years read as years ('2011', '2011–2012'), anything else as two dates joined by `between`."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{format_date(start)}{between}{format_date(end)}"
