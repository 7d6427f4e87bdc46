"""The filter value object: apply (parametrized table of inputs and expected rows), describe, URL."""

import dataclasses
import datetime as dt

import pytest

from components.data.schema import import_profile
from components.state.days import day_text, parse_span, span_note
from components.state.filters import (
    DIMENSIONS,
    REGION_UNKNOWN,
    Filters,
    link_note,
    link_values,
    read_link,
    spellings,
)
from tests.conftest import LABELS, TABLE

D = dt.date


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["a", "b", "c", "d", "e", "f"]),
        (Filters(types=("bombing",)), ["a"]),
        (Filters(types=("bombing", "armed_assault")), ["a", "b"]),
        (Filters(regions=("Almaty",)), ["b", "d", "e"]),
        (Filters(initiators=("security forces", "unknown")), ["c", "f"]),
        (Filters(dates=(D(2011, 1, 1), D(2011, 1, 31))), ["a"]),  # the month boundary
        (Filters(dates=(D(2011, 2, 1), D(2011, 12, 31))), ["b", "c"]),
        (Filters(dates=(D(2012, 12, 31), D(2012, 12, 31))), ["f"]),  # inclusive end
        (Filters(types=("security_operation", "bombing")), ["a", "c"]),
        (Filters(dates=(D(2012, 3, 1), D(2012, 7, 31))), ["d", "e"]),
        (Filters(groups=("Security forces",)), ["a", "b", "f"]),  # a known 0 is not a hit
        (Filters(groups=("Civilians",)), ["f"]),
        (Filters(groups=("Not attributed",)), ["b", "f"]),  # b: 1 injured, no part known; f: 10 - 5
        (Filters(groups=("Militants", "Civilians")), ["a", "c", "e", "f"]),
        (Filters(regions=("Almaty",), groups=("Militants",)), ["e"]),
    ],
)
def test_apply(mini, filters, expected):
    got = filters.apply(mini)["incident_id"].str[-1].tolist()
    assert got == expected


@pytest.mark.parametrize(
    ("filters", "sentence"),
    [
        (Filters(), "All incidents"),
        (
            Filters(types=("bombing",), regions=("Atyrau Region",), dates=(D(2011, 1, 1), D(2011, 12, 31))),
            "Bombings in Atyrau Region, 2011",
        ),
        (Filters(types=("bombing", "armed_assault")), "Bombings and armed assaults"),
        (
            Filters(initiators=("security forces",), dates=(D(2011, 1, 1), D(2012, 12, 31))),
            "All incidents initiated by security forces, 2011–2012",
        ),
        (
            Filters(types=("security_operation",), dates=(D(2012, 7, 1), D(2012, 8, 31))),
            "Security operations, 1 Jul 2012 to 31 Aug 2012",
        ),
        (
            Filters(groups=("Civilians",), regions=("Almaty", "Astana")),
            "All incidents in Almaty or Astana with civilians among the casualties",
        ),
    ],
)
def test_describe(filters, sentence):
    assert filters.describe(TABLE) == sentence


ROUND_TRIPS = [
    Filters(),
    Filters(types=("bombing", "security_operation"), regions=("Almaty",), initiators=("militants",)),
    Filters(dates=(D(2011, 3, 1), D(2012, 6, 30)), types=("armed_assault",), groups=("Civilians",)),
    Filters(dates=(D(2012, 7, 1), D(2012, 8, 31))),
]


@pytest.mark.parametrize("filters", ROUND_TRIPS)
def test_url_round_trip(filters):
    params = filters.to_params(LABELS)
    assert Filters.from_params(params, LABELS) == filters


def test_url_uses_type_labels_like_the_bound_widget():
    params = Filters(types=("bombing",), groups=("Civilians",)).to_params(LABELS)
    assert params == {"types": ["Bombings"], "sel_group": ["Civilians"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"types": "Bombings"}, Filters(types=("bombing",))),  # a single value, as st.query_params gives it
        ({"types": ["Bombings", "Nonsense"]}, Filters(types=("bombing",))),  # unknown labels dropped
        ({"dates": ["2012-01-01"]}, Filters()),  # half a range is no range
        ({"dates": ["2012-05-01", "2011-01-01"]}, Filters()),  # reversed
        ({"sel_span": ["2012-02-30", "2012-03-01"]}, Filters()),  # impossible date
        ({"sel_group": ["Aliens", "Civilians"]}, Filters(groups=("Civilians",))),
        ({"region": ["Almaty", "Almaty"]}, Filters(regions=("Almaty",))),
    ],
)
def test_bad_params_are_dropped_not_guessed(params, expected):
    assert Filters.from_params(params, LABELS) == expected


def test_without_clears_only_named():
    f = Filters(types=("bombing",), regions=("Almaty",), dates=(D(2012, 1, 1), D(2012, 1, 31)))
    assert f.without("regions", "dates") == Filters(types=("bombing",))


