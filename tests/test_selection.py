import datetime as dt

import pytest

from components.selection import merge_click, month_span, picked

POINTS = [
    {"curve_number": 0, "point_index": 2, "customdata": ["type", "bombing"]},
    {"curve_number": 0, "point_index": 4, "customdata": ["type", "security_operation"]},
    {"curve_number": 1, "point_index": 4, "customdata": ["type", "bombing"]},  # same bar, other trace
    {"curve_number": 3, "point_index": 0, "customdata": ["policy measure", "M01"]},
    {"curve_number": 0, "point_index": 1},  # no customdata
    {"customdata": "month"},  # malformed
]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("type", ("bombing", "security_operation")), ("policy measure", ("M01",)), ("group", ())],
)
def test_picked(kind, expected):
    assert picked(POINTS, kind) == expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (["2011-05"], (dt.date(2011, 5, 1), dt.date(2011, 5, 31))),
        (["2012-02"], (dt.date(2012, 2, 1), dt.date(2012, 2, 29))),  # leap year
        (["2011-12", "2011-07", "2011-09"], (dt.date(2011, 7, 1), dt.date(2011, 12, 31))),  # December rolls over
        ([], None),
    ],
)
def test_month_span(months, expected):
    assert month_span(months) == expected


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
