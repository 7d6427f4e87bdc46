"""The widgets that set the shared filter state: the sidebar filters and the filter chips.

What they write is session_ui.py, how it reaches the URL url_ui.py; the key names are keys.py.
"""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from components.app.runs import fragment
from components.core.formatting import format_date, label_text
from components.data import catalog
from components.data.loader import Dataset
from components.data.schema import Table
from components.state.filters import Filters
from components.state.keys import COPY_LINK, DATES, INITIATOR, REGION, TYPES
from components.state.session_ui import clear_filter, region_options, seed_dates
from components.state.url_ui import share_link


def filters_ui(data: Dataset) -> None:
    """The shared sidebar: quick type filter, date range, region, initiator (all in the URL)."""
    table = data.table
    labels = table.field("incident_type").labels
    with st.sidebar:
        st.pills(
            "Incident type",
            options=list(labels),
            format_func=lambda k: label_text(labels.get(k, k)),  # pills render markdown
            selection_mode="multi",
            key=TYPES,
            bind="query-params",
            help=catalog.type_help(table),
        )
        # Never disabled: a button that disables itself when pressed drops the keyboard focus.
        # The same path as removing the type chips: one intent, one code path (and a fresh map and table).
        st.button("All types", on_click=clear_filter, args=(table, "types"), icon=":material/restart_alt:")
        lo, hi = table.period
        seed_dates(table)
        if lo < hi:
            st.slider("Dates", min_value=lo, max_value=hi, key=DATES, bind="query-params", format="D MMM YYYY")
        else:  # every incident on one day: a slider needs two ends, and there is nothing to narrow
            st.caption(f"Dates: {format_date(lo)}, the one date in the data.")
        regions = region_options(data)
        # Prefix matching and no bulk 'select all': "Aty" then Enter picks Atyrau Region, not every
        # fuzzy match (Almaty has a-t-y too).
        st.multiselect(
            "Region",
            regions,
            key=REGION,
            bind="query-params",
            placeholder="All regions",
            filter_mode="prefix",
            select_all=False,
        )
        st.pills("Initiator", table.field("initiator").enum, selection_mode="multi", key=INITIATOR, bind="query-params")


def chip_buttons(items, key: str, on_click, args, help: str | None = None) -> None:
    """One removable chip per (group, value, text): a button with a close icon whose callback gets
    args(group, value). The text may come from data, so it goes in as a plain label."""
    for group, value, text in items:
        st.button(
            label_text(text),
            key=f"{key}_{group}_{value}",
            icon=":material/close:",
            on_click=on_click,
            args=args(group, value),
            help=help,
        )


@contextmanager
def chip_row(caption: str | None = None, key: str | None = None):
    """A row for removable chips (chip_buttons) and what follows them, after `caption` as wide as
    its words (stretched, it left a gap before the chips); the body runs inside the row."""
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key=key):
        if caption:
            st.caption(caption, width="content")
        yield


def chips_ui(f: Filters, table: Table, link: bool = True) -> None:
    """Every active filter as a removable chip, 'Clear all', and 'Copy link' (the URL is the view);
    link=False: no 'Copy link' (the Overview has it beside Reproduce and Cite, publish.ui). Nothing
    to see when there is nothing to show: an empty placeholder keeps the row's place. Without it the
    first filter set put the row in, every element after it moved one place on in the page, and under
    load Streamlit's browser side now and then made the Overview's two charts side by side anew
    (3-5 of 20 type clicks with both cores busy, 0 of 20 once a filter was set): each drawn again
    from nothing, and the browser test of charts updated in place failed."""
    active = f.chips(table)
    link = link and share_link() is not None  # None outside a browser
    if not active and not link:
        st.empty()
        return
    with chip_row("Filters:" if active else None, key="chips"):
        chip_buttons(active, "chip", clear_filter, lambda d, v: (table, d, v), help="Remove this filter")
        if active:
            st.button("Clear all", key="chip_clear_all", on_click=clear_filter, args=(table,), type="tertiary")
        if link:
            copy_link_ui()


# A fragment whose popover is filled only while open (as publish.ui's): the link is read when it
# opens, so it is the address as it is then. Filled on the page's last full run, it left out an
# incident opened since (the Incidents page opens one with a run of its own fragment only).
@fragment
def copy_link_ui() -> None:
    popover = st.popover("Copy link", icon=":material/link:", on_change="rerun", key=COPY_LINK)
    with popover:
        if popover.open:
            st.caption("This view as a link: the copy button on the right puts it on the clipboard.")
            st.code(share_link(), language=None, wrap_lines=True)
