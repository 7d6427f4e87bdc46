"""The app's state operations: the filter value of this run, chart selections and their URL
mirror, the open incident, dataset switching. Every key and URL name is in keys.py, every filter
dimension in filters.DIMENSIONS; the widgets that set this state are in sidebar_ui.py.

Sidebar widgets are bound to the URL by Streamlit (bind="query-params"); the casualty group cannot
be (a chart sets it), so it is kept in session state under its URL name and written to the URL
through url_ui, by the same `Filters` round trip a shared link is read with.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components.charts.linked_ui import selected_points
from components.core.formatting import as_markdown_text
from components.core.memo import per_dataset
from components.data.loader import Dataset
from components.data.schema import Table, datasets_dir, tables
from components.state import url_ui as url
from components.state.days import span_note
from components.state.filters import DIMENSIONS, Filters, read_link, region_choices, spellings
from components.state.keys import (
    ACTIVE,
    CHART_VERSION,
    COMPARE,
    COMPARE_COUNTRY,
    COMPARE_DATES,
    DATES,
    DECISIONS,
    IMPORT,
    INCIDENT,
    INCIDENT_TABLE,
    LINK_NOTES,
    OLD_LINKS,
    SEARCH,
    SEL_GROUP,
    SLIDE,
    STORED,
    TYPES,
    URL_SEEDED,
)
from components.state.selection import Kind, clicked, clip_span, picked


def bump(counter: str) -> None:
    """Advance a version counter (keys.CHART_VERSION, keys.UPLOAD_VERSION): every widget keyed on it
    through versioned_key is drawn afresh, without the selection or file it held."""
    st.session_state[counter] = st.session_state.get(counter, 0) + 1


def versioned_key(name: str, counter: str = CHART_VERSION) -> str:
    return f"{name}_{st.session_state.get(counter, 0)}"


def current_filters(table: Table) -> Filters:
    """The Filters value for this run: one value per dimension, from the widgets' state (which chart
    clicks write too) and the casualty group."""
    return Filters(**{d.name: d.from_state(st.session_state.get(d.key), table.period) for d in DIMENSIONS.values()})


def seed_from_url(data: Dataset) -> None:
    """Once per session, before the widgets are drawn: the filters from the URL as a link means them.

    A value is read as filters.read_link reads it (a type's code, another case): where a bound widget
    would drop it, its parameter is written as the widget spells it (possible only before the widget
    binds it) and the page runs once more, so the widget reads it and the URL shares the view. So is
    a link made before the one filter model (sel_type=, sel_span= beside types=, dates=): merged into
    the types and dates it meant, the old names dropped. What names nothing in the data is said on
    the page (link_notes_ui), never dropped without a word."""
    if st.session_state.get(URL_SEEDED):
        return
    table, labels = data.table, data.table.field("incident_type").labels
    spelled = spellings(labels, region_options(data), table.field("initiator").enum)
    raw = {key: url.get_all(key) for key in (*(d.key for d in DIMENSIONS.values()), *OLD_LINKS)}
    params, notes = read_link(raw, spelled)
    f = Filters.from_params(params, labels)
    # The slider holds only dates within the data's period and drops a link's dates that reach beyond
    # it: the view gets their part within it (the whole period where none is), and the page says so.
    asked, (first, last) = f.dates, table.period
    if asked and (asked[0] < first or asked[1] > last):
        f = replace(f, dates=clip_span(asked, table.period) if asked[0] <= last and asked[1] >= first else None)
        notes.append(span_note(asked, f.dates, table.period))
    st.session_state[SEL_GROUP] = list(f.groups)
    # The bound widgets read the link as the app spells it; the old names are read once and dropped.
    rewrite = {name for key, name in OLD_LINKS.items() if url.has(key)} | ({"dates"} if f.dates != asked else set())
    wanted, again = f.to_params(labels), False
    for name, d in DIMENSIONS.items():
        if not d.bound or (params[d.key] == raw[d.key] and name not in rewrite):
            continue
        key = d.key
        again |= url.get_all(key) != wanted.get(key, [])
        url.put(key, wanted.get(key))
    url.drop(*OLD_LINKS)
    st.session_state[URL_SEEDED] = True
    st.session_state[LINK_NOTES] = {"notes": notes, "view": None} if notes else None
    if again:
        st.rerun()


def link_notes_ui(table: Table, *, transient: bool = False) -> None:
    """What the link this session opened with asked for and the data does not have (seed_from_url),
    shown until the filters change. `transient` (the Briefing, whose audience sees the page and which
    has no filters to change): a toast, once."""
    shown = st.session_state.get(LINK_NOTES)
    if not shown:
        return
    text = "  \n".join(as_markdown_text(note) for note in shown["notes"])
    if transient:
        st.session_state[LINK_NOTES] = None
        st.toast(text, icon=":material/link_off:", duration="long")
        return
    f = current_filters(table)
    if shown["view"] is None:
        shown["view"] = f  # the first view drawn from the link
    if f != shown["view"]:
        st.session_state[LINK_NOTES] = None
        return
    st.warning(text, icon=":material/link_off:")


def region_options(data: Dataset) -> list[str]:
    """The region filter's options for `data` (filters.region_choices), made once per dataset."""
    return per_dataset(data, "regions", lambda: region_choices(data.incidents["region"]))


def mirror_to_url(table: Table) -> None:
    """Write the casualty group into the URL (the bound widgets write their own). The entrypoint calls
    it on every run, after the callbacks that change the state."""
    params = current_filters(table).to_params(table.field("incident_type").labels)
    for d in DIMENSIONS.values():
        if not d.bound:
            url.put(d.key, params.get(d.key))


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
    """on_select callback of a linked chart: a chart click sets the same value as the sidebar. A type
    bar is that type's pill (a click toggles it, as a pill press does), a span on the escalation
    chart is the date range (an empty selection: the whole period), a casualty group toggles in its
    own dimension. A click on points of another kind only (a policy marker), or an event from a chart
    no longer on the page, changes nothing."""
    points = selected_points(widget_key)
    values = picked(points or [], kind)
    if points is None or (points and not values):
        return
    key = {Kind.TYPE: TYPES, Kind.GROUP: SEL_GROUP, Kind.BIN: DATES}[kind]
    value = clicked(kind, values, tuple(st.session_state.get(key) or ()), table.period)
    st.session_state[key] = value if kind == Kind.BIN else list(value)


def clear_filter(table: Table, dimension: str | None = None, value=None) -> None:
    """Remove one value of a dimension (a chip), a whole dimension ("All types"), or every filter
    ('Clear all'), wherever it was set. The incidents map and table are redrawn under a new key,
    dropping their own stale selection."""
    for name in [dimension] if dimension else list(DIMENSIONS):
        d = DIMENSIONS[name]
        if d.span or value is None:
            st.session_state[d.key] = d.cleared(table.period)
        else:
            st.session_state[d.key] = [v for v in st.session_state.get(d.key) or [] if v != value]
    bump(CHART_VERSION)


def open_incident(incident_id: str | None) -> None:
    """Open an incident (or close it), in the URL. A table with a row selected is drawn afresh (a new
    key) without it: kept, the selection would point at another row once the search or the filters
    change the table, and a click there would close the incident instead of opening one. A table
    with none is left as it is: drawn afresh on every incident opened from the map, it cost ~200 ms
    of the browser's time per click."""
    url.put(INCIDENT, incident_id, force=True)
    table = st.session_state.get(chart_key(INCIDENT_TABLE))
    if getattr(getattr(table, "selection", None), "rows", None):
        bump(CHART_VERSION)


def opened_incident() -> str | None:
    """The incident open on the Incidents page (?incident=ID)."""
    return url.get(INCIDENT)


def on_row_selected(widget_key: str, ids: list[str]) -> None:
    rows = st.session_state[widget_key].selection.rows
    open_incident(ids[rows[0]] if rows else None)


def on_point_selected(widget_key: str) -> None:
    """A point of the Incidents map clicked (a linked chart): open its incident."""
    chosen = picked(selected_points(widget_key) or [], Kind.INCIDENT)
    if chosen:
        open_incident(chosen[-1])


def use_dataset(dataset=None, stored: str | None = None) -> None:
    """Make `dataset` (None: the curated data) this session's data, and start its view afresh: the
    filters, selections, open incident and slide of the previous data are dropped, in the URL too.
    `stored`: the import's key in the import store, which the URL then carries (?import=) so a reload
    or a shared link brings it back; none (the curated data, or an import the store could not keep)
    drops it. A callback (on_click, on_change): widget values can only be set before the widgets are
    drawn."""
    if dataset is None:
        st.session_state.pop(ACTIVE, None)
    else:
        st.session_state[ACTIVE] = dataset
    if stored is None:
        st.session_state.pop(STORED, None)
    else:
        st.session_state[STORED] = stored
    url.put(IMPORT, stored)
    table = dataset.table if dataset is not None else tables(datasets_dir())["incidents"]
    # URL-bound widgets: their query parameter follows their value; it cannot be deleted directly.
    for d in DIMENSIONS.values():
        if d.bound:
            st.session_state[d.key] = d.cleared(table.period)
    st.session_state[SEARCH] = ""
    for key in (*(d.key for d in DIMENSIONS.values() if not d.bound), *OLD_LINKS, INCIDENT, SLIDE):
        st.session_state.pop(key, None)
        url.drop(key)
    bump(CHART_VERSION)


# --- the Compare page: the file opened beside the curated data and the hand decisions on it ---


def open_beside(dataset) -> None:
    """Open an import beside the curated data (a callback): the previous file's hand decisions and
    overlap go with it, in the URL too."""
    st.session_state[COMPARE] = dataset
    for key in (*DECISIONS, COMPARE_COUNTRY, COMPARE_DATES):
        st.session_state.pop(key, None)
    url.drop(*DECISIONS)


def close_beside() -> None:
    """Stop comparing the file opened beside the curated data (a callback)."""
    open_beside(None)
    st.session_state.pop(COMPARE, None)


def hand_decisions() -> dict[str, list[str]]:
    """Pairs rejected and made by hand: kept in the session (they survive a visit to another page),
    seeded from the URL the first time (a shared link), and mirrored into the URL."""
    out = {}
    for key in DECISIONS:
        if key not in st.session_state:
            st.session_state[key] = url.get_all(key)
        values = list(st.session_state[key])
        url.put(key, values)
        out[key] = values
    return out


def decide(key: str, value: str, add: bool = True) -> None:
    """Add (or undo) a hand decision, a callback. Rejecting a pair undoes pairing it by hand and vice
    versa: the latest word on a pair stands."""
    for k in DECISIONS:
        st.session_state[k] = [v for v in st.session_state.get(k) or [] if v != value]
    if add:
        st.session_state[key].append(value)
