"""Load the curated tables: read as text, validate against the data package, return typed frames.

Imports without Streamlit; the app wraps `load_dataset` in a cache (components/app/ui.py).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from components.data.schema import PACKAGE_FILE, Table, datasets_dir, read_package, tables
from components.data.validation import DataValidationError, Problem, Rule, validate_table


@dataclass(frozen=True)
class Dataset:
    """What every page shows: the curated package, or incidents a researcher imported."""

    incidents: pd.DataFrame
    policy_measures: pd.DataFrame
    context_events: pd.DataFrame
    table: Table  # the incidents' schema: the package's, or the import profile fitted to the imported rows
    title: str  # the source, as slides and banners name it
    directory: Path | None = None  # the curated package's folder; None for imported data
    stamp: tuple = ()  # cache key that changes when the data does: folder and mtimes, or an import's digest
    origin: str = "curated"  # or the imported file's format: gtd, acled, native
    report: object = None  # an import's ImportReport (components/importing/): warnings, rows left out, dates

    @property
    def imported(self) -> bool:
        return self.origin != "curated"

    @property
    def key(self) -> tuple:
        """What the app's caches know this dataset by: its version (stamp) and its name (title; two
        imports of the same bytes under different names are shown apart)."""
        return self.stamp, self.title


def file_stamps(directory: Path) -> tuple:
    """Modification times of the package and its tables (None for a missing file)."""
    try:
        files = [directory / PACKAGE_FILE] + [directory / t.path for t in tables(directory).values()]
    except (OSError, ValueError):
        return ()
    return tuple(p.stat().st_mtime_ns if p.exists() else None for p in files)


HEADER_BYTES = 65_536  # the GTD's 135 column names take 1.5 KB


def read_text_table(source, name: str, usecols=None, latin1_if=None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV (path or bytes) as strings, cells kept exactly as written. Unreadable -> problem.

    usecols: a column filter (callable), so a wide file is parsed only where it is used.
    latin1_if: a predicate on the header's column names; a file that is not UTF-8 but whose header
    passes it is read as Latin-1 (the GTD's public file is Latin-1).
    """
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as e:
        return None, [Problem(name, None, None, f"cannot read the file: {e.strerror}", Rule.UNREADABLE)]
    encoding = "utf-8-sig"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        header = data.split(b"\n", 1)[0].decode("ascii", errors="replace").strip().split(",")
        if not (latin1_if and latin1_if(header)):
            hint = "; it looks like UTF-16: save it as UTF-8" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
            return None, [
                Problem(name, None, None, f"not UTF-8 text (invalid byte at offset {e.start}){hint}", Rule.UNREADABLE)
            ]
        encoding = "latin-1"
    if not data or data.isspace():
        return None, [Problem(name, None, None, "the file is empty", Rule.EMPTY)]
    if b"\r" in data and b"\n" not in data:  # lines ended by CR alone (old Mac, some exports)
        data = data.replace(b"\r", b"\n")
    first = data.split(b"\n", 1)[0]
    too_long = Problem(
        name, 1, None, f"the header is {len(first):,} bytes: too long for a header (no line break?)", Rule.UNREADABLE
    )
    if len(first) > HEADER_BYTES:
        return None, [too_long]
    try:
        header = next(csv.reader([first.decode(encoding)]), [])
    except csv.Error:  # a field beyond csv.field_size_limit()
        return None, [too_long]
    try:
        return _parse(data, encoding, [c for c in header if usecols(c)] if usecols else None).fillna(""), []
    except (pd.errors.ParserError, csv.Error, UnicodeDecodeError, ValueError, pa.ArrowException) as e:
        return None, [Problem(name, None, None, f"not a readable CSV file: {e}", Rule.UNREADABLE)]


def _parse(data: bytes, encoding: str, columns: list[str] | None) -> pd.DataFrame:
    options = {"dtype": str, "keep_default_na": False, "encoding": encoding, "usecols": columns}
    try:
        # pyarrow's reader: ~2.5x faster than the C engine on a 200k-row file, same cells as text.
        return pd.read_csv(io.BytesIO(data), engine="pyarrow", **options)
    except (pa.ArrowInvalid, pd.errors.ParserError) as e:  # pandas may re-raise arrow's error as its own
        if "straddl" not in str(e):
            raise
    # A record longer than pyarrow's 1 MB block (a huge summary): the C engine has no such limit.
    return pd.read_csv(io.BytesIO(data), engine="c", **options)


def load_dataset(directory: Path | str | None = None) -> Dataset:
    """Read and validate every table of the package in directory (default: datasets_dir()); raise
    DataValidationError listing every problem (table, row, column) if anything is wrong."""
    directory = Path(directory or datasets_dir())
    try:
        package = read_package(directory)
    except (OSError, ValueError) as e:
        raise DataValidationError(
            [Problem(PACKAGE_FILE, None, None, f"cannot read the data package: {e}", Rule.UNREADABLE)]
        ) from e
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    keys: dict[str, set] = {}
    package_tables = tables(directory)
    for name, table in package_tables.items():
        raw, read_problems = read_text_table(directory / table.path, table.path)
        problems += read_problems
        if raw is None:
            continue
        frame, found = validate_table(table, raw, keys)
        problems += [dataclasses.replace(p, table=table.path) for p in found]
        keys[name] = set(raw.get(table.primary_key, []))
        typed[name] = frame
    if problems:
        raise DataValidationError(problems)
    sources = package.get("sources") or [{}]
    return Dataset(
        typed["incidents"],
        typed["policy_measures"],
        typed["context_events"],
        package_tables["incidents"],
        sources[0].get("title", package.get("title", directory.name)),
        directory,
        (str(directory), *file_stamps(directory)),
    )
