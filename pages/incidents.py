"""Incidents: the filtered incidents as a table and a map, one incident's detail, downloads."""

import pandas as pd
import streamlit as st

from components.app.runs import fragment
from components.app.ui import (
    CACHED_ROWS,
    TABLE_ROWS,
    dataset_or_stop,
    export_buttons,
    package_button,
    per_view,
    show_table,
)
from components.charts import map_chart
from components.charts.layout import spec
from components.charts.linked_ui import figure_export, linked_chart
from components.core.formatting import as_markdown_text
from components.core.memo import per_dataset
from components.data import geo
from components.data.catalog import Grid
from components.data.loader import Dataset
from components.incidents import detail
from components.incidents.listing import IncidentList, incident_list, readable, table_grid
from components.incidents.ui import render_detail
from components.publish.ui import publish_ui
from components.state.filters import Filters
from components.state.keys import INCIDENT_TABLE, LINKED_CHART, ORDER, SEARCH
from components.state.session_ui import chart_key, current_filters, on_point_selected, on_row_selected, opened_incident
from components.state.sidebar_ui import chips_ui


# Per view, shared by every session (app.ui.per_view): a rerun that only opens an incident, or moves
# nothing here, makes neither again (the table and the map were most of this page's CPU per rerun).
def _listing(f: Filters, data: Dataset, query: str | None, order: str | None, rows: int) -> tuple[IncidentList, Grid]:
    every = None  # above CACHED_ROWS the rows are made per view: every incident made readable is memory
    if len(data.incidents) <= CACHED_ROWS:
        every = per_dataset(data, "readable incidents", lambda: readable(data.incidents, data.table))
    listed = incident_list(data.incidents, f, data.table, query, order, rows, every)
    return listed, table_grid(listed, rows, every)


def _map(f: Filters, data: Dataset, query: str | None, order: str | None, *, shown: pd.DataFrame) -> dict:
    """The map of the view, nothing selected: drawn once per view, whatever is opened on it. `shown`:
    the view's incidents, the run's listing (not keyed: the view determines it)."""
    labels = data.table.field("incident_type").labels
    return map_chart.incident_map(shown, outlines=geo.outlines_for(shown), labels=labels, plain=True)


def _map_spec(f: Filters, data: Dataset, query: str | None, order: str | None, *, plain: dict) -> tuple[str, int]:
    """The map's JSON, nothing ringed, and its height: the same for every incident opened on it.
    `plain`: the view's map (view_map)."""
    return spec(plain), int(plain["layout"]["height"])


listing, view_map, map_spec = per_view(_listing), per_view(_map), per_view(_map_spec)


# A fragment: selecting a row reruns the table, its downloads, the map and the detail, not the page:
# the filters, the search and the title stay as they are, and the open incident is no filter. A full
# rerun runs it too, with that run's view and listing (passed in: above CACHED_ROWS nothing is kept,
# and the page would list a big import twice per run).
@fragment
def incidents_view(f: Filters, data: Dataset, query: str | None, order: str | None, listed: IncidentList, rows: Grid):
    shown = listed.shown
    table_key = chart_key(INCIDENT_TABLE)
    show_table(
        rows,
        key=table_key,
        on_select=lambda: on_row_selected(table_key, listed.ids),
        selection_mode="single-row",
        height=listed.height,
    )

    with st.container(horizontal=True):
        export_buttons(
            shown,
            listed.description,
            "The table's incidents, every column, with the schema's codes (bombing) for types",
        )
        if not data.imported:
            package_button(data.directory)
        publish_ui(data, f, query)

    incident_view(f, data, query, order, listed)


# A fragment inside it: an incident opened from the map or a related incident's button, or a long
# fact shown whole, reruns the map and the detail alone. The table, its downloads and popovers are
# as they were (the table holds no row selection after its run: session_ui.open_incident drops it),
# and sent again they were drawn again too, the grid's canvas and accessible cells with them: an
# incident opened from the map took 108-111 ms until the page settled, 84-89 ms without them.
@fragment
def incident_view(f: Filters, data: Dataset, query: str | None, order: str | None, listed: IncidentList):
    shown, opened = listed.shown, opened_incident()
    reading, where = st.columns([3, 2], gap="large")
    with where:
        # Not versioned, unlike the table: the map keeps no selection of its own (its figure rings the
        # open incident), and a new key drew it anew, from nothing, on every incident opened (~200 ms).
        map_key = LINKED_CHART.format("incident_map")
        plain = view_map(f, data, query, order, shown=shown)
        drawn, height = map_spec(f, data, query, order, plain=plain)
        # A linked chart, as the Overview's: updated in place (Streamlit's own element was drawn anew
        # whenever its figure changed), and the same download menu with the view as its caption. The
        # ring round the open incident is sent apart: opening another changes nothing else.
        linked_chart(
            drawn,
            height=height,
            shapes=map_chart.ring_shapes(plain, shown, opened),
            key=map_key,
            label="Map of the incidents shown; click a point to open its incident",
            on_select=lambda: on_point_selected(map_key),
            config={"displaylogo": False, "modeBarButtons": [["toImage"]]},  # its axes are fixed: nothing to zoom
            export=figure_export("map", listed.description, data.title),
        )
        st.caption(
            "Click a point to open its incident. Outlines: Natural Earth (public domain). "
            "Point size: known killed and injured."
        )
    with reading:
        render_detail(data, shown, data.table, opened)


data = dataset_or_stop()
table = data.table
f = current_filters(table)

st.title("Incidents", anchor=False)
with st.container(horizontal=True, vertical_alignment="bottom"):
    query = st.text_input(
        "Search",
        key=SEARCH,
        bind="query-params",
        icon=":material/search:",
        placeholder="Words in the summary, places, names, targets",
    )
    order = st.segmented_control(
        "Order", list(detail.ORDERS), key=ORDER, bind="query-params", default="Earliest", width="content"
    )
listed, rows = listing(f, data, query, order, TABLE_ROWS)
st.caption(
    f"{as_markdown_text(listed.description)}: {len(listed.shown):,} of {len(data.incidents):,} incidents. "
    "Select a row to read it."
)
chips_ui(f, table)


incidents_view(f, data, query, order, listed, rows)
