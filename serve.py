"""Run the dashboard: `streamlit run serve.py`. The app is dashboard.py, served with one addition
(st.App middleware): unknown nested paths redirect to their first segment (components/paths.py)."""

import streamlit as st
from starlette.middleware import Middleware

from components.paths import NestedPathRedirect

app = st.App("dashboard.py", middleware=[Middleware(NestedPathRedirect)])
