"""Overview: headline figures and linked charts of types, casualties and the escalation."""

import pandas as pd
import streamlit as st

from components.app.runs import fragment
from components.app.ui import dataset_or_stop, show_table
from components.charts.linked_ui import figure_export, linked_chart
from components.core.formatting import as_markdown_text
from components.data import catalog
from components.data.loader import Dataset
from components.data.schema import Table
from components.overview import model
from components.overview.model import Panel
from components.publish.ui import publish_ui
from components.state.keys import LINKED_CHART
from components.state.selection import Kind
from components.state.session_ui import current_filters, on_select
from components.state.sidebar_ui import chips_ui

# Side by side the two charts need ~380 px each: below 1024 px of window (800 px with the sidebar
# open) they stack, as Streamlit's columns only do by themselves below 640 px. The headline figures
# shrink with the window so 'unknown' fits four abreast at 800 px; a change's "2012 vs 2011" goes
# under its arrow where the two do not fit on one line (cut to "2012 vs 2…" at 800 px otherwise).
PAGE_CSS = """<style>
[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 3vw, 2.25rem); }
[data-testid="stMetric"] div:has(> [data-testid="stMetricDeltaDescription"]) { flex-wrap: wrap; row-gap: 0.25rem; }
@media (max-width: 1023px) {
  .st-key-chart_pair [data-testid="stHorizontalBlock"] { flex-direction: column; }
  .st-key-chart_pair [data-testid="stColumn"] { width: 100% !important; flex: 1 1 100% !important; }
}
</style>"""


def chart(panel: Panel, name: str, kind: Kind, table: Table, caption: tuple[str, str]) -> None:
    """A linked chart with its text alternative: a one-line summary and, on demand, its data.
    `caption`: the view's description and the data's title, under the chart's downloads."""
    key = LINKED_CHART.format(name)
    linked_chart(
        panel.spec,
        height=panel.height,
        key=key,
        label=panel.summary,
        on_select=lambda: on_select(kind, key, table),
        # One toolbar button (the download menu: linked_export.js) instead of eight: each is a Tab stop.
        config={"displaylogo": False, "modeBarButtons": [["toImage"]]},
        export=figure_export(name, *caption),
    )
    st.caption(as_markdown_text(panel.summary))
    chart_data(panel.frame, name, table)


# A fragment: showing or hiding a chart's data reruns this toggle and its table, not the page (the
# filters, the headline and the charts stay as they are). Built only when asked for: three grids
# always on the page cost ~150 ms per click.
@fragment
def chart_data(frame: pd.DataFrame, name: str, table: Table) -> None:
    if st.toggle("Show the data", key=f"data_{name}"):
        show_table(catalog.readable(frame, table))


# Not a fragment: a chart click sets a sidebar filter (a type bar is that type's pill, a span is the
# date range), so the sidebar must be redrawn with it.
def overview(data: Dataset, table: Table) -> None:
    f = current_filters(table)
    view = model.view(data, f)  # shared objects, kept per state: nothing on the page mutates them
    st.title(as_markdown_text(f.describe(table)), anchor=False)
    chips_ui(f, table, link=False)
    publish_ui(data, f, link=True)
    if not view.incidents:
        st.info(as_markdown_text(view.empty_hint), icon=":material/filter_alt_off:")
        return
    for col, figure in zip(st.columns(4), view.headline, strict=True):
        col.metric(**figure, delta_color="off")
    st.caption(as_markdown_text(view.caption))
    st.html(PAGE_CSS)
    caption = f.describe(table), data.title
    left, right = st.container(key="chart_pair").columns(2)
    with left:
        chart(view.types, "types", Kind.TYPE, table, caption)
    with right:
        chart(view.casualties, "casualties", Kind.GROUP, table, caption)
    chart(view.escalation, "escalation", Kind.BIN, table, caption)


data = dataset_or_stop()
overview(data, data.table)
