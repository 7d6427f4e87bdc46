"""Date columns read as spreadsheets and exports leave them: the form decided from the whole column."""

import pandas as pd
import pytest

from components.importing.dates import DAY_FIRST, MONTH_FIRST, read_dates


@pytest.mark.parametrize(
    ("values", "expected", "order", "decided"),
    [
        (["2012-09-12", "2012-09-12 00:00:00"], ["2012-09-12", "2012-09-12"], None, True),  # ISO, Excel cell
        (["12 September 2012", "01-January-2015"], ["2012-09-12", "2015-01-01"], None, True),
        (["9-May-20", "31-Dec-29", "1-Jan-30"], ["2020-05-09", "2029-12-31", "1930-01-01"], None, True),  # Excel pivot
        (["May 3, 2012"], ["2012-05-03"], None, True),
        (["31-12-19", "01-02-19"], ["2019-12-31", "2019-02-01"], DAY_FIRST, True),  # 31 decides: day first
        (["12/31/2019", "01/02/2019"], ["2019-12-31", "2019-01-02"], MONTH_FIRST, True),
        (["01/02/2019", "03/04/2019"], ["2019-01-02", "2019-03-04"], MONTH_FIRST, False),  # "/": US custom
        (["01.02.2019", "03.04.2019"], ["2019-02-01", "2019-04-03"], DAY_FIRST, False),  # ".": day first
        (["someday", ""], ["someday", ""], None, True),  # left for validation to report
    ],
)
def test_column_forms(values, expected, order, decided):
    out, reading = read_dates(pd.Series(values))
    assert out.tolist() == expected
    assert (reading.order, reading.decided) == (order, decided)


def test_the_whole_column_decides_not_each_row():
    # Row by row, 01-02-19 alone would be undecidable; the column's 13-02-19 makes every row day first.
    out, reading = read_dates(pd.Series(["01-02-19", "13-02-19"]))
    assert out.tolist() == ["2019-02-01", "2019-02-13"] and reading.decided


def test_a_forced_order_is_applied():
    out, reading = read_dates(pd.Series(["01/02/2019"]), DAY_FIRST)
    assert out.tolist() == ["2019-02-01"] and reading.order == DAY_FIRST
