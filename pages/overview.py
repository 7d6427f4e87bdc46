"""Overview: headline figures and linked charts of types, casualties and the escalation."""

import pandas as pd
import streamlit as st

from components import aggregate, charts, narrative
from components.schema import tables
from components.state import chart_key, chips_ui, current_filters, on_select, period_bounds
from components.ui import dataset_or_stop, show_table

data = dataset_or_stop()
table = tables(data.directory)["incidents"]
labels = table.field("incident_type").labels
f = current_filters(table)
shown = f.apply(data.incidents)

st.title(f.describe(table), anchor=False)
chips_ui(f, labels)

if shown.empty:
    st.info(
        "No incident matches these filters and selections. "
        "Remove a selection above or widen the filters in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

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


def chart(fig, name, kind, summary, frame, selection_mode=("points",)):
    """A linked chart with its text alternative: one-line summary and its data on demand."""
    key = chart_key(name)
    st.plotly_chart(
        fig,
        key=key,
        on_select=lambda: on_select(kind, key),
        selection_mode=selection_mode,
        config={"displaylogo": False},
    )
    st.caption(summary)
    with st.expander("Chart data"):
        show_table(frame)


left, right = st.columns(2)
with left:
    by_type = aggregate.by_type(f.without("sel_types").apply(data.incidents), table.field("incident_type").enum)
    chart(
        charts.types_bar(by_type, labels, f.sel_types),
        "types",
        "type",
        narrative.types_summary(by_type, labels),
        by_type,
    )
with right:
    base = f.without("sel_groups").apply(data.incidents)
    cas = aggregate.casualties(base)
    chart(
        charts.casualties_bar(cas, f.sel_groups),
        "casualties",
        "group",
        narrative.casualties_summary(
            cas, aggregate.unknown_count(base["killed_total"]), aggregate.unknown_count(base["injured_total"])
        ),
        cas,
    )

lo, hi = period_bounds(table)
end = max(pd.Timestamp(hi), data.policy_measures["date"].max() + pd.offsets.MonthEnd(0)) + pd.Timedelta(days=10)
base = f.without("sel_span").apply(data.incidents)
months = aggregate.monthly(base, pd.Timestamp(lo), pd.Timestamp(hi))
chart(
    charts.escalation(months, data.policy_measures, data.context_events, (pd.Timestamp(lo), end), f.sel_span),
    "escalation",
    "month",
    narrative.escalation_summary(months, aggregate.headline(base)["by_year"], data.policy_measures),
    months,
    selection_mode=("points", "box"),
)
