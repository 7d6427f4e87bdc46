"""Chart builders asserted on the figure object."""

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from components import charts
from components.charts import bars, escalation, layout, map_chart, map_places
from components.core.theme import TYPE_COLORS
from components.data import geo
from components.overview import aggregate
from components.state.selection import Kind
from tests.conftest import LABELS, ORDER, RANGE

CURATED_END = pd.Timestamp("2012-12-31")


def curated_bins(curated):
    return aggregate.per_bin(curated.incidents, RANGE[0], CURATED_END)


PURE_MODULES = [m.name for m in pkgutil.iter_modules(charts.__path__) if m.name != "linked_ui"]  # linked_ui: Streamlit
# The public functions of the chart modules that are not chart builders: every other one is a builder.
NOT_BUILDERS = {
    "layout.figure",
    "layout.plain",
    "escalation.timeline_rows",
    "map_chart.ring_shapes",
    "layout.tick_room",
    "layout.line_count",
    "map_chart.outline_bounds",
    "map_places.places",
    "layout.spec",
    "layout.as_figure",
    "layout.merge",
}


def public_functions() -> dict:
    """Every public function defined in components/charts/ (but linked_ui), by module.name: found, not
    listed, so a builder added later is checked too."""
    found = {}
    for name in PURE_MODULES:
        module = importlib.import_module(f"components.charts.{name}")
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not fname.startswith("_"):
                found[f"{name}.{fname}"] = fn
    return found


BUILDERS = {name: fn for name, fn in public_functions().items() if name not in NOT_BUILDERS}


def signature_problems(builder) -> list[str]:
    """How a builder departs from plotly express's shape: the frame drawn first, every option
    keyword-only, a Figure out."""
    signature = inspect.signature(builder)
    frame, options = list(signature.parameters.values())[:1], list(signature.parameters.values())[1:]
    problems = []
    if not frame or frame[0].kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
        problems.append("no frame first")
    if not options or any(p.kind is not inspect.Parameter.KEYWORD_ONLY for p in options):
        problems.append("options not all keyword-only")
    # A builder with a `plain` option gives its figure as a dict with it (layout.plain), else a Figure.
    returns = ("go.Figure | dict",) if "plain" in signature.parameters else ("go.Figure", go.Figure)
    if signature.return_annotation not in returns:
        problems.append("no go.Figure out")
    return problems


def test_the_builders_are_found():
    assert set(NOT_BUILDERS) <= set(public_functions())  # none renamed away from the list
    assert set(BUILDERS) >= {
        "bars.types_bar",
        "bars.casualties_bar",
        "bars.deaths_by_source",
        "escalation.escalation",
        "map_chart.incident_map",
        "map_chart.room_map",
    }


@pytest.mark.parametrize("builder", BUILDERS.values(), ids=BUILDERS.keys())
def test_every_builder_has_one_signature_shape(builder):
    """As plotly express: the frame drawn first, every option keyword-only, a Figure out."""
    assert signature_problems(builder) == []


def _positional_option(frame, sources, *, unknown="") -> go.Figure: ...  # deaths_by_source's old shape
def _no_option(frame) -> go.Figure: ...
def _options_only(*, labels) -> go.Figure: ...
def _no_figure_out(frame, *, labels) -> dict: ...


@pytest.mark.parametrize("builder", [_positional_option, _no_option, _options_only, _no_figure_out])
def test_the_signature_check_fails_other_shapes(builder):
    assert signature_problems(builder)


def test_chart_modules_do_not_import_streamlit():
    """Pure: the builders run in tests, exports and CLIs without Streamlit (linked_ui is its side)."""
    imports = "; ".join(f"import components.charts.{name}" for name in PURE_MODULES)
    code = f"import sys; {imports}; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_figure_skips_plotly_validation():
    """layout.figure passes plotly's private _validate=False: a property plotly would reject goes
    through. Fails if a plotly upgrade drops the switch (plotly swallows the unknown keyword and
    validates again, ~45 ms per Overview rerun). What it skips, test_figures_are_valid_plotly checks."""
    fig = layout.figure([{"type": "bar", "x": [1], "notaproperty": 1}], {"notalayout": 1})
    assert fig.to_dict()["data"][0]["notaproperty"] == 1
    changed = fig.to_plotly_json()  # a deep copy, changed and wrapped as the briefing sizes its slides
    layout.merge(changed["layout"], height=1, font={"size": 18})
    copied = layout.as_figure(changed)
    assert copied.to_dict()["data"][0]["notaproperty"] == 1 and copied.layout.height == 1
    assert fig.layout.height is None and fig.layout.font.size == 14  # the original is untouched


