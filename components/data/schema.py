"""The curated tables' schema, read from `datasets/datapackage.json`.

The Frictionless descriptor is the single source of truth: the loader validates against it, the
Data page documents columns from it, and nothing else restates field types or vocabularies.
Properties beyond the Table Schema standard (all optional) drive the cross-field checks:
`enumDescriptions`, `listDelimiter`, `itemEnum`, `listForeignKey`, `totalOf`, `precisionOf`,
`notBefore` and `paragraphRange`; `curatedOnly`, `importEnum` and `importItemEnum` shape the import
profile (constraints imports are spared, values and flags only imports use).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATASETS_DIR = Path(__file__).resolve().parents[2] / "datasets"
PACKAGE_FILE = "datapackage.json"
DATASETS_ENV = "KZ_DATASETS_DIR"


def datasets_dir() -> Path:
    """The curated data folder; KZ_DATASETS_DIR points the app at another copy (tests use it)."""
    return Path(os.environ.get(DATASETS_ENV) or DATASETS_DIR)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str
    description: str
    constraints: dict
    extra: dict

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> list | None:
        return self.constraints.get("enum")

    @property
    def labels(self) -> dict:
        """Value -> label for people (enumLabels), the value itself where none is given."""
        given = self.extra.get("enumLabels", {})
        return {v: given.get(v, v) for v in self.enum or []}

    @property
    def meanings(self) -> dict:
        """Value -> definition for controlled vocabularies (single values or list items)."""
        return self.extra.get("enumDescriptions") or self.extra.get("itemEnum") or {}


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The dates the table covers: its date field's minimum and maximum."""
        c = self.field("date").constraints
        return dt.date.fromisoformat(c["minimum"]), dt.date.fromisoformat(c["maximum"])

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


_STANDARD = {"name", "type", "title", "description", "constraints", "format"}


def _field(d: dict) -> Field:
    return Field(
        name=d["name"],
        type=d["type"],
        title=d.get("title", d["name"]),
        description=d.get("description", ""),
        constraints=d.get("constraints", {}),
        extra={k: v for k, v in d.items() if k not in _STANDARD},
    )


def read_package(directory: Path | None = None) -> dict:
    return json.loads((Path(directory or datasets_dir()) / PACKAGE_FILE).read_text(encoding="utf-8"))


def tables(directory: Path | None = None) -> dict[str, Table]:
    """Table name -> Table, in the package's order, for `directory` (default: datasets_dir()).
    Read once per version of the descriptor: every rerun asks for it (file stamps, filters), and
    re-parsing the JSON each time cost more than the rest of a rerun's bookkeeping."""
    return dict(_tables(*package_stamp(directory)))


def package_stamp(directory: Path | None = None) -> tuple[Path, int]:
    """The data folder and its descriptor's modification time: changes when the package does."""
    folder = Path(directory or datasets_dir())
    return folder, (folder / PACKAGE_FILE).stat().st_mtime_ns


def text_file(path: Path) -> str:
    """A small text file (methodology, import guide, shipped CSS/JS) read once per version: pages
    that show one rerun on every click and key press."""
    path = Path(path)
    return _text(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _text(path: Path, mtime_ns: int) -> str:  # mtime_ns: part of the cache key
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def _tables(directory: Path, mtime_ns: int) -> dict[str, Table]:  # mtime_ns: part of the cache key
    out = {}
    for r in read_package(directory)["resources"]:
        s = r["schema"]
        out[r["name"]] = Table(
            name=r["name"],
            path=r["path"],
            title=r.get("title", r["name"]),
            description=r.get("description", ""),
            fields=tuple(_field(f) for f in s["fields"]),
            primary_key=s["primaryKey"][0],
        )
    return out


GLOBE_BOUNDS = {"latitude": (-90, 90), "longitude": (-180, 180)}
# Dates the app can draw: the date slider's browser side holds microseconds in a JavaScript number,
# exact only from 1684 to 2255; a date outside is a problem at its row, not a broken page.
DRAWABLE = {"date": ("1684-01-01", "2255-12-31"), "end_date": ("1684-01-01", "2255-12-31")}


def import_profile(table: Table) -> Table:
    """The same table schema for data brought from elsewhere (GTD, ACLED): constraints marked
    `curatedOnly` (Kazakhstan's regions and box, the 2011-2012 period, our id and citation forms,
    our incident types) are dropped; coordinates must still be on the globe. Everything else —
    types, counts, totals vs parts, date precision — is checked exactly as for the curated data.
    Region is optional (a GTD province 'Unknown', an ACLED event at sea)."""
    fields = []
    for f in table.fields:
        constraints = {k: v for k, v in f.constraints.items() if k not in f.extra.get("curatedOnly", ())}
        if f.name in GLOBE_BOUNDS or f.name in DRAWABLE:
            constraints["minimum"], constraints["maximum"] = {**GLOBE_BOUNDS, **DRAWABLE}[f.name]
        extra = {
            k: v for k, v in f.extra.items() if not (k == "paragraphRange" and k in f.extra.get("curatedOnly", ()))
        }
        # Values and flags only imports use (ACLED's rioters, region_unknown, ...) join the vocabulary.
        if more := f.extra.get("importEnum"):
            constraints["enum"] = [*constraints["enum"], *more]
            extra["enumDescriptions"] = {**extra.get("enumDescriptions", {}), **more}
        if more := f.extra.get("importItemEnum"):
            extra["itemEnum"] = {**extra["itemEnum"], **more}
        fields.append(Field(f.name, f.type, f.title, f.description, constraints, extra))
    return Table(table.name, table.path, table.title, table.description, tuple(fields), table.primary_key)


def fitted(
    table: Table, period: tuple[dt.date, dt.date], types: list[str], initiators: list[str] | None = None
) -> Table:
    """An import profile fitted to the rows it admitted: their period (the date slider's and the
    time axis's range), their incident types in the given order (the quick filter's options) and,
    if given, the initiators they use (the initiator filter's options, in the vocabulary's order).
    Types the package knows keep its labels; others are their own label (GTD, ACLED)."""

    def fit(f: Field) -> Field:
        if f.name == "initiator" and initiators is not None:
            used = [v for v in f.enum if v in set(initiators)]
            return Field(f.name, f.type, f.title, f.description, {**f.constraints, "enum": used}, f.extra)
        if f.name == "date":
            return Field(
                f.name,
                f.type,
                f.title,
                f.description,
                {**f.constraints, "minimum": period[0].isoformat(), "maximum": period[1].isoformat()},
                f.extra,
            )
        if f.name == "incident_type":
            labels = {t: f.extra.get("enumLabels", {}).get(t, t) for t in types}
            return Field(
                f.name,
                f.type,
                f.title,
                f.description,
                {**f.constraints, "enum": list(types)},
                {**f.extra, "enumLabels": labels},
            )
        return f

    return Table(
        table.name, table.path, table.title, table.description, tuple(fit(f) for f in table.fields), table.primary_key
    )
