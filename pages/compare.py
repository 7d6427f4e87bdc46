"""Compare: the curated note beside an imported GTD, ACLED or incidents file, incident by incident."""

import datetime as dt

import streamlit as st

from components.app.runs import fragment
from components.app.ui import curated_or_stop, dataset_or_stop
from components.compare import matching, wording
from components.compare.ui import (
    compare_source,
    compared,
    deaths_chart,
    decisions_ui,
    download_ui,
    overlap_ui,
    pairs_view,
    unmatched_view,
)
from components.core.formatting import as_markdown_text
from components.data.loader import Dataset
from components.state.session_ui import hand_decisions


# A fragment: a hand decision (a pair rejected or made, either undone) reruns the comparison and
# its tables, not the page: the sidebar, the file and the overlap stay as they are, and the sidebar
# filters do not apply here. A run of the whole page (the overlap changed) runs it too. What no
# decision changes (how records are matched, the monthly deaths) is outside it: redrawn on every
# decision, the matching's text and the chart cost the browser and the server for nothing.
@fragment
def comparison_view(curated: Dataset, imported: Dataset, country: str, period: tuple[dt.date, dt.date]) -> None:
    decisions = hand_decisions()
    c, shown = compared(curated, imported, country, period, decisions)
    st.subheader(wording.headline(c), anchor=False)
    pairs_view(c, shown)
    download_ui(c)
    decisions_ui(c, decisions)
    unmatched_view(c, shown)


data = dataset_or_stop()
curated = curated_or_stop()
st.title("Compare with the curated incidents")
imported = compare_source(data)
if imported is None:
    st.info(
        "Open a GTD, ACLED or incidents file (CSV or Excel) beside the curated data: on the Data page, under "
        "“Bring your own data”, switch on “Compare with the curated incidents” and upload the file. "
        "(An import that replaced the curated data is compared too.)",
        icon=":material/compare:",
    )
    st.page_link("pages/data.py", label="Data: bring your own data", icon=":material/upload_file:")
    st.stop()

st.caption(
    f"The note ({as_markdown_text(curated.title)}) beside **{as_markdown_text(imported.title)}**, "
    "restricted to one country and period. "
    "The sidebar filters do not apply here."
)
country, period = overlap_ui(imported, curated)
with st.expander("How records are matched", icon=":material/help:"):
    st.markdown(matching.score_doc())
comparison_view(curated, imported, country, period)
st.plotly_chart(deaths_chart(curated, imported, country, period), theme=None, config={"displaylogo": False})
