"""An import as the session's dataset: its schema fitted to its rows, and every page's builders
(Overview model, briefing, map, sentences) working on data that is not the curated table."""

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from components.briefing import content
from components.charts import map_chart
from components.charts.bars import types_bar
from components.charts.escalation import escalation
from components.core.formatting import date_span, format_date
from components.core.theme import IMPORTED_PALETTE, TYPE_COLORS, type_color
from components.data import geo
from components.data.schema import DATASETS_DIR
from components.importing import importers
from components.overview import aggregate, model, narrative
from components.state import selection
from components.state.filters import Filters
from tests.benchmarks.gen_gtd import generate

DATA = Path(__file__).parent / "data"


def imported(source, name: str):
    result = importers.import_file(source, name)
    assert not result.problems, result.problems
    return importers.as_dataset(result, name, "digest-1")


@pytest.fixture(scope="module")
def gtd():
    return imported(DATA / "gtd_sample.csv", "gtd_sample.csv")


@pytest.fixture(scope="module")
def big():
    """6,000 generated GTD rows (the benchmark generator's quirks), worldwide."""
    buffer = io.BytesIO()
    generate(6000, seed=3).to_csv(buffer, index=False, encoding="latin-1")
    return imported(buffer.getvalue(), "generated.csv")


def test_import_is_a_dataset_fitted_to_its_rows(gtd, curated):
    df = gtd.incidents
    assert gtd.imported and gtd.origin == "gtd" and gtd.directory is None
    assert gtd.title == "gtd_sample.csv (GTD)"
    assert gtd.stamp == ("import", "gtd", "digest-1")
    assert gtd.table.period == (df["date"].min().date(), df["date"].max().date())
    counts = df["incident_type"].value_counts()
    types = list(gtd.table.field("incident_type").labels)
    assert sorted(types) == sorted(counts[counts > 0].index)
    assert [counts[t] for t in types] == sorted(counts[counts > 0], reverse=True)  # commonest first
    assert gtd.table.field("incident_type").labels == {t: t for t in types}  # GTD keeps its own labels
    assert gtd.policy_measures.empty and gtd.context_events.empty
    assert list(gtd.policy_measures.columns) == list(curated.policy_measures.columns)
    assert not curated.imported and curated.stamp[0] == str(DATASETS_DIR)


def test_native_import_keeps_the_package_labels(curated):
    native = imported(DATASETS_DIR / "incidents.csv", "incidents.csv")
    labels = native.table.field("incident_type").labels
    assert labels.items() <= curated.table.field("incident_type").labels.items()
    assert set(labels) == set(curated.incidents["incident_type"].dropna())


def test_filters_and_overview_on_an_import(gtd):
    labels = gtd.table.field("incident_type").labels
    f = Filters.from_params({"types": "Armed Assault"}, labels)
    assert f.types == ("Armed Assault",)
    view = model.build(gtd, f, gtd.table)
    assert view.incidents == int((gtd.incidents["incident_type"] == "Armed Assault").sum())
    title = view.escalation.figure.layout.title.text
    assert "2011–2012" in title and "policy" not in title  # an import has no policy measures
    assert len(view.escalation.frame) == 23  # Jan 2011 .. Nov 2012: the import's own period


def test_briefing_on_an_import_has_no_policy_slide(gtd):
    slides = {s.key: s for s in content.build(gtd, Filters())}
    assert "policy" not in slides
    assert slides["caveats"].headline.startswith("gtd_sample.csv (GTD) is the only source")
    assert not any("measures is inferred" in p for p in slides["caveats"].points)


def counts(incidents: int, killed_total: int) -> aggregate.Counts:
    return aggregate.Counts(incidents, killed_total, 0, 0, 0, 0, 0)


def test_latest_two_years_are_compared(big):
    by_year = {2019: counts(incidents=10, killed_total=1200), 2020: counts(incidents=8, killed_total=900)}
    assert (
        narrative.change_sentence(by_year, "killed_total", "Deaths") == "Deaths fell from 1,200 in 2019 to 900 in 2020."
    )
    assert narrative.change_sentence({2020: by_year[2020]}, "killed_total", "Deaths") is None
    # The generated rows run to 2020: 127 incidents in 2019, 131 in 2020 (seed 3).
    incidents = narrative.headline_figures(aggregate.headline(big.incidents))[0]
    assert (incidents["value"], incidents["delta"], incidents["delta_description"]) == ("6,000", "+4", "2020 vs 2019")


