"""The Overview model's parts are shared between filter states drawn from the same rows
(overview.model.PARTS, a core.memo.Memo): whatever order states come in, each is drawn exactly as if built afresh."""

import dataclasses
import datetime as dt
import random

import pandas as pd
import pytest

from components.core.memo import Memo
from components.overview import model
from components.state.filters import GROUPS, Filters, with_unattributed


def random_states(curated, n: int, seed: int) -> list[Filters]:
    rng = random.Random(seed)
    types = sorted(curated.incidents["incident_type"].dropna().unique())
    regions = sorted(curated.incidents["region"].dropna().unique())
    days = pd.date_range("2011-01-01", "2012-12-31", freq="7D").date
    out = []
    for _ in range(n):
        a, b = sorted(rng.sample(list(days), 2))
        out.append(
            Filters(
                types=tuple(rng.sample(types, rng.choice([0, 0, 1, 2, 3]))),
                dates=rng.choice([None, None, (a, b)]),
                regions=tuple(rng.sample(regions, rng.choice([0, 0, 0, 1]))),
                groups=tuple(rng.sample(list(GROUPS), rng.choice([0, 0, 1]))),
            )
        )
    return out


def drawn(o: model.Overview) -> tuple:
    parts = [o.types, o.casualties, o.escalation]
    return (
        o.incidents,
        o.headline,
        o.caption,
        o.empty_hint,
        [None if p is None else (p.spec, p.summary, p.frame.to_json(date_format="iso")) for p in parts],
    )


def test_shared_parts_draw_every_state_as_if_built_afresh(curated):
    memo = Memo()
    states = random_states(curated, 60, seed=7)
    shared = [drawn(model.build(curated, f, curated.table, memo)) for f in states]
    assert len(memo._parts) < 4 * len(states)  # parts were shared: fewer than four per state
    for f, seen in zip(states, shared, strict=True):
        assert seen == drawn(model.build(curated, f, curated.table, Memo(0))), f


def test_the_memo_keeps_its_size_and_the_newest():
    memo = Memo(2)
    for key in "abc":
        memo.get(key, lambda k=key: k.upper())
    assert list(memo._parts) == ["b", "c"]
    assert memo.get("b", lambda: pytest.fail("built again")) == "B"


def test_rows_names_the_rows_not_the_order_of_filters(curated):
    a = Filters(types=("bombing",)).apply(curated.incidents)
    b = Filters(types=("bombing",), dates=(dt.date(2010, 1, 1), dt.date(2013, 12, 31))).apply(curated.incidents)
    assert model.rows(a.index) == model.rows(b.index) != model.rows(curated.incidents.index)


def test_apply_each_matches_each_dimension_once_and_gives_the_same_views(curated):
    """build() filters through Filters.apply_each: the view and each chart's view without its own
    dimension must be exactly apply() and without(name).apply(), rows and order."""
    names = ("types", "groups", "dates")
    for f in random_states(curated, 40, seed=11):
        shown, views = f.apply_each(curated.incidents, names)
        pd.testing.assert_frame_equal(shown, f.apply(curated.incidents))
        for name, view in zip(names, views, strict=True):
            pd.testing.assert_frame_equal(view, f.without(name).apply(curated.incidents))


def test_apply_each_filters_each_set_of_dimensions_once(curated):
    """Leaving out a dimension that does not filter is the view itself, not the frame filtered again."""
    incidents = curated.incidents
    shown, (types, groups, dates) = Filters(types=("bombing",)).apply_each(incidents, ("types", "groups", "dates"))
    assert types is incidents and groups is shown and dates is shown and len(shown) < len(incidents)
    f = Filters(types=("bombing",), dates=(dt.date(2011, 1, 1), dt.date(2011, 12, 31)))
    shown, (types, groups, dates) = f.apply_each(incidents, ("types", "groups", "dates"))
    assert groups is shown and len({id(shown), id(types), id(dates)}) == 3


def test_a_state_whose_parts_are_kept_filters_no_frame(curated, monkeypatch):
    """build() filters a frame only for a part it does not keep already (Filters.masks_each, frames_of):
    the same state again, on the same parts, makes none; its rows are found from the masks alone."""
    memo = Memo()
    f = Filters(types=("bombing",), dates=(dt.date(2011, 1, 1), dt.date(2012, 6, 30)))
    first = drawn(model.build(curated, f, curated.table, memo))
    made = []
    frames_of = model.frames_of
    monkeypatch.setattr(model, "frames_of", lambda rows: lambda mask: made.append(mask) or frames_of(rows)(mask))
    assert drawn(model.build(curated, f, curated.table, memo)) == first
    assert made == []
    assert drawn(model.build(curated, f, curated.table, Memo())) == first
    assert len(made) >= 3  # built afresh: the view and the charts' frames


def test_unattributed_parts_are_added_once(curated):
    """The Overview adds them once per dataset; later calls must not add them again or change them."""
    once = with_unattributed(curated.incidents)
    assert with_unattributed(once) is once
    assert {"killed_unattributed", "injured_unattributed"} <= set(once.columns) - set(curated.incidents.columns)


def test_a_view_is_kept_per_filter_state_and_per_dataset(curated):
    """model.view: the same state of the same data is the same Overview object, from any session;
    another state, or the same state of other data (another stamp), is built."""
    a, b = Filters(types=("bombing",)), Filters(types=("bombing",))
    assert model.view(curated, a) is model.view(curated, b)
    assert model.view(curated, a) is not model.view(curated, Filters())
    other = dataclasses.replace(curated, stamp=("another",))
    assert model.view(other, a) is not model.view(curated, a)
    assert drawn(model.view(other, a)) == drawn(model.build(curated, a, curated.table, Memo(0)))


def test_per_dataset_values_are_made_once_per_dataset():
    from types import SimpleNamespace

    from components.core.memo import per_dataset

    made = []

    def make(name):
        made.append(name)
        return name

    # Stand-ins for loader.Dataset: per_dataset reads only its key (stamp, title).
    curated, edited = (
        SimpleNamespace(stamp=("dir", 1), key=(("dir", 1), "curated")),
        SimpleNamespace(stamp=("dir", 2), key=(("dir", 2), "curated")),
    )
    assert [per_dataset(d, "title", lambda d=d: make(d.stamp)) for d in (curated, curated, edited, curated)] == [
        ("dir", 1),
        ("dir", 1),
        ("dir", 2),
        ("dir", 1),
    ]
    assert made == [("dir", 1), ("dir", 2)]  # an edited file (a new stamp) is derived again
