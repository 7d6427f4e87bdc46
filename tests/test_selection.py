import datetime as dt

import pytest

from components.state.selection import Kind, bin_span, clicked, merge_click, picked

POINTS = [
    {"curve_number": 0, "point_index": 2, "customdata": ["type", "bombing"]},
    {"curve_number": 0, "point_index": 4, "customdata": ["type", "security_operation"]},
    {"curve_number": 1, "point_index": 4, "customdata": ["type", "bombing"]},  # same bar, other trace
    {"curve_number": 3, "point_index": 0, "customdata": ["policy measure", "M01"]},
    {"curve_number": 0, "point_index": 1},  # no customdata
    {"customdata": "bin"},  # malformed
]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(Kind.TYPE, ("bombing", "security_operation")), (Kind.MEASURE, ("M01",)), (Kind.GROUP, ())],
)
def test_picked(kind, expected):
    assert picked(POINTS, kind) == expected


@pytest.mark.parametrize(
    ("bins", "expected"),
    [
        (["2011-05"], (dt.date(2011, 5, 1), dt.date(2011, 5, 31))),
        (["2005-04/2005-06"], (dt.date(2005, 4, 1), dt.date(2005, 6, 30))),  # a quarter bin
        (["1999-01/1999-12", "2001-01/2001-12"], (dt.date(1999, 1, 1), dt.date(2001, 12, 31))),  # year bins
        (["2012-02"], (dt.date(2012, 2, 1), dt.date(2012, 2, 29))),  # leap year
        (["2011-12", "2011-07", "2011-09"], (dt.date(2011, 7, 1), dt.date(2011, 12, 31))),  # December rolls over
        ([], None),
    ],
)
def test_bin_span(bins, expected):
    assert bin_span(bins) == expected


def test_kinds_are_their_wire_values():
    """The strings in the figure JSON and in plotly's selection events."""
    assert [k.value for k in Kind] == ["type", "group", "bin", "incident", "policy measure", "context event"]
    assert Kind.BIN == "bin" and isinstance(Kind.BIN, str)


@pytest.mark.parametrize(
    ("current", "event", "expected"),
    [
        ((), ("bombing",), ("bombing",)),  # first click isolates
        (("bombing",), ("armed_assault",), ("bombing", "armed_assault")),  # a further (shift-)click adds
        (("bombing", "armed_assault"), ("bombing",), ("armed_assault",)),  # clicking a selected bar removes it
        (("bombing",), (), ()),  # double-click on the background clears
        (("bombing",), ("a", "b"), ("a", "b")),  # a multi-point event replaces
    ],
)
def test_merge_click(current, event, expected):
    assert merge_click(current, event) == expected


PERIOD = (dt.date(2011, 5, 17), dt.date(2012, 9, 12))


@pytest.mark.parametrize(
    ("pills", "bar", "expected"),
    [
        ((), "bombing", ("bombing",)),  # a bar click presses that type's pill
        (("bombing",), "armed_assault", ("bombing", "armed_assault")),  # another bar adds, as a pill does
        (("bombing", "armed_assault"), "bombing", ("armed_assault",)),  # the pressed one toggles off
    ],
)
def test_a_type_bar_click_is_that_types_pill_press(pills, bar, expected):
    assert clicked(Kind.TYPE, (bar,), pills, PERIOD) == expected


@pytest.mark.parametrize(
    ("bins", "expected"),
    [
        (("2011-11", "2012-01"), (dt.date(2011, 11, 1), dt.date(2012, 1, 31))),  # the slider's range
        (("2011-01", "2011-05"), (dt.date(2011, 5, 17), dt.date(2011, 5, 31))),  # within its bounds
        ((), PERIOD),  # an empty selection: the whole period
    ],
)
def test_a_span_on_the_escalation_chart_is_the_date_slider(bins, expected):
    assert clicked(Kind.BIN, bins, PERIOD, PERIOD) == expected


def test_a_casualty_group_toggles_in_its_own_dimension():
    assert clicked(Kind.GROUP, ("Civilians",), ("Militants",), PERIOD) == ("Militants", "Civilians")
