"""Run the dashboard: `streamlit run serve.py`. The app is dashboard.py, served with two additions
(st.App): the linked charts' scripts, plotly.js from the installed plotly package and the chart's own
module (components/charts/linked_ui.py), and unknown nested paths redirected to their first segment
(components/app/paths.py)."""

import gc

import plotly.graph_objects  # noqa: F401
import streamlit as st
from starlette.middleware import Middleware

import components.app.runs  # a bad KZ_RUN_SLOTS stops the server here, at its start
import components.briefing.content
import components.overview.model  # noqa: F401
from components.app.paths import NestedPathRedirect
from components.charts.linked_ui import routes

# What every run uses is imported above, once (the pages would import it on their first run anyway),
# then frozen out of the garbage collector's sight: every full collection walked plotly's figure
# classes, pandas and Streamlit again. Young collections every 50,000 allocations, not 700: nearly
# all a rerun allocates is freed by reference counting, and the few cycles can wait. At 100 viewers
# (load_ws) the collector took 2.7 s a minute, full collections 150 ms each; now 0.7 s, 38 ms.
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 20)

app = st.App(
    "dashboard.py",
    routes=routes(),
    middleware=[Middleware(NestedPathRedirect)],
)
