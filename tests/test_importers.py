"""Importers: GTD, ACLED and native files mapped to the canonical schema, unknown kept unknown,
bad files reported with file, row and column."""

import dataclasses
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from components.data.schema import DATASETS_DIR
from components.data.validation import ROW_RULES, Rule
from components.importing import cli, formats, importers, repair

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


def test_bad_gtd_value_is_imported_as_unknown_and_listed():
    text = (DATA / "gtd_sample.csv").read_bytes().decode("latin-1")
    lines = text.splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("nkill")] = "many"
    lines[2] = ",".join(cells)
    result = importers.import_file("\n".join(lines).encode("latin-1"), "gtd_bad.csv")
    assert not result.problems and len(result.incidents) == 4
    (warning,) = result.report.warnings.itertuples(index=False)
    assert (warning.row, warning.column, warning.value, warning.flag) == (3, "nkill", "many", "value_unreadable")
    assert "expected a whole number" in warning[-1] and warning[-1].endswith("read as unknown")
    row = result.incidents.set_index("incident_id").loc["gtd-201107000002"]
    assert pd.isna(row["killed_total"]) and row["quality_flags"] == "value_unreadable"  # unknown, never 0


def test_missing_required_column_is_named():
    text = (DATA / "acled_sample.csv").read_text(encoding="utf-8").replace("fatalities", "deaths")
    result = importers.import_file(text.encode(), "acled_bad.csv", fmt="acled")
    assert [(p.column, p.message) for p in result.problems] == [("fatalities", "required acled column is missing")]


def test_cli_prints_one_json_line(capsys):
    assert cli.main([str(DATA / "gtd_sample.csv")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "format": "gtd",
        "rows": 4,
        "source_rows": 4,
        "date_min": "2011-01-01",
        "date_max": "2012-11-12",
        "killed_total_sum": 3,
        "killed_unknown_rows": 2,
        "problems": 0,
        "warnings": 0,
        "rows_with_warnings": 0,
        "left_out": 0,
        "types": {"Armed Assault": 2, "Bombing/Explosion": 1, "Unknown": 1},
        "initiators": {"militants": 4},
        "date_order": None,
        "date_order_decided": True,
    }


def test_cli_lists_warnings_and_rows_left_out_and_succeeds(tmp_path, capsys):
    """Row-level faults never fail the command: it exits 0, counts them and can write both lists."""
    warnings, left = tmp_path / "w.csv", tmp_path / "l.csv"
    argv = [str(BAD / "exact_repeat.csv"), "--warnings-csv", str(warnings), "--left-out-csv", str(left)]
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert (out["rows"], out["source_rows"], out["left_out"], out["warnings"]) == (2, 3, 1, 0)
    assert "left out: row 4, column eventid" in captured.err
    assert pd.read_csv(left).to_dict("records") == [
        {"row": 4, "column": "eventid", "value": 201105170001, "why": "an exact repeat of row 2: imported once"}
    ]
    assert pd.read_csv(warnings).empty


def test_cli_fails_readably_on_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    assert cli.main([str(bad)]) == 1
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
        ("no_usable_date.csv", None, None, "no row can be placed in time"),
    ],
)
def test_structural_problems_refuse_the_file(filename, row, column, fragment):
    """A file that is not a known format, unreadable, lacks a required column or has no row that can
    be placed in time is refused with one clear first problem at the right place."""
    result = importers.import_file(BAD / filename, filename)
    problem = result.problems[0]
    assert (problem.table, problem.row, problem.column) == (filename, row, column)
    assert fragment in problem.message
    assert result.incidents.empty


def test_a_file_with_no_dated_row_lists_each_row():
    result = importers.import_file(BAD / "no_usable_date.csv", "no_usable_date.csv")
    assert [(p.row, p.column) for p in result.problems[1:]] == [(2, "event_date"), (3, "event_date"), (4, "event_date")]
    assert "cannot be placed in time" in result.problems[1].message


