"""The dashboard's filter state as one value: one value per dimension, however it was set.

`Filters` is built from URL-style parameters (name -> list of strings, the shape of
`st.query_params`), applied to the incidents, described in words, and written back as parameters:
the URL is the state, so any view is a link. Nothing here imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from components.core.formatting import cut, format_date, join_words, label_phrase, period_text
from components.data.schema import Table
from components.state.days import parse_span
from components.state.keys import DATES, INITIATOR, OLD_LINKS, REGION, SEL_GROUP, SEL_SPAN, SEL_TYPE, TYPES

# The region filter's value for incidents whose source names no region (imports: a GTD province
# "Unknown", an ACLED event at sea). It cannot clash with a real name: those are capitalised.
REGION_UNKNOWN = "region unknown"

# Victim groups of the casualties chart -> the count columns that put an incident in that group.
GROUPS = {
    "Militants": ("killed_perpetrators", "injured_perpetrators"),
    "Security forces": ("killed_security", "injured_security"),
    "Civilians": ("killed_civilians", "injured_civilians"),
    "Not attributed": ("killed_unattributed", "injured_unattributed"),
}


def _same(*spans):
    """Two old filters on one dimension (a sidebar value and a chart selection) as one: their overlap,
    or, where they do not overlap, the later one (a chart selection made on top of the sidebar)."""
    spans = [s for s in spans if s]
    if len(spans) < 2:
        return spans[0] if spans else None
    (a0, a1), (b0, b1) = spans
    return (max(a0, b0), min(a1, b1)) if max(a0, b0) <= min(a1, b1) else (b0, b1)


def _in_column(column: str) -> Callable[[pd.DataFrame, tuple], pd.Series]:
    return lambda df, values: df[column].isin(values)


def region_choices(regions: pd.Series) -> list[str]:
    """The region filter's options: the regions named, then REGION_UNKNOWN if any incident has none
    (imports: no region given)."""
    return sorted(regions.dropna().unique().tolist()) + ([REGION_UNKNOWN] if regions.isna().any() else [])


def _in_region(df: pd.DataFrame, regions: tuple) -> pd.Series:
    return df["region"].isin(regions) | (df["region"].isna() & (REGION_UNKNOWN in regions))


def _in_span(df: pd.DataFrame, span: tuple[dt.date, dt.date]) -> pd.Series:
    return df["date"].between(pd.Timestamp(span[0]), pd.Timestamp(span[1]))


def _in_groups(df: pd.DataFrame, groups: tuple) -> pd.Series:
    parts = with_unattributed(df)
    hit = pd.Series(False, index=df.index)
    for g in groups:
        for col in GROUPS[g]:
            hit |= parts[col].fillna(0).gt(0)
    return hit


def _places(regions: tuple) -> list[str]:
    return [r if r != REGION_UNKNOWN else "an unknown region" for r in regions]


@dataclass(frozen=True)
class Dimension:
    """One filter dimension. Everything done with a filter (the URL round trip, applying it, the
    caption's words, the chips, clearing it) is derived from the DIMENSIONS table below, so a new
    dimension is one entry there and one field of Filters."""

    name: str  # the Filters field
    key: str  # its session-state key and URL parameter (components/state/keys.py)
    words: str  # how the empty-view hint names it ("remove the incident type filter"); plural: +s
    match: Callable[[pd.DataFrame, Any], pd.Series]  # the rows a value keeps
    phrase: Callable[[Any, Mapping[str, str]], str]  # its words in the caption (types: the subject)
    chip: Callable[[Any, Mapping[str, str]], str]  # one chip's text, per value (dates: per span)
    bound: bool = True  # a sidebar widget binds it to the URL; else the app mirrors it (session_ui)
    span: bool = False  # a date span (None when off) rather than a tuple of values (() when off)
    # URL strings <-> values (both given the type labels): the identity unless the URL spells values
    # otherwise; decode drops what it does not know.
    decode: Callable[[tuple, Mapping[str, str]], tuple] = lambda values, labels: values
    encode: Callable[[tuple, Mapping[str, str]], tuple] = lambda values, labels: values

    def parse(self, values: list[str], labels: Mapping[str, str]):
        """From the strings of its URL parameter; unknown values are dropped, as the widgets drop them."""
        return parse_span(values) if self.span else self.decode(tuple(dict.fromkeys(values)), labels)

    def unparse(self, value, labels: Mapping[str, str]) -> list[str]:
        if self.span:
            return [d.isoformat() for d in value] if value else []
        return list(self.encode(value, labels))

    def from_state(self, raw, period: tuple[dt.date, dt.date]):
        """Its value from its widget's session state: a slider on the whole period is no date filter."""
        if self.span:
            return tuple(raw) if raw and tuple(raw) != period else None
        return tuple(raw or ())

    def cleared(self, period: tuple[dt.date, dt.date]):
        """Its widget's session state with no filter set."""
        return period if self.span else []

    def chips(self, value, labels: Mapping[str, str]) -> list[tuple[object, str]]:
        """(value, text) of each chip: one per value, one for a span (its value None: the whole span)."""
        if self.span:
            return [(None, self.chip(value, labels))] if value else []
        return [(v, self.chip(v, labels)) for v in value]


# In the order chips list them. The caption names them in SENTENCE order, after the types.
DIMENSIONS = {
    d.name: d
    for d in (
        Dimension(
            "types",
            TYPES,
            "incident type",
            _in_column("incident_type"),
            lambda v, labels: label_phrase(labels.get(t, t) for t in v) if v else "All incidents",
            lambda v, labels: labels.get(v, v),
            # By label in the URL ('Bombings'), as the bound widget writes them.
            decode=lambda v, labels: tuple(c for t in v for c, label in labels.items() if label == t),
            encode=lambda v, labels: tuple(labels[t] for t in v),
        ),
        Dimension(
            "dates",
            DATES,
            "dates",
            _in_span,
            lambda v, labels: ", " + period_text(*v),
            lambda v, labels: f"{format_date(v[0])} – {format_date(v[1])}",
            span=True,
        ),
        Dimension(
            "regions",
            REGION,
            "region",
            _in_region,
            lambda v, labels: " in " + join_words(_places(v), "or"),
            lambda v, labels: v,
        ),
        Dimension(
            "initiators",
            INITIATOR,
            "initiator",
            _in_column("initiator"),
            lambda v, labels: " initiated by " + join_words(v, "or"),
            lambda v, labels: f"initiated by {v}",
        ),
        Dimension(
            "groups",
            SEL_GROUP,
            "casualty group",
            _in_groups,
            lambda v, labels: " with " + join_words([g.lower() for g in v], "or") + " among the casualties",
            lambda v, labels: f"{v} among the casualties",
            bound=False,
            decode=lambda v, labels: tuple(g for g in v if g in GROUPS),
        ),
    )
}
SENTENCE = ("initiators", "regions", "groups", "dates")  # 'Bombings initiated by … in … with …, 2011'
LINK_VALUE_CHARS = 60  # a value quoted back from a link is cut here: a URL can hold a megabyte


def spellings(labels: Mapping[str, str], regions: list[str], initiators: list[str]) -> dict[str, dict[str, str]]:
    """For each dimension of values: each value a filter can hold -> how a link writes it (a type by
    its label, the rest as they are)."""
    same = lambda values: {v: v for v in values}  # noqa: E731
    return {"types": dict(labels), "regions": same(regions), "initiators": same(initiators), "groups": same(GROUPS)}


def link_values(raw: list[str], spelled: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """A link's values of one dimension as the values a filter holds, and those that name none.
    `spelled`: spellings()[dimension]. A value names the one it spells, that value itself (a type's
    code: ?types=bombing) or either in another case (?region=atyrau+region): a link typed by hand
    opens the view it meant, and nothing it asks for is dropped without a word (link_note)."""
    names: dict[str, str] = {}
    for fold in (str, str.casefold):  # exact spellings first: a case-folded one never shadows them
        for value, spelling in spelled.items():
            names.setdefault(fold(spelling), value)
            names.setdefault(fold(value), value)
    kept, unknown = [], []
    for text in raw:
        value = names.get(text, names.get(text.casefold()))
        (unknown if value is None else kept).append(text if value is None else value)
    return list(dict.fromkeys(kept)), list(dict.fromkeys(unknown))


def link_note(name: str, unknown: list[str], spelled: Mapping[str, str]) -> str:
    """What a link asked of dimension `name` that the data does not have, said with what it has."""
    quoted = [f"“{cut(v, LINK_VALUE_CHARS)[0]}”" for v in unknown]
    if DIMENSIONS[name].span:
        return (
            f"The link's dates ({', '.join(quoted)}) are not a first and a last day written as YYYY-MM-DD: "
            "the view shows the whole period."
        )
    d, one = DIMENSIONS[name], len(unknown) == 1
    asked = f"{d.words}{'' if one else 's'} {join_words(quoted)} {'is' if one else 'are'}"
    return (
        f"The link's {asked} not in this data, so the view leaves {'it' if one else 'them'} out. "
        f"The {d.words}s here: {join_words(list(spelled.values()))}."
    )


def read_link(raw: Mapping[str, list[str]], spelled: Mapping[str, Mapping[str, str]]) -> tuple[dict, list[str]]:
    """A link's filter parameters (every dimension's, and OLD_LINKS') as the app spells them
    (link_values), and a note (link_note) for each that asks for what the data does not have.
    `raw`: each parameter's values as the URL has them; `spelled`: spellings()."""
    params, notes = {}, []
    for name, d in DIMENSIONS.items():
        for key in (d.key, *(old for old, dimension in OLD_LINKS.items() if dimension == name)):
            values = list(raw.get(key, []))
            if d.span:
                span = parse_span(values)
                # As the app spells them: a link with Streamlit's microseconds is rewritten in days.
                params[key] = [day.isoformat() for day in span] if span else values
                if values and span is None:
                    notes.append(link_note(name, values, {}))
                continue
            kept, unknown = link_values(values, spelled[name])
            params[key] = [spelled[name][v] for v in kept]
            if unknown:
                notes.append(link_note(name, unknown, spelled[name]))
    return params, notes


@dataclass(frozen=True)
class Filters:
    """One value per dimension. A chart click sets the same value the sidebar does (a type bar is
    that type's pill, a span dragged on the escalation chart is the date range), so two filters on
    one dimension can never intersect to nothing; the casualty group is a dimension of its own."""

    types: tuple[str, ...] = ()
    dates: tuple[dt.date, dt.date] | None = None
    regions: tuple[str, ...] = ()
    initiators: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    # -- URL round trip -------------------------------------------------------------------------
    @classmethod
    def from_params(cls, params: Mapping[str, list[str] | str], type_labels: Mapping[str, str]) -> Filters:
        """From URL parameters (name -> its values, or one value).

        Links made before the one filter model carry chart selections as sel_type= and sel_span=
        beside types= and dates=; they open the same view: the two values of a dimension become one,
        their overlap (or the chart selection where they do not overlap)."""

        def values(key):
            v = params.get(key, [])
            return [v] if isinstance(v, str) else list(v)

        f = cls(**{d.name: d.parse(values(d.key), type_labels) for d in DIMENSIONS.values()})
        chart = DIMENSIONS["types"].parse(values(SEL_TYPE), type_labels)
        both = tuple(t for t in f.types if t in chart)
        return replace(
            f,
            types=(both or chart) if f.types and chart else f.types or chart,
            dates=_same(f.dates, parse_span(values(SEL_SPAN))),
        )

    def to_params(self, type_labels: Mapping[str, str]) -> dict[str, list[str]]:
        out = {d.key: d.unparse(getattr(self, d.name), type_labels) for d in DIMENSIONS.values()}
        return {k: v for k, v in out.items() if v}

    # -- applying -------------------------------------------------------------------------------
    def without(self, *names: str) -> Filters:
        """The same filters with some dimensions cleared: a chart is filtered by every dimension but
        its own, so its bars stay clickable."""
        return replace(self, **{n: None if DIMENSIONS[n].span else () for n in names})

    def active(self) -> list[str]:
        """The dimensions this value filters on, in DIMENSIONS order."""
        return [n for n in DIMENSIONS if getattr(self, n)]

    def apply(self, incidents: pd.DataFrame) -> pd.DataFrame:
        """The incidents this value keeps (the frame itself where nothing filters: never mutated)."""
        return self.apply_each(incidents, ())[0]

    def apply_each(self, incidents: pd.DataFrame, names: tuple[str, ...]) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
        """apply(incidents), and for each of `names` the same without that dimension
        (without(name).apply): each active dimension is matched once, not once per view, and each
        set of dimensions applied once: leaving out a dimension that does not filter is the view
        itself: 4.5 -> 2.8 ms a new state (filtering was ~15% of the Overview's server CPU under load_ws)."""
        shown, each = self.masks_each(incidents, names)
        frame = frames_of(incidents)
        return frame(shown), [frame(mask) for mask in each]

    def masks_each(self, incidents: pd.DataFrame, names: tuple[str, ...]) -> tuple[Rows, list[Rows]]:
        """apply_each's rows, as boolean arrays over `incidents` (None: every row), no frame filtered:
        the Overview filters one (frames_of) only for a part it has not kept already (making the four
        frames was ~4 of a new state's 10 ms). The same array for the same set of dimensions."""
        masks = self._masks(incidents)
        kept = {None: _all_but(masks, None)} | {name: _all_but(masks, name) for name in names if name in masks}
        return kept[None], [kept.get(name, kept[None]) for name in names]

    def _masks(self, incidents: pd.DataFrame) -> dict:
        """Each active dimension's match of the incidents, as a boolean array (no index to align)."""
        return {
            name: DIMENSIONS[name].match(incidents, getattr(self, name)).to_numpy(dtype=bool) for name in self.active()
        }

    def relax(self, incidents: pd.DataFrame) -> list[tuple[str, int]]:
        """For an empty view: each active dimension with the incidents there would be without it
        (only those that would show any), most first, to say which filter to relax. Counted from
        the masks, not from filtered frames: 4.3 -> 1.3 ms a view (random clicks under load_ws reach
        empty views often: the frames were ~4% of the Overview's server CPU there)."""
        masks = self._masks(incidents)
        kept = {name: _all_but(masks, name) for name in masks}
        counts = [(DIMENSIONS[n].words, len(incidents) if m is None else int(m.sum())) for n, m in kept.items()]
        return sorted([c for c in counts if c[1]], key=lambda c: -c[1])

    # -- words ----------------------------------------------------------------------------------
    def describe(self, table: Table) -> str:
        """'Bombings in Atyrau Region, 2011': what the filtered view shows, for captions."""
        labels = table.field("incident_type").labels
        text = DIMENSIONS["types"].phrase(self.types, labels)
        return text + "".join(DIMENSIONS[n].phrase(getattr(self, n), labels) for n in SENTENCE if getattr(self, n))

    def chips(self, table: Table) -> list[tuple[str, object, str]]:
        """Every active filter as (dimension, value, text): one chip each, sidebar ones included."""
        labels = table.field("incident_type").labels
        return [(n, v, text) for n in self.active() for v, text in DIMENSIONS[n].chips(getattr(self, n), labels)]


Rows = np.ndarray | None  # a boolean array over a frame's rows; None: every row


def frames_of(incidents: pd.DataFrame) -> Callable[[Rows], pd.DataFrame]:
    """The rows of `incidents` a mask keeps, as a frame, each mask's made once (by identity: masks_each
    gives the same array for the same set of dimensions); every row: `incidents` itself."""
    made: dict[int, pd.DataFrame] = {}

    def frame(mask: Rows) -> pd.DataFrame:
        if mask is None:
            return incidents
        if id(mask) not in made:
            made[id(mask)] = incidents[mask]
        return made[id(mask)]

    return frame


def _all_but(masks: dict, leave: str | None):
    """The incidents every dimension's mask but `leave`'s keeps; None when no other one filters."""
    others = [mask for name, mask in masks.items() if name != leave]
    return functools.reduce(operator.and_, others) if others else None


UNATTRIBUTED = ("killed_unattributed", "injured_unattributed")


def with_unattributed(df: pd.DataFrame) -> pd.DataFrame:
    """Adds killed/injured_unattributed: the part of a known total no known category accounts for.
    A frame that has them (the Overview adds them once per dataset) is returned as it is."""
    if all(c in df.columns for c in UNATTRIBUTED):
        return df
    out = {}
    for kind in ("killed", "injured"):
        known = df[[f"{kind}_perpetrators", f"{kind}_security", f"{kind}_civilians"]].sum(axis=1, min_count=0)
        out[f"{kind}_unattributed"] = (df[f"{kind}_total"] - known).astype("Int64")
    return df.assign(**out)