def test_merge_sets_values_into_a_figures_json_as_plotlys_update_does():
    """layout.merge on a figure's JSON gives what plotly's update() gives on its objects: dicts
    merge, other values replace, a title given as text keeps it."""
    before = {"font": {"family": "A", "size": 14}, "xaxis": {"title": "people"}, "margin": None, "width": 500}
    changes = {"font": {"size": 18}, "xaxis": {"title": {"font": {"size": 18}}}, "margin": {"t": 3}, "width": 900}
    fig = go.Figure(layout=before)
    fig.update_layout(**changes)
    layout.merge(before, **changes)
    assert before == {k: v for k, v in fig.to_plotly_json()["layout"].items() if k != "template"}
    assert before["xaxis"]["title"] == {"text": "people", "font": {"size": 18}}


def test_palette_covers_every_type_with_distinct_colours():
    assert set(TYPE_COLORS) == set(ORDER)
    assert len(set(TYPE_COLORS.values())) == len(TYPE_COLORS)


def test_types_bar(mini):
    fig = bars.types_bar(aggregate.by_type(mini, ORDER), labels=LABELS, selected=("bombing",))
    (bar,) = fig.data
    keys = [c[1] for c in bar.customdata]
    assert sorted(keys) == sorted(ORDER) and all(c[0] == "type" == Kind.TYPE for c in bar.customdata)
    assert list(bar.hovertext) == [LABELS[k] for k in keys]
    assert [y.replace("<br>", " ") for y in bar.y] == list(bar.hovertext)  # long names wrap
    full = [k for k, c in zip(keys, bar.marker.color, strict=True) if c == TYPE_COLORS[k]]
    assert full == ["bombing"]  # the others are drawn faded
    plain = bars.types_bar(aggregate.by_type(mini, ORDER), labels=LABELS).data[0]
    assert list(plain.marker.color) == [TYPE_COLORS[k] for k in keys]


def test_deaths_by_source_has_room_for_its_axis_and_title_block():
    """Margins are the builders' (no automargin): the widest count and the axis title fit on the
    left, and the title block (title, subtitle lines, a gap) hangs from the top within the margin."""
    big = MONTHLY.assign(killed=pd.array([1234, None, 0], dtype="Int64"))
    fig = bars.deaths_by_source(big, sources=("the note", "GTD"), unknown="words " * 20)
    assert fig.layout.margin.l >= layout.tick_room(["1,234"]) + layout.AXIS_TITLE_ROOM
    assert fig.layout.margin.l > bars.deaths_by_source(MONTHLY, sources=("the note", "GTD")).layout.margin.l
    title = fig.layout.title
    assert (title.yref, title.y, title.yanchor) == ("container", 1, "top")
    lines = title.subtitle.text.count("<br>") + 1
    assert lines == 3 and fig.layout.margin.t >= title.pad.t + 22 + 16 * lines


def test_casualties_bar(mini):
    cas = aggregate.casualties(mini)
    fig = bars.casualties_bar(cas, selected=("Civilians",), unknown="Unknown: deaths for 1 incident")
    assert fig.layout.title.subtitle.text == "Unknown: deaths for 1 incident"
    assert not bars.casualties_bar(cas).layout.title.subtitle.text
    # Escaped once (layout.figure's wrap escapes the text it measures), not twice.
    assert bars.casualties_bar(cas, unknown="A & <B>").layout.title.subtitle.text == "A &amp; &lt;B&gt;"
    by_source = bars.deaths_by_source(MONTHLY, sources=("the note", "GTD"), unknown="A & B")
    assert by_source.layout.title.subtitle.text == "A &amp; B"
    assert [t.name for t in fig.data] == ["killed", "injured"]
    killed = fig.data[0]
    assert list(killed.y) == ["Militants", "Security forces", "Civilians", "Not attributed"]
    assert list(killed.x) == [7, 8, 1, 5]
    assert [c[0] for c in killed.customdata] == ["group"] * 4
    assert list(killed.marker.line.width) == [0, 0, 3, 0]  # the selected group outlined
    assert killed.marker.color == "#222222"  # one colour, so the legend swatch is right
    assert fig.layout.barmode == "group"


