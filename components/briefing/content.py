"""The briefing: a few slides generated from the data under the current filters.

Every headline is a sentence computed here from the filtered data, never typed in, so it changes
when the filters do; filters that leave one incident or none still give sensible slides. Pure: no
Streamlit. The page shows the slides one at a time; briefing_export writes them as one HTML file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from components.briefing import canvas
from components.charts import layout, map_chart, map_places
from components.charts.bars import casualties_bar, types_bar
from components.charts.escalation import escalation
from components.core.formatting import count_labels, counted, date_span, format_date, join_words, label_phrase
from components.core.memo import Memo
from components.core.theme import STATUS_SYMBOLS, type_color
from components.data import geo
from components.data.loader import Dataset
from components.data.schema import Table
from components.overview import aggregate, narrative
from components.overview.aggregate import Headline
from components.overview.model import rows, time_range
from components.state.filters import REGION_UNKNOWN, Filters


@dataclass(frozen=True)
class Slide:
    key: str
    headline: str
    points: tuple[str, ...] = ()
    # What draws the slide's figure (None: a slide of text alone), called when the figure is first
    # read. The page shows two or three slides a step (the current one and those it draws ahead),
    # and making all the figures of a new filter state's deck was most of its cost. It holds the
    # chart's small summary table, never the filtered rows (decks are kept, hundreds of them).
    draw: Callable[[], go.Figure] | None = field(default=None, compare=False, repr=False)
    notes: tuple[str, ...] = field(default=())
    # The title slide's headline figures in large type: (label, value), value "unknown" when no count is known.
    stats: tuple[tuple[str, str], ...] = ()
    # The summary table the figure draws, for exports that rebuild the chart natively (PowerPoint).
    table: pd.DataFrame | None = field(default=None, compare=False)

    @cached_property
    def figure(self) -> go.Figure | None:
        """The slide's chart, made once, on first reading."""
        return None if self.draw is None else self.draw()

    @cached_property
    def spec(self) -> str:
        """The figure as the page's chart draws it (JSON: 2-9 ms to write): once per slide, as the
        page keeps its slides, not on every step."""
        return layout.spec(self.figure)

    @cached_property
    def for_room(self) -> Slide:
        """sized(self), once per slide: the page keeps its slides, and a slide shared by several
        filter states (build's memo) is sized once for all of them (~11 ms a slide)."""
        return sized(self)


def _paragraphs(frame: pd.DataFrame) -> str:
    """'paras. 12, 14, 16' cited by the rows of frame (for speaker notes)."""
    numbers = sorted({int(n) for ref in frame["source_ref"].dropna() for n in re.findall(r"para\. (\d+)", ref)})
    return ("para. " if len(numbers) == 1 else "paras. ") + ", ".join(map(str, numbers)) if numbers else "no rows"


def sized(slide: Slide) -> Slide:
    """The slide with its figure made for the room: sized to the space its text leaves on the
    canvas, with type large enough to read from the back (canvas.for_slide). Most of a deck's cost:
    the page sizes only the slides it shows, the exports all of them."""
    if slide.draw is None:
        return slide
    height = canvas.chart_height(slide.headline, slide.points)
    return replace(slide, draw=lambda: canvas.for_slide(slide.figure, height))


def build(
    data: Dataset, f: Filters, today: dt.date | None = None, *, room: bool = True, memo: Memo | None = None
) -> list[Slide]:
    """The slides for `data` under `f`: the map's outlines, the shared time axis and the source's
    name come from the data, so every caller draws the same deck. `today` dates the title slide.
    room=False leaves the figures as the chart builders made them, for sized() one at a time.
    `memo`: where the slides after the title are kept by the rows they show (all but the title are
    drawn from the rows alone: another filter state keeping the same incidents has the same ones)."""
    table, source_title = data.table, data.title
    outlines, x_range = geo.outlines_for(data.incidents), time_range(table, data.policy_measures)
    labels = table.field("incident_type").labels
    shown = f.apply(data.incidents)
    scope = f.describe(table)
    if shown.empty:
        return [
            Slide(
                "headline",
                f"No incident matches this view: {scope}.",
                ("Widen the filters or clear the chart selections to brief on the data.",),
                notes=(f"{data.title} holds {counted(len(data.incidents), 'incident')}.",),
            )
        ]

    def body() -> tuple[Headline, list[Slide | None]]:
        h = aggregate.headline(shown)
        # Counted over the incidents' period, for the escalation slide and the policy slide alike.
        bins = aggregate.per_bin(shown, *(pd.Timestamp(d) for d in table.period))
        return h, [
            _escalation(h, bins, x_range),
            _methods(shown, labels),
            _casualties(shown, h),
            _where(shown, labels, outlines),
            _policy(data, bins, x_range),
            _caveats(data, shown, h, table),
        ]

    h, rest = body() if memo is None else memo.get((*data.key, "slides", rows(shown.index)), body)
    slides = [_title(data, shown, h, f, scope, source_title, today or dt.date.today()), *rest]
    return [sized(s) if room else s for s in slides if s is not None]


