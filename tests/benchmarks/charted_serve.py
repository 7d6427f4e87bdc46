"""The furnished page (furnished_app.py) served as serve.py serves the app, with plotly.js and the
linked charts' module, so that bench_overview can open it with ?charts=overview: the furnished page
with the two Overview charts a type click redraws, a third reference for an Overview click."""

import streamlit as st

from components.charts.linked_ui import routes

app = st.App("furnished_app.py", routes=routes())  # a path from this file's folder
