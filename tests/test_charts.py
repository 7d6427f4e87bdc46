"""Chart builders asserted on the figure object."""

import inspect

import pandas as pd
import plotly.graph_objects as go
import pytest

from components import aggregate, charts, map_chart
from components.selection import Kind
from components.theme import TYPE_COLORS
from tests.conftest import LABELS, ORDER, RANGE

CURATED_END = pd.Timestamp("2012-12-31")


def curated_bins(curated):
    return aggregate.per_bin(curated.incidents, RANGE[0], CURATED_END)


@pytest.mark.parametrize(
    "builder", [charts.types_bar, charts.casualties_bar, charts.escalation, map_chart.incident_map]
)
def test_every_builder_has_one_signature_shape(builder):
    """As plotly express: the frame drawn first, every option keyword-only, a Figure out."""
    first, *options = inspect.signature(builder).parameters.values()
    assert first.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert options and all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in options)
    assert inspect.signature(builder).return_annotation in ("go.Figure", go.Figure)


def test_palette_covers_every_type_with_distinct_colours():
    assert set(TYPE_COLORS) == set(ORDER)
    assert len(set(TYPE_COLORS.values())) == len(TYPE_COLORS)


def test_types_bar(mini):
    fig = charts.types_bar(aggregate.by_type(mini, ORDER), labels=LABELS, selected=("bombing",))
    (bar,) = fig.data
    keys = [c[1] for c in bar.customdata]
    assert sorted(keys) == sorted(ORDER) and all(c[0] == "type" == Kind.TYPE for c in bar.customdata)
    assert list(bar.y) == [LABELS[k] for k in keys]
    full = [k for k, c in zip(keys, bar.marker.color, strict=True) if c == TYPE_COLORS[k]]
    assert full == ["bombing"]  # the others are drawn faded
    plain = charts.types_bar(aggregate.by_type(mini, ORDER), labels=LABELS).data[0]
    assert list(plain.marker.color) == [TYPE_COLORS[k] for k in keys]


def test_casualties_bar(mini):
    cas = aggregate.casualties(mini)
    fig = charts.casualties_bar(cas, selected=("Civilians",), unknown="Unknown: deaths for 1 incident")
    assert fig.layout.title.subtitle.text == "Unknown: deaths for 1 incident"
    assert not charts.casualties_bar(cas).layout.title.subtitle.text
    assert [t.name for t in fig.data] == ["killed", "injured"]
    killed = fig.data[0]
    assert list(killed.x) == ["Militants", "Security forces", "Civilians", "Not attributed"]
    assert list(killed.y) == [7, 8, 1, 5]
    assert [c[0] for c in killed.customdata] == ["group"] * 4
    assert list(killed.marker.line.width) == [0, 0, 3, 0]  # the selected group outlined
    assert killed.marker.color == "#222222"  # one colour, so the legend swatch is right
    assert fig.layout.barmode == "group"


def test_escalation_shares_the_time_axis_with_the_policy_timeline(curated):
    fig = charts.escalation(
        curated_bins(curated), x_range=RANGE, measures=curated.policy_measures, context=curated.context_events
    )
    names = [t.name for t in fig.data]
    assert names == ["incidents", "killed that month", "cumulative deaths", "policy measures", "context events"]
    assert {t.xaxis or "x" for t in fig.data} == {"x"}  # one x axis for both rows
    assert {t.yaxis for t in fig.data[3:]} == {"y3"} and fig.layout.yaxis3.domain[1] < fig.layout.yaxis.domain[0]
    assert fig.layout.xaxis.anchor == "y3"
    assert pd.Timestamp(fig.layout.xaxis.range[1]) >= pd.Timestamp("2013-01-31")  # reaches the measures
    measures = fig.data[3]
    assert len(measures.x) == len(curated.policy_measures)
    assert {c[0] for c in measures.customdata} == {"policy measure"}
    assert "Negotiator school" in " ".join(measures.text) and "year inferred" in " ".join(measures.text)
    assert fig.data[4].visible == "legendonly"
    assert list(fig.data[2].y)[-1] == 72
    assert fig.data[0].customdata[0] == ["bin", "2011-01"]
    assert fig.layout.dragmode == "select" and not fig.layout.shapes


def test_escalation_draws_the_selected_span(curated):
    fig = charts.escalation(
        curated_bins(curated),
        x_range=RANGE,
        measures=curated.policy_measures,
        context=curated.context_events,
        span=(pd.Timestamp("2012-07-01").date(), pd.Timestamp("2012-08-31").date()),
    )
    (band,) = fig.layout.shapes  # one band across both rows: the chart and the timeline
    assert (band.yref, band.y0, band.y1) == ("paper", 0, 1)
    assert (pd.Timestamp(band.x0), pd.Timestamp(band.x1)) == (pd.Timestamp("2012-07-01"), pd.Timestamp("2012-09-01"))


def test_hover_text_from_data_is_escaped(curated):
    measures = curated.policy_measures.copy()
    measures.loc[0, "title"] = "<a href='javascript:alert(1)'>x</a>"
    fig = charts.escalation(curated_bins(curated), x_range=RANGE, measures=measures, context=curated.context_events)
    assert "<a " not in fig.data[3].text[0] and "&lt;a href=" in fig.data[3].text[0]


@pytest.mark.parametrize("build", ["types", "casualties", "escalation", "escalation alone"])
def test_figures_are_valid_plotly(build, mini, curated):
    """The builders skip plotly's validation for speed; validating here keeps them honest."""
    bins = curated_bins(curated)
    fig = {
        "types": lambda: charts.types_bar(aggregate.by_type(mini, ORDER), labels=LABELS, selected=("bombing",)),
        "casualties": lambda: charts.casualties_bar(aggregate.casualties(mini), selected=("Civilians",)),
        "escalation": lambda: charts.escalation(
            bins,
            x_range=RANGE,
            measures=curated.policy_measures,
            context=curated.context_events,
            span=(pd.Timestamp("2012-07-01"), pd.Timestamp("2012-08-31")),
        ),
        "escalation alone": lambda: charts.escalation(bins, x_range=RANGE),
    }[build]()
    go.Figure(fig.to_dict())  # raises on any invalid property or value


@pytest.mark.parametrize(("top", "step"), [(72, 20), (8, 2), (0, 1), (1, 1), (250, 100), (13, 5)])
def test_nice_step(top, step):
    assert charts._nice_step(top) == step


@pytest.mark.parametrize("timeline", ["empty frames", "none given"])
def test_escalation_without_timeline_uses_the_whole_height(curated, timeline):
    empty = {"measures": curated.policy_measures.iloc[:0], "context": curated.context_events.iloc[:0]}
    fig = charts.escalation(curated_bins(curated), x_range=RANGE, **(empty if timeline == "empty frames" else {}))
    assert [t.name for t in fig.data] == ["incidents", "killed that month", "cumulative deaths"]
    assert list(fig.layout.yaxis.domain) == [0, 1] and "yaxis3" not in fig.to_dict()["layout"]
    assert fig.layout.xaxis.anchor == "y"
    assert fig.layout.title.text == "Incidents and deaths per month, 2011–2012"