# Decks kept for every session: by filter state and day (the title slide is dated), and their slides
# after the title by the rows they show. Every key press on the Briefing reruns its page; a new
# filter state made all seven slides (~75 ms) and sized each one shown (~11 ms), a fifth of the
# server's CPU in load_ws's mix at 100 viewers. Shared objects: nothing mutates a slide.
DECKS, PARTS = Memo(256), Memo(256)


def kept(data: Dataset, f: Filters) -> list[Slide]:
    """build(data, f, room=False), kept (DECKS, PARTS): size each slide shown with Slide.for_room."""
    today = dt.date.today()
    return DECKS.get((*data.key, f, today), lambda: build(data, f, today, room=False, memo=PARTS))


def _countries(shown: pd.DataFrame) -> str:
    names = shown["country"].dropna().astype(str).value_counts().index.tolist() if "country" in shown else []
    if not names:
        return "an unnamed country"
    return join_words(names) if len(names) <= 3 else f"{len(names)} countries"


def _title(data: Dataset, shown, h: Headline, f: Filters, scope: str, source_title: str, today: dt.date) -> Slide:
    """The opening slide: what, where and when in the title, the source and the day of the briefing,
    and the headline figures in large type. The view is named only when it is filtered."""
    first, last = shown["date"].min().year, shown["date"].max().year
    years = str(first) if first == last else f"{first}–{last}"
    title = f"Terrorism in {_countries(shown)}, {years}"
    if data.imported:
        title = f"{data.title}: {title[0].lower()}{title[1:]}"
    points = [scope] if f != Filters() else []
    points += [f"Source: {source_title}", f"Briefing of {format_date(today)}"]
    stats = tuple((fig["label"], fig["value"]) for fig in narrative.headline_figures(h))
    opening = _headline(shown, h, source_title)
    return Slide("title", title, tuple(points), notes=(opening.headline, *opening.points, *opening.notes), stats=stats)


def _headline(shown, h: Headline, source_title) -> Slide:
    named = _regions(shown)
    regions = named.nunique()
    where = f"in {named.iloc[0]}" if regions == 1 else f"across {regions} regions"
    killed = (
        "an unknown number of people"
        if h.killed_total_unknown == h.incidents
        else (counted(h.killed_total, "person", "people"))
    )
    headline = f"{counted(h.incidents, 'incident')} {where}, {date_span(shown)}: {killed} killed."
    points = []
    extra = [
        f"{h.injured_total:,} injured" if h.injured_total_unknown < h.incidents else "",
        f"{h.arrested:,} arrested" if h.arrested_unknown < h.incidents else "",
    ]
    if any(extra):
        points.append(join_words([e for e in extra if e]).capitalize() + ", where the source gives numbers.")
    notes = (
        f"Killed {h.killed_total} (unknown for {h.killed_total_unknown} incidents), injured "
        f"{h.injured_total} (unknown for {h.injured_total_unknown}), arrested {h.arrested} "
        f"(unknown for {h.arrested_unknown}).",
        f"Source: {source_title}, {_paragraphs(shown)}.",
    )
    return Slide("headline", headline, tuple(points), notes=notes)


def _escalation(h: Headline, bins: pd.DataFrame, x_range) -> Slide:
    years = h.by_year
    headline = narrative.change_sentence(years, "killed_total", "Deaths")
    if headline is None:
        (year,) = years  # one year in view
        only = years[year]
        which = "The only incident" if only.incidents == 1 else f"All {only.incidents} incidents"
        headline = f"{which} in view fell in {year}, with {only.killed_total} killed."
    worst = bins.loc[bins["killed"].idxmax()]
    points = [
        p
        for p in (
            narrative.change_sentence(years, "incidents", "Incidents"),
            f"Deadliest {worst['unit']}: {format_date(worst['bin_start'], worst['unit'])}, "
            f"{int(worst['killed']):,} killed."
            if worst["killed"]
            else None,
        )
        if p
    ]
    notes = tuple(
        f"{y}: {v.incidents:,} incidents, {v.killed_total:,} killed (known counts)." for y, v in years.items()
    )
    # This slide is the escalation alone; the policy slide adds the timeline.
    return Slide("escalation", headline, tuple(points), lambda: escalation(bins, x_range=x_range), notes, table=bins)


