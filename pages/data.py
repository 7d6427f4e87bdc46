"""Data: bring your own data; the curated tables, what each column means, the flagged conflicts, the
source, downloads (or, while an import is active, the imported incidents)."""

import streamlit as st

from components.app.ui import dataset_or_stop, download_button, package_button, show_table
from components.data import catalog
from components.data.downloads import package_files
from components.data.schema import tables
from components.importing.ui import import_ui, imported_view
from components.state.keys import REFUSED

MIME = {".csv": "text/csv", ".json": "application/json", ".md": "text/markdown"}

data = dataset_or_stop()
st.title("Data")
with st.expander(
    "Bring your own data: GTD, ACLED or incidents file (CSV or Excel)",
    expanded=data.imported or REFUSED in st.session_state,
    icon=":material/upload_file:",
):
    import_ui(data)
if data.imported:
    imported_view(data)
    st.stop()

schema = tables(data.directory)
frames = {"incidents": data.incidents, "policy_measures": data.policy_measures, "context_events": data.context_events}
st.caption(
    "Curated from one analysis note on terrorism in Kazakhstan in 2011–2012. Unknown counts "
    'read "unknown", never zero. Every row cites the paragraph its facts come from. This page documents '
    "the whole dataset: the sidebar filters do not apply here."
)

tabs = st.tabs([schema[name].title for name in frames] + ["Quality flags", "Source", "Methodology", "Downloads"])
for tab, (name, frame) in zip(tabs, frames.items(), strict=False):
    with tab:
        table = schema[name]
        st.caption(f"{table.description} {catalog.table_summary(frame)}.")
        show_table(catalog.readable(frame, table))  # labels, not codes; the downloads keep the codes
        with st.expander("What each column means"):
            st.dataframe(catalog.column_guide(table), hide_index=True, width="stretch")

with tabs[3]:
    incidents = schema["incidents"]
    flags = catalog.flagged(data.incidents, incidents)
    st.caption(
        f"{flags['incident_id'].nunique()} of {len(data.incidents)} incidents carry "
        f"{len(flags)} quality flags. Where the source contradicts itself, the chosen reading is "
        "in the data and the other one in the note."
    )
    show_table(flags)
    st.subheader("Flag definitions")
    st.dataframe(catalog.vocabulary(incidents, "quality_flags"), hide_index=True, width="stretch")

with tabs[4]:
    for source in catalog.sources(data.directory):
        st.subheader(source["title"], anchor=False)
        st.text(source.get("description", ""))
    st.caption("Rows cite it as “title, para. N”: paragraph N is line N of the note.")

with tabs[5]:
    # The methodology is part of the package: counting conventions, vocabularies, judgement calls.
    st.markdown(catalog.methodology(data.directory) or "The data package has no methodology file (README.md).")

with tabs[6]:
    st.caption(
        "Files exactly as curated, and the whole data package as one zip. They keep the codes the "
        "schema defines (`bombing`, `security_operation`), which the tables above show as labels."
    )
    for path in package_files(data.directory):
        mime = MIME.get(path.suffix, "text/plain")
        download_button(
            path.name,
            path.read_bytes,  # read on click, not on every rerun
            path.name,
            mime,
            icon=":material/download:",
            key=f"dl-{path.name}",
        )
    package_button(data.directory, type="primary", key="dl-zip")