def test_imported_types_get_distinct_colours(big):
    labels = big.table.field("incident_type").labels
    colours = [type_color(t, labels) for t in labels]
    assert len(set(colours)) == len(colours)
    assert colours[0] == IMPORTED_PALETTE[0]  # the commonest type gets the first colour
    assert type_color("bombing", labels) == TYPE_COLORS["bombing"]  # curated types keep theirs everywhere
    bar = types_bar(pd.DataFrame({"incident_type": list(labels), "incidents": 1}), labels=labels)
    assert list(bar.data[0].marker.color) == colours[::-1]


def test_map_merges_places_beyond_its_marker_budget(big, monkeypatch):
    labels = big.table.field("incident_type").labels
    located = big.incidents.dropna(subset=["latitude", "longitude"])
    monkeypatch.setattr(map_chart, "MAP_POINTS", 500)
    assert geo.outlines_for(big.incidents) is geo.world()  # worldwide rows: the world's outlines
    fig = map_chart.incident_map(big.incidents, outlines=geo.outlines_for(big.incidents), labels=labels)
    markers = [t for t in fig.data if t.mode == "markers"]
    assert sum(len(t.x) for t in markers) <= 500
    # Every located incident is in exactly one merged marker, which says how many it holds.
    held = sum(
        int(text.split("</b>")[0].removeprefix("<b>").split()[0].replace(",", "")) for t in markers for text in t.text
    )
    assert held == len(located)
    assert all(t.customdata is None for t in markers)  # a merged marker opens no single incident
    # Worldwide data: the frame reaches every point, not Kazakhstan's box.
    assert (
        fig.layout.xaxis.range[0] <= located["longitude"].min()
        and fig.layout.xaxis.range[1] >= located["longitude"].max()
    )
    assert fig.layout.yaxis.range[0] <= located["latitude"].min()


def test_small_map_keeps_one_marker_per_incident_in_kazakhstan(gtd):
    fig = map_chart.incident_map(gtd.incidents, outlines=geo.outlines(), labels=gtd.table.field("incident_type").labels)
    ids = [c[1] for t in fig.data if t.mode == "markers" and t.customdata is not None for c in t.customdata]
    assert sorted(ids) == sorted(gtd.incidents.dropna(subset=["latitude"])["incident_id"])
    assert list(fig.layout.xaxis.range) == map_chart.MAP_FRAME["lon"]


def test_date_span_uses_each_end_at_its_precision(gtd):
    df = gtd.incidents
    first = df.loc[df["date"].idxmin()]
    assert first["date_precision"] == "year"  # the sample's earliest incident has no month
    assert date_span(df).startswith("2011 to ")
    assert date_span(dataclasses.replace(gtd, incidents=df.iloc[:0]).incidents) == "no dates"


@pytest.mark.parametrize(
    ("start", "end", "unit"),
    [
        ("2011-01-01", "2012-12-31", "month"),
        ("2011-01-01", "2014-12-31", "month"),
        ("2005-01-01", "2015-06-30", "quarter"),
        ("1970-01-01", "2020-12-31", "year"),
    ],
)
def test_long_periods_are_binned_coarser(start, end, unit):
    assert aggregate.time_unit(pd.Timestamp(start), pd.Timestamp(end)) == unit


def test_decades_of_data_draw_yearly_bars_that_select_whole_years(big):
    start, end = (pd.Timestamp(d) for d in big.table.period)
    bins = aggregate.per_bin(big.incidents, start, end)
    assert set(bins["unit"]) == {"year"} and len(bins) == end.year - start.year + 1
    assert bins["incidents"].sum() == len(big.incidents)
    assert bins["bin_last_month"].iloc[0] == f"{start.year}-12"
    fig = escalation(bins, x_range=(start, end), measures=big.policy_measures, context=big.context_events)
    bars = fig.data[0]
    assert bars.customdata[0][1] == f"{start.year}-01/{start.year}-12" and bars.text[0] == str(start.year)
    assert fig.layout.title.text.replace("<br>", " ") == f"Incidents and deaths per year, {start.year}–{end.year}"
    assert fig.layout.xaxis.dtick is None  # plotly picks a few ticks, not one per quarter over decades
    # Clicking two yearly bars selects from the first day of the first to the last day of the second.
    span = selection.bin_span([bars.customdata[3][1], bars.customdata[1][1]])
    assert span == (dt.date(start.year + 1, 1, 1), dt.date(start.year + 3, 12, 31))
    assert narrative.escalation_summary(bins, {}, big.policy_measures).startswith("The deadliest year was ")
    assert format_date(pd.Timestamp("2005-08-01"), "quarter") == "Q3 2005"
