"""Incidents: the filtered incidents as a table and a map, one incident's detail, downloads."""

import streamlit as st

from components.app.ui import TABLE_ROWS, dataset_or_stop, export_buttons, package_button, show_table
from components.charts import map_chart
from components.charts.linked_ui import map_image
from components.core.formatting import as_markdown_text
from components.data import geo
from components.incidents import detail
from components.incidents.listing import incident_list
from components.incidents.ui import render_detail
from components.state.keys import ORDER, SEARCH
from components.state.session_ui import chart_key, current_filters, on_point_selected, on_row_selected, opened_incident
from components.state.sidebar_ui import chips_ui

data = dataset_or_stop()
table = data.table
labels = table.field("incident_type").labels
f = current_filters(table)
opened = opened_incident()

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
listed = incident_list(data.incidents, f, table, query, order, TABLE_ROWS)
shown = listed.shown
st.caption(
    f"{as_markdown_text(listed.description)}: {len(shown):,} of {len(data.incidents):,} incidents. "
    "Select a row to read it."
)
chips_ui(f, table)

table_key = chart_key("incident_table")
show_table(
    listed.rows,
    total=len(shown),
    key=table_key,
    on_select=lambda: on_row_selected(table_key, listed.ids),
    selection_mode="single-row",
    height=listed.height,
)

with st.container(horizontal=True):
    export_buttons(
        shown, listed.description, "The table's incidents, every column, with the schema's codes (bombing) for types"
    )
    if not data.imported:
        package_button(data.directory)

detail, where = st.columns([3, 2], gap="large")
with where:
    map_key = chart_key("incident_map")
    st.plotly_chart(
        map_chart.incident_map(shown, outlines=geo.outlines_for(shown), labels=labels, selected=opened),
        key=map_key,
        theme=None,
        on_select=lambda: on_point_selected(map_key),
        selection_mode="points",
        # The toolbar's PNG at twice the size, named for the view (no caption: Streamlit's element).
        config={"displaylogo": False, "scrollZoom": True, "toImageButtonOptions": map_image(listed.description)},
    )
    st.caption(
        "Click a point to open its incident. Outlines: Natural Earth (public domain). "
        "Point size: known killed and injured."
    )
with detail:
    render_detail(data.incidents, shown, table, opened)
