"""The Compare page's widgets: the overlap, the pairs with differing counts marked, hand decisions,
the unmatched of each side, the CSV. The comparison itself is components/compare/matching.py and its
siblings (no Streamlit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.app.ui import TABLE_ROWS, download_button, show_table
from components.charts.bars import deaths_by_source
from components.compare import comparison, matching, wording
from components.core.formatting import as_markdown_text, counted
from components.core.memo import Memo, per_dataset
from components.data import export
from components.data.catalog import Grid, grid
from components.data.loader import Dataset
from components.state.keys import COMPARE, COMPARE_COUNTRY, COMPARE_DATES, PAIR, REJECT
from components.state.session_ui import close_beside, decide
from components.state.sidebar_ui import chip_buttons, chip_row

DIFFERS = "background-color: #fde2c8"  # a known count that disagrees
UNKNOWN = "color: #8c8c8c; font-style: italic"  # unknown on one side: not a difference


def compare_source(data: Dataset) -> Dataset | None:
    """The import to compare: the one opened beside the curated data, else this session's import."""
    beside = st.session_state.get(COMPARE)
    return beside if beside is not None else (data if data.imported else None)


OVERLAPS, COMPARISONS = Memo(16), Memo(64)


@dataclass(frozen=True)
class Shown:
    """The page's tables of one comparison, made with it and kept with it: drawing a kept comparison
    again (an undo, a pair chosen in the list) makes none of them again. Made on every run, they were
    about half of the script's time per Compare click (py-spy: the unmatched grids, their rows, the
    pairs' cell styles)."""

    pairs: pd.DataFrame  # the pairs' columns in the page's order
    css: pd.DataFrame  # each of their cells' style (_marked), for the Styler
    only_curated: Grid
    only_import: Grid


def overlap_of(
    curated: Dataset, imported: Dataset, country: str, period: tuple[dt.date, dt.date]
) -> tuple[matching.Overlap, go.Figure, tuple[Grid, Grid]]:
    """What no hand decision changes, kept for every session by the overlap (the two datasets, the
    country and period): both sides restricted and scored, the chart of monthly deaths, and each
    side's rows as a table, whose unpaired rows are the tables of the unmatched. Shared objects:
    nothing on the page mutates them."""

    def make():
        source = wording.source_name(imported.origin)
        o = matching.restrict(curated.incidents, imported.incidents, country, period, source)
        columns = [*comparison.ROW_COLUMNS, *o.counts]
        sides = tuple(grid(side[columns], len(side)) for side in (o.curated, o.imported))
        monthly = comparison.monthly_deaths(o)
        chart = deaths_by_source(monthly, sources=("the note", source), unknown=deaths_caption(monthly))
        return o, chart, sides

    return OVERLAPS.get((curated.key, imported.key, country, period), make)


def deaths_chart(curated: Dataset, imported: Dataset, country: str, period: tuple[dt.date, dt.date]) -> go.Figure:
    """Known deaths per month on each side of the overlap (no hand decision changes them)."""
    return overlap_of(curated, imported, country, period)[1]


def compared(
    curated: Dataset, imported: Dataset, country: str, period: tuple[dt.date, dt.date], decisions: dict[str, list[str]]
) -> tuple[comparison.Comparison, Shown]:
    """The comparison and its tables, kept for every session by the overlap and the hand decisions:
    a decision only pairs the overlap's records again (overlap_of keeps the rest), and a rerun that
    changes nothing (a table sorted, a pair chosen in the list, a rejection undone) matches nothing
    again. Shared objects: nothing on the page mutates them."""
    o, _, sides = overlap_of(curated, imported, country, period)
    rejected, paired = tuple(decisions[REJECT]), tuple(decisions[PAIR])

    def decided():
        c = matching.decide(o, rejected, paired)
        return c, _shown(c, sides)

    return COMPARISONS.get((curated.key, imported.key, country, period, rejected, paired), decided)


