"""Validate a table of raw strings against its schema and return it typed.

Checks are vectorised (one pass per column), so the same code serves the 16-row curated table and
a 200k-row import; the exception is the paragraph-range check (`_check_paragraphs`), a regex per
cell, which only curated tables carry (imports drop the constraint). Problems are collected, never
raised one at a time: a researcher fixing a file wants the whole list. Each names the `Rule` that
found it, for code that acts on problems; its message is for people.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from components.data.schema import Field, Table

# Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
FIRST_ROW = 2


class Rule(StrEnum):
    """Which check found a problem. Code that acts on a problem (the importer's repairs) decides by
    its rule, never by its message, which is worded for people and may be reworded."""

    # A cell's type.
    NOT_INTEGER = "not_integer"
    NOT_NUMBER = "not_number"
    NOT_DATE = "not_date"
    NOT_BOOLEAN = "not_boolean"
    # A cell's constraints.
    REQUIRED = "required"
    NOT_ALLOWED = "not_allowed"  # not in the column's vocabulary (enum)
    PATTERN = "pattern"
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    UNIQUE = "unique"
    # The items of a list cell.
    EMPTY_ITEM = "empty_item"
    ITEM_NOT_ALLOWED = "item_not_allowed"
    FOREIGN_KEY = "foreign_key"
    PARAGRAPH_RANGE = "paragraph_range"
    # Across the columns of one row.
    TOTAL_BELOW_PARTS = "total_below_parts"
    TOTAL_NOT_SUM = "total_not_sum"
    TOTAL_MISSING = "total_missing"
    DATE_PRECISION = "date_precision"
    NOT_BEFORE = "not_before"
    # The table or the file as a whole (no row): the header, reading it, what it holds.
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    UNREADABLE = "unreadable"
    UNKNOWN_FORMAT = "unknown_format"
    EMPTY = "empty"  # no header, or a header and no rows
    # An import that keeps no row: the file is refused with the reason each row was left out.
    LEFT_OUT = "left_out"


# The rules validate_table checks cell by cell or row by row: each problem of theirs names a row.
ROW_RULES = frozenset(Rule) - {
    Rule.MISSING_COLUMN,
    Rule.UNKNOWN_COLUMN,
    Rule.UNREADABLE,
    Rule.UNKNOWN_FORMAT,
    Rule.EMPTY,
    Rule.LEFT_OUT,
}


@dataclass(frozen=True)
class Problem:
    table: str
    row: int | None
    column: str | None
    message: str
    rule: Rule  # what code acting on a problem looks at (never the message)

    def __str__(self) -> str:
        where = [self.table]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(Exception):
    """Raised with every problem found, so the whole list can be shown at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{lines}")

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(p.table, p.row, p.column, p.message) for p in self.problems],
            columns=["table", "row", "column", "problem"],
        ).astype({"row": "Int64"})


def _short(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


class _Collector:
    def __init__(self, table: str):
        self.table = table
        self.problems: list[Problem] = []

    def add(self, rule: Rule, column: str | None, mask: pd.Series, message) -> None:
        """Record one problem per True in mask; message is a str or a function of the row's index."""
        for idx in mask[mask].index:
            self.one(rule, idx, column, message(idx) if callable(message) else message)

    def one(self, rule: Rule, idx, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.table, int(idx) + FIRST_ROW, column, message, rule))

    def whole(self, rule: Rule, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.table, None, column, message, rule))


def _split(raw: pd.Series, delimiter: str) -> pd.Series:
    """Explode a delimited list column to one stripped item per row (index kept)."""
    items = raw[raw != ""].str.split(delimiter).explode()
    return items.str.strip()