def _methods(shown, labels) -> Slide:
    by_type = aggregate.by_type(shown, list(labels))
    by_initiator = shown["initiator"].astype(str).value_counts()
    points = [
        join_words([f"{counted(int(n), 'incident')} initiated by {who}" for who, n in by_initiator.items()]) + "."
    ]
    attack_types = shown["attack_type"].dropna().astype(str).value_counts()
    if len(attack_types):
        points.append("GTD attack types: " + ", ".join(f"{t} {n}" for t, n in attack_types.items()) + ".")
    notes = tuple(
        f"{labels[k]}: {n:,}" for k, n in zip(by_type["incident_type"], by_type["incidents"], strict=True) if n
    )
    return Slide(
        "methods",
        narrative.types_summary(by_type, labels),
        tuple(points),
        lambda: types_bar(by_type, labels=labels),
        notes,
        table=by_type.assign(
            label=[labels.get(k, k) for k in by_type["incident_type"]],
            color=[type_color(k, labels) for k in by_type["incident_type"]],  # as the chart colours it
        ),
    )


def _casualties(shown, h: Headline) -> Slide:
    cas = aggregate.casualties(shown)
    total = int(cas["killed"].sum())
    top = cas.sort_values("killed", ascending=False, kind="stable").iloc[0]
    if total == 1:
        headline = f"One person was killed, counted under {top['group'].lower()}."
    elif total:
        headline = f"{top['group']} made up {int(top['killed']):,} of the {total:,} dead."
    elif h.killed_total_unknown >= h.incidents:  # no number at all: unknown, not none
        headline = "The source gives no death toll for the incidents in view."
    else:
        headline = "No deaths are recorded for the incidents in view."
    unknown = narrative.unknown_casualties(h.killed_total_unknown, h.injured_total_unknown)
    points = tuple(
        p for p in (narrative.casualties_summary(cas, h.killed_total_unknown, h.injured_total_unknown),) if p
    )
    # The presenter reads these aloud: the bars' labels, never a bare 0 for a count partly unknown.
    killed, injured = (count_labels(cas[m], cas[f"{m}_unknown"], cas["in_view"]) for m in ("killed", "injured"))
    notes = tuple(f"{g}: {k} killed, {i} injured" for g, k, i in zip(cas["group"], killed, injured, strict=True))
    return Slide("casualties", headline, points, lambda: casualties_bar(cas, unknown=unknown), notes, table=cas)


def _regions(shown) -> pd.Series:
    """Region names, with an import's rows that name none counted as such, not as a missing value."""
    return shown["region"].astype("string").fillna(REGION_UNKNOWN)


def _where(shown, labels, outlines) -> Slide:
    counts = _regions(shown).value_counts()
    most = counts[counts == counts.iloc[0]]
    if len(shown) == 1:
        headline = f"It happened in {shown['location'].iloc[0]}, {counts.index[0]}."
    else:
        each = " each" if len(most) > 1 else ""
        headline = (
            f"{join_words(list(most.index))} saw the most incidents: {int(most.iloc[0]):,} of {len(shown):,}{each}."
        )
    deaths = shown.groupby(_regions(shown))["killed_total"].sum(min_count=1).dropna()
    points = []
    if len(deaths) and deaths.max() > 0:
        points.append(f"Deadliest: {deaths.idxmax()}, {int(deaths.max()):,} killed.")
    notes = tuple(f"{r}: {n:,}" for r, n in counts.items())
    places = map_places.places(shown, labels)
    return Slide(
        "where",
        headline,
        tuple(points),
        lambda: map_chart.room_map(places, outlines=outlines, labels=labels),
        notes,
        table=places,
    )


