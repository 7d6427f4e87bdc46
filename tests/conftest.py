import csv
import shutil
from pathlib import Path

import pytest

from components.schema import DATASETS_DIR


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
