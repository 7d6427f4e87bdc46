"""Entrypoint: page setup, the shared sidebar filters, navigation. No data logic."""

import streamlit as st

from components.app.ui import app_title, dataset_or_stop, entrypoint_run, favicon, imported_banner
from components.importing.ui import restore_import
from components.state.session_ui import link_notes_ui, mirror_to_url, seed_from_url
from components.state.sidebar_ui import filters_ui

with entrypoint_run():
    # The sidebar starts collapsed up to Streamlit's 768 px breakpoint ("auto") and, at 256 px wide,
    # takes at most a third of any wider window.
    st.set_page_config(
        page_title="Kazakhstan terrorism 2011–2012", page_icon=favicon(), layout="wide", initial_sidebar_state=256
    )

    briefing = st.Page("pages/briefing.py", title="Briefing", url_path="briefing", icon=":material/slideshow:")
    pages = [
        st.Page("pages/overview.py", title="Overview", url_path="overview", icon=":material/insights:", default=True),
        st.Page("pages/incidents.py", title="Incidents", url_path="incidents", icon=":material/list_alt:"),
        briefing,
        st.Page("pages/data.py", title="Data", url_path="data", icon=":material/table_view:"),
        st.Page("pages/compare.py", title="Compare", url_path="compare", icon=":material/compare_arrows:"),
    ]
    page = st.navigation(pages, position="top")

    restore_import()  # ?import=KEY: an import kept in the store, brought back before the data is chosen
    data = dataset_or_stop()
    seed_from_url(data)
    app_title(data)
    filters_ui(data)
    mirror_to_url(data.table)
    imported_banner(data)
    link_notes_ui(data.table, transient=page.url_path == briefing.url_path)  # its audience sees the page
    page.run()
