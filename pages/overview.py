"""Overview: headline figures and linked charts of types, casualties and the escalation."""

import streamlit as st

from components import overview_model
from components.filters import Filters
from components.formatting import as_markdown_text
from components.loader import Dataset
from components.overview_model import Panel
from components.schema import Table
from components.state import chart_key, chips_ui, current_filters, on_select
from components.ui import dataset_or_stop, show_table


@st.cache_data(max_entries=256, show_spinner=False)
def model(f: Filters, stamp: tuple, _data: Dataset) -> overview_model.Overview:
    # Keyed on the filter state and the dataset's stamp; _data itself is not hashed.
    return overview_model.build(_data, f, _data.table)


def chart(panel: Panel, name: str, kind: str, table: Table, modes=("points",)) -> None:
    """A linked chart with its text alternative: a one-line summary and, on demand, its data."""
    key = chart_key(name)
    st.plotly_chart(
        panel.figure,
        key=key,
        on_select=lambda: on_select(kind, key, table),
        selection_mode=modes,
        config={"displaylogo": False},
        theme=None,
    )
    st.caption(as_markdown_text(panel.summary))
    # Built only when asked for: three grids always on the page cost ~150 ms per click.
    if st.toggle("Show the data", key=f"data_{name}"):
        show_table(panel.frame)


# A fragment: a chart click or a chip reruns this body only, not the entrypoint and its sidebar.
@st.fragment
def overview(data: Dataset, table: Table) -> None:
    f = current_filters(table)
    view = model(f, data.stamp, data)
    st.title(as_markdown_text(f.describe(table)), anchor=False)
    chips_ui(f, table)
    if not view.incidents:
        st.info(
            "No incident matches these filters and selections. "
            "Remove a selection above or widen the filters in the sidebar.",
            icon=":material/filter_alt_off:",
        )
        return
    for col, figure in zip(st.columns(4), view.headline, strict=True):
        col.metric(**figure, delta_color="off")
    st.caption(as_markdown_text(view.caption))
    left, right = st.columns(2)
    with left:
        chart(view.types, "types", "type", table)
    with right:
        chart(view.casualties, "casualties", "group", table)
    chart(view.escalation, "escalation", "month", table, modes=("points", "box"))


data = dataset_or_stop()
overview(data, data.table)
