"""Data: bring your own data; the curated tables, what each column means, the flagged conflicts, the
source, downloads (or, while an import is active, the imported incidents)."""

import streamlit as st

from components.app.ui import BY_STAMP, TABLE_ROWS, dataset_or_stop, download_button, package_button, show_table
from components.data import catalog
from components.data.downloads import package_files
from components.data.loader import Dataset
from components.data.schema import tables
from components.importing.ui import import_ui, imported_view
from components.state.keys import REFUSED

MIME = {".csv": "text/csv", ".json": "application/json", ".md": "text/markdown"}


# What this page shows of the curated package changes only with the data (the sidebar's filters do
# not apply here): made once, a rerun (a filter moved in the sidebar) costs Streamlit's drawing only.
@st.cache_resource(max_entries=4, show_spinner=False, hash_funcs=BY_STAMP)
def parts(data: Dataset, rows: int) -> dict:
    schema = tables(data.directory)
    frames = {name: getattr(data, name) for name in ("incidents", "policy_measures", "context_events")}
    flags = catalog.flagged(data.incidents, schema["incidents"])
    return {
        "tables": {
            name: (schema[name], catalog.table_summary(f), catalog.grid(catalog.readable(f, schema[name]), rows))
            for name, f in frames.items()
        },
        # As Arrow: Streamlit converted these four small pandas tables on every rerun.
        "guides": {name: catalog.arrow(catalog.column_guide(schema[name])) for name in frames},
        "flags": (flags["incident_id"].nunique(), len(flags), catalog.grid(flags, rows)),
        "flag_words": catalog.arrow(catalog.vocabulary(schema["incidents"], "quality_flags")),
        "sources": catalog.sources(data.directory),
        "methodology": catalog.methodology(data.directory),
    }


data = dataset_or_stop()
st.title("Data")
with st.expander(
    "Bring your own data: GTD, ACLED or incidents file (CSV or Excel)",
    expanded=data.imported or REFUSED in st.session_state,
    icon=":material/upload_file:",
):
    import_ui(data)
if data.imported:
    imported_view(data, TABLE_ROWS)
    st.stop()

page = parts(data, TABLE_ROWS)
st.caption(
    "Curated from one analysis note on terrorism in Kazakhstan in 2011–2012. Unknown counts "
    'read "unknown", never zero. Every row cites the paragraph its facts come from. This page documents '
    "the whole dataset: the sidebar filters do not apply here."
)

names = [table.title for table, _, _ in page["tables"].values()]
tabs = st.tabs([*names, "Quality flags", "Source", "Methodology", "Downloads"])
for tab, (name, (table, summary, grid)) in zip(tabs, page["tables"].items(), strict=False):
    with tab:
        st.caption(f"{table.description} {summary}.")
        show_table(grid)  # labels, not codes; the downloads keep the codes
        with st.expander("What each column means"):
            st.dataframe(page["guides"][name], hide_index=True, width="stretch")

with tabs[3]:
    flagged_incidents, flag_count, flags = page["flags"]
    st.caption(
        f"{flagged_incidents} of {len(data.incidents)} incidents carry "
        f"{flag_count} quality flags. Where the source contradicts itself, the chosen reading is "
        "in the data and the other one in the note."
    )
    show_table(flags)
    st.subheader("Flag definitions")
    st.dataframe(page["flag_words"], hide_index=True, width="stretch")

with tabs[4]:
    for source in page["sources"]:
        st.subheader(source["title"], anchor=False)
        st.text(source.get("description", ""))
    st.caption("Rows cite it as “title, para. N”: paragraph N is line N of the note.")

with tabs[5]:
    # The methodology is part of the package: counting conventions, vocabularies, judgement calls.
    st.markdown(page["methodology"] or "The data package has no methodology file (README.md).")

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
