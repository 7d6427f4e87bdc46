"""Entrypoint: page setup and navigation only."""

from pathlib import Path

import streamlit as st

# A shipped image, not a Material icon name: those make the browser fetch the favicon from a CDN.
ICON = Path(__file__).parent / "components" / "assets" / "favicon.png"
st.set_page_config(page_title="Kazakhstan terrorism 2011–2012", page_icon=str(ICON), layout="wide")

pages = [
    st.Page("pages/data.py", title="Data", url_path="data", icon=":material/table_view:", default=True),
]
st.navigation(pages, position="top").run()