def _parse(field: Field, raw: pd.Series, present: pd.Series, out: _Collector) -> pd.Series:
    name = field.name
    if field.type == "integer":
        ok = raw.str.fullmatch(r"[+-]?\d+")
        out.add(Rule.NOT_INTEGER, name, present & ~ok, lambda i: f"expected a whole number, got {_short(raw[i])}")
        return pd.to_numeric(raw.where(present & ok), errors="coerce").astype("Int64")
    if field.type == "number":
        num = pd.to_numeric(raw.where(present), errors="coerce")
        bad = present & ~np.isfinite(num.fillna(np.inf).where(present, 0.0))
        out.add(Rule.NOT_NUMBER, name, bad, lambda i: f"expected a number, got {_short(raw[i])}")
        return num.where(~bad).astype("float64")
    if field.type == "date":
        shaped = raw.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        dates = pd.to_datetime(raw.where(present & shaped), format="%Y-%m-%d", errors="coerce")
        out.add(
            Rule.NOT_DATE,
            name,
            present & dates.isna(),
            lambda i: f"expected a real date as YYYY-MM-DD, got {_short(raw[i])}",
        )
        return dates
    if field.type == "boolean":
        low = raw.str.lower()
        ok = low.isin(["true", "false"])
        out.add(Rule.NOT_BOOLEAN, name, present & ~ok, lambda i: f"expected true or false, got {_short(raw[i])}")
        return low.map({"true": True, "false": False}).astype("boolean")
    if field.enum:
        return pd.Categorical(raw.where(present & raw.isin(field.enum)), categories=field.enum)
    return raw.where(present).astype("string")


def _check_constraints(field: Field, raw: pd.Series, value: pd.Series, present, out) -> None:
    name, c = field.name, field.constraints
    if c.get("required"):
        out.add(Rule.REQUIRED, name, ~present, "a value is required here but the cell is empty")
    if field.enum:
        allowed = ", ".join(field.enum)
        out.add(
            Rule.NOT_ALLOWED,
            name,
            present & ~raw.isin(field.enum),
            lambda i: f"{_short(raw[i])} is not an allowed value ({allowed})",
        )
    if "pattern" in c:
        ok = raw.str.fullmatch(c["pattern"])
        out.add(Rule.PATTERN, name, present & ~ok, lambda i: f"{_short(raw[i])} does not have the expected form")
    for key, op, word, rule in (
        ("minimum", np.less, "before" if field.type == "date" else "below", Rule.MINIMUM),
        ("maximum", np.greater, "after" if field.type == "date" else "above", Rule.MAXIMUM),
    ):
        if key in c:
            limit = pd.Timestamp(c[key]) if field.type == "date" else c[key]
            bad = pd.Series(op(value, limit), index=value.index).fillna(False).astype(bool)
            text = f"is {word} the allowed {key} {c[key]}"
            out.add(rule, name, bad, lambda i, t=text: f"{_short(raw[i])} {t}")
    if c.get("unique"):
        dup = present & raw.duplicated(keep=False)
        first = raw[dup].groupby(raw[dup]).transform(lambda s: s.index[0])
        out.add(
            Rule.UNIQUE,
            name,
            dup & raw.duplicated(keep="first"),
            lambda i: f"{_short(raw[i])} repeats the value in row {int(first[i]) + FIRST_ROW}; it must be unique",
        )


def _check_list(field: Field, raw: pd.Series, keys: Mapping[str, set], out: _Collector) -> None:
    delim = field.extra["listDelimiter"]
    items = _split(raw, delim)
    name = field.name
    out.add(
        Rule.EMPTY_ITEM,
        name,
        (items == "").groupby(level=0).any().reindex(raw.index, fill_value=False),
        f"an empty item between '{delim}' separators",
    )
    allowed = field.extra.get("itemEnum")
    fk = field.extra.get("listForeignKey")
    for ok_values, rule in (
        (allowed, Rule.ITEM_NOT_ALLOWED),
        (keys.get(fk["resource"]) if fk else None, Rule.FOREIGN_KEY),
    ):
        if ok_values is None:
            continue
        bad = items[(items != "") & ~items.isin(list(ok_values))]
        for idx, item in bad.items():
            msg = (
                f"{_short(item)} is not an allowed value ({', '.join(ok_values)})"
                if rule is Rule.ITEM_NOT_ALLOWED
                else f"{_short(item)} is not an existing {fk['field']} in {fk['resource']}"
            )
            out.one(rule, idx, name, msg)


def _check_paragraphs(field: Field, raw: pd.Series, present, out: _Collector) -> None:
    lo, hi = field.extra["paragraphRange"]

    def outside(text: str) -> bool:
        return any(not lo <= int(n) <= hi for n in re.findall(r"para\. (\d+)", text))

    bad = present & raw.map(outside).astype(bool)  # an empty column maps to text dtype
    out.add(
        Rule.PARAGRAPH_RANGE, field.name, bad, lambda i: f"cites a paragraph outside {lo}-{hi} in {_short(raw[i], 80)}"
    )


