"""Aggregations and the sentences computed from them, checked against hand-counted values of the
purpose-built fixture table (tests/conftest.py MINI)."""

import pandas as pd
import pytest

from components.overview import aggregate, narrative
from components.state.filters import Filters
from tests.conftest import LABELS, ORDER


def test_headline_sums_known_values_and_counts_unknown(mini):
    h = aggregate.headline(mini)
    assert (h.incidents, h.killed_total, h.killed_total_unknown) == (6, 21, 1)
    assert (h.injured_total, h.injured_total_unknown) == (1, 4)
    assert (h.arrested, h.arrested_unknown) == (6, 4)
    assert h.by_year == {
        2011: aggregate.Counts(
            incidents=3,
            killed_total=10,
            killed_total_unknown=0,
            injured_total=1,
            injured_total_unknown=2,
            arrested=4,
            arrested_unknown=2,
        ),
        2012: aggregate.Counts(
            incidents=3,
            killed_total=11,
            killed_total_unknown=1,
            injured_total=0,
            injured_total_unknown=2,
            arrested=2,
            arrested_unknown=2,
        ),
    }


def test_headline_figures_show_unknown_and_change(mini):
    figs = {f["label"]: f for f in narrative.headline_figures(aggregate.headline(mini))}
    # Some counts unknown: a lower bound, never a bare sum that reads as the whole (or as 0).
    assert figs["Killed"]["value"] == "≥ 21" and figs["Killed"]["delta"] == "+1"
    assert figs["Killed"]["help"].startswith("21 + 1 unknown: the sum of known counts")
    assert figs["Incidents"]["value"] == "6"
    assert figs["Injured"]["value"] == "≥ 1" and figs["Injured"]["delta"] == "-1"
    assert "unknown for 4 of 6" in figs["Injured"]["help"]
    only_unknown = aggregate.headline(Filters(types=("premature_explosion",)).apply(mini))
    figs = {f["label"]: f for f in narrative.headline_figures(only_unknown)}
    assert figs["Killed"]["value"] == "unknown"  # never 0 when nothing is known
    assert figs["Killed"]["delta"] is None  # one year only: no change to show
    almaty = {
        f["label"]: f for f in narrative.headline_figures(aggregate.headline(Filters(regions=("Almaty",)).apply(mini)))
    }
    assert almaty["Arrested"]["value"] == "unknown" and almaty["Arrested"]["delta"] is None  # unknown both years


def test_by_type_keeps_every_type_in_order(mini):
    t = aggregate.by_type(Filters(regions=("Almaty",)).apply(mini), ORDER)
    assert t["incident_type"].tolist() == ORDER
    counts = dict(zip(t["incident_type"], t["incidents"], strict=True))
    assert counts == {
        "armed_assault": 1,
        "bombing": 0,
        "suicide_bombing": 1,
        "attack_unknown_method": 0,
        "security_operation": 0,
        "premature_explosion": 1,
    }
    assert dict(zip(t["incident_type"], t["killed_unknown"], strict=True))["premature_explosion"] == 1


def test_casualties_split_with_unattributed_remainder(mini):
    c = aggregate.casualties(mini).set_index("group")
    assert c.loc["Militants", "killed"] == 7  # 1 + 5 + 1
    assert c.loc["Security forces", "killed"] == 8  # 1 + 3 + 0 + 4
    assert c.loc["Civilians", "killed"] == 1
    assert c.loc["Not attributed", "killed"] == 5  # f: 10 - 4 - 1
    assert c.loc["Not attributed", "injured"] == 1  # b: 1 injured, category unknown
    assert c["killed"].sum() == aggregate.headline(mini).killed_total


def test_per_bin_covers_the_range_with_cumulative_toll(mini):
    m = aggregate.per_bin(mini, pd.Timestamp("2011-01-01"), pd.Timestamp("2012-12-31"))
    assert len(m) == 24
    jan, feb = m.iloc[0], m.iloc[1]
    assert (jan["incidents"], jan["killed"], feb["incidents"], feb["killed"]) == (1, 2, 1, 3)
    assert m["cumulative_killed"].iloc[-1] == 21
    assert m.loc[m["bin_start"] == "2012-03-01", "killed_unknown"].item() == 1


@pytest.mark.parametrize(
    ("filters", "sentence"),
    [
        (Filters(), "Deaths rose from 10 in 2011 to 11 in 2012."),
        (Filters(regions=("Almaty",)), "Deaths fell from 3 in 2011 to 1 in 2012."),
        (Filters(types=("bombing",)), None),  # 2011 only
    ],
)
def test_change_sentence(mini, filters, sentence):
    h = aggregate.headline(filters.apply(mini))
    assert narrative.change_sentence(h.by_year, "killed_total", "Deaths") == sentence


def test_types_summary_handles_ties_and_empty(mini):
    t = aggregate.by_type(mini, ORDER)
    assert narrative.types_summary(t, LABELS) == (
        "Armed assaults, bombings, suicide bombings, attacks of unknown method, security operations and premature "
        "explosions were the most common types: 1 of 6 incidents each."
    )
    one = aggregate.by_type(Filters(types=("bombing",)).apply(mini), ORDER)
    assert narrative.types_summary(one, LABELS) == "The only incident in view: Bombings."
    assert narrative.types_summary(aggregate.by_type(mini.iloc[:0], ORDER), LABELS) == "No incidents."