# Links made before the one filter model: a chart selection was a filter of its own beside the
# sidebar's. They open the same view, the two values of a dimension made one.
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sel_type": "Security operations"}, Filters(types=("security_operation",))),
        ({"types": ["Bombings", "Armed assaults"], "sel_type": "Bombings"}, Filters(types=("bombing",))),
        ({"types": "Bombings", "sel_type": "Armed assaults"}, Filters(types=("armed_assault",))),  # was empty
        ({"sel_span": ["2012-07-01", "2012-08-31"]}, Filters(dates=(D(2012, 7, 1), D(2012, 8, 31)))),
        (
            {"dates": ["2012-01-01", "2012-12-31"], "sel_span": ["2011-01-01", "2012-03-31"]},
            Filters(dates=(D(2012, 1, 1), D(2012, 3, 31))),
        ),
        ({"sel_group": "Civilians"}, Filters(groups=("Civilians",))),
    ],
)
def test_old_links_open_the_same_view(params, expected):
    assert Filters.from_params(params, LABELS) == expected


def test_the_same_dimension_never_intersects_to_nothing(mini):
    """Every way of setting types (pill, bar, old link) lands in the one value: never empty by itself."""
    f = Filters.from_params({"types": "Bombings", "sel_type": "Armed assaults"}, LABELS)
    assert len(f.apply(mini)) == 1


def test_relax_names_the_dimensions_that_empty_the_view(mini):
    f = Filters(types=("bombing",), regions=("Almaty",), initiators=("militants",))
    assert f.apply(mini).empty
    # Without the type: b, d, e (Almaty, militants); without the region: a (Atyrau bombing).
    assert f.relax(mini) == [("incident type", 3), ("region", 1)]
    assert Filters().relax(mini) == []


def test_region_unknown_is_a_region_filter_value(mini):
    """Imports may name no region (GTD 'Unknown', ACLED at sea): those rows are 'region unknown'."""
    df = mini.assign(region=mini["region"].astype("string").where(~mini["incident_id"].str.endswith("-a")))
    kept = Filters(regions=(REGION_UNKNOWN,)).apply(df)["incident_id"].str[-1].tolist()
    assert kept == ["a"]
    both = Filters(regions=(REGION_UNKNOWN, "Almaty")).apply(df)["incident_id"].str[-1].tolist()
    assert both == ["a", "b", "d", "e"]
    assert Filters(regions=("Almaty", REGION_UNKNOWN)).describe(TABLE) == "All incidents in Almaty or an unknown region"


def test_import_profile_spares_region_and_knows_import_values():
    profile = import_profile(TABLE)
    assert TABLE.field("region").required and not profile.field("region").required
    curated = ["militants", "security forces", "unknown"]
    assert profile.field("initiator").enum == [*curated, "rioters", "protesters", "civilians", "other"]
    assert TABLE.field("initiator").enum == ["militants", "security forces", "unknown"]  # curated: unchanged
    flags = profile.field("quality_flags").meanings
    assert {"region_unknown", "date_inferred", "value_unreadable", "duplicate_id", "count_conflict"} <= set(flags)
    assert "region_unknown" not in TABLE.field("quality_flags").meanings


def test_the_dimension_table_is_the_filter_value():
    """Every Filters field has exactly one entry in DIMENSIONS (and one URL name), so parsing, the URL,
    apply, describe, chips and clearing cannot miss a dimension."""
    assert list(DIMENSIONS) == [f.name for f in dataclasses.fields(Filters)]
    assert len({d.key for d in DIMENSIONS.values()}) == len(DIMENSIONS)


def test_chips_one_per_value_in_table_order():
    f = Filters(
        types=("bombing", "armed_assault"),
        dates=(D(2011, 3, 1), D(2011, 3, 31)),
        initiators=("militants",),
        groups=("Civilians",),
    )
    assert f.chips(TABLE) == [
        ("types", "bombing", "Bombings"),
        ("types", "armed_assault", "Armed assaults"),
        ("dates", None, "1 Mar 2011 – 31 Mar 2011"),
        ("initiators", "militants", "initiated by militants"),
        ("groups", "Civilians", "Civilians among the casualties"),
    ]
    assert Filters().chips(TABLE) == []


@pytest.mark.parametrize("name", list(DIMENSIONS))
def test_each_dimension_filters_clears_and_round_trips(mini, name):
    """For each dimension alone: a value taken from the data filters some rows out, `without` clears
    it, and its URL parameter reads back to the same value."""
    column = {"types": "incident_type", "regions": "region", "initiators": "initiator"}.get(name)
    value = {
        "dates": (D(2011, 1, 1), D(2011, 1, 31)),
        "groups": ("Civilians",),
    }.get(name) or (mini[column].dropna().iloc[0],)
    f = Filters(**{name: value})
    assert 0 < len(f.apply(mini)) < len(mini)
    assert f.without(name) == Filters()
    assert Filters.from_params(f.to_params(LABELS), LABELS) == f


PERIOD = (D(2011, 1, 1), D(2012, 12, 31))


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("types", ["bombing"], ("bombing",)),
        ("types", None, ()),
        ("dates", PERIOD, None),  # the slider on the whole period: no date filter
        ("dates", (D(2011, 5, 1), D(2011, 6, 30)), (D(2011, 5, 1), D(2011, 6, 30))),
        ("groups", [], ()),
    ],
)
def test_widget_state_reads_as_a_filter_and_clears_to_none(name, raw, value):
    d = DIMENSIONS[name]
    assert d.from_state(raw, PERIOD) == value
    assert not d.from_state(d.cleared(PERIOD), PERIOD)