def _check_total(name: str, total: pd.Series, known: pd.DataFrame, out: _Collector) -> None:
    """A total is at least the sum of its known parts, equal to it when every part is known."""
    parts = " + ".join(known.columns)
    s = known.sum(axis=1, min_count=1).fillna(0).astype("Int64")
    all_known = known.notna().all(axis=1)
    below = ((total < s) & known.notna().any(axis=1)).fillna(False)  # no known part: nothing to compare
    unequal = (all_known & (total != s)).fillna(False) & ~below
    out.add(
        Rule.TOTAL_BELOW_PARTS,
        name,
        below,
        lambda i: f"{total[i]} is less than the sum of its known parts ({parts} = {s[i]})",
    )
    out.add(
        Rule.TOTAL_NOT_SUM,
        name,
        unequal,
        lambda i: f"{total[i]} differs from the sum of its parts, all known ({parts} = {s[i]})",
    )
    out.add(
        Rule.TOTAL_MISSING,
        name,
        all_known & total.isna(),
        lambda i: f"is empty although all its parts are known (they sum to {s[i]})",
    )


def _check_rows(table: Table, typed: pd.DataFrame, out: _Collector) -> None:
    """Rules across columns of one row: totals vs parts, date precision, periods."""
    for f in table.fields:
        if parts := f.extra.get("totalOf"):
            _check_total(f.name, typed[f.name], typed[parts], out)
        if target := f.extra.get("precisionOf"):
            d, p = typed[target], typed[f.name].astype("object")
            bad = ((p == "month") & (d.dt.day != 1)) | ((p == "year") & ((d.dt.day != 1) | (d.dt.month != 1)))
            out.add(
                Rule.DATE_PRECISION,
                target,
                bad.fillna(False).astype(bool),
                lambda i, p=p: f"a date of {p[i]} precision must fall on the first day of its {p[i]}",
            )
        if before := f.extra.get("notBefore"):
            bad = (typed[f.name] < typed[before]).fillna(False)
            out.add(Rule.NOT_BEFORE, f.name, bad, f"ends before its {before}")


def validate_table(table: Table, raw: pd.DataFrame, keys: Mapping[str, set] | None = None):
    """Check a frame of strings (as read with dtype=str, no NA parsing) against table's schema.

    keys maps table name -> set of its primary key values, for list foreign keys; a table's own
    keys are added here. Returns (typed frame, problems); the frame is only meaningful if there
    are no problems.
    """
    out = _Collector(table.name)
    missing = [c for c in table.columns if c not in raw.columns]
    for c in missing:
        out.whole(Rule.MISSING_COLUMN, c, "this required column is missing from the header")
    for c in raw.columns:
        if c not in table.columns:
            out.whole(Rule.UNKNOWN_COLUMN, c, "unknown column (not in the schema); check its spelling")
    if missing:
        return raw, out.problems
    raw = raw.reset_index(drop=True)
    keys = dict(keys or {})
    # Keys passed in for this table extend its own (an extract may refer to rows left out of it).
    keys[table.name] = set(keys.get(table.name, ())) | set(raw[table.primary_key])
    typed = {}
    for f in table.fields:
        col = raw[f.name].astype(str)
        present = col != ""
        typed[f.name] = _parse(f, col, present, out)
        _check_constraints(f, col, pd.Series(typed[f.name], index=col.index), present, out)
        # Lists with a vocabulary or a foreign key are checked item by item; free lists (names) are not.
        if "listDelimiter" in f.extra and ("itemEnum" in f.extra or "listForeignKey" in f.extra):
            _check_list(f, col, keys, out)
        if "paragraphRange" in f.extra:
            _check_paragraphs(f, col, present, out)
    frame = pd.DataFrame(typed, index=raw.index)
    _check_rows(table, frame, out)
    out.problems.sort(key=lambda p: (p.row or 0, table.columns.index(p.column) if p.column in table.columns else -1))
    return frame, out.problems
