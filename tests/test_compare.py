"""Compare: overlap, scoring, one-to-one assignment, reasons, count checks (unknown is never a
difference), hand decisions, headline, the CSV table and the CLI's JSON, on the synthetic GTD and
ACLED fixtures of Kazakhstan 2011-2012 (tests/data/compare_*.csv)."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from components.compare import cli, comparison, matching, wording
from components.core.formatting import label_text
from components.data.loader import load_dataset
from components.data.schema import DATASETS_DIR
from components.importing import importers

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
CURATED = load_dataset(DATASETS_DIR)
PERIOD = CURATED.table.period


def imported(name: str) -> pd.DataFrame:
    result = importers.import_file(DATA / name, name)
    assert not result.problems, result.problems
    return result.incidents


@pytest.fixture(scope="module")
def gtd() -> comparison.Comparison:
    return matching.compare(CURATED.incidents, imported("compare_gtd.csv"), "Kazakhstan", PERIOD, "GTD")


@pytest.fixture(scope="module")
def acled() -> comparison.Comparison:
    return matching.compare(CURATED.incidents, imported("compare_acled.csv"), "Kazakhstan", PERIOD, "ACLED")


def gtd_with(**decisions) -> comparison.Comparison:
    """The GTD fixture compared with hand decisions (rejected=..., paired=...)."""
    return matching.compare(CURATED.incidents, imported("compare_gtd.csv"), "Kazakhstan", PERIOD, "GTD", **decisions)


def pairs_of(c: comparison.Comparison) -> dict[str, str]:
    return dict(zip(c.pairs["curated_id"], c.pairs["import_id"], strict=True))


def test_fixtures_are_marked_synthetic():
    for name, column in (("compare_gtd.csv", "summary"), ("compare_acled.csv", "notes")):
        raw = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
        assert raw[column].str.startswith("SYNTHETIC").all()


def test_overlap_drops_other_countries_and_years(gtd, acled):
    assert "gtd-201301100001" not in set(gtd.imported["incident_id"])  # 2013
    assert "gtd-201106010001" not in set(gtd.imported["incident_id"])  # Kyrgyzstan
    assert "acled-KAZ107" not in set(acled.imported["incident_id"])  # 2013
    assert len(gtd.imported) == 12 and len(gtd.curated) == len(CURATED.incidents)


def test_overlap_is_adjustable():
    narrow = matching.compare(
        CURATED.incidents, imported("compare_gtd.csv"), "kazakhstan", (dt.date(2012, 1, 1), dt.date(2012, 12, 31))
    )
    assert narrow.curated["date"].dt.year.eq(2012).all() and narrow.imported["date"].dt.year.eq(2012).all()
    assert len(matching.compare(CURATED.incidents, imported("compare_gtd.csv"), "Kyrgyzstan", PERIOD).curated) == 0


@pytest.mark.parametrize(
    ("curated", "expected", "reason"),
    [
        ("2011-05-17-aktobe", "gtd-201105170001", "same day, under 1 km apart, both explosions"),  # exact
        ("2011-06-29-aktobe", "gtd-201106300001", "a day apart, 2 km apart, both armed attacks"),  # a day off
        ("2011-07-04-shubarshi", "gtd-201107000001", "same month"),  # month precision
        ("2011-07-11-shubarshi", "gtd-201107110001", "same day"),  # the exact day beats the month
        ("2011-10-31-atyrau", "gtd-201110310001", "same day"),  # two candidates: the better one
        ("2011-11-12-taraz", "gtd-201111120001", "same day"),  # Zhambyl = Jambyl Region
        ("2012-08-17-almaty-outskirts", "gtd-201208170001", "same day, same region"),  # no coordinates
    ],
)
def test_gtd_matches(gtd, curated, expected, reason):
    row = gtd.pairs.set_index("curated_id").loc[curated]
    assert row["import_id"] == expected
    assert row["reasons"].startswith(reason)
    assert row["score"] > 0 and not row["by_hand"]


def test_gtd_one_to_one_and_unmatched(gtd):
    assert gtd.pairs["curated_id"].is_unique and gtd.pairs["import_id"].is_unique
    assert len(gtd.pairs) == 10
    assert set(gtd.only_import["incident_id"]) == {"gtd-201111010001", "gtd-201203150001"}
    assert "2011-08-29-atyrau" in set(gtd.only_curated["incident_id"])
    assert len(gtd.only_curated) == len(CURATED.incidents) - 10


@pytest.mark.parametrize(
    ("curated", "check", "expected"),
    [
        ("2011-06-29-aktobe", "killed_total_check", "differs"),  # 2 vs 3
        ("2012-07-11-tausamaly", "killed_total_check", "differs"),  # 7 vs 8
        ("2011-05-24-astana", "injured_total_check", "same"),  # 0 and 0: a known zero is a count
        ("2011-10-31-atyrau", "killed_total_check", "unknown on one side"),  # note unknown, GTD 0
        ("2012-09-12-kulsary", "killed_total_check", "unknown on one side"),  # GTD -99
        ("2011-11-12-taraz", "injured_total_check", "unknown on one side"),  # GTD -99
        ("2011-06-29-aktobe", "injured_total_check", "unknown on both"),
    ],
)
def test_count_checks(gtd, curated, check, expected):
    assert gtd.pairs.set_index("curated_id").loc[curated, check] == expected


def test_unknown_is_never_a_difference(gtd):
    assert int(gtd.differing().sum()) == 2
    assert int(gtd.differing("killed_total").sum()) == 2
    assert int(gtd.unknown_on_one_side("killed_total").sum()) == 2


def test_acled_matches_use_week_and_month_precision_and_kind(acled):
    pairs = pairs_of(acled)
    assert pairs["2011-05-17-aktobe"] == "acled-KAZ101"  # the riot on the same day loses on type
    assert pairs["2011-07-11-shubarshi"] == "acled-KAZ103"  # month precision; security forces -> operation
    assert pairs["2012-08-17-almaty-outskirts"] == "acled-KAZ108"  # week precision
    assert pairs["2011-11-12-taraz"] == "acled-KAZ102"
    assert set(acled.only_import["incident_id"]) == {"acled-KAZ109", "acled-KAZ106"}
    # ACLED records deaths only: injuries are not compared (and so never "unknown on one side").
    assert acled.counts == ("killed_total",)
    assert (
        acled.pairs.set_index("curated_id").loc["2012-07-11-tausamaly", "killed_total_check"] == "unknown on one side"
    )


def test_an_overlap_with_nothing_on_one_side_is_worded_not_a_crash():
    c = matching.compare(CURATED.incidents, imported("compare_gtd.csv"), "Kyrgyzstan", PERIOD, "GTD")
    assert len(c.curated) == 0 and len(c.pairs) == 0 and len(c.only_import) == 1
    assert wording.headline(c).startswith("GTD records 1 incident in Kyrgyzstan in 2011–2012; 0 match the note")
    assert comparison.match_table(c)["status"].tolist() == ["only in GTD"]
    assert comparison.monthly_deaths(c)["source"].tolist() == ["GTD"]
    assert cli.summary(c)["pairs"] == []


def test_rejecting_a_pair_lets_the_next_candidate_in(gtd):
    c = gtd_with(rejected=["2011-10-31-atyrau:gtd-201110310001"])
    assert pairs_of(c)["2011-10-31-atyrau"] == "gtd-201111010001"
    assert "gtd-201110310001" in set(c.only_import["incident_id"])


def test_decisions_on_a_kept_overlap_leave_it_as_it_was_for_the_next():
    """The page keeps one overlap and decides on it at every click (compare.ui): its scores are
    made once and shared, so no rejection may stay in them."""
    o = matching.restrict(CURATED.incidents, imported("compare_gtd.csv"), "Kazakhstan", PERIOD, "GTD")
    before = pairs_of(matching.decide(o))
    rejected = matching.decide(o, rejected=["2011-10-31-atyrau:gtd-201110310001"])
    assert pairs_of(rejected)["2011-10-31-atyrau"] == "gtd-201111010001"
    assert pairs_of(matching.decide(o)) == before and before["2011-10-31-atyrau"] == "gtd-201110310001"
    assert o.scores.total is o.scores.total  # made once


def test_pairing_by_hand_is_kept_and_explained(gtd):
    c = gtd_with(
        paired=["2011-08-29-atyrau:gtd-201111010001", "2011-08-29-atyrau:gtd-201203150001", "nope:gtd-1", "garbage"],
    )
    row = c.pairs.set_index("curated_id").loc["2011-08-29-atyrau"]
    assert row["import_id"] == "gtd-201111010001" and row["by_hand"]
    assert row["score"] == 0 and row["reasons"].startswith("paired by hand; dates incompatible")
    assert pairs_of(c)["2011-10-31-atyrau"] == "gtd-201110310001"  # the rest is still assigned
    assert len(c.ignored) == 3


def test_assignment_maximises_the_total_not_greedy():
    # Greedy would give A the best (B's only) candidate; the assignment pairs both.
    a = matching._Side.of(frame(["a", "b"], ["2011-05-01", "2011-05-02"], ["day", "day"]))
    b = matching._Side.of(frame(["x", "y"], ["2011-05-01", "2011-05-03"], ["day", "day"]))
    s = matching.score(a, b).total
    assert s[0, 0] > s[1, 0] > 0 and s[1, 1] > 0 and s[0, 1] == 0
    c = matching.compare(
        frame(["a", "b"], ["2011-05-01", "2011-05-02"], ["day", "day"]),
        frame(["x", "y"], ["2011-05-02", "2011-05-03"], ["day", "day"]),
        "Kazakhstan",
        PERIOD,
    )
    assert pairs_of(c) == {"a": "x", "b": "y"}


def frame(ids, dates, precisions, lat=43.2, lon=76.9, region="Almaty"):
    n = len(ids)
    return pd.DataFrame(
        {
            "incident_id": ids,
            "date": pd.to_datetime(dates),
            "date_precision": precisions,
            "country": ["Kazakhstan"] * n,
            "region": [region] * n,
            "location": ["x"] * n,
            "latitude": [lat] * n,
            "longitude": [lon] * n,
            "incident_type": ["bombing"] * n,
            "initiator": ["militants"] * n,
            "killed_total": pd.array([None] * n, dtype="Int64"),
        }
    )


@pytest.mark.parametrize(
    ("d1", "p1", "d2", "p2", "expected"),
    [
        ("2011-05-01", "day", "2011-05-01", "day", 1.0),
        ("2011-05-01", "day", "2011-05-02", "day", 0.7),
        ("2011-05-01", "day", "2011-05-03", "day", 0.0),
        ("2011-05-01", "day", "2011-05-08", "week", 0.6),
        ("2011-05-01", "day", "2011-05-09", "week", 0.0),
        ("2011-05-31", "day", "2011-05-01", "month", 0.5),
        ("2011-06-01", "day", "2011-05-01", "month", 0.0),
        ("2011-12-31", "day", "2011-01-01", "year", 0.3),
        ("2012-01-01", "month", "2011-01-01", "year", 0.0),
    ],
)
def test_date_compatibility_within_precision(d1, p1, d2, p2, expected):
    s = matching.score(matching._Side.of(frame(["a"], [d1], [p1])), matching._Side.of(frame(["b"], [d2], [p2])))
    assert s.date[0, 0] == expected


@pytest.mark.parametrize(
    ("lat", "region", "compatible"),
    [
        (43.2, "Almaty", True),  # same point
        (43.6, "Elsewhere", True),  # 44 km north: within 50 km
        (43.7, "Elsewhere", False),  # 56 km, another region
        (np.nan, "Almaty Region", True),  # no point: the region decides ("Almaty Region" = "Almaty")
        (np.nan, "Atyrau Region", False),
    ],
)
def test_place_compatibility(lat, region, compatible):
    a = matching._Side.of(frame(["a"], ["2011-05-01"], ["day"]))
    b = matching._Side.of(frame(["b"], ["2011-05-01"], ["day"], lat=lat, region=region))
    assert (matching.score(a, b).total[0, 0] > 0) == compatible


@pytest.mark.parametrize(
    ("name", "key"),
    [("Aktobe Region", "aktobe"), ("Aqtobe", "aktobe"), ("Zhambyl", "jambyl"), ("Nur-Sultan", "astana"), (None, "")],
)
def test_region_key(name, key):
    assert matching.region_key(name) == key


def test_headline_in_words(gtd, acled):
    assert wording.headline(gtd) == (
        "GTD records 12 incidents in Kazakhstan in 2011–2012; 10 match the note; the note has 6 the GTD lacks; "
        "deaths differ in 2 pairs (unknown on one side in 2)."
    )
    assert wording.headline(acled).startswith("ACLED records 8 incidents in Kazakhstan in 2011–2012; 6 match")


def test_match_table_lists_pairs_then_each_sides_unmatched(gtd):
    table = comparison.match_table(gtd)
    assert table["status"].value_counts().to_dict() == {"matched": 10, "only in the note": 6, "only in GTD": 2}
    assert table["import_killed_total"].dtype == "Int64"  # unknown stays empty in the CSV, never 0


def test_monthly_deaths_per_source(gtd):
    m = comparison.monthly_deaths(gtd)
    assert set(m["source"]) == {"the note", "GTD"}
    note = m[m["source"] == "the note"].set_index("month")
    assert note["killed"].sum() == gtd.curated["killed_total"].sum()
    assert pd.isna(note.loc[pd.Timestamp("2011-10-01"), "killed"])  # the only incident's deaths are unknown


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components.compare", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_prints_one_json_line():
    out = run_cli(str(DATA / "compare_gtd.csv"), "--format", "gtd")
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.strip().splitlines()) == 1
    result = json.loads(out.stdout)
    assert (result["matched"], result["only_curated"], result["only_import"], result["count_differences"]) == (
        10,
        6,
        2,
        2,
    )
    pair = next(p for p in result["pairs"] if p["curated"] == "2012-09-12-kulsary")
    assert pair["import"] == "gtd-201209120001" and pair["killed"] == [5, None]
    assert "killed_total" in pair["unknown_on_one_side"] and not pair["differs"]


def test_cli_refused_file_exits_1():
    out = run_cli(str(DATA / "bad" / "missing_columns.csv"))
    assert out.returncode == 1 and not out.stdout and "refused" in out.stderr


# The page in AppTest (the clicks themselves are driven in tests/browser/test_compare.py).
def run_compare(state: dict, **query):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for k, v in state.items():
        at.session_state[k] = v
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page("pages/compare.py").run()


@pytest.fixture(scope="module")
def gtd_dataset():
    return importers.as_dataset(importers.import_file(DATA / "compare_gtd.csv"), "compare_gtd.csv", "compare")


def test_page_without_an_import_says_how_to_open_one():
    at = run_compare({})
    assert not at.exception and not at.error
    assert "Compare with the curated incidents" in at.info[0].value


def test_page_shows_headline_pairs_unmatched_and_chart(gtd_dataset):
    from components.state.keys import COMPARE

    at = run_compare({COMPARE: gtd_dataset})
    assert not at.exception and not at.error
    assert at.subheader[0].value == wording.headline(
        matching.compare(CURATED.incidents, gtd_dataset.incidents, "Kazakhstan", PERIOD, "GTD")
    )
    assert [s.value for s in at.subheader[1:]] == [
        "Matched pairs (10)",
        "Correct the matching",
        "Only in the note (6)",
        "Only in GTD (2)",
    ]
    shown = at.dataframe[0].value
    assert shown.set_index("curated_id").loc["2011-06-29-aktobe", "differences"] == "deaths 2 vs 3"
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in figure["data"]] == ["the note", "GTD"]


def test_hand_decisions_come_from_the_url_and_stay_in_it(gtd_dataset):
    from components.state.keys import COMPARE

    at = run_compare(
        {COMPARE: gtd_dataset},
        reject="2011-10-31-atyrau:gtd-201110310001",
        pair="2011-08-29-atyrau:gtd-201203150001",
    )
    assert not at.exception
    shown = at.dataframe[0].value.set_index("curated_id")
    assert shown.loc["2011-10-31-atyrau", "import_id"] == "gtd-201111010001"
    assert shown.loc["2011-08-29-atyrau", "import_id"] == "gtd-201203150001"
    assert shown.loc["2011-08-29-atyrau", "reasons"].startswith("paired by hand")
    labels = [b.label for b in at.button]
    # Button labels are markdown: ids from the file or URL go in as text (formatting.label_text).
    assert label_text("rejected 2011-10-31-atyrau:gtd-201110310001") in labels
    assert label_text("paired 2011-08-29-atyrau:gtd-201203150001") in labels
    assert at.query_params["reject"] == "2011-10-31-atyrau:gtd-201110310001"  # still in the URL


def test_the_tables_keep_their_places_whatever_was_decided_by_hand(gtd_dataset):
    # The row of decisions comes with the first one. Drawn nowhere before it, it moved the tables of
    # the unmatched a place on, and the browser made both grids anew on every reject and undo (10 of
    # 10; 580 -> 390-410 ms a click in bench_overview once they stayed). A placeholder holds its place.
    from components.state.keys import COMPARE

    def places(node, path=()) -> list[tuple]:
        if node.type == "dataframe":
            return [path]
        return [p for i, child in getattr(node, "children", {}).items() for p in places(child, (*path, i))]

    plain = run_compare({COMPARE: gtd_dataset})
    decided = run_compare({COMPARE: gtd_dataset}, reject="2011-10-31-atyrau:gtd-201110310001")
    assert not plain.exception and not decided.exception
    assert len(places(plain.main)) == 3 and places(plain.main) == places(decided.main)


def test_the_active_import_is_compared_when_none_is_open_beside(gtd_dataset):
    from components.state.keys import ACTIVE

    at = run_compare({ACTIVE: gtd_dataset})
    assert not at.exception and not at.error
    assert at.subheader[0].value.startswith("GTD records 12 incidents in Kazakhstan in 2011–2012; 10 match")


def test_a_comparison_is_kept_by_what_it_is_made_from(gtd_dataset):
    from components.compare.ui import compared, deaths_chart
    from components.state.keys import PAIR, REJECT

    def run(*rejected):
        return compared(CURATED, gtd_dataset, "Kazakhstan", PERIOD, {REJECT: list(rejected), PAIR: []})

    def same(one, other):
        return all(x is y for x, y in zip(one, other, strict=True))

    chart = deaths_chart(CURATED, gtd_dataset, "Kazakhstan", PERIOD)
    first = run()
    assert same(run(), first)  # a rerun that changes nothing matches nothing again
    rejected = run("2011-10-31-atyrau:gtd-201110310001")
    pairs = rejected[0].pairs.set_index("curated_id")
    assert pairs.loc["2011-10-31-atyrau", "import_id"] == "gtd-201111010001"  # made anew, not the kept one
    # What no decision changes is the overlap's, kept: its records and chart are not made again.
    assert rejected[0].curated is first[0].curated
    assert deaths_chart(CURATED, gtd_dataset, "Kazakhstan", PERIOD) is chart
    only = set(rejected[1].only_import.frame["incident_id"])
    assert only == set(rejected[0].only_import["incident_id"]) != set(first[0].only_import["incident_id"])
    assert same(run(), first)  # undone: the first comparison again
    other = compared(CURATED, gtd_dataset, "Kazakhstan", (PERIOD[0], PERIOD[0]), {REJECT: [], PAIR: []})
    assert not any(x is y for x, y in zip(other, first, strict=True))


def test_the_pages_tables_are_made_with_the_comparison_and_match_it(gtd_dataset):
    """The pairs in the page's column order with a style for each of their cells, and each side's
    unmatched records as the grid shows them, all made once with the comparison they show."""
    from components.compare.ui import compared
    from components.state.keys import PAIR, REJECT

    c, shown = compared(CURATED, gtd_dataset, "Kazakhstan", PERIOD, {REJECT: [], PAIR: []})
    assert list(shown.pairs.columns[:3]) == ["curated_id", "import_id", "score"]
    assert not any(col.endswith("_check") for col in shown.pairs.columns)
    assert list(shown.css.columns) == list(shown.pairs.columns) and shown.css.index.equals(shown.pairs.index)
    differs = shown.css["curated_killed_total"] != ""  # shaded where the check says so, nowhere else
    assert differs.equals(c.pairs["killed_total_check"].isin([wording.DIFFERS, wording.UNKNOWN_ON_ONE_SIDE]))
    assert differs.any()
    assert list(shown.only_curated.frame["incident_id"]) == list(c.only_curated["incident_id"])
    assert list(shown.only_import.frame["incident_id"]) == list(c.only_import["incident_id"])
    assert c.only_curated is c.only_curated  # made once per comparison
