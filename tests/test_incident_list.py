"""The Incidents page's list pipeline (filter, search, order, cut) and the table's height, on the
synthetic mini table of tests/conftest.py (counts by hand from MINI)."""

import pandas as pd
import pytest

from components.incidents.listing import MAX_HEIGHT, incident_list, readable, table_grid, table_height
from components.state.filters import Filters
from tests.conftest import TABLE


def test_filter_then_order_then_cut(mini):
    listed = incident_list(mini, Filters(regions=("Almaty",)), TABLE, "", "Most killed", limit=2)
    assert listed.shown["incident_id"].tolist() == ["2011-02-01-b", "2012-03-10-d", "2012-07-01-e"]
    assert listed.ids == ["2011-02-01-b", "2012-07-01-e"]  # 3 and 1 killed; unknown (d) goes last, cut
    assert listed.description == "All incidents in Almaty"
    assert listed.height == 38 + 2 * 35


def test_the_whole_result_is_ordered_before_the_cut(mini):
    # The deadliest incident is the last by date: a cut before ordering would miss it.
    assert incident_list(mini, Filters(), TABLE, None, "Most killed", limit=1).ids == ["2012-12-31-f"]
    assert incident_list(mini, Filters(), TABLE, None, None, limit=1).ids == ["2011-01-31-a"]  # earliest


def test_search_narrows_and_is_described(mini):
    listed = incident_list(mini, Filters(), TABLE, "  2012-12-31-f ", "Earliest", limit=10)
    assert listed.ids == ["2012-12-31-f"] and len(listed.shown) == 1
    assert listed.description == "All incidents matching “2012-12-31-f”"


def test_nothing_found_is_an_empty_table(mini):
    listed = incident_list(mini, Filters(), TABLE, "no-such-words", "Earliest", limit=10)
    assert listed.shown.empty and listed.ids == [] and listed.height == 38


@pytest.mark.parametrize(("rows", "height"), [(0, 38), (1, 73), (10, 388), (11, MAX_HEIGHT), (2000, MAX_HEIGHT)])
def test_table_height(rows, height):
    assert table_height(rows) == height


@pytest.mark.parametrize(
    ("f", "query", "order", "limit"),
    [
        (Filters(), None, None, 2000),
        (Filters(regions=("Almaty",)), "", "Most killed", 2),
        (Filters(types=("bombing",)), None, "Latest", 10),
        (Filters(), "2012-12-31-f", "Earliest", 10),
        (Filters(), "no-such-words", "Earliest", 10),
    ],
)
def test_rows_taken_from_the_readable_incidents_are_the_rows_made_per_view(mini, f, query, order, limit):
    """The page takes a view's rows from every incident made readable once per dataset (listing.
    readable): the table gets the same cells, ids, total and column kinds as made for the view alone."""
    every = readable(mini, TABLE)
    made = incident_list(mini, f, TABLE, query, order, limit)
    taken = incident_list(mini, f, TABLE, query, order, limit, every)
    assert taken.ids == made.ids and taken.description == made.description and taken.height == made.height
    a, b = table_grid(made, limit), table_grid(taken, limit, every)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert (a.total, a.dates, a.counts) == (b.total, b.dates, b.counts)
