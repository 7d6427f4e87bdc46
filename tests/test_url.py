"""The URL module's link building keeps repeated keys and the order of the others."""

import pytest

from components.state.url_ui import query, replaced

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
