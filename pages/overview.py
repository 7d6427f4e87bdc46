"""Overview: headline figures and linked charts of types, casualties and the escalation."""

import pandas as pd
import streamlit as st

from components import aggregate, charts, narrative
from components.loader import Dataset
from components.schema import Table, tables
from components.state import chart_key, chips_ui, current_filters, on_select, period_bounds
from components.ui import dataset_or_stop, show_table


def chart(fig, name: str, kind: str, summary: str, frame: pd.DataFrame, table: Table, modes=("points",)) -> None:
    """A linked chart with its text alternative: a one-line summary and, on demand, its data."""
    key = chart_key(name)
    st.plotly_chart(
        fig,
        key=key,
        on_select=lambda: on_select(kind, key, table),
        selection_mode=modes,
        config={"displaylogo": False},
        theme=None,
    )
    st.caption(summary)
    # Built only when asked for: three grids always on the page cost ~150 ms per click.
    if st.toggle("Show the data", key=f"data_{name}"):
        show_table(frame)


# A fragment: a chart click or a chip reruns this body only, not the entrypoint and its sidebar.
@st.fragment
def overview(data: Dataset, table: Table) -> None:
    labels = table.field("incident_type").labels
    f = current_filters(table)
    shown = f.apply(data.incidents)

    st.title(f.describe(table), anchor=False)
    chips_ui(f, table)
    if shown.empty:
        st.info(
            "No incident matches these filters and selections. "
            "Remove a selection above or widen the filters in the sidebar.",
            icon=":material/filter_alt_off:",
        )
        return

    h = aggregate.headline(shown)
    for col, figure in zip(st.columns(4), narrative.headline_figures(h), strict=True):
        col.metric(**figure, delta_color="off")
    st.caption(
        " ".join(
            filter(
                None,
                [
                    narrative.change_sentence(h["by_year"], "killed_total", "Deaths"),
                    narrative.change_sentence(h["by_year"], "incidents", "Incidents"),
                    narrative.unknown_note(h),
                ],
            )
        )
    )

    # Each chart is filtered by everything except its own selection, so its bars stay clickable.
    left, right = st.columns(2)
    with left:
        by_type = aggregate.by_type(f.without("sel_types").apply(data.incidents), list(labels))
        chart(
            charts.types_bar(by_type, labels, f.sel_types),
            "types",
            "type",
            narrative.types_summary(by_type, labels),
            by_type,
            table,
        )
    with right:
        base = f.without("sel_groups").apply(data.incidents)
        cas = aggregate.casualties(base)
        unknown = aggregate.unknown_count(base["killed_total"]), aggregate.unknown_count(base["injured_total"])
        summary = narrative.casualties_summary(cas, *unknown)
        fig = charts.casualties_bar(cas, f.sel_groups, narrative.unknown_casualties(*unknown))
        chart(fig, "casualties", "group", summary, cas, table)

    lo, hi = (pd.Timestamp(d) for d in period_bounds(table))
    # The axis runs on past the incidents to the last policy measure (early 2013).
    end = max(hi, data.policy_measures["date"].max() + pd.offsets.MonthEnd(0)) + pd.Timedelta(days=10)
    base = f.without("sel_span").apply(data.incidents)
    months = aggregate.monthly(base, lo, hi)
    fig = charts.escalation(months, data.policy_measures, data.context_events, (lo, end), f.sel_span)
    summary = narrative.escalation_summary(months, aggregate.headline(base)["by_year"], data.policy_measures)
    chart(fig, "escalation", "month", summary, months, table, modes=("points", "box"))


data = dataset_or_stop()
overview(data, tables(data.directory)["incidents"])