@pytest.mark.parametrize(
    ("filename", "row", "column", "value", "flag", "fragment", "imported"),
    [
        ("impossible_date.csv", 3, "iyear/imonth/iday", "2011-02-31", "date_inferred", "read as 2011-02-01, month", 4),
        ("negative_count.csv", 2, "fatalities", "-3", "value_unreadable", "below the allowed minimum 0", 3),
        ("text_count.csv", 2, "nwound", "several", "value_unreadable", "expected a whole number", 4),
        ("duplicate_ids.csv", 3, "eventid", "gtd-201105170001", "duplicate_id", "kept as gtd-201105170001-dup2", 4),
        ("gtd_unknown_region.csv", 2, "provstate", "", "region_unknown", "counted as region unknown", 3),
        ("gtd_count_conflict.csv", 3, "nwound", "nwound 1; nwoundte 4", "count_conflict", "the total is kept", 2),
        ("acled_unknown_inter.csv", 2, "inter1", "Aliens", "value_unreadable", "initiator read as unknown", 2),
    ],
)
def test_row_level_problems_import_the_row_flagged_and_listed(filename, row, column, value, flag, fragment, imported):
    """The bad-file corpus's row-level faults: never a refusal; the row is imported with a flag and
    listed (row, source column, value, what was done)."""
    result = importers.import_file(BAD / filename, filename)
    assert not result.problems and len(result.incidents) == imported
    first = result.report.warnings.iloc[0]
    assert (first["row"], first["column"], first["value"], first["flag"]) == (row, column, value, flag)
    assert fragment in first["what was done"]
    flagged = result.incidents["quality_flags"].fillna("").str.split(";").map(lambda f: flag in f)
    assert flagged.sum() == result.report.warnings["flag"].eq(flag).sum()


# One curated row broken per repair (row label, column, value), and what it becomes: its flag, or
# None for a row left out. Rows that cite others (related_incidents) are left whole.
EVERY_REPAIR = [
    (0, "killed_total", "0", "count_conflict"),  # below its known parts: the total kept
    (1, "date", "1500-05-01", None),  # before the dates the app can draw
    (5, "date", "2011-02-31", "date_inferred"),  # read as its month
    (6, "date", "sometime", None),  # no date to read
    (7, "location", "", "value_unreadable"),  # required: its fallback
    (8, "arrested", "-1", "value_unreadable"),  # below its minimum, optional: unknown
    (9, "latitude", "north", "value_unreadable"),  # both coordinates unknown
    (10, "killed_total", "parts", "value_unreadable"),  # not a number, whatever its text says
    (12, "date_precision", "sometimes", "date_inferred"),  # read at month precision
    (14, "initiator", "aliens", "value_unreadable"),  # not in the vocabulary: its fallback
]


def every_repair_csv() -> bytes:
    frame = pd.read_csv(DATASETS_DIR / "incidents.csv", dtype=str, keep_default_na=False)
    for label, column, value, _ in EVERY_REPAIR:
        frame.at[label, column] = value
    return frame.to_csv(index=False).encode()


def test_a_repaired_row_may_cite_an_untouched_one():
    """A repaired row is validated again with every row's id known: a row whose date is repaired and
    which cites a row with no fault is imported, not left out for citing an unknown incident."""
    frame = pd.read_csv(DATASETS_DIR / "incidents.csv", dtype=str, keep_default_na=False)
    frame.at[1, "related_incidents"] = frame.at[5, "incident_id"]
    frame.at[1, "date"] = "2011-06-31"
    result = importers.import_file(frame.to_csv(index=False).encode(), "cites.csv")
    assert not result.problems and result.report.left_out.empty
    assert len(result.incidents) == len(frame)
    row = result.incidents.set_index("incident_id").loc[frame.at[1, "incident_id"]]
    assert "date_inferred" in row["quality_flags"]


def test_each_repair_does_what_its_rule_says():
    result = importers.import_file(every_repair_csv(), "repairs.csv")
    warned = result.report.warnings.drop_duplicates("row").set_index("row")["flag"]
    assert warned.to_dict() == {label + 2: flag for label, _, _, flag in EVERY_REPAIR if flag}
    assert result.report.left_out["row"].tolist() == [label + 2 for label, _, _, flag in EVERY_REPAIR if not flag]
    assert "the dates the app can draw" in result.report.left_out["why"].iloc[0]
    assert len(result.incidents) == 16 - 2