def test_casualties_summary_names_the_unknowns(mini):
    c = aggregate.casualties(mini)
    text = narrative.casualties_summary(c, 1, 4)
    assert text.startswith("21 people killed (militants 7, security forces 8, civilians 1, not attributed 5)")
    assert "Unknown: deaths for 1 incident and injuries for 4 incidents." in text


def test_casualties_summary_never_sums_unknown_to_zero(mini):
    """The premature explosion (-d): no count known, so no '0 people killed'."""
    one = mini[mini["incident_id"].str.endswith("-d")]
    assert one["killed_total"].isna().all() and one["injured_total"].isna().all()
    text = narrative.casualties_summary(aggregate.casualties(one), 1, 1)
    assert text == (
        "An unknown number of people killed and an unknown number injured. "
        "Unknown: deaths for 1 incident and injuries for 1 incident."
    )


def _messy(n: int = 400, seed: int = 7) -> pd.DataFrame:
    """Synthetic rows with what real imports have: unknown counts, undated rows, decades of dates,
    a type outside the schema's order."""
    import numpy as np

    rng = np.random.default_rng(seed)
    counts = {c: pd.array(rng.integers(0, 9, n), dtype="Int64") for c in aggregate.COUNTS}
    for c in counts:
        counts[c][rng.random(n) < 0.3] = pd.NA
    dates = pd.Series(pd.to_datetime("1975-01-01") + pd.to_timedelta(rng.integers(0, 40 * 365, n), unit="D"))
    dates[rng.random(n) < 0.05] = pd.NaT
    types = pd.Categorical(rng.choice([*ORDER, "not_in_the_schema"], n))
    return pd.DataFrame({"date": dates, "incident_type": types, **counts})


def test_summaries_count_row_by_row_on_messy_rows():
    # The summaries count with numpy; this spells each count out a row at a time.
    df = _messy()
    rows = df.to_dict("records")
    known = pd.notna

    h = aggregate.headline(df)
    for c in aggregate.COUNTS:
        assert getattr(h, c) == sum(r[c] for r in rows if known(r[c]))
        assert h.unknown(c) == sum(1 for r in rows if not known(r[c]))
    for year, counts in h.by_year.items():
        in_year = [r for r in rows if pd.notna(r["date"]) and r["date"].year == year]
        assert counts.incidents == len(in_year) and counts.killed_total == sum(
            r["killed_total"] for r in in_year if known(r["killed_total"])
        )
    assert sum(c.incidents for c in h.by_year.values()) == sum(1 for r in rows if pd.notna(r["date"]))

    t = aggregate.by_type(df, ORDER).set_index("incident_type")
    for code in ORDER:
        mine = [r for r in rows if r["incident_type"] == code]
        assert t.at[code, "incidents"] == len(mine)
        assert t.at[code, "killed"] == sum(r["killed_total"] for r in mine if known(r["killed_total"]))
        assert t.at[code, "killed_unknown"] == sum(1 for r in mine if not known(r["killed_total"]))

    start, end = pd.Timestamp("1990-03-15"), pd.Timestamp("1999-07-01")  # quarters: some rows fall outside
    bins = aggregate.per_bin(df, start, end)
    assert bins["unit"].iloc[0] == "quarter"
    edges = [*bins["bin_start"], bins["bin_start"].iloc[-1] + pd.offsets.QuarterBegin(startingMonth=1)]
    for i, b in bins.iterrows():
        mine = [r for r in rows if pd.notna(r["date"]) and edges[i] <= r["date"] < edges[i + 1]]
        assert b["incidents"] == len(mine), b["bin_start"]
        assert b["killed_unknown"] == sum(1 for r in mine if not known(r["killed_total"]))
    assert bins["cumulative_killed"].iloc[-1] == bins["killed"].sum()
    assert aggregate.per_bin(df, end, start).empty  # an end before the start: no bins, no error


def test_the_escalation_summary_dates_the_policy_measures_earliest_to_latest():
    """In any order of rows, the earliest and the latest measure with their own precision; of two on
    the same latest date, the one listed last (the list read in date order, ties as listed)."""
    measures = pd.DataFrame(
        {
            "date": pd.to_datetime(["2012-12-01", "2013-01-01", "2012-10-05", "2013-01-01"]),
            "date_precision": ["month", "month", "day", "day"],
        }
    )
    bins = pd.DataFrame({"killed": [0]})
    said = narrative.escalation_summary(bins, {}, measures)
    assert said == "4 policy measures followed, dated 5 Oct 2012 to 1 Jan 2013."
    assert narrative.escalation_summary(bins, {}, measures.iloc[::-1]).endswith("dated 5 Oct 2012 to Jan 2013.")
    assert narrative.escalation_summary(bins, {}, measures.iloc[:0]) == ""