# A link typed by hand: what it names is read as meant, what names nothing is said, never dropped unseen.
SPELLED = spellings(LABELS, ["Almaty", "Atyrau Region", REGION_UNKNOWN], ["militants", "security forces"])


@pytest.mark.parametrize(
    ("name", "raw", "kept", "unknown"),
    [
        ("types", ["Bombings"], ["bombing"], []),  # the label, as the widget writes it
        ("types", ["bombing", "BOMBINGS", "Armed assaults"], ["bombing", "armed_assault"], []),  # code, case
        ("types", ["Bombing raid", "bombing"], ["bombing"], ["Bombing raid"]),
        ("regions", ["atyrau region", "Atlantis"], ["Atyrau Region"], ["Atlantis"]),
        ("regions", [REGION_UNKNOWN.upper()], [REGION_UNKNOWN], []),
        ("initiators", ["Militants", "militants"], ["militants"], []),  # one value, however often
        ("groups", ["civilians", "Aliens"], ["Civilians"], ["Aliens"]),
        ("types", [], [], []),
    ],
)
def test_link_values_read_codes_and_any_case_and_keep_what_names_nothing_apart(name, raw, kept, unknown):
    assert link_values(raw, SPELLED[name]) == (kept, unknown)


def test_a_link_note_names_the_values_and_what_the_data_has_instead():
    one = link_note("types", ["Bombing raid"], SPELLED["types"])
    assert one.startswith("The link's incident type “Bombing raid” is not in this data, so the view leaves it out.")
    assert all(label in one for label in LABELS.values())
    two = link_note("regions", ["Atlantis", "x" * 5000], SPELLED["regions"])
    assert "regions “Atlantis” and “" in two and " are not in this data, so the view leaves them out." in two
    assert len(two) < 400  # a megabyte of URL is quoted back cut
    dates = link_note("dates", ["2012-13-01", "2012-12-31"], {})
    assert "“2012-13-01”, “2012-12-31”" in dates and "the whole period" in dates


def test_a_span_note_says_the_dates_asked_the_period_and_what_the_view_shows():
    d = dt.date
    period = (d(2011, 1, 1), d(2012, 12, 31))
    part = span_note((d(2012, 6, 1), d(2013, 6, 30)), (d(2012, 6, 1), d(2012, 12, 31)), period)
    assert part == (
        "The link's dates (1 Jun 2012 to 30 Jun 2013) reach beyond this data's period (2011–2012): "
        "the view shows 1 Jun 2012 to 31 Dec 2012."
    )
    none = span_note((d(2015, 1, 1), d(2015, 12, 31)), None, period)
    assert (
        none == "The link's dates (2015) lie outside this data's period (2011–2012): the view shows the whole period."
    )


def test_a_link_is_read_whole_as_the_app_spells_it_with_a_note_per_dimension_that_asks_for_nothing_here():
    raw = {"types": ["bombing"], "sel_type": ["ARMED ASSAULTS"], "region": ["Atlantis"], "dates": ["2012-13-01"]}
    params, notes = read_link(raw, SPELLED)
    assert params["types"] == ["Bombings"] and params["sel_type"] == ["Armed assaults"]
    assert params["region"] == [] and params["dates"] == ["2012-13-01"] and params["initiator"] == []
    assert [n.split(" ")[2] for n in notes] == ["dates", "region"]  # in DIMENSIONS order


# 1 Jun 2011 and 30 Jun 2011 as Streamlit writes a date slider's value the app set: microseconds.
JUNE_2011 = ["1306886400000000", "1309392000000000"]


def test_a_link_with_streamlits_microseconds_reads_as_its_days_and_is_spelled_in_days():
    """After a chart click the address carries the date range as Streamlit writes it (the app set
    the slider); such a link opens that range without a note, and the app spells it in days. A year
    typed into a link is not taken for microseconds: it stays malformed, with its note."""
    assert parse_span(JUNE_2011) == (dt.date(2011, 6, 1), dt.date(2011, 6, 30))
    assert [day_text(v) for v in (*JUNE_2011, "0", "-86400000000")] == [
        "2011-06-01",
        "2011-06-30",
        "1970-01-01",
        "1969-12-31",
    ]
    params, notes = read_link({"dates": JUNE_2011}, SPELLED)
    assert params["dates"] == ["2011-06-01", "2011-06-30"] and notes == []
    assert parse_span(["20110601", "20110630"]) == parse_span(JUNE_2011)  # ISO's basic form, not microseconds
    for typed in (["2011", "2012"], ["9" * 30, "1"]):
        assert parse_span(typed) is None and day_text(typed[0]) == typed[0]
        params, notes = read_link({"dates": typed}, SPELLED)
        assert params["dates"] == typed and [n.split(" ")[2] for n in notes] == ["dates"]
