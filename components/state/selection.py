"""The chart-click protocol: what a selectable point carries, and selections -> filter values.

Every selectable point of a chart carries `customdata` [kind, value], kind one of `Kind`; the
charts write it, the pages say which kind a chart reports, and the state folds it into filters.
Plain functions over plotly's selection points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum


class Kind(StrEnum):
    """What a selected point stands for. A StrEnum: it is written into the figure JSON as its value
    and compares equal to the plain string plotly sends back."""

    TYPE = "type"  # an incident type (types bar)
    GROUP = "group"  # a victim group (casualties bar)
    BIN = "bin"  # a time bin: a month, quarter or year (escalation bars and markers)
    INCIDENT = "incident"  # one incident (map)
    MEASURE = "policy measure"  # a policy measure (escalation timeline; not a filter)
    EVENT = "context event"  # a context event (escalation timeline; not a filter)


def point(kind: Kind, value) -> list:
    """The customdata of one selectable point."""
    return [kind.value, value]


def picked(points: Iterable[dict], kind: Kind) -> tuple[str, ...]:
    """Values of the selected points of one kind, in order, deduplicated.

    Points are identified by customdata [kind, value]; points of other kinds (a policy marker
    inside a box selection) are ignored.
    """
    out = []
    for p in points:
        data = p.get("customdata")
        if isinstance(data, list | tuple) and len(data) == 2 and data[0] == kind:
            out.append(str(data[1]))
    return tuple(dict.fromkeys(out))


def bin_span(bins: Iterable[str]) -> tuple[dt.date, dt.date] | None:
    """('2011-05', '2011-07') -> (1 May 2011, 31 Jul 2011): the whole months the selected time bins
    cover. A month bin is 'YYYY-MM'; a quarter or year bin is its first/last month ('2005-01/2005-12')."""
    parsed = sorted(dt.date.fromisoformat(m + "-01") for value in bins for m in value.split("/"))
    if not parsed:
        return None
    last = parsed[-1]
    following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return parsed[0], following - dt.timedelta(days=1)


def merge_click(current: Iterable[str], event: tuple[str, ...]) -> tuple[str, ...]:
    """Fold a bar-chart selection event into the stored selection.

    The chart is redrawn after every event, which resets plotly's own selection, so an event never
    carries earlier clicks: a click (shift or not) on one bar toggles that bar in the stored
    selection; a multi-point event replaces it; an empty one clears it.
    """
    current = tuple(current)
    if len(event) != 1:
        return event
    (value,) = event
    return tuple(v for v in current if v != value) if value in current else (*current, value)


def clicked(kind: Kind, values: tuple[str, ...], current: tuple, period: tuple[dt.date, dt.date]):
    """The filter value a chart selection sets, in the dimension's own terms, so that a click does
    exactly what the sidebar does: a type bar toggles that type as its pill does (the same `current`
    tuple the pills hold); a span of bins becomes the date range, within the slider's `period` (an
    empty selection: the whole period); a casualty group toggles in its own dimension."""
    if kind != Kind.BIN:
        return merge_click(current, values)
    span = bin_span(values)
    return clip_span(span, period) if span else period


def clip_span(span: tuple[dt.date, dt.date], period: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """A date span within the slider's `period` (a bin can start before the first incident); the
    whole period where they do not meet."""
    start, end = max(span[0], period[0]), min(span[1], period[1])
    return (start, end) if start <= end else period
