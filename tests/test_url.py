"""The URL module's link building keeps repeated keys and the order of the others."""

import pytest

from components.state.url_ui import query, replaced, spelled

TWO_TYPES = [("slide", "2"), ("types", "Bombings"), ("types", "Suicide bombings")]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, TWO_TYPES),
        ({"room": "abc", "view": "presenter"}, [*TWO_TYPES, ("room", "abc"), ("view", "presenter")]),
        ({"slide": "3"}, [("types", "Bombings"), ("types", "Suicide bombings"), ("slide", "3")]),
        ({"types": ["Armed assaults"]}, [("slide", "2"), ("types", "Armed assaults")]),
        ({"types": None}, [("slide", "2")]),
        ({"types": []}, [("slide", "2")]),
    ],
)
def test_replaced_keeps_repeated_keys(changes, expected):
    assert replaced(TWO_TYPES, changes) == expected


def test_query_writes_every_pair():
    assert query(TWO_TYPES) == "?slide=2&types=Bombings&types=Suicide+bombings"
    assert query([]) == ""


def test_links_spell_the_date_range_in_days_and_leave_the_rest_as_it_is():
    micros = "1306886400000000"  # 1 Jun 2011, as Streamlit writes a date slider's value the app set
    pairs = [("types", "Bombings"), ("dates", micros), ("dates", "2011-06-30"), ("slide", micros)]
    assert spelled(pairs) == [("types", "Bombings"), ("dates", "2011-06-01"), ("dates", "2011-06-30"), pairs[3]]
