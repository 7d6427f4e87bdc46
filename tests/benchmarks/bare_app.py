"""The baseline for bench_overview: a bare Streamlit page with one Plotly bar chart that reruns on a
click (on_select="rerun") and one st.metric that follows the selection: Streamlit's floor for a
cross-filter click. The metric shows the clicked bar's value, so every click in the benchmark's
sequence (a different bar each time) changes the page, as a cross-filter click does; a metric that
stays the same would time the chart's own highlight only, not the round trip to the server."""

import plotly.graph_objects as go
import streamlit as st

X, Y = ["a", "b", "c", "d", "e", "f"], [3, 1, 2, 4, 2, 5]
event = st.plotly_chart(
    go.Figure(go.Bar(x=X, y=Y)),
    key="bare",
    on_select="rerun",
    selection_mode="points",
)
points = event.selection.points
st.metric("Selected", ", ".join(f"{p['x']}: {p['y']}" for p in points) or "none")
