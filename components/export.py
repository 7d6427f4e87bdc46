"""Downloads of the filtered incidents: CSV and JSON that are safe to open in a spreadsheet."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pandas as pd

# A spreadsheet runs a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a text that a spreadsheet would run as a formula with an apostrophe (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
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


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV in the curated files' own format: ISO dates, unknown as an empty cell."""
    return _dates_as_text(safe_frame(df)).to_csv(index=False, lineterminator="\n").encode("utf-8")


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
