"""Each validation rule catches its violation, naming table, row and column.

Every case breaks one cell of a private copy of the curated data (a purpose-built bad fixture)
and expects exactly that problem back.
"""

import json

import pandas as pd
import pytest

from components.data.loader import load_dataset
from components.data.schema import PACKAGE_FILE, tables
from components.data.validation import ROW_RULES, DataValidationError, Rule, validate_table
from tests.conftest import set_cell, write_rows

INC, POL, CTX = "incidents.csv", "policy_measures.csv", "context_events.csv"

# (file, row, column, bad value, fragment of the expected message)
CELL_CASES = [
    (INC, 3, "killed_total", "two", "expected a whole number"),
    (INC, 3, "killed_total", "2.5", "expected a whole number"),
    (INC, 4, "killed_security", "-1", "below the allowed minimum 0"),
    (INC, 5, "latitude", "north", "expected a number"),
    (INC, 5, "latitude", "60.1", "above the allowed maximum 55.5"),
    (INC, 5, "longitude", "30.0", "below the allowed minimum 46.4"),
    (INC, 6, "date", "2011-02-30", "expected a real date"),
    (INC, 6, "date", "17/05/2011", "expected a real date"),
    (INC, 6, "date", "2010-12-31", "before the allowed minimum 2011-01-01"),
    (INC, 6, "date", "2013-01-02", "after the allowed maximum 2012-12-31"),
    (INC, 7, "summary", "", "a value is required"),
    (INC, 7, "incident_type", "bombin", "'bombin' is not an allowed value"),
    (INC, 7, "region", "Aktyubinsk Oblast", "is not an allowed value"),
    (INC, 8, "incident_id", "Taraz 2011", "does not have the expected form"),
    (INC, 8, "incident_id", "2011-05-17-aktobe", "repeats the value in row 2"),
    (INC, 9, "quality_flags", "count_conflict;guesswork", "'guesswork' is not an allowed value"),
    (INC, 9, "quality_flags", "count_conflict;;count_inferred", "empty item"),
    (INC, 9, "related_incidents", "2011-01-01-nowhere", "not an existing incident_id in incidents"),
    (INC, 10, "killed_total", "5", "less than the sum of its known parts"),
    (INC, 3, "killed_total", "3", "differs from the sum of its parts, all known"),
    (INC, 3, "killed_total", "", "empty although all its parts are known"),
    (INC, 10, "source_ref", "Kazakhstan terrorism 2011-2012 analysis note, para. 3", "outside 12-27"),
    (INC, 10, "source_ref", "the internet", "does not have the expected form"),
    (INC, 10, "time_local", "25:00", "does not have the expected form"),
    (POL, 2, "date_inferred", "maybe", "expected true or false"),
    (POL, 2, "date", "2012-12-15", "must fall on the first day of its month"),
    (POL, 2, "status", "rumoured", "is not an allowed value"),
    (CTX, 2, "date", "2009-06-01", "must fall on the first day of its year"),
    (CTX, 7, "end_date", "2010-12-31", "ends before its date"),
]


@pytest.mark.parametrize(("filename", "row", "column", "value", "fragment"), CELL_CASES)
def test_rule_catches_bad_cell(data_copy, filename, row, column, value, fragment):
    set_cell(data_copy, filename, row, column, value)
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    hits = [p for p in err.value.problems if fragment in p.message]
    assert hits, str(err.value)
    assert (hits[0].table, hits[0].row, hits[0].column) == (filename, row, column)
    assert f"{filename}, row {row}, column {column}:" in str(err.value)
    assert isinstance(hits[0].rule, Rule)  # the loader keeps the rule when it names the file


# The cell cases that the Table Schema standard itself covers (types, minimum/maximum, required,
# enum, pattern, a unique primary key). The others (list items, list foreign keys, totals vs parts,
# date precision, not-before, paragraph ranges) are this package's own properties.
STANDARD_FRAGMENTS = (
    "expected a whole number",
    "expected a number",
    "expected a real date",
    "expected true or false",
    "below the allowed minimum",
    "above the allowed maximum",
    "before the allowed minimum",
    "after the allowed maximum",
    "a value is required",
    "is not an allowed value",
    "does not have the expected form",
    "repeats the value",
)
STANDARD_CASES = [
    c
    for c in CELL_CASES
    if c[2] not in ("quality_flags", "related_incidents") and any(f in c[4] for f in STANDARD_FRAGMENTS)
]


def test_the_standard_cases_are_the_expected_share():
    assert len(STANDARD_CASES) == 19 and len(CELL_CASES) == 29


@pytest.mark.parametrize(("filename", "row", "column", "value", "fragment"), STANDARD_CASES)
def test_frictionless_and_validate_table_agree_on_standard_constraints(
    data_copy, filename, row, column, value, fragment
):
    """The hand-written validator (~9x faster than frictionless) stays honest: for each standard
    constraint, frictionless, the reference implementation, flags the same cell and nothing else."""
    frictionless = pytest.importorskip("frictionless")
    set_cell(data_copy, filename, row, column, value)
    report = frictionless.validate(str(data_copy / PACKAGE_FILE))
    keys = {t.path: t.primary_key for t in tables(data_copy).values()}
    # A primary-key error is a row error: it names no field, so it is taken to name the key's.
    flagged = {
        (t.place, e.row_number, getattr(e, "field_name", None) or keys[t.place]) for t in report.tasks for e in t.errors
    }
    assert flagged == {(filename, row, column)}, report.flatten(["rowNumber", "fieldName", "type", "note"])

    table = next(t for t in tables(data_copy).values() if t.path == filename)
    raw = pd.read_csv(data_copy / filename, dtype=str, keep_default_na=False)
    _, problems = validate_table(table, raw)
    assert [p.message for p in problems if (p.row, p.column) == (row, column) and fragment in p.message]