def test_escalation_shares_the_time_axis_with_the_policy_timeline(curated):
    fig = escalation.escalation(
        curated_bins(curated), x_range=RANGE, measures=curated.policy_measures, context=curated.context_events
    )
    names = [t.name for t in fig.data]
    assert names == [
        "incidents",
        "killed that month",
        "killed unknown",
        "cumulative deaths",
        "policy measures",
        "context events",
    ]
    assert {t.xaxis or "x" for t in fig.data} == {"x"}  # one x axis for both rows
    assert {t.yaxis for t in fig.data[4:]} == {"y3"} and fig.layout.yaxis3.domain[1] < fig.layout.yaxis.domain[0]
    assert fig.layout.xaxis.anchor == "y3"
    assert pd.Timestamp(fig.layout.xaxis.range[1]) >= pd.Timestamp("2013-01-31")  # reaches the measures
    measures = fig.data[4]
    assert len(measures.x) == len(curated.policy_measures)
    assert {c[0] for c in measures.customdata} == {"policy measure"}
    assert "Negotiator school" in " ".join(measures.text) and "year inferred" in " ".join(measures.text)
    assert fig.data[5].visible == "legendonly"
    assert list(fig.data[3].y)[-1] == 72
    assert fig.data[0].customdata[0] == ["bin", "2011-01"]
    assert fig.layout.dragmode == "select" and not fig.layout.shapes


