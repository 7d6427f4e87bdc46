"""The app's state operations: the filter value of this run, chart selections and their URL
mirror, the open incident, dataset switching. Every key and URL name is in components/keys.py;
the widgets that set this state are in components/widgets.py.

Sidebar widgets are bound to the URL by Streamlit (bind="query-params"); chart selections cannot
be, so they are kept in session state under their URL names and written to the URL here, through
the same `Filters` round trip a shared link is read with.
"""

from __future__ import annotations

import streamlit as st

from components.filters import Filters, parse_span
from components.keys import (
    ACTIVE,
    CHART_VERSION,
    DATES,
    INCIDENT,
    INITIATOR,
    REGION,
    SEARCH,
    SEL_GROUP,
    SEL_SPAN,
    SEL_TYPE,
    SELECTIONS,
    SLIDE,
    TYPES,
    URL_SEEDED,
)
from components.schema import Table, datasets_dir, tables
from components.selection import Kind, bin_span, merge_click, picked


def bump(counter: str) -> None:
    """Advance a version counter (keys.CHART_VERSION, keys.UPLOAD_VERSION): every widget keyed on it
    through versioned_key is drawn afresh, without the selection or file it held."""
    st.session_state[counter] = st.session_state.get(counter, 0) + 1


def versioned_key(name: str, counter: str = CHART_VERSION) -> str:
    return f"{name}_{st.session_state.get(counter, 0)}"


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


def seed_dates(table: Table) -> None:
    """Give the date slider its range through session state before it is drawn (it has no value=
    of its own, so setting it here or in use_dataset is the only source and nothing is duplicated).
    A shared link's ?dates= still wins on the first run; browser history without the parameter
    restores the whole range, as the widget then takes its range from this value's shape."""
    if DATES not in st.session_state:
        st.session_state[DATES] = table.period


def chart_key(name: str) -> str:
    return versioned_key(name)


def on_select(kind: Kind, widget_key: str, table: Table) -> None:
    """on_select callback: fold a chart's selection event into our state (types, groups, a span)."""
    values = picked(st.session_state[widget_key].selection.points, kind)
    if kind == Kind.BIN:
        span = bin_span(values)
        st.session_state[SEL_SPAN] = [d.isoformat() for d in span] if span else []
    else:
        key = SEL_TYPE if kind == Kind.TYPE else SEL_GROUP
        st.session_state[key] = list(merge_click(st.session_state.get(key) or (), values))
    mirror_to_url(table)  # here too: a fragment rerun skips the entrypoint


def clear_selection(table: Table, key: str | None = None, value: str | None = None) -> None:
    """Remove one selected value (a chip), one chart's selection, or all of them. Charts are redrawn
    under a new key so plotly drops its own selection too."""
    for k in [key] if key else SELECTIONS:
        st.session_state[k] = [v for v in st.session_state.get(k) or [] if value is not None and v != value]
    bump(CHART_VERSION)
    mirror_to_url(table)


def open_incident(incident_id: str | None) -> None:
    """Open an incident (or close it): in the URL, and the table drops its own stale row selection."""
    if incident_id:
        st.query_params[INCIDENT] = incident_id
    elif INCIDENT in st.query_params:
        del st.query_params[INCIDENT]
    bump(CHART_VERSION)


def opened_incident() -> str | None:
    """The incident open on the Incidents page (?incident=ID)."""
    return st.query_params.get(INCIDENT)


def on_row_selected(widget_key: str, ids: list[str]) -> None:
    rows = st.session_state[widget_key].selection.rows
    open_incident(ids[rows[0]] if rows else None)


def on_point_selected(widget_key: str) -> None:
    chosen = picked(st.session_state[widget_key].selection.points, Kind.INCIDENT)
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
    for key, value in {TYPES: [], DATES: table.period, REGION: [], INITIATOR: [], SEARCH: ""}.items():
        st.session_state[key] = value
    for key in (*SELECTIONS, INCIDENT, SLIDE):
        st.session_state.pop(key, None)
        if key in st.query_params:
            del st.query_params[key]
    bump(CHART_VERSION)