# The rule each cell case breaks, by its fragment: code that acts on a problem reads the rule.
CASE_RULES = {
    "expected a whole number": Rule.NOT_INTEGER,
    "below the allowed minimum 0": Rule.MINIMUM,
    "expected a number": Rule.NOT_NUMBER,
    "above the allowed maximum 55.5": Rule.MAXIMUM,
    "below the allowed minimum 46.4": Rule.MINIMUM,
    "expected a real date": Rule.NOT_DATE,
    "before the allowed minimum 2011-01-01": Rule.MINIMUM,
    "after the allowed maximum 2012-12-31": Rule.MAXIMUM,
    "a value is required": Rule.REQUIRED,
    "'bombin' is not an allowed value": Rule.NOT_ALLOWED,
    "is not an allowed value": Rule.NOT_ALLOWED,
    "does not have the expected form": Rule.PATTERN,
    "repeats the value in row 2": Rule.UNIQUE,
    "'guesswork' is not an allowed value": Rule.ITEM_NOT_ALLOWED,
    "empty item": Rule.EMPTY_ITEM,
    "not an existing incident_id in incidents": Rule.FOREIGN_KEY,
    "less than the sum of its known parts": Rule.TOTAL_BELOW_PARTS,
    "differs from the sum of its parts, all known": Rule.TOTAL_NOT_SUM,
    "empty although all its parts are known": Rule.TOTAL_MISSING,
    "outside 12-27": Rule.PARAGRAPH_RANGE,
    "expected true or false": Rule.NOT_BOOLEAN,
    "must fall on the first day of its month": Rule.DATE_PRECISION,
    "must fall on the first day of its year": Rule.DATE_PRECISION,
    "ends before its date": Rule.NOT_BEFORE,
}


def test_the_cell_cases_break_every_row_rule():
    assert {c[4] for c in CELL_CASES} == set(CASE_RULES)
    assert set(CASE_RULES.values()) == ROW_RULES


@pytest.mark.parametrize(("filename", "row", "column", "value", "fragment"), CELL_CASES)
def test_each_problem_names_its_rule(data_copy, filename, row, column, value, fragment):
    set_cell(data_copy, filename, row, column, value)
    table = next(t for t in tables(data_copy).values() if t.path == filename)
    raw = pd.read_csv(data_copy / filename, dtype=str, keep_default_na=False)
    _, problems = validate_table(table, raw)
    assert {p.rule for p in problems if (p.row, p.column) == (row, column) and fragment in p.message} == {
        CASE_RULES[fragment]
    }


def test_header_problems_name_their_rule():
    table = tables()["context_events"]
    raw = pd.DataFrame(columns=[*(c for c in table.columns if c != "country"), "kountry"], dtype=str)
    _, problems = validate_table(table, raw)
    assert {(p.column, p.rule) for p in problems} == {
        ("country", Rule.MISSING_COLUMN),
        ("kountry", Rule.UNKNOWN_COLUMN),
    }


def test_every_problem_is_listed_at_once(data_copy):
    set_cell(data_copy, INC, 2, "killed_total", "x")
    set_cell(data_copy, INC, 17, "region", "Mars")
    set_cell(data_copy, POL, 3, "status", "")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    where = {(p.table, p.row, p.column) for p in err.value.problems}
    assert {(INC, 2, "killed_total"), (INC, 17, "region"), (POL, 3, "status")} <= where
    assert list(err.value.frame().columns) == ["table", "row", "column", "problem"]


def test_missing_and_unknown_columns(data_copy):
    import csv

    path = data_copy / CTX
    records = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in records:
        r["kountry"] = r.pop("country")
    write_rows(path, records)
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    msgs = {(p.table, p.row, p.column): p.message for p in err.value.problems}
    assert "missing from the header" in msgs[(CTX, None, "country")]
    assert "unknown column" in msgs[(CTX, None, "kountry")]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00garbage\x00\x81", "not UTF-8"),
        (b'measure_id,date\n"M01,2012', "not a readable CSV"),
    ],
)
def test_unreadable_file(data_copy, content, fragment):
    (data_copy / POL).write_bytes(content)
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    hits = [p for p in err.value.problems if p.table == POL and fragment in p.message]
    assert hits and all(p.rule in (Rule.UNREADABLE, Rule.EMPTY) for p in hits), str(err.value)


def test_missing_file_and_broken_package(data_copy):
    (data_copy / CTX).unlink()
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    assert any(p.table == CTX and "cannot read the file" in p.message for p in err.value.problems)

    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    assert "cannot read the data package" in str(err.value)


def test_loader_never_writes_to_the_data(data_copy):
    def snapshot():
        return {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}

    before = snapshot()
    load_dataset(data_copy)
    assert snapshot() == before


def test_schema_is_read_from_the_package(data_copy):
    # Narrowing a vocabulary in datapackage.json alone must change what validates: no second copy.
    pkg = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    field = next(f for f in pkg["resources"][0]["schema"]["fields"] if f["name"] == "initiator")
    field["constraints"]["enum"] = ["militants", "unknown"]
    (data_copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    assert any(p.column == "initiator" and "'security forces'" in p.message for p in err.value.problems)
