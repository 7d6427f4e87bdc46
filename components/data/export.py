"""Downloads of the filtered incidents: CSV and JSON that are safe to open in a spreadsheet."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pandas as pd

# A spreadsheet runs a cell starting with one of these as a formula (CSV/formula injection), also
# after leading blanks or line breaks, and some also take the full-width forms (＝＋－＠).
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BLANKS = " \t\r\n\u3000"


def neutralise(value):
    """Prefix a text that a spreadsheet would run as a formula with an apostrophe (shown as text)."""
    if isinstance(value, str) and (value.lstrip(BLANKS).startswith(FORMULA_START) or value.startswith(("\t", "\r"))):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell neutralised; numbers and dates untouched."""
    text = [
        c
        for c in df.columns
        if not (pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_datetime64_any_dtype(df[c]))
    ]
    return df.assign(**{c: df[c].astype("object").map(neutralise, na_action="ignore") for c in text})


def _dates_as_text(df: pd.DataFrame) -> pd.DataFrame:
    dates = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
    return df.assign(**{c: df[c].dt.strftime("%Y-%m-%d") for c in dates})


def to_csv(df: pd.DataFrame, safe: bool = True) -> bytes:
    """UTF-8 CSV with ISO dates and unknown as an empty cell. Records end in CRLF (RFC 4180): Python's
    CSV writer quotes a cell holding any character of the line terminator, so with a bare LF a cell
    holding a lone CR would be left unquoted and split its record in two in a spreadsheet.
    safe=False: every text cell as it is (for a program to read, not a spreadsheet to open)."""
    return _dates_as_text(safe_frame(df) if safe else df).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_json(df: pd.DataFrame) -> bytes:
    """A JSON array of records; unknown is null, never 0."""
    records = _dates_as_text(safe_frame(df)).astype("object").where(lambda d: d.notna(), None)
    return json.dumps(records.to_dict(orient="records"), ensure_ascii=False, indent=1).encode("utf-8")


def filename(description: str, extension: str) -> str:
    """'Bombings in Atyrau Region, 2011' -> 'kz-incidents_bombings-in-atyrau-region-2011.csv'."""
    slug = re.sub(r"[^a-z0-9]+", "-", description.lower()).strip("-")[:80].rstrip("-")
    return f"kz-incidents_{slug or 'all'}.{extension}"


def downloads(df: pd.DataFrame, description: str) -> list[tuple[str, Callable[[], bytes], str, str]]:
    """(label, function making the bytes, file name, MIME type) for each format the filtered
    incidents are offered in; the bytes are made only when someone clicks."""
    return [
        ("CSV", lambda: to_csv(df), filename(description, "csv"), "text/csv"),
        ("JSON", lambda: to_json(df), filename(description, "json"), "application/json"),
    ]
