"""Importers: GTD, ACLED and native files mapped to the canonical schema, unknown kept unknown,
bad files reported with file, row and column."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from components import importers
from components.schema import DATASETS_DIR

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def gtd():
    result = importers.import_file(DATA / "gtd_sample.csv", "gtd_sample.csv")
    assert result.format == "gtd" and not result.problems, result.problems
    return result.incidents.set_index("incident_id")


@pytest.fixture(scope="module")
def acled():
    result = importers.import_file(DATA / "acled_sample.csv", "acled_sample.csv")
    assert result.format == "acled" and not result.problems, result.problems
    return result.incidents.set_index("incident_id")


@pytest.mark.parametrize(
    ("event", "date", "precision"),
    [
        ("gtd-201105170001", "2011-05-17", "day"),
        ("gtd-201107000002", "2011-07-01", "month"),  # iday 0
        ("gtd-201100000003", "2011-01-01", "year"),
    ],  # imonth 0
)
def test_gtd_zero_month_or_day_is_coarser_precision(gtd, event, date, precision):
    assert (gtd.at[event, "date"], gtd.at[event, "date_precision"]) == (pd.Timestamp(date), precision)


def test_gtd_counts_keep_unknown_unknown(gtd):
    assert pd.isna(gtd.at["gtd-201100000003", "killed_total"])  # -99
    assert pd.isna(gtd.at["gtd-201100000003", "injured_total"])  # -9
    assert pd.isna(gtd.at["gtd-201107000002", "injured_total"])  # empty
    assert gtd.at["gtd-201105170001", "killed_perpetrators"] == 1  # nkillter
    assert gtd.at["gtd-201105170001", "injured_perpetrators"] == 0  # nwoundte
    assert pd.isna(gtd.at["gtd-201105170001", "killed_civilians"])  # GTD has no victim split


def test_gtd_labels_places_and_latin1(gtd):
    row = gtd.loc["gtd-201100000003"]
    assert row["incident_type"] == "Armed Assault" and row["attack_type"] == "Armed Assault"  # GTD's own labels
    assert row["location"] == "Almaty" and row["geo_precision"] == "region"  # city Unknown -> province
    assert row["perpetrators"] == "Jund al-Khilafah"
    assert "Région" in row["summary"]  # the public file is Latin-1
    assert pd.isna(gtd.at["gtd-201105170001", "perpetrators"])  # gname "Unknown"
    assert gtd.at["gtd-201211120004", "country"] == "Kyrgyzstan"  # outside Kazakhstan is fine for imports


def test_acled_precision_total_and_initiator(acled):
    assert acled.at["acled-KAZ1", "date_precision"] == "day"
    assert (acled.at["acled-KAZ2", "date"], acled.at["acled-KAZ2", "date_precision"]) == (
        pd.Timestamp("2012-09-12"),
        "week",
    )  # "12 September 2012", time_precision 2
    assert (acled.at["acled-KAZ3", "date"], acled.at["acled-KAZ3", "date_precision"]) == (
        pd.Timestamp("2012-08-01"),
        "month",
    )
    assert acled.at["acled-KAZ1", "killed_total"] == 7
    assert pd.isna(acled.at["acled-KAZ1", "killed_perpetrators"])  # fatalities is a total, no split
    assert (
        acled.at["acled-KAZ1", "initiator"] == "militants" and acled.at["acled-KAZ2", "initiator"] == "security forces"
    )
    assert acled.at["acled-KAZ1", "incident_type"] == "Explosions/Remote violence"


def test_native_file_imports_as_the_curated_table(curated):
    result = importers.import_file(DATASETS_DIR / "incidents.csv", "incidents.csv")
    assert result.format == "native" and not result.problems
    curated = curated.incidents
    # Same values; the import profile has no curated-only vocabularies, so those columns are text.
    text = {c: "string" for c in curated.columns if isinstance(curated[c].dtype, pd.CategoricalDtype)}
    pd.testing.assert_frame_equal(result.incidents.astype(text), curated.astype(text))


@pytest.mark.parametrize(
    ("content", "column", "fragment"),
    [
        (b"", None, "the file is empty"),
        (b"\x00\xff\xfe garbage \x81\x82", None, "not UTF-8"),
        (b"a,b,c\n1,2,3\n", None, "not a GTD, ACLED or incidents file"),
    ],
)
def test_bad_files_say_what_is_wrong(content, column, fragment):
    result = importers.import_file(content, "bad.csv")
    assert result.problems and fragment in result.problems[0].message
    (problem,) = result.problems
    assert (problem.table, problem.row, problem.column) == ("bad.csv", None, column)  # the whole file
    assert result.incidents.empty


def test_bad_gtd_value_names_the_source_row_and_column():
    text = (DATA / "gtd_sample.csv").read_bytes().decode("latin-1")
    lines = text.splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("nkill")] = "many"
    lines[2] = ",".join(cells)
    result = importers.import_file("\n".join(lines).encode("latin-1"), "gtd_bad.csv")
    (problem,) = result.problems
    assert (problem.table, problem.row, problem.column) == ("gtd_bad.csv", 3, "nkill")
    assert "expected a whole number" in problem.message and "killed_total" in problem.message


def test_missing_required_column_is_named():
    text = (DATA / "acled_sample.csv").read_text(encoding="utf-8").replace("fatalities", "deaths")
    result = importers.import_file(text.encode(), "acled_bad.csv", fmt="acled")
    assert [(p.column, p.message) for p in result.problems] == [("fatalities", "required acled column is missing")]


def test_cli_prints_one_json_line(capsys):
    assert importers.main([str(DATA / "gtd_sample.csv")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "format": "gtd",
        "rows": 4,
        "date_min": "2011-01-01",
        "date_max": "2012-11-12",
        "killed_total_sum": 3,
        "killed_unknown_rows": 2,
        "problems": 0,
    }


def test_cli_fails_readably_on_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    assert importers.main([str(bad)]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["problems"] == 1
    assert "problem: bad.csv: not a GTD, ACLED or incidents file" in captured.err


BAD = DATA / "bad"


@pytest.mark.parametrize(
    ("filename", "row", "column", "fragment"),
    [
        ("empty.csv", None, None, "the file is empty"),
        ("binary.csv", None, None, "not UTF-8 text"),
        ("utf16.csv", None, None, "looks like UTF-16: save it as UTF-8"),
        ("other_header.csv", None, None, "not a GTD, ACLED or incidents file"),
        ("missing_columns.csv", None, "nkill", "required gtd column is missing"),
        ("impossible_date.csv", 3, "iyear/imonth/iday", "expected a real date"),
        ("negative_count.csv", 2, "fatalities", "below the allowed minimum 0"),
        ("text_count.csv", 2, "nwound", "expected a whole number, got 'several'"),
        ("duplicate_ids.csv", 3, "eventid", "repeats the value in row 2"),
    ],
)
def test_bad_file_corpus(filename, row, column, fragment):
    """Each malformed file in tests/data/bad gives exactly one clear problem at the right place."""
    result = importers.import_file(BAD / filename, filename)
    assert len(result.problems) == 1, result.problems
    (problem,) = result.problems
    assert (problem.table, problem.row, problem.column) == (filename, row, column)
    assert fragment in problem.message
    assert result.incidents.empty


def test_formulas_and_html_stay_text_and_exports_are_safe():
    from components import export

    result = importers.import_file(BAD / "formula_and_html.csv", "formula_and_html.csv")
    assert not result.problems
    summary = result.incidents.set_index("incident_id").at["gtd-201105170001", "summary"]
    assert summary.startswith("=HYPERLINK") and "<script>" in summary  # kept exactly, as data
    row = pd.read_csv(io.BytesIO(export.to_csv(result.incidents)), dtype=str).iloc[0]
    assert row["summary"].startswith("'=HYPERLINK")  # neutralised for spreadsheets
