"""The one place the app's filter state lives: widget keys, chart selections, URL mirroring.

Sidebar widgets are bound to the URL by Streamlit (bind="query-params"); chart selections cannot
be, so they are kept in session state under their URL names and written to the URL here, through
the same `Filters` round trip a shared link is read with.
"""

from __future__ import annotations

import streamlit as st

from components.filters import (
    DATES,
    INITIATOR,
    REGION,
    REGION_UNKNOWN,
    SEL_GROUP,
    SEL_SPAN,
    SEL_TYPE,
    TYPES,
    Filters,
    parse_span,
)
from components.formatting import format_date
from components.schema import Table, datasets_dir, tables
from components.selection import merge_click, month_span, picked

SELECTIONS = (SEL_TYPE, SEL_GROUP, SEL_SPAN)
INCIDENT = "incident"  # URL parameter naming the open incident on the Incidents page (the URL is its state)
SEARCH = "q"  # the Incidents page's text search, bound to the URL
ORDER = "order"  # the Incidents table's order, bound to the URL
SLIDE = "slide"  # the Briefing page's slide number (1-based), bound to the URL
NOTES = "notes"  # the Briefing page's speaker-notes toggle
CHART_VERSION = "chart_version"  # bumped to clear plotly's own selection when ours is cleared
URL_SEEDED = "url_seeded"
ACTIVE = "active_dataset"  # this session's imported Dataset; absent means the curated data
REFUSED = "refused_import"  # (file name, problems) of the last upload that was not imported
UPLOAD_VERSION = "upload_version"  # bumped to empty the uploader, which releases the file's bytes


def current_filters(table: Table) -> Filters:
    """The Filters value for this run, from the widgets and the stored chart selections."""
    ss = st.session_state
    dates = ss.get(DATES)
    return Filters(
        types=tuple(ss.get(TYPES) or ()),
        dates=tuple(dates) if dates and tuple(dates) != table.period else None,
        regions=tuple(ss.get(REGION) or ()),
        initiators=tuple(ss.get(INITIATOR) or ()),
        sel_types=tuple(ss.get(SEL_TYPE) or ()),
        sel_groups=tuple(ss.get(SEL_GROUP) or ()),
        sel_span=parse_span(ss.get(SEL_SPAN)),
    )


def seed_from_url(table: Table) -> None:
    """Once per session, take the chart selections from the URL (a shared link)."""
    if st.session_state.get(URL_SEEDED):
        return
    params = {k: st.query_params.get_all(k) for k in SELECTIONS}
    f = Filters.from_params(params, table.field("incident_type").labels)
    st.session_state[SEL_TYPE] = list(f.sel_types)
    st.session_state[SEL_GROUP] = list(f.sel_groups)
    st.session_state[SEL_SPAN] = [d.isoformat() for d in f.sel_span] if f.sel_span else []
    st.session_state[URL_SEEDED] = True


def mirror_to_url(table: Table) -> None:
    """Write the chart selections into the URL so a copied link reproduces the view."""
    params = current_filters(table).to_params(table.field("incident_type").labels)
    for key in SELECTIONS:
        values = params.get(key, [])
        if values != st.query_params.get_all(key):
            if values:
                st.query_params[key] = values
            else:
                del st.query_params[key]


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
            help="Click a type to show only it; click more to add them.",
        )
        st.button(
            "All types", on_click=_reset_types, disabled=not st.session_state.get(TYPES), icon=":material/restart_alt:"
        )
        lo, hi = table.period
        st.slider(
            "Dates", min_value=lo, max_value=hi, value=(lo, hi), key=DATES, bind="query-params", format="D MMM YYYY"
        )
        regions = sorted(incidents["region"].dropna().unique().tolist())
        regions += [REGION_UNKNOWN] if incidents["region"].isna().any() else []  # imports: no region given
        st.multiselect("Region", regions, key=REGION, bind="query-params", placeholder="All regions")
        st.pills("Initiator", table.field("initiator").enum, selection_mode="multi", key=INITIATOR, bind="query-params")


def chart_key(name: str) -> str:
    return f"{name}_{st.session_state.get(CHART_VERSION, 0)}"


def on_select(kind: str, widget_key: str, table: Table) -> None:
    """on_select callback: fold a chart's selection event into our state (types, groups, a span)."""
    values = picked(st.session_state[widget_key].selection.points, kind)
    if kind == "month":
        span = month_span(values)
        st.session_state[SEL_SPAN] = [d.isoformat() for d in span] if span else []
    else:
        key = SEL_TYPE if kind == "type" else SEL_GROUP
        st.session_state[key] = list(merge_click(st.session_state.get(key) or (), values))
    mirror_to_url(table)  # here too: a fragment rerun skips the entrypoint


def clear_selection(table: Table, key: str | None = None, value: str | None = None) -> None:
    """Remove one selected value (a chip), one chart's selection, or all of them. Charts are redrawn
    under a new key so plotly drops its own selection too."""
    for k in [key] if key else SELECTIONS:
        st.session_state[k] = [v for v in st.session_state.get(k) or [] if value is not None and v != value]
    st.session_state[CHART_VERSION] = st.session_state.get(CHART_VERSION, 0) + 1
    mirror_to_url(table)


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


def open_incident(incident_id: str | None) -> None:
    """Open an incident (or close it): in the URL, and the table drops its own stale row selection."""
    if incident_id:
        st.query_params[INCIDENT] = incident_id
    elif INCIDENT in st.query_params:
        del st.query_params[INCIDENT]
    st.session_state[CHART_VERSION] = st.session_state.get(CHART_VERSION, 0) + 1


def on_row_selected(widget_key: str, ids: list[str]) -> None:
    rows = st.session_state[widget_key].selection.rows
    open_incident(ids[rows[0]] if rows else None)


def on_point_selected(widget_key: str) -> None:
    chosen = picked(st.session_state[widget_key].selection.points, "incident")
    if chosen:
        open_incident(chosen[-1])


def use_dataset(dataset=None) -> None:
    """Make `dataset` (None: the curated data) this session's data, and start its view afresh: the
    filters, selections, open incident and slide of the previous data are dropped, in the URL too.
    A callback (on_click, on_change): widget values can only be set before the widgets are drawn."""
    if dataset is None:
        st.session_state.pop(ACTIVE, None)
    else:
        st.session_state[ACTIVE] = dataset
    table = dataset.table if dataset is not None else tables(datasets_dir())["incidents"]
    # URL-bound widgets: their query parameter follows their value; it cannot be deleted directly.
    for key, value in {TYPES: [], DATES: table.period, REGION: [], INITIATOR: [], SEARCH: "", SLIDE: 1}.items():
        st.session_state[key] = value
    for key in (*SELECTIONS, INCIDENT):
        st.session_state.pop(key, None)
        if key in st.query_params:
            del st.query_params[key]
    st.session_state[CHART_VERSION] = st.session_state.get(CHART_VERSION, 0) + 1


def step_slide(delta: int, count: int) -> None:
    """Previous/next slide (button or arrow key); the bound slider carries it into the URL."""
    st.session_state[SLIDE] = min(max(int(st.session_state.get(SLIDE, 1)) + delta, 1), count)
