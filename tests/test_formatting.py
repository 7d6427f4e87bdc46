import pandas as pd
import pytest

from components.core.formatting import count_label, date_span, format_date


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2011-05-17", "day", "17 May 2011"),
        ("2012-10-01", "month", "Oct 2012"),
        ("2009-01-01", "year", "2009"),
        (None, "day", "unknown"),
        (pd.NaT, "month", "unknown"),
    ],
)
def test_format_date(value, precision, expected):
    assert format_date(value, precision) == expected


def test_date_span_uses_each_ends_precision():
    frame = pd.DataFrame(
        {"date": pd.to_datetime(["2012-10-01", "2009-01-01", "2012-11-27"]), "date_precision": ["month", "year", "day"]}
    )
    assert date_span(frame) == "2009 to 27 Nov 2012"
    assert date_span(frame.iloc[:0]) == "no dates"


@pytest.mark.parametrize(
    ("known", "unknown", "incidents", "label"),
    [
        (5, 0, 3, "5"),
        (0, 0, 2, "0"),  # every count known and 0
        (0, 1, 2, "0 + 1 unknown"),
        (1234, 2, 9, "1,234 + 2 unknown"),
        (0, 1, 1, "unknown"),  # no known count behind it
        (0, 0, 0, "0"),  # no incident at all: nothing was counted
    ],
)
def test_count_label(known, unknown, incidents, label):
    assert count_label(known, unknown, incidents) == label