def _shown(c: comparison.Comparison, sides: tuple[Grid, Grid]) -> Shown:
    """The tables of `c`; `sides`: each side's rows in the overlap as a grid, whose unpaired rows
    are the tables of the unmatched."""
    counts = [f"{side}_{k}" for k in c.counts for side in ("curated", "import")]
    first = ["curated_id", "import_id", "score", *counts, "differences", "reasons"]
    pairs = c.pairs[first + [col for col in c.pairs.columns if col not in first and not col.endswith("_check")]]
    only_curated, only_import = (g.where(keep, TABLE_ROWS) for g, keep in zip(sides, c.unpaired, strict=True))
    return Shown(pairs, _marked(c.pairs, c.counts)[pairs.columns], only_curated, only_import)


# Widths that show a country's name and a whole range ("2011/01/01 – 2012/12/31"): stretched, the
# period got what the country and the button left, 170 px on a phone and at 800 px with the sidebar
# open, and its end date was cut off. At these widths the row wraps instead, a control at a time.
COUNTRY_WIDTH, PERIOD_WIDTH = 220, 250


def overlap_ui(imported: Dataset, curated: Dataset) -> tuple[str, tuple[dt.date, dt.date]]:
    """Country and period of the comparison: the curated data's by default, adjustable."""
    country, period = matching.default_overlap(curated.incidents, curated.table.period)
    names = per_dataset(imported, "countries", lambda: imported.incidents["country"].value_counts())
    options = sorted(set(names.index.astype(str)) | {country}, key=lambda c: (c != country, -names.get(c, 0), c))
    lo = min(period[0], imported.table.period[0])
    hi = max(period[1], imported.table.period[1])
    # A choice made for another file may not fit this one: start again from the default.
    stored = st.session_state.get(COMPARE_DATES)
    if stored and not all(lo <= d <= hi for d in stored):
        del st.session_state[COMPARE_DATES]
    if st.session_state.get(COMPARE_COUNTRY) not in (None, *options):
        del st.session_state[COMPARE_COUNTRY]
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox(
            "Country", options, key=COMPARE_COUNTRY, help="Both sides are restricted to it.", width=COUNTRY_WIDTH
        )
        dates = st.date_input(
            "Period",
            value=period,
            min_value=lo,
            max_value=hi,
            key=COMPARE_DATES,
            help="Both sides are restricted to it.",
            width=PERIOD_WIDTH,
        )
        if st.session_state.get(COMPARE) is imported:
            st.button("Close the file", on_click=close_beside, icon=":material/close:", help="Stop comparing it.")
    # While a range is being picked the widget holds one date: keep the default until both are set.
    return chosen, (tuple(dates) if isinstance(dates, tuple | list) and len(dates) == 2 else period)


def _label(source: str, column: str, counts: tuple[str, ...]) -> str:
    for side, who in (("curated_", "note"), ("import_", source)):
        if column.startswith(side):
            rest = column.removeprefix(side)
            return f"{wording.COUNT_WORDS.get(rest, rest.replace('_', ' '))} ({who})"
    return column.replace("_", " ")


def _marked(table: pd.DataFrame, counts: tuple[str, ...]) -> pd.DataFrame:
    """CSS per cell: both sides of a differing count shaded, an unknown-on-one-side count greyed.
    Built as lists: a pandas operation per column was ~10 ms of a decision's few dozen."""
    style = {wording.DIFFERS: DIFFERS, wording.UNKNOWN_ON_ONE_SIDE: UNKNOWN}
    css = dict.fromkeys(table.columns, [""] * len(table))
    for c in counts:
        css[f"curated_{c}"] = css[f"import_{c}"] = [style.get(check, "") for check in table[f"{c}_check"]]
    return pd.DataFrame(css, index=table.index)


