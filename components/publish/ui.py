"""The Overview's and the Incidents page's "Reproduce this view" and "Cite" controls: two popovers
(two Tab stops), whose files are built only when their button is clicked."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.app.runs import fragment
from components.app.ui import download_button
from components.data.loader import Dataset
from components.publish import cite, notebook
from components.publish.bundle import bundle, source
from components.publish.script import View
from components.state.filters import Filters
from components.state.keys import CITE, REPRODUCE
from components.state.sidebar_ui import copy_link_ui
from components.state.url_ui import share_link


# A fragment whose popovers are filled only while open: filled on every run, their 19 elements (the
# citation in four formats, each with its download) were a third of the Overview's elements, sent
# and drawn again on every click for a popover nobody had open. Opening one reruns this fragment only.
@fragment
def publish_ui(data: Dataset, f: Filters, query: str | None = None, link: bool = False) -> None:
    """Both controls for the view the page shows (its filters, and the Incidents page's search);
    link=True: 'Copy link' after them, on the same row (the Overview's: in the row of chips, it had a
    row to itself while no filter was set)."""
    view = View(data, f, (query or "").strip(), share_link(), dt.datetime.now(dt.UTC).date())
    # As wide as its controls among the Incidents page's downloads (stretched, it squeezed them at
    # 390 px); stretched with the link, whose fragment takes what the row leaves (or gets a line).
    with st.container(horizontal=True, gap="small", width="stretch" if link else "content", key="publish"):
        reproduce = st.popover("Reproduce this view", icon=":material/terminal:", on_change="rerun", key=REPRODUCE)
        with reproduce:
            if reproduce.open:
                _reproduce(view)
        cite_popover = st.popover("Cite", icon=":material/format_quote:", on_change="rerun", key=CITE)
        with cite_popover:
            if cite_popover.open:
                _cite(view)
        # Last: a fragment's block is as wide as the row leaves it, and first it pushed Cite to a line below.
        if link and view.link is not None:  # None outside a browser
            copy_link_ui()


def _reproduce(view: View) -> None:
    st.caption(
        "A zip of the data this view comes from, with reproduce.py: run `python reproduce.py` in the "
        "unzipped folder (needs pandas and plotly) to print this view's figures and write its charts "
        "as HTML files that open offline. The same code as a Jupyter notebook is inside, and here."
    )
    download_button(
        "Reproduce (.zip)", lambda: bundle(view), "reproduce-view.zip", "application/zip", icon=":material/folder_zip:"
    )
    download_button(
        "Notebook (.ipynb)",
        lambda: notebook.notebook(view, source(view)),
        "reproduce.ipynb",
        "application/x-ipynb+json",
        icon=":material/download:",
    )


def _cite(view: View) -> None:
    st.caption("The dataset with this view's link and today's date: copy it, or download it for a reference manager.")
    record = cite.citation(view)
    # Tabs, not a widget: switching the format is the browser's alone, no rerun.
    for tab, (label, name, mime, write) in zip(st.tabs([f[0] for f in cite.FORMATS]), cite.FORMATS, strict=True):
        with tab:
            text = write(record)
            st.code(text, language=None, wrap_lines=True)
            # Deferred, like every download here: bytes given outright are stored as a file on every rerun.
            download_button(f"Download {label}", lambda t=text: t, name, mime, icon=":material/download:")