def test_escalation_draws_the_selected_span(curated):
    fig = escalation.escalation(
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
    fig = escalation.escalation(curated_bins(curated), x_range=RANGE, measures=measures, context=curated.context_events)
    assert "<a " not in fig.data[4].text[0] and "&lt;a href=" in fig.data[4].text[0]


MONTHLY = pd.DataFrame(  # matching.monthly_deaths's shape: one month of unknown deaths, one of none
    {
        "month": pd.to_datetime(["2011-05-01", "2011-06-01", "2011-05-01"]),
        "source": ["the note", "the note", "GTD"],
        "killed": pd.array([3, None, 0], dtype="Int64"),
        "incidents": [2, 1, 1],
        "unknown": [0, 1, 0],
    }
)
VALIDATED = {  # the builder each case of test_figures_are_valid_plotly draws with
    "types": "bars.types_bar",
    "casualties": "bars.casualties_bar",
    "escalation": "escalation.escalation",
    "escalation alone": "escalation.escalation",
    "deaths by source": "bars.deaths_by_source",
    "map": "map_chart.incident_map",
    "room map": "map_chart.room_map",
}


def test_every_builder_is_validated():
    assert set(VALIDATED.values()) == set(BUILDERS)


def made(build: str, mini, curated, **options):
    """The VALIDATED builder `build`'s figure of the test data, with `options` added."""
    bins = curated_bins(curated)
    return {
        "types": lambda: bars.types_bar(
            aggregate.by_type(mini, ORDER), labels=LABELS, selected=("bombing",), **options
        ),
        "casualties": lambda: bars.casualties_bar(aggregate.casualties(mini), selected=("Civilians",), **options),
        "escalation": lambda: escalation.escalation(
            bins,
            x_range=RANGE,
            measures=curated.policy_measures,
            context=curated.context_events,
            span=(pd.Timestamp("2012-07-01"), pd.Timestamp("2012-08-31")),
            **options,
        ),
        "escalation alone": lambda: escalation.escalation(bins, x_range=RANGE, **options),
        "deaths by source": lambda: bars.deaths_by_source(MONTHLY, sources=("the note", "GTD"), unknown="Unknown: 1"),
        "map": lambda: map_chart.incident_map(
            curated.incidents,
            outlines=geo.outlines(),
            labels=LABELS,
            selected=curated.incidents["incident_id"].iloc[0],
            **options,
        ),
        "room map": lambda: map_chart.room_map(
            map_places.places(curated.incidents, LABELS), outlines=geo.outlines(), labels=LABELS
        ),
    }[build]()


@pytest.mark.parametrize("build", VALIDATED)
def test_figures_are_valid_plotly(build, mini, curated):
    """The builders skip plotly's validation for speed; validating here keeps them honest."""
    go.Figure(made(build, mini, curated).to_dict())  # raises on any invalid property or value


@pytest.mark.parametrize("build", ["types", "casualties", "escalation", "escalation alone", "map"])
def test_plain_figures_are_the_figures(build, mini, curated):
    """plain=True (the Overview's linked charts) skips the go.Figure and nothing else: the same JSON
    as the Figure's, plotly's default template included, and valid plotly. The escalation's
    timeline traces given as made once (rows=) are the ones it makes itself."""
    options = {"plain": True}
    if build == "escalation":
        options["rows"] = escalation.timeline_rows(curated.policy_measures, curated.context_events)
        assert options["rows"]  # measures and events: the timeline is drawn
    plain = made(build, mini, curated, **options)
    assert isinstance(plain, dict) and set(plain) == {"data", "layout"}
    assert json.loads(layout.spec(plain)) == json.loads(layout.spec(made(build, mini, curated)))
    assert plain["layout"]["template"] == layout.TEMPLATE
    go.Figure(plain)  # valid


def test_a_chart_is_the_same_with_streamlit_imported_or_not():
    """Importing Streamlit makes its own template plotly's default; the charts give their own, so a
    chart built in the app is the one built anywhere else (and the tests pass in any order)."""
    code = (
        "import sys, json\n"
        "if sys.argv[1] == 'yes': import streamlit.elements.plotly_chart\n"
        "from components.charts import layout\n"
        "print(layout.spec(layout.figure([{'type': 'bar', 'x': [1], 'y': [2]}], {'height': 300})))"
    )
    made = [
        subprocess.run([sys.executable, "-c", code, st], capture_output=True, text=True, check=True).stdout
        for st in ("yes", "no")
    ]
    assert made[0] == made[1] and json.loads(made[0])["layout"]["template"] == layout.TEMPLATE


@pytest.mark.parametrize("opened", [0, 5, "no-such-incident", None])
def test_a_map_drawn_once_rings_each_opened_incident_as_drawn_with_it(curated, opened):
    """The Incidents page keeps a view's map without a selection and rings the opened incident on
    it (map_chart.ring_shapes): the same figure as drawn with the selection, which adds the ring."""
    inc = curated.incidents
    chosen = inc["incident_id"].iloc[opened] if isinstance(opened, int) else opened
    base = map_chart.incident_map(inc, outlines=geo.outlines(), labels=LABELS, plain=True)
    drawn = map_chart.incident_map(inc, outlines=geo.outlines(), labels=LABELS, selected=chosen)
    ringed = {**base, "layout": {**base["layout"], "shapes": map_chart.ring_shapes(base, inc, chosen)}}
    assert json.loads(layout.spec(ringed)) == json.loads(layout.spec(drawn))
    assert ringed["data"] == base["data"]  # the points untouched: opening one redraws the ring alone
    rings = ringed["layout"]["shapes"]
    assert len(rings) == isinstance(opened, int)  # a ring for a real id only
    if rings:
        row = inc[inc["incident_id"] == chosen].iloc[0]
        assert (rings[0]["xanchor"], rings[0]["yanchor"]) == (row["longitude"], row["latitude"])


@pytest.mark.parametrize("dtype", ["float64", "Float64"])  # an import's coordinates may be nullable
def test_an_opened_incident_without_a_place_gets_no_ring(curated, dtype):
    inc = curated.incidents.astype({"longitude": dtype, "latitude": dtype})
    inc.loc[inc.index[0], ["longitude", "latitude"]] = None
    first, second = inc["incident_id"].iloc[:2]
    drawn = map_chart.incident_map(inc, outlines=geo.outlines(), labels=LABELS, selected=first)
    assert drawn.layout.shapes == ()
    plain = map_chart.incident_map(inc, outlines=geo.outlines(), labels=LABELS, plain=True)
    assert map_chart.ring_shapes(plain, inc, first) == []
    assert len(map_chart.ring_shapes(plain, inc, second)) == 1


def test_a_spec_is_plotlys_fast_json_of_the_figure(curated):
    """orjson (requirements.txt) is the engine plotly picks: the Incidents map's 46 KB took ~4 ms
    per incident opened with the json module. The text differs (non-ASCII is not escaped), not the
    figure, and markup stays escaped as plotly escapes it for pages."""
    import orjson  # noqa: F401  (installed by requirements.txt, or plotly falls back to the slow engine)

    plain = map_chart.incident_map(curated.incidents, outlines=geo.outlines(), labels=LABELS, plain=True)
    fast, slow = layout.spec(plain), pio.to_json(plain, validate=False, engine="json")
    assert fast != slow and json.loads(fast) == json.loads(slow)
    assert "<" not in fast and "</" not in fast


@pytest.mark.parametrize(("top", "step"), [(72, 20), (8, 2), (0, 1), (1, 1), (250, 100), (13, 5)])
def test_nice_step(top, step):
    assert escalation._nice_step(top) == step


@pytest.mark.parametrize("timeline", ["empty frames", "none given"])
def test_escalation_without_timeline_uses_the_whole_height(curated, timeline):
    empty = {"measures": curated.policy_measures.iloc[:0], "context": curated.context_events.iloc[:0]}
    fig = escalation.escalation(curated_bins(curated), x_range=RANGE, **(empty if timeline == "empty frames" else {}))
    assert [t.name for t in fig.data] == ["incidents", "killed that month", "killed unknown", "cumulative deaths"]
    assert "yaxis3" not in fig.to_dict()["layout"]
    # The counts and, under them, the row marking the one month of unknown deaths (Oct 2011) fill it.
    assert fig.layout.yaxis4.domain[0] == 0 and fig.layout.yaxis.domain[1] == 1
    assert fig.layout.xaxis.anchor == "y4"  # the dates under the lowest row
    assert fig.layout.title.text.replace("<br>", " ") == "Incidents and deaths per month, 2011–2012"


# Unknown is never drawn as zero. Hand-counted on the MINI fixture (tests/conftest.py): an empty part
# is unknown unless the known parts already add up to the known total (then it must be 0).
MINI_LABELS = {
    # killed: militants a1 c5 e1, unknown d and f (f's parts leave 5 of 10 over); security a1 b3 e0 f4,
    # unknown d; civilians e0 f1, unknown d (a, b, c are settled by their totals); not attributed
    # f5, unknown d.
    "killed": ["7 + 2 unknown", "8 + 1 unknown", "1 + 1 unknown", "5 + 1 unknown"],
    # injured: only e is settled (total 0); b's 1 is unattributed; a, c, d, f have no total.
    "injured": ["0 + 5 unknown", "0 + 5 unknown", "0 + 5 unknown", "1 + 4 unknown"],
}


def test_casualty_labels_say_unknown_where_counts_are_unknown(mini):
    fig = bars.casualties_bar(aggregate.casualties(mini))
    assert {t.name: list(t.text) for t in fig.data} == MINI_LABELS
    assert [t.marker.color for t in fig.data] == ["#222222", bars.INJURED_COLOR]  # no bar is all unknown


def test_casualty_bars_with_no_known_count_are_drawn_as_unknown(mini):
    """Like Bombings in Atyrau Region: one incident with no figure at all. No bar may read 0."""
    fig = bars.casualties_bar(aggregate.casualties(mini[mini["incident_id"] == "2012-03-10-d"]))
    for bar in fig.data:
        assert list(bar.text) == ["unknown"] * 4
        assert list(bar.marker.color) == ["white"] * 4 and list(bar.marker.pattern.shape) == ["/"] * 4
        assert all(w > 0 for w in bar.marker.line.width) and all(x > 0 for x in bar.x)
    assert fig.layout.xaxis.showticklabels is False  # a nominal height has no scale to read


def test_known_zero_reads_zero(mini):
    fig = bars.casualties_bar(aggregate.casualties(mini[mini["incident_id"] == "2012-07-01-e"]))
    assert {t.name: list(t.text) for t in fig.data} == {"killed": ["1", "0", "0", "0"], "injured": ["0"] * 4}


def test_escalation_marks_months_whose_deaths_are_unknown(mini):
    fig = escalation.escalation(aggregate.per_bin(mini, pd.Timestamp("2011-01-01"), CURATED_END), x_range=RANGE)
    unknown = fig.data[2]
    marked = [t for t, y in zip(unknown.text, unknown.y, strict=True) if y is not None]
    assert unknown.name == "killed unknown" and unknown.showlegend is not False
    assert marked == ["Mar 2012"]  # d: the only incident that month, no figure
    hover = dict(zip(fig.data[1].text, fig.data[1].hovertext, strict=True))
    assert hover["Mar 2012"] == "Mar 2012: killed unknown" and hover["Jan 2011"] == "Jan 2011: 2 killed"
    cumulative = fig.data[3].hovertext
    assert cumulative[-1] == "by end of Dec 2012: 21 + 1 unknown killed in all"


def test_unknown_deaths_are_marked_off_the_value_axis(mini, curated):
    """Unknown is not zero (issue 9): a bin of unknown deaths is marked on a row of its own under
    the counts, never at y = 0 of the axis the counts are read on."""
    for bins in (aggregate.per_bin(mini, pd.Timestamp("2011-01-01"), CURATED_END), curated_bins(curated)):
        for fig in (
            escalation.escalation(bins, x_range=RANGE),
            escalation.escalation(
                bins, x_range=RANGE, measures=curated.policy_measures, context=curated.context_events
            ),
        ):
            unknown = next(t for t in fig.data if t.name == "killed unknown")
            marked = [y for y in unknown.y if y is not None]
            assert marked and set(marked) == {escalation.UNKNOWN_ROW}  # a label, not a number on any scale
            assert unknown.yaxis == "y4" and fig.layout.yaxis4.type == "category"
            assert fig.layout.yaxis4.domain[1] < fig.layout.yaxis.domain[0]  # under the counts, apart
            timeline = fig.to_dict()["layout"].get("yaxis3", {"domain": [-1, -1]})
            assert fig.layout.yaxis4.domain[0] > timeline["domain"][1]  # and over the timeline
            assert fig.layout.margin.l >= layout.tick_room([escalation.UNKNOWN_ROW])  # its label is not cut
            counts = [t for t in fig.data if (t.yaxis or "y") == "y"]
            assert all(0 not in [v for v in t.y if v is not None] for t in counts if t.type == "scatter")


def test_escalation_without_unknown_deaths_has_no_unknown_row(mini):
    """Nor a trace on it: plotly.js draws nothing at all of a figure with a trace on an axis its
    layout lacks (a blank escalation chart on every view without unknown deaths)."""
    known = mini[mini["killed_total"].notna()]
    fig = escalation.escalation(aggregate.per_bin(known, pd.Timestamp("2011-01-01"), CURATED_END), x_range=RANGE)
    assert "yaxis4" not in fig.to_dict()["layout"] and list(fig.layout.yaxis.domain) == [0, 1]
    assert fig.layout.xaxis.anchor == "y"
    assert [t.yaxis or "y" for t in fig.data] == ["y", "y", "y2"]


def test_places_group_incidents_that_would_overlap_and_set_types_round_their_place():
    """map_places.places on a synthetic frame: two bombings a few km apart are one marker counting
    both, deaths summed over the known counts only (unknown is not 0), with how many are known; an
    armed assault at the same place goes round it with the bombings (the first type at twelve o'clock), and an
    incident alone far away stays on its own coordinates."""
    na = pd.NA
    frame = pd.DataFrame(
        {
            "incident_id": ["a", "b", "c", "d"],
            "incident_type": ["bombing", "bombing", "armed_assault", "bombing"],
            "location": ["Aktobe", "Aktobe suburbs", "Aktobe", "Taraz"],
            "longitude": [57.17, 57.30, 57.20, 71.37],
            "latitude": [50.28, 50.30, 50.25, 42.90],
            "killed_total": pd.array([2, na, 1, 0], dtype="Int64"),
            "injured_total": pd.array([na, na, 3, 5], dtype="Int64"),
        }
    )
    out = map_places.places(frame, LABELS).set_index(["place", "incident_type"])
    aktobe, taraz = out.loc[(0, "bombing")], out.loc[(1, "bombing")]
    assert (aktobe["n"], aktobe["killed"], aktobe["killed_known"], aktobe["injured"], aktobe["injured_known"]) == (
        2,
        2,
        1,
        0,
        0,
    )
    assert aktobe["ids"] == ["a", "b"] and aktobe["locations"] == "Aktobe, Aktobe suburbs"
    assault = out.loc[(0, "armed_assault")]
    centre = (57.17 + 57.30 + 57.20) / 3, (50.28 + 50.30 + 50.25) / 3
    assert (aktobe["centre_x"], aktobe["centre_y"]) == pytest.approx(centre)
    # Two types at one place, in the types' order: the first straight above the centre, the second below.
    assert (assault["x"], assault["y"]) == pytest.approx((centre[0], centre[1] + map_places.SPREAD))
    assert (aktobe["x"], aktobe["y"]) == pytest.approx((centre[0], centre[1] - map_places.SPREAD))
    assert (taraz["x"], taraz["y"], taraz["n"]) == pytest.approx((71.37, 42.90, 1))
    assert aktobe["label"] == LABELS["bombing"] and assault["color"] != aktobe["color"]
    # No coordinates, no marker: an empty table with every column.
    assert map_places.places(frame.assign(longitude=None), LABELS).empty
