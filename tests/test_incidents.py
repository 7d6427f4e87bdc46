"""Incidents page logic: search, exports (formula neutralisation), detail data, the map figure."""

import io
import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from components.charts import map_chart
from components.core.theme import TYPE_COLORS
from components.data import export, geo
from components.data.schema import DATASETS_DIR
from components.data.validation import validate_table
from components.incidents import detail
from components.incidents.search import search
from tests.conftest import LABELS, TABLE


@pytest.fixture(scope="module")
def inc(curated):
    return curated.incidents


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 16),
        ("   ", 16),
        ("kariev", ["2011-11-12-taraz"]),  # a name, any case
        ("ATYRAU bomb", ["2011-10-31-atyrau", "2012-09-05-atyrau"]),  # every word must match
        ("Aktyoubinsk", ["2011-05-17-aktobe"]),  # the source's spelling finds the place
        ("border guards", ["2012-05-31-arkankergen"]),
        (".*", []),  # not a regular expression
        ("nothing-like-this", []),
    ],
)
def test_search(inc, query, expected):
    got = search(inc, query)
    assert (len(got) if isinstance(expected, int) else got["incident_id"].tolist()) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (5, 5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert export.neutralise(value) == expected


def test_csv_export_round_trips_and_is_safe(inc):
    evil = inc.head(3).copy()
    evil.loc[evil.index[0], "summary"] = "=cmd|' /C calc'!A0"
    evil.loc[evil.index[1], "target"] = "<script>alert(1)</script>"
    raw = pd.read_csv(io.BytesIO(export.to_csv(evil)), dtype=str, keep_default_na=False)
    assert raw.loc[0, "summary"].startswith("'=")
    assert raw.loc[1, "target"] == "<script>alert(1)</script>"  # kept as text; only formulas are a CSV risk
    # Everything else reads back as the same typed table.
    typed, problems = validate_table(
        TABLE, pd.read_csv(io.BytesIO(export.to_csv(inc)), dtype=str, keep_default_na=False)
    )
    assert not problems
    pd.testing.assert_frame_equal(typed, inc.reset_index(drop=True), check_dtype=False)


def test_json_export_keeps_unknown_as_null(inc):
    records = json.loads(export.to_json(inc))
    by_id = {r["incident_id"]: r for r in records}
    assert by_id["2011-10-31-atyrau"]["killed_total"] is None
    assert by_id["2011-05-24-astana"]["injured_total"] == 0
    assert by_id["2011-11-12-taraz"]["date"] == "2011-11-12"


@pytest.mark.parametrize(
    ("description", "name"),
    [
        ("Bombings in Atyrau Region, 2011", "kz-incidents_bombings-in-atyrau-region-2011.csv"),
        ("All incidents matching “Kariev”", "kz-incidents_all-incidents-matching-kariev.csv"),
        ("", "kz-incidents_all.csv"),
    ],
)
def test_filename(description, name):
    assert export.filename(description, "csv") == name


def test_casualty_detail_writes_unknown(inc):
    at = detail.positions(inc)
    table = detail.casualties(detail.counts(inc).iloc[at["2012-07-11-tausamaly"]])
    assert table.loc["killed"].tolist() == ["unknown", "unknown", "2", "5", "7"]
    assert set(table.loc["injured"]) == {"unknown"}
    # As the detail writes it: a row per group, killed then injured, unknown in words, never a 0.
    assert detail.casualty_markdown(table).splitlines() == [
        "| | killed | injured |",
        "| --- | ---: | ---: |",
        "| Militants | unknown | unknown |",
        "| Security forces | unknown | unknown |",
        "| Civilians | 2 | unknown |",
        "| Not attributed | 5 | unknown |",
        "| Total | 7 | unknown |",
    ]


def test_flags_and_related(inc):
    row = inc.set_index("incident_id", drop=False).loc["2012-07-11-tausamaly"]
    assert [f for f, _ in detail.flags(row, TABLE)] == ["count_conflict", "count_inferred"]
    assert all(meaning for _, meaning in detail.flags(row, TABLE))
    at = detail.positions(inc)
    assert inc.iloc[at["2012-07-11-tausamaly"]]["incident_id"] == "2012-07-11-tausamaly"
    assert detail.related(row, inc, at) == [("2012-08-17-almaty-outskirts", "17 Aug 2012 · Village near Almaty")]


def test_map_figure_is_offline_and_coloured_by_type(inc):
    fig = map_chart.incident_map(inc, outlines=geo.outlines(), labels=LABELS, selected="2011-11-12-taraz")
    assert not [t for t in fig.data if t.type != "scatter"]  # SVG only: no tiles, no WebGL, no fetch
    assert "map" not in fig.to_dict()["layout"]
    outlines = [t for t in fig.data if t.name in ("Kazakhstan", "neighbours")]
    assert len(outlines) == 2 and all(t.fill == "toself" for t in outlines)
    points = [t for t in fig.data if t.customdata is not None]
    assert sum(len(t.x) for t in points) == len(inc)
    for t in points:
        kind = next(k for k, v in LABELS.items() if v == t.name)
        assert t.marker.color == TYPE_COLORS[kind]
        assert all(c[0] == "incident" for c in t.customdata)
    (halo,) = fig.layout.shapes
    assert halo.type == "circle" and halo.yanchor == pytest.approx(42.9)
    unknown = next(t for t in points if "2011-10-31-atyrau" in [c[1] for c in t.customdata])
    i = [c[1] for c in unknown.customdata].index("2011-10-31-atyrau")
    assert "killed: unknown" in unknown.text[i]
    go.Figure(fig.to_dict())  # valid plotly


def test_outlines_are_small_and_credited():
    assert (DATASETS_DIR / geo.REGION_OUTLINES).stat().st_size < 100_000
    assert "Natural Earth" in geo.outlines()["source"]
    assert {f["properties"]["iso"] for f in geo.outlines()["features"]} >= {"KAZ", "RUS", "CHN", "KGZ", "UZB"}
    assert (DATASETS_DIR / geo.WORLD_OUTLINES).stat().st_size < 120_000 and "Natural Earth" in geo.world()["source"]
    assert {f["properties"]["iso"] for f in geo.world()["features"]} >= {"KAZ", "USA", "BRA", "IRQ", "AUS"}


def test_curated_incidents_get_the_regional_outlines(inc):
    assert geo.in_region(inc) and geo.outlines_for(inc) is geo.outlines()


@pytest.mark.parametrize("order", [None, *detail.ORDERS])
def test_order_sorts_the_whole_set_with_unknown_last(inc, order):
    got = detail.ordered(inc, order)
    column, ascending = detail.ORDERS[order or "Earliest"]
    known = got[column].dropna()
    assert list(known) == sorted(known, reverse=not ascending)
    assert got[column].isna().sum() == 0 or got[column].iloc[-1] is pd.NA  # unknown counts come last
    assert sorted(got["incident_id"]) == sorted(inc["incident_id"])


def _facts_page(facts):
    from components.incidents.ui import _facts

    _facts(facts)


def test_an_incidents_facts_are_one_element_and_a_long_one_its_own_with_its_toggle():
    """The detail's facts are one markdown element (each an element of its own was a dozen for the
    browser to redraw on every incident opened); a fact over TEXT_CHARS stands alone, cut, with its
    "Show all" toggle, and the order is kept round it. Unknown stays 'unknown', never blank."""
    from streamlit.testing.v1 import AppTest

    from components.app.ui import TEXT_CHARS

    long = "word " * (TEXT_CHARS // 4)
    facts = [("Type", "Bombing"), ("Target", None), ("Note", long), ("Id", "2011-05-17-aktobe"), ("Source", "[x](y)")]
    at = AppTest.from_function(_facts_page, args=(facts,), default_timeout=30).run()
    assert not at.exception
    blocks = [m.value for m in at.markdown]
    assert len(blocks) == 3, blocks
    assert blocks[0] == "**Type:** Bombing\n\n**Target:** unknown"
    assert blocks[1].startswith("**Note:** word word") and blocks[1].endswith("…")
    assert blocks[2].startswith("**Id:** 2011") and "[x](y)" not in blocks[2]  # data text stays text
    assert [t.label for t in at.toggle] == [f"Show all {len(long):,} characters"]
