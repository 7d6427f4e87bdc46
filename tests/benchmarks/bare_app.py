"""The baseline for bench_overview: a bare Streamlit page with one Plotly bar chart that reruns on a
click (on_select="rerun") and one st.metric that follows the selection: Streamlit's floor for a
cross-filter click."""

import plotly.graph_objects as go
import streamlit as st

event = st.plotly_chart(
    go.Figure(go.Bar(x=["a", "b", "c", "d", "e", "f"], y=[3, 1, 2, 4, 2, 5])),
    key="bare",
    on_select="rerun",
    selection_mode="points",
)
st.metric("Selected bars", len(event.selection.points))
