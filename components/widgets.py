"""The widgets that set the shared filter state: the sidebar filters and the chart-selection chips.

What they write and how it reaches the URL is components/state.py; the key names are
components/keys.py.
"""

from __future__ import annotations

import streamlit as st

from components import catalog
from components.filters import Filters
from components.formatting import format_date
from components.keys import DATES, INITIATOR, REGION, SEL_GROUP, SEL_SPAN, SEL_TYPE, TYPES
from components.schema import Table
from components.state import clear_selection, seed_dates


def _reset_types() -> None:
    st.session_state[TYPES] = []


def filters_ui(incidents, table: Table) -> None:
    """The shared sidebar: quick type filter, date range, region, initiator (all in the URL)."""
    labels = table.field("incident_type").labels
    with st.sidebar:
        st.pills(
            "Incident type",
            options=list(labels),
            format_func=labels.get,
            selection_mode="multi",
            key=TYPES,
            bind="query-params",
            help=catalog.type_help(table),
        )
        st.button(
            "All types", on_click=_reset_types, disabled=not st.session_state.get(TYPES), icon=":material/restart_alt:"
        )
        lo, hi = table.period
        seed_dates(table)
        st.slider("Dates", min_value=lo, max_value=hi, key=DATES, bind="query-params", format="D MMM YYYY")
        regions = sorted(incidents["region"].dropna().unique().tolist())
        st.multiselect("Region", regions, key=REGION, bind="query-params", placeholder="All regions")
        st.pills("Initiator", table.field("initiator").enum, selection_mode="multi", key=INITIATOR, bind="query-params")


def chips_ui(f: Filters, table: Table) -> None:
    """Active chart selections as removable chips, with 'clear all'."""
    labels = table.field("incident_type").labels
    chips = [(SEL_TYPE, t, labels.get(t, t)) for t in f.sel_types] + [(SEL_GROUP, g, g) for g in f.sel_groups]
    if f.sel_span:
        chips.append((SEL_SPAN, None, f"{format_date(f.sel_span[0])} – {format_date(f.sel_span[1])}"))
    if not chips:
        return
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption("Chart selections:")
        for key, value, text in chips:
            st.button(
                text,
                key=f"chip_{key}_{value}",
                icon=":material/close:",
                on_click=clear_selection,
                args=(table, key, value),
                help="Remove this selection",
            )
        st.button("Clear all", key="chip_clear_all", on_click=clear_selection, args=(table,), type="tertiary")
