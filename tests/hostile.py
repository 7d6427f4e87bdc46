"""SYNTHETIC hostile files for the import tests: every string that must stay text, in every free-text
column, plus the edge cases that once broke the session (one row, one date, undrawable dates) and
malformed files. Built from this project's own curated incidents, never from GTD or ACLED rows."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pandas as pd

from components.data.schema import DATASETS_DIR

# Each must show as the same text wherever it lands: never a link, an image, markup, an icon, a
# request or a formula.
HOSTILE = (
    "![x](http://host/img.png)",
    "[x](https://host)",
    "see https://host/login",
    "www.host",
    "user@host.example",
    ":material/home:",
    '<a href="https://host">T</a>',
    "<img src=x>",
    " =1+1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "first\rsecond =1+1",  # a CR inside a cell
)
TEXT_COLUMNS = (
    "incident_id",
    "location",
    "location_alias",
    "country",
    "region",
    "incident_type",
    "perpetrators",
    "target",
    "summary",
    "source_ref",
    "quality_note",
)
HUGE_WORD = "W" * 1_000_000  # one 1 MB word: line breaking it froze a browser tab for minutes


def curated() -> pd.DataFrame:
    return pd.read_csv(DATASETS_DIR / "incidents.csv", dtype=str, keep_default_na=False)


def to_bytes(frame: pd.DataFrame) -> bytes:
    # CRLF records, so a cell holding a lone CR is quoted (see components/export.to_csv).
    return frame.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).encode("utf-8")


def hostile_frame() -> pd.DataFrame:
    """One row per hostile string, in every text column, plus a row whose summary is HUGE_WORD."""
    base = curated().iloc[0]
    rows = []
    for i, text in enumerate((*HOSTILE, "plain")):
        row = base.copy()
        row[list(TEXT_COLUMNS)] = text
        row["incident_id"] = f"h{i}{text}"  # unique; the id is echoed in the detail and the URL
        row[["quality_flags", "related_incidents"]] = ""
        row["date"] = f"2011-05-{10 + i % 2:02d}"
        rows.append(row)
    rows[-1]["summary"] = HUGE_WORD
    return pd.DataFrame(rows).reset_index(drop=True)


def hostile_csv() -> bytes:
    return to_bytes(hostile_frame())


def one_row_csv() -> bytes:
    return to_bytes(curated().head(1))


def one_date_csv() -> bytes:
    return to_bytes(curated().assign(date="2011-10-31", date_precision="day", time_local=""))


def edge_dates_csv() -> bytes:
    frame = curated().head(3).copy()
    frame.loc[1, "date"], frame.loc[2, "date"] = "9999-12-31", "0001-01-01"
    frame["related_incidents"] = ""
    return to_bytes(frame)


def undrawable_dates_csv() -> bytes:
    """Only dates the app cannot draw: every row is left out, so the file is refused."""
    frame = curated().head(2).copy()
    frame["date"] = ["9999-12-31", "0001-01-01"]
    frame["related_incidents"] = ""
    return to_bytes(frame)


def cr_only_csv() -> bytes:
    """The curated file with every line ended by a lone CR (old Mac line endings)."""
    buffer = io.StringIO()
    curated().to_csv(buffer, index=False, lineterminator="\r")
    return buffer.getvalue().encode("utf-8")


LONG_LINE = b"x" * 200_000  # 200 KB and no line break: not a CSV header


def bare_frame() -> pd.DataFrame:
    """Three rows whose type and place are a bare formula, URL and mail link: spreadsheet writers
    make such cells live unless told not to (the PowerPoint's chart sheets)."""
    frame = curated().head(3).copy()
    frame["incident_type"] = frame["location"] = ["=1+1", "https://host/x", "mailto:user@host.example"]
    frame["related_incidents"] = ""
    return frame


# Live parts of a .pptx: a click or hover link on a shape or run, a hyperlink relationship, and in a
# chart's embedded workbook a formula or a hyperlink.
PPTX_LIVE = re.compile(rb"hlinkClick|hlinkHover|relationships/hyperlink|<f>|<f |<hyperlink")


def pptx_live(raw: bytes) -> list[str]:
    """Every part of a PowerPoint file (embedded workbooks opened too) holding a link or a formula."""
    found = []
    with zipfile.ZipFile(io.BytesIO(raw)) as deck:
        for name in deck.namelist():
            part = deck.read(name)
            if name.endswith(".xlsx"):
                found += [f"{name}: {inner}" for inner in pptx_live(part)]
            elif PPTX_LIVE.search(part):
                found.append(f"{name}: {PPTX_LIVE.search(part).group().decode()}")
    return found
