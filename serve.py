"""Run the dashboard: `streamlit run serve.py`. The app is dashboard.py, served with two additions
(st.App): plotly.js for the linked charts from the installed plotly package (components/charts/linked_ui.py),
and unknown nested paths redirected to their first segment (components/app/paths.py)."""

import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import Route

from components.app.paths import NestedPathRedirect
from components.charts.linked_ui import LIBRARY_ROUTE, library_response

app = st.App(
    "dashboard.py",
    routes=[Route(LIBRARY_ROUTE, library_response)],
    middleware=[Middleware(NestedPathRedirect)],
)