def _policy(data: Dataset, bins: pd.DataFrame, x_range) -> Slide | None:
    m = data.policy_measures
    if m.empty:  # imported data: the measures are this project's curation, not part of the file
        return None
    status = m["status"].astype(str).value_counts()
    headline = f"{counted(len(m), 'counter-terrorism measure')} followed, dated {date_span(m)}."
    points = (
        label_phrase([f"{n} {s}" for s, n in status.items()]) + ".",
        "The measures are not filtered: the response concerns the whole period.",
    )
    context = data.context_events
    notes = tuple(f"{format_date(r.date, r.date_precision)}: {r.title} ({r.status})" for r in m.itertuples())

    def draw() -> go.Figure:
        return _for_room(escalation(bins, x_range=x_range, measures=m, context=context), m)

    return Slide("policy", headline, points, draw, notes, table=m)


def _for_room(fig: go.Figure, measures: pd.DataFrame) -> go.Figure:
    """The escalation with its timeline, read from across a room: the lower row gets over half the
    height and its labels one line each, so every measure type has a line of its own at slide size, and the legend
    explains the marker shapes (the measures' status) instead of naming one trace for all."""
    statuses = [s for s in STATUS_SYMBOLS if s in set(measures["status"].astype(str))]
    key = [
        {
            "type": "scatter",
            "mode": "markers",
            "x": [None],
            "y": [None],
            "yaxis": "y3",
            "name": f"measure {status}",
            "marker": {"size": 12, "symbol": STATUS_SYMBOLS[status], "color": "#333333", "line": {"width": 2}},
        }
        for status in statuses
    ]
    # Changed on its JSON and wrapped unvalidated, as every figure here (validated in
    # tests/test_briefing.py): set on plotly's objects, each property was validated (~12 ms), and
    # go.Figure(fig) also filled the empty template with plotly's default one, on this slide alone.
    out = fig.to_plotly_json()  # a deep copy
    # The context events are hidden until shown from the legend, and a slide is not clicked: their
    # greyed entry only took a place in the legend.
    out["data"] = [t for t in out["data"] if t.get("visible") != "legendonly"]
    for trace in out["data"]:
        if trace.get("name") == "policy measures":
            trace["showlegend"] = False
        if trace.get("yaxis") == "y3" and trace.get("y") is not None:
            # One line per type: a slide has the width for it, and a wrapped label takes two rows' height.
            trace["y"] = [y if y is None else y.replace("<br>", " ") for y in trace["y"]]
    out["data"] = [*out["data"], *key]
    room = out["layout"]
    # The counts' row is short here: its axis titles, stood on end, must be short too (the legend
    # says which marks are incidents, deaths and the running total).
    # At most three ticks each fit the short row at slide size, where four ran together (the running
    # total's round steps set in escalation.py give way to plotly's own).
    counts = {"tickmode": "auto", "nticks": 3}
    layout.merge(room, yaxis={"title": {"text": "per month"}, **counts}, yaxis2={"title": {"text": "in all"}, **counts})
    # No chart title: the slide's headline names the measures, the legend the marks, and the title's
    # two lines of margin went to the timeline, whose seven rows ran into each other at 1280x720.
    room.pop("title", None)
    layout.merge(room, margin={"t": canvas.LINE})  # the top tick label stands half a line above the plot
    if "yaxis4" in room:  # the unknown-deaths row sits between the two
        # The row's one tick ("unknown") needs a line's height clear of the counts' "0" above it.
        layout.merge(room, yaxis={"domain": [0.74, 1]}, yaxis4={"domain": [0.63, 0.67]}, yaxis3={"domain": [0, 0.56]})
    else:
        layout.merge(room, yaxis={"domain": [0.68, 1]}, yaxis3={"domain": [0, 0.6]})
    return layout.as_figure(out)


def _caveats(data: Dataset, shown, h: Headline, table: Table) -> Slide:
    flagged = shown["quality_flags"].notna().sum()
    conflicts = shown["quality_flags"].fillna("").str.contains("count_conflict").sum()
    inferred = int(data.policy_measures["date_inferred"].sum())
    points = [
        p
        for p in (
            narrative.unknown_note(h),
            f"{flagged:,} of {len(shown):,} incidents carry quality flags; {conflicts:,} where the source gives"
            " conflicting counts."
            if flagged
            else "No incident in view carries a quality flag.",
            f"The year of {inferred} of {len(data.policy_measures)} measures is inferred: the note gives only months."
            if len(data.policy_measures)
            else None,
        )
        if p
    ]
    meanings = table.field("quality_flags").meanings
    notes = tuple(f"{k}: {v}" for k, v in meanings.items())
    headline = (
        f"{data.title} is the only source: checked against this project's schema, not curated."
        if data.imported
        else "One analysis note is the only source, and it has gaps."
    )
    return Slide("caveats", headline, tuple(points), notes=notes)