def test_repairs_follow_the_rule_not_the_message_wording(monkeypatch):
    """Every problem reworded (as a message may be, for people): the same rows are repaired the same
    way, imported or left out, with the same flags; only the wording in the report changes."""
    plain = importers.import_file(every_repair_csv(), "repairs.csv")
    validate = importers.validate_table

    def reworded(*args, **kwargs):
        typed, problems = validate(*args, **kwargs)
        return typed, [dataclasses.replace(p, message=f"reworded ({p.rule})") for p in problems]

    monkeypatch.setattr(importers, "validate_table", reworded)
    again = importers.import_file(every_repair_csv(), "repairs.csv")
    pd.testing.assert_frame_equal(again.incidents, plain.incidents)
    for listed in ("warnings", "left_out"):
        before, after = (getattr(r.report, listed)[["row", "column", "value"]] for r in (plain, again))
        pd.testing.assert_frame_equal(after, before)
    pd.testing.assert_series_equal(again.report.warnings["flag"], plain.report.warnings["flag"])
    assert again.report.warnings["what was done"].str.startswith("reworded").all()


def test_the_repair_table_is_keyed_by_rule_and_covers_every_row_rule():
    assert all(isinstance(rule, Rule) for rule in repair.REPAIRS)
    assert all(callable(fix) for fix in repair.REPAIRS.values())
    assert set(repair.REPAIRS) == ROW_RULES  # the rules about a whole file name no row to repair


def test_region_unknown_count_conflict_and_repeats_as_described():
    region = importers.import_file(BAD / "gtd_unknown_region.csv", "r.csv").incidents.set_index("incident_id")
    assert region["region"].isna().sum() == 2  # empty and "Unknown" provstate: region unknown, not refused
    assert region.at["gtd-201107000002", "location"] == "Shubarshi"
    conflict = importers.import_file(BAD / "gtd_count_conflict.csv", "c.csv").incidents.set_index("incident_id")
    row = conflict.loc["gtd-201107000002"]
    assert row["injured_total"] == 1 and pd.isna(row["injured_perpetrators"])  # the total kept, the part unknown
    repeat = importers.import_file(BAD / "exact_repeat.csv", "e.csv")
    assert len(repeat.incidents) == 2 and repeat.report.counts(len(repeat.incidents)) == (
        "2 imported, 0 with warnings, 1 left out"
    )


def test_formulas_and_html_stay_text_and_exports_are_safe():
    from components.data import export

    result = importers.import_file(BAD / "formula_and_html.csv", "formula_and_html.csv")
    assert not result.problems
    summary = result.incidents.set_index("incident_id").at["gtd-201105170001", "summary"]
    assert summary.startswith("=HYPERLINK") and "<script>" in summary  # kept exactly, as data
    row = pd.read_csv(io.BytesIO(export.to_csv(result.incidents)), dtype=str).iloc[0]
    assert row["summary"].startswith("'=HYPERLINK")  # neutralised for spreadsheets


@pytest.mark.parametrize(
    ("filename", "ids", "initiators", "dates"),
    [
        # Current exports (2023-): inter1 as text; an event at sea has no admin1.
        (
            "acled_2024_text_inter.csv",
            ["acled-KAZ101", "acled-KAZ105", "acled-KAZ108", "acled-KAZ120"],
            ["security forces", "rioters", "other", "security forces"],
            ["2024-03-01", "2024-03-05", "2024-03-08", "2024-04-02"],
        ),
        # 2015-2016: UPPERCASE headers, GWNO and ALLY_ACTOR_1, dates as 01-January-2015.
        (
            "acled_2016_upper.csv",
            ["acled-KAZ1", "acled-KAZ2"],
            ["militants", "protesters"],
            ["2015-01-01", "2016-03-01"],
        ),
        # 2017-2019 export tool: data_id and iso columns, dates as 12 September 2019.
        (
            "acled_2019_data_id.csv",
            ["acled-KAZ10", "acled-KAZ11"],
            ["militants", "protesters"],
            ["2019-09-12", "2019-10-03"],
        ),
    ],
)
def test_every_acled_generation_imports(filename, ids, initiators, dates):
    result = importers.import_file(DATA / filename, filename)
    assert result.format == "acled" and not result.problems
    df = result.incidents.set_index("incident_id").loc[ids]
    assert df["initiator"].astype(str).tolist() == initiators
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == dates
    assert not (result.incidents["initiator"] == "unknown").any()  # never silently unknown


