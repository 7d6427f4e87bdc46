"""The linked charts' Python side: a click's points set the same filter value the sidebar does;
clicks on points of no filter, or from a chart no longer drawn, change nothing; plotly.js is served
by the app itself under a versioned name, never redirected."""

import datetime as dt
import hashlib

import plotly
import pytest
from streamlit.testing.v1 import AppTest

from components.app.paths import redirect_target
from components.charts import linked_ui
from components.state.keys import DATES, SEL_GROUP, TYPES

PERIOD = (dt.date(2011, 1, 1), dt.date(2012, 12, 31))


def _click(kind: str, event, before: dict):
    """One chart event (what assets/linked_chart.js sends, or None: no event) on a page whose filter
    state is `before`, folded in by session_ui.on_select as the chart's callback does, then written to
    the URL as the entrypoint does."""
    import streamlit as st

    from components.data.loader import load_dataset
    from components.state import session_ui
    from components.state.selection import Kind

    if "clicked" not in st.session_state:
        st.session_state.update(before)
        if event is not None:
            st.session_state["chart"] = {"select": event}
        table = load_dataset().table
        session_ui.on_select(Kind(kind), "chart", table)
        session_ui.mirror_to_url(table)  # as the entrypoint does on the run after the callback
        st.session_state["clicked"] = True


def click(kind: str, points, **before) -> AppTest:
    event = None if points is None else {"points": [{"customdata": p} for p in points]}
    at = AppTest.from_function(_click, args=(kind, event, before), default_timeout=30).run()
    assert not at.exception
    return at


def test_a_type_bar_adds_and_removes_its_type_as_the_pill_does():
    at = click("type", [["type", "bombing"]], **{TYPES: ["armed_assault"]})
    assert at.session_state[TYPES] == ["armed_assault", "bombing"]
    at = click("type", [["type", "bombing"]], **{TYPES: ["armed_assault", "bombing"]})
    assert at.session_state[TYPES] == ["armed_assault"]


def test_a_casualty_group_is_its_own_filter_and_goes_into_the_link():
    at = click("group", [["group", "Civilians"]])
    assert at.session_state[SEL_GROUP] == ["Civilians"]
    assert at.query_params[SEL_GROUP] == "Civilians"


def test_a_span_of_bins_is_the_date_range_in_whole_months():
    at = click("bin", [["bin", "2011-05"], ["policy measure", "m-1"], ["bin", "2011-07"]])
    assert at.session_state[DATES] == (dt.date(2011, 5, 1), dt.date(2011, 7, 31))


def test_an_empty_selection_is_the_whole_period():
    at = click("bin", [], **{DATES: (dt.date(2012, 1, 1), dt.date(2012, 3, 31))})
    assert at.session_state[DATES] == PERIOD


@pytest.mark.parametrize(
    "points",
    [
        [["policy measure", "m-1"]],  # a policy marker on the escalation chart: not a time span
        None,  # the chart is gone (a click that raced the run removing it)
    ],
)
def test_events_of_no_filter_change_nothing(points):
    span = (dt.date(2012, 1, 1), dt.date(2012, 3, 31))
    at = click("bin", points, **{DATES: span, TYPES: ["bombing"]})
    assert at.session_state[DATES] == span and at.session_state[TYPES] == ["bombing"]


def test_the_charts_module_is_named_by_its_content_and_each_chart_sends_only_its_loader():
    assert "\n".join(p.read_text(encoding="utf-8") for p in linked_ui.SCRIPTS) == linked_ui.SCRIPT
    digest = hashlib.sha256(linked_ui.SCRIPT.encode()).hexdigest()[:12]
    assert f"/vendor/linked-chart-{digest}.js" == linked_ui.SCRIPT_ROUTE
    assert redirect_target(linked_ui.SCRIPT_ROUTE) is None
    # The loader names the module relative to the page (the app may sit under a path) and is small:
    # it goes with every chart on every rerun, where the module went before (22 KB a chart).
    assert f'"{linked_ui.SCRIPT_ROUTE.lstrip("/")}"' in linked_ui.LOADER and len(linked_ui.LOADER) < 600


def test_plotly_js_is_the_installed_copy_under_a_versioned_name_never_redirected():
    assert linked_ui.LIBRARY.read_bytes().startswith(b"/**\n* plotly.js v")
    assert plotly.__version__ in linked_ui.LIBRARY_ROUTE
    assert redirect_target(linked_ui.LIBRARY_ROUTE) is None
