"""Chart builders asserted on the figure object."""

import pandas as pd
import pytest

from components import aggregate, charts
from components.loader import load_dataset
from components.schema import DATASETS_DIR, tables
from components.theme import TYPE_COLORS
from tests.conftest import mini_incidents

TABLE = tables(DATASETS_DIR)["incidents"]
ORDER = TABLE.field("incident_type").enum
LABELS = TABLE.field("incident_type").labels
RANGE = (pd.Timestamp("2011-01-01"), pd.Timestamp("2013-02-10"))


@pytest.fixture(scope="module")
def mini():
    return mini_incidents()


@pytest.fixture(scope="module")
def curated():
    return load_dataset(DATASETS_DIR)


def test_palette_covers_every_type_with_distinct_colours():
    assert set(TYPE_COLORS) == set(ORDER)
    assert len(set(TYPE_COLORS.values())) == len(TYPE_COLORS)


def test_types_bar(mini):
    fig = charts.types_bar(aggregate.by_type(mini, ORDER), LABELS, selected=("bombing",))
    (bar,) = fig.data
    keys = [c[1] for c in bar.customdata]
    assert sorted(keys) == sorted(ORDER) and all(c[0] == "type" for c in bar.customdata)
    assert list(bar.y) == [LABELS[k] for k in keys]
    full = [k for k, c in zip(keys, bar.marker.color, strict=True) if c == TYPE_COLORS[k]]
    assert full == ["bombing"]  # the others are drawn faded
    plain = charts.types_bar(aggregate.by_type(mini, ORDER), LABELS).data[0]
    assert list(plain.marker.color) == [TYPE_COLORS[k] for k in keys]


def test_casualties_bar(mini):
    fig = charts.casualties_bar(aggregate.casualties(mini), ("Civilians",), "Unknown: deaths for 1 incident")
    assert fig.layout.title.subtitle.text == "Unknown: deaths for 1 incident"
    assert not charts.casualties_bar(aggregate.casualties(mini)).layout.title.subtitle.text
    assert [t.name for t in fig.data] == ["killed", "injured"]
    killed = fig.data[0]
    assert list(killed.x) == ["Militants", "Security forces", "Civilians", "Not attributed"]
    assert list(killed.y) == [7, 8, 1, 5]
    assert list(killed.marker.line.width) == [0, 0, 3, 0]  # the selected group outlined
    assert killed.marker.color == "#222222"  # one colour, so the legend swatch is right
    assert fig.layout.barmode == "group"


def test_escalation_shares_the_time_axis_with_the_policy_timeline(curated):
    months = aggregate.monthly(curated.incidents, pd.Timestamp("2011-01-01"), pd.Timestamp("2012-12-31"))
    fig = charts.escalation(months, curated.policy_measures, curated.context_events, RANGE)
    names = [t.name for t in fig.data]
    assert names == ["incidents", "killed that month", "cumulative deaths", "policy measures", "context events"]
    assert {t.xaxis or "x" for t in fig.data} == {"x"}  # one x axis for both rows
    assert {t.yaxis for t in fig.data[3:]} == {"y3"} and fig.layout.yaxis3.domain[1] < fig.layout.yaxis.domain[0]
    assert pd.Timestamp(fig.layout.xaxis.range[1]) >= pd.Timestamp("2013-01-31")  # reaches the measures
    measures = fig.data[3]
    assert len(measures.x) == len(curated.policy_measures)
    assert "Negotiator school" in " ".join(measures.text) and "year inferred" in " ".join(measures.text)
    assert fig.data[4].visible == "legendonly"
    assert list(fig.data[2].y)[-1] == 72
    assert fig.layout.dragmode == "select"


def test_escalation_draws_the_selected_span(curated):
    months = aggregate.monthly(curated.incidents, pd.Timestamp("2011-01-01"), pd.Timestamp("2012-12-31"))
    fig = charts.escalation(
        months,
        curated.policy_measures,
        curated.context_events,
        RANGE,
        span=(pd.Timestamp("2012-07-01").date(), pd.Timestamp("2012-08-31").date()),
    )
    (band,) = fig.layout.shapes  # one band across both rows: the chart and the timeline
    assert (band.yref, band.y0, band.y1) == ("paper", 0, 1)
    assert (pd.Timestamp(band.x0), pd.Timestamp(band.x1)) == (pd.Timestamp("2012-07-01"), pd.Timestamp("2012-09-01"))


def test_hover_text_from_data_is_escaped(curated):
    measures = curated.policy_measures.copy()
    measures.loc[0, "title"] = "<a href='javascript:alert(1)'>x</a>"
    months = aggregate.monthly(curated.incidents, pd.Timestamp("2011-01-01"), pd.Timestamp("2012-12-31"))
    fig = charts.escalation(months, measures, curated.context_events, RANGE)
    assert "<a " not in fig.data[3].text[0] and "&lt;a href=" in fig.data[3].text[0]


@pytest.mark.parametrize("build", ["types", "casualties", "escalation"])
def test_figures_are_valid_plotly(build, mini, curated):
    """The builders skip plotly's validation for speed; validating here keeps them honest."""
    import plotly.graph_objects as go

    months = aggregate.monthly(curated.incidents, pd.Timestamp("2011-01-01"), pd.Timestamp("2012-12-31"))
    fig = {
        "types": lambda: charts.types_bar(aggregate.by_type(mini, ORDER), LABELS, ("bombing",)),
        "casualties": lambda: charts.casualties_bar(aggregate.casualties(mini), ("Civilians",)),
        "escalation": lambda: charts.escalation(
            months,
            curated.policy_measures,
            curated.context_events,
            RANGE,
            (pd.Timestamp("2012-07-01"), pd.Timestamp("2012-08-31")),
        ),
    }[build]()
    go.Figure(fig.to_dict())  # raises on any invalid property or value


@pytest.mark.parametrize(("top", "step"), [(72, 20), (8, 2), (0, 1), (1, 1), (250, 100), (13, 5)])
def test_nice_step(top, step):
    assert charts._nice_step(top) == step


def test_escalation_without_timeline_uses_the_whole_height(curated):
    months = aggregate.monthly(curated.incidents, pd.Timestamp("2011-01-01"), pd.Timestamp("2012-12-31"))
    empty = curated.policy_measures.iloc[:0]
    fig = charts.escalation(months, empty, curated.context_events.iloc[:0], RANGE)
    assert [t.name for t in fig.data] == ["incidents", "killed that month", "cumulative deaths"]
    assert list(fig.layout.yaxis.domain) == [0, 1] and "yaxis3" not in fig.to_dict()["layout"]