def pairs_view(c: comparison.Comparison, shown: Shown) -> None:
    """The matched pairs side by side; differing counts shaded, and spelled out in 'differences'."""
    st.subheader(f"Matched pairs ({len(c.pairs):,})", anchor=False)
    if not len(c.pairs):
        st.info(f"No record of the {c.source.removeprefix('the ')} matches an incident of the note here.")
        return
    st.caption(
        "Shaded: a count both sources know and disagree on. Grey “unknown”: known on one side only, "
        "which is never counted as a difference."
    )
    styled = shown.pairs.style.apply(lambda _: shown.css, axis=None).format({"score": "{:.2f}"})
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        placeholder="unknown",  # a missing count is unknown, never blank or 'None' (read as zero)
        key="compare_pairs",
        column_config={col: _label(c.source, col, c.counts) for col in shown.pairs.columns},
    )


def decisions_ui(c: comparison.Comparison, decisions: dict[str, list[str]]) -> None:
    """Reject a pair, pair two unmatched records by hand, undo either; kept for the session and in the URL."""
    st.subheader("Correct the matching", anchor=False)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        keys = [f"{a}:{b}" for a, b in zip(c.pairs["curated_id"], c.pairs["import_id"], strict=True)]
        pick = st.selectbox(
            "A pair", keys, index=None, placeholder="Choose a pair to reject", key="compare_reject_pick"
        )
        st.button(
            "Reject this pair", disabled=pick is None, on_click=decide, args=(REJECT, pick), icon=":material/link_off:"
        )
    with st.container(horizontal=True, vertical_alignment="bottom"):
        mine = st.selectbox("Incident of the note", c.only_curated["incident_id"].tolist(), index=None)
        theirs = st.selectbox(
            f"Record of the {c.source.removeprefix('the ')}", c.only_import["incident_id"], index=None
        )
        st.button(
            "Pair them by hand",
            disabled=mine is None or theirs is None,
            on_click=decide,
            args=(PAIR, f"{mine}:{theirs}"),
            icon=":material/link:",
        )
    chips = [(REJECT, v, f"rejected {v}") for v in decisions[REJECT]] + [
        (PAIR, v, f"paired {v}") for v in decisions[PAIR]
    ]
    if chips:
        with chip_row("Decided by hand (click to undo):"):
            chip_buttons(chips, "undo", decide, lambda key, value: (key, value, False))
    else:
        # The row's place, held: put in by the first decision and taken out by the last undo, it
        # moved the tables of the unmatched a place on, and the browser made both grids anew on
        # every such click (10 of 10), where they are otherwise updated in place.
        st.empty()
    for message in c.ignored:
        st.warning(as_markdown_text(message), icon=":material/warning:")  # names ids from the URL


def unmatched_view(c: comparison.Comparison, shown: Shown) -> None:
    other = c.source.removeprefix("the ")
    note, theirs = st.columns(2)
    with note:
        st.subheader(f"Only in the note ({len(c.only_curated):,})", anchor=False)
        show_table(shown.only_curated)
    with theirs:
        st.subheader(
            f"Only in the {other} ({len(c.only_import):,})"
            if other == "import"
            else f"Only in {other} ({len(c.only_import):,})",
            anchor=False,
        )
        show_table(shown.only_import)


def deaths_caption(monthly: pd.DataFrame) -> str:
    """What the chart leaves out: unknown counts and records known only to the year."""
    parts = []
    for source, rows in monthly.groupby("source", sort=False):
        if unknown := int(rows["unknown"].sum()):
            parts.append(f"{source}: {counted(unknown, 'incident')} with unknown deaths")
        if year_only := int(rows["year_only"].iloc[0]):
            parts.append(f"{source}: {counted(year_only, 'record')} dated to the year only, not shown")
    # A semicolon, not a full stop: each part starts with a source's name, "the note" in lower case.
    return "Known deaths only; " + "; ".join(parts) if parts else "Known deaths only."


def download_ui(c: comparison.Comparison) -> None:
    name = export.filename(f"compare {c.source} {c.country} {wording.period_text(c.period)}", "csv")
    download_button(
        "Match table (CSV)",
        lambda: export.to_csv(comparison.match_table(c)),  # built on the click, not on every rerun
        name,
        "text/csv",
        icon=":material/download:",
        help="Every pair with its score, reasons and counts, then the unmatched of each side.",
    )