def test_acled_inter1_text_and_codes_agree():
    text = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters"]
    text += ["Civilians", "External/Other forces"]
    codes = [str(i) for i in range(1, 9)] + ["3.0"]
    by_text = formats.acled_initiator(pd.Series(text)).tolist()
    assert by_text == formats.acled_initiator(pd.Series(codes)).tolist()[:8]
    assert by_text == [
        "security forces",
        "militants",
        "militants",
        "militants",
        "rioters",
        "protesters",
        "civilians",
        "other",
    ]
    assert formats.acled_initiator(pd.Series(["3.0", " rioters ", "9"])).tolist()[:2] == ["militants", "rioters"]
    assert pd.isna(formats.acled_initiator(pd.Series(["9"]))[0])


def test_at_sea_event_is_region_unknown():
    result = importers.import_file(DATA / "acled_2024_text_inter.csv", "a.csv")
    row = result.incidents.set_index("incident_id").loc["acled-KAZ120"]
    assert pd.isna(row["region"]) and row["quality_flags"] == "region_unknown"
    assert result.report.warnings[["row", "column", "flag"]].values.tolist() == [[10, "admin1", "region_unknown"]]


@pytest.mark.parametrize(
    ("filename", "dates", "order", "decided"),
    [
        ("acled_resaved_worded.csv", ["2020-05-09", "2019-12-31", "1999-01-01"], None, True),
        ("acled_resaved_day_first.csv", ["2019-12-31", "2020-02-01", "2020-05-09"], "day/month", True),
        ("acled_resaved_us.csv", ["2019-12-31", "2020-01-02", "2020-05-09"], "month/day", True),
        ("acled_resaved_ambiguous.csv", ["2020-01-02", "2020-03-04", "2020-05-06"], "month/day", False),
    ],
)
def test_dates_as_spreadsheets_leave_them(filename, dates, order, decided):
    result = importers.import_file(DATA / filename, filename)
    assert not result.problems and result.report.warnings.empty
    assert result.incidents["date"].dt.strftime("%Y-%m-%d").tolist() == dates
    assert (result.report.dates.order, result.report.dates.decided) == (order, decided)


def test_an_undecided_date_column_can_be_read_the_other_way():
    result = importers.import_file(DATA / "acled_resaved_ambiguous.csv", "a.csv", date_order="day/month")
    assert result.incidents["date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-02-01", "2020-04-03", "2020-06-05"]
    assert result.report.dates.ambiguous and "no value decides it" in result.report.dates.describe()


def test_excel_workbook_imports_exactly_as_its_csv(tmp_path):
    """A GTD .xlsx (numbers as numbers, as START writes it) gives the same incidents as the CSV; it is
    recognised by its content, whatever its name."""
    from tests.benchmarks.gen_gtd import generate, write

    frame = generate(300, seed=5)
    csv_path, book = tmp_path / "g.csv", tmp_path / "workbook-named.csv"
    write(frame, csv_path)
    write(frame, tmp_path / "g.xlsx")
    (tmp_path / "g.xlsx").rename(book)
    from_csv, from_book = importers.import_file(csv_path, "g.csv"), importers.import_file(book, book.name)
    assert from_book.format == "gtd" and not from_book.problems
    pd.testing.assert_frame_equal(from_book.incidents, from_csv.incidents)
    pd.testing.assert_frame_equal(from_book.report.warnings, from_csv.report.warnings)
    assert set(from_csv.report.warnings["flag"]) == {
        "region_unknown",
        "count_conflict",
        "date_inferred",
        "duplicate_id",
    }
    assert len(from_csv.report.left_out) == 1  # the generator's exact repeat


def test_a_damaged_workbook_is_refused_readably():
    result = importers.import_file(b"PK\x03\x04 not really a zip", "book.xlsx")
    assert result.incidents.empty and "not a readable Excel workbook" in result.problems[0].message
