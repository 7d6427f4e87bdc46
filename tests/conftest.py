import atexit
import csv
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from components.data.loader import load_dataset
from components.data.schema import DATASETS_DIR, tables
from components.data.validation import validate_table

# Imports accepted during the tests (AppTest in this process, the browser tests' servers, which
# inherit the environment) go to a store of their own, never to the user's cache.
os.environ["KZ_IMPORT_STORE"] = tempfile.mkdtemp(prefix="kz-import-store-test-")
atexit.register(shutil.rmtree, os.environ["KZ_IMPORT_STORE"], True)

# The curated incidents table's schema, and the vocabulary most tests draw with.
TABLE = tables(DATASETS_DIR)["incidents"]
ORDER = TABLE.field("incident_type").enum
LABELS = TABLE.field("incident_type").labels
# The curated time axis: the incidents' period run on to ten days past the last policy measure.
RANGE = (pd.Timestamp("2011-01-01"), pd.Timestamp("2013-02-10"))


@pytest.fixture(scope="session")
def curated():
    """The curated dataset, loaded once (tests that change a frame copy it first)."""
    return load_dataset(DATASETS_DIR)


@pytest.fixture(scope="session")
def mini():
    """The MINI incidents below, validated and typed as the loader would give them."""
    return mini_incidents()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the curated data folder that a test may break."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS_DIR, target)
    return target


def set_cell(directory: Path, filename: str, row: int, column: str, value: str) -> None:
    """Write value into a CSV cell; row uses spreadsheet numbering (header = row 1)."""
    path = directory / filename
    with path.open(newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    records[row - 2][column] = value
    write_rows(path, records)


def write_rows(path: Path, records: list[dict], columns=None) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, columns or list(records[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(records)


# A purpose-built incidents table for filter, summary and chart tests: every incident type, two
# regions, unknown counts, a month boundary (31 Jan / 1 Feb) and both years.
MINI = [
    # id, date, type, region, initiator, killed_total, perp, security, civilians, injured_total, arrested
    ("2011-01-31-a", "2011-01-31", "bombing", "Atyrau Region", "militants", 2, 1, 1, None, None, None),
    ("2011-02-01-b", "2011-02-01", "armed_assault", "Almaty", "militants", 3, None, 3, None, 1, None),
    ("2011-06-15-c", "2011-06-15", "security_operation", "Atyrau Region", "security forces", 5, 5, None, None, None, 4),
    ("2012-03-10-d", "2012-03-10", "premature_explosion", "Almaty", "militants", None, None, None, None, None, None),
    ("2012-07-01-e", "2012-07-01", "suicide_bombing", "Almaty", "militants", 1, 1, 0, 0, 0, None),
    ("2012-12-31-f", "2012-12-31", "attack_unknown_method", "Atyrau Region", "unknown", 10, None, 4, 1, None, 2),
]


def mini_incidents():
    """Synthetic incidents (MINI): every incident type, unknown counts, a month and a year boundary."""
    table = TABLE
    rows = []
    for iid, date, kind, region, who, k, kp, ks, kc, inj, arr in MINI:
        row = dict.fromkeys(table.columns, "")
        row.update(
            incident_id=iid,
            date=date,
            date_precision="day",
            country="Kazakhstan",
            location="Somewhere",
            region=region,
            geo_precision="settlement",
            incident_type=kind,
            initiator=who,
            summary="Test incident.",
            source_ref="Kazakhstan terrorism 2011-2012 analysis note, para. 12",
        )
        for col, v in (
            ("killed_total", k),
            ("killed_perpetrators", kp),
            ("killed_security", ks),
            ("killed_civilians", kc),
            ("injured_total", inj),
            ("arrested", arr),
        ):
            row[col] = "" if v is None else str(v)
        rows.append(row)
    frame, problems = validate_table(table, pd.DataFrame(rows))
    assert not problems, problems
    return frame
