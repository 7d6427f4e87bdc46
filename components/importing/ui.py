"""The Data page's upload: import a GTD, ACLED or incidents file (CSV or Excel) as this session's data.

The logic is in components/importing/importers.py and its siblings (usable without Streamlit); this is
the widget glue.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
from collections import OrderedDict

import pandas as pd
import pyarrow as pa
import streamlit as st

from components.app.edges import release_upload
from components.app.ui import download_button, export_buttons, show_table
from components.core.formatting import as_markdown_text, counted
from components.core.memo import per_dataset
from components.data import catalog
from components.data.export import filename, to_csv
from components.data.loader import Dataset
from components.data.schema import datasets_dir, package_stamp, tables, text_file
from components.data.validation import DataValidationError, Problem, Rule
from components.importing import store
from components.importing.dates import DAY_FIRST, MONTH_FIRST
from components.importing.importers import Imported, as_dataset, import_file
from components.state import url_ui as url
from components.state.keys import (
    ACTIVE,
    COMPARE,
    COMPARE_MODE,
    DATE_ORDER,
    FORMAT,
    IMPORT,
    IMPORT_GONE,
    REFUSED,
    STORED,
    UPLOAD,
    UPLOAD_VERSION,
    UPLOADED,
)
from components.state.session_ui import bump, open_beside, use_dataset, versioned_key

FORMAT_CHOICES = {
    None: "Detect from the header",
    "gtd": "GTD (Global Terrorism Database)",
    "acled": "ACLED export",
    "native": "This project's incidents CSV",
}
_LOG = logging.getLogger(__name__)
UNNAMED = "\x00upload\x00"  # the name the shared import is made under; each session puts its own in
# The bytes of recent uploads whose all-numeric dates no value decides (01/02/2020): reading them the
# other way needs the file again, and its bytes are released from the upload store. Shared, bounded.
_KEPT: OrderedDict[str, Upload] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT_FILES = 2


class Upload(bytes):
    """An uploaded file's content, cached by its SHA-256 (computed once) rather than re-hashed."""

    digest: str

    def __new__(cls, content: bytes) -> Upload:
        upload = super().__new__(cls, content)
        upload.digest = hashlib.sha256(content).hexdigest()
        return upload


@st.cache_resource(max_entries=3, show_spinner=False, hash_funcs={Upload: lambda u: u.digest})
def _imported(
    content: Upload, fmt: str | None, package: tuple, order: str | None = None
) -> tuple[Dataset | None, tuple[Problem, ...]]:
    """One import per file content (and format, data package and date reading), shared by every
    session that uploads it: ten researchers on the same 200k-row file hold one copy. The file's name
    is not part of it (another session may upload the same bytes under another name): see _named.
    `package` is the data folder's schema.package_stamp; its tables are read once and passed to the
    importer. Never raises: a file that breaks the importer in a way it does not foresee is refused
    with the reason, not a traceback."""
    schema = tables(package[0])
    try:
        result = import_file(content, UNNAMED, fmt, schema, date_order=order)
    except Exception as e:  # the upload must fail as a message, whatever the file holds
        _LOG.exception("import of %s failed", content.digest)
        result = Imported(
            fmt or "unknown",
            pd.DataFrame(),
            [Problem(UNNAMED, None, None, f"the file could not be imported: {e}", Rule.UNREADABLE)],
        )
    # The date reading is part of the dataset's identity: the caches keyed on its stamp (BY_STAMP)
    # would otherwise hand one reading's figures to the other.
    digest = content.digest if order is None else f"{content.digest}/{order}"
    return (None if result.problems else as_dataset(result, UNNAMED, digest, schema)), tuple(result.problems)


def _named(dataset: Dataset | None, problems: tuple[Problem, ...], name: str):
    """This session's copy of a shared import under its own file name; the tables stay shared."""
    problems = tuple(dataclasses.replace(p, table=name) if p.table == UNNAMED else p for p in problems)
    if dataset is not None:
        dataset = dataclasses.replace(dataset, title=dataset.title.replace(UNNAMED, name))
    return dataset, problems


def _on_upload(key: str) -> None:
    """Import the uploaded file, before the script draws anything (use_dataset sets widget values)."""
    upload = st.session_state.get(key)
    if upload is None:
        return
    content = upload.getvalue()
    release_upload(upload.file_id)  # 56 MB per session for a 200k-row GTD file otherwise
    fmt, upload_bytes = st.session_state.get(FORMAT), Upload(content)
    dataset, problems = _named(*_imported(upload_bytes, fmt, package_stamp()), upload.name)
    bump(UPLOAD_VERSION)  # a new, empty uploader
    if dataset is None:
        st.session_state[REFUSED] = (upload.name, problems)
    else:
        st.session_state.pop(REFUSED, None)
        st.session_state[UPLOADED] = (upload.name, upload_bytes.digest, fmt)
        st.session_state[DATE_ORDER] = dataset.report.dates.order
        if dataset.report.dates.ambiguous:
            _keep(upload_bytes)
        if st.session_state.get(COMPARE_MODE):
            open_beside(dataset)  # session only: the Compare page's file is not stored
        else:
            use_dataset(dataset, _store(dataset, upload.name, upload_bytes.digest, fmt, None))


def _keep(content: Upload) -> None:
    """Hold a file whose dates can be read either way, for the other reading. Here, on every upload,
    not in the shared import: a file imported before and still cached must be held again."""
    with _KEPT_LOCK:
        _KEPT[content.digest] = content
        _KEPT.move_to_end(content.digest)
        while len(_KEPT) > KEPT_FILES:
            _KEPT.popitem(last=False)


# -- the import store: an accepted import kept on disk, its key in the URL (store.py) ---------------
GONE = "This imported data is no longer on this server: upload the file again. The curated data is shown."


def _store(dataset: Dataset, name: str, digest: str, fmt: str | None, order: str | None) -> str | None:
    """Keep an accepted import in the store and evict past the cap; its key, or None when the store
    cannot be written (full disk, read-only folder): the import then lives in this session only."""
    key = store.entry_key(digest, fmt, order)
    try:
        store.save(key, dataset, {"name": name, "digest": digest, "format": fmt, "order": order})
        store.evict(keep=key)
    except OSError:
        _LOG.exception("the import store (%s) could not keep import %s", store.store_dir(), key)
        return None
    return key


@st.cache_resource(max_entries=3, show_spinner=False)
def _stored(key: str, package: tuple) -> tuple[Dataset, dict]:
    """A stored import read and checked once per replica, shared by its sessions. A missing or bad
    entry raises store.StoreError, which cache_resource does not keep: a later write is seen."""
    return store.load(key, tables(package[0]))


def _from_store(key: str | None) -> tuple[Dataset, dict] | None:
    # find() first, every time: an import forgotten or evicted (here or by another replica) is not
    # handed out from this replica's cache to a new session.
    if store.find(key) is None:
        return None
    try:
        return _stored(key, package_stamp())
    except store.StoreError as e:
        _LOG.warning("stored import %s not loaded: %s", key, e)
        return None


def restore_import() -> None:
    """Every run, before the data is chosen: a session that starts with ?import=KEY and no import of
    its own loads it from the store (its filters stay those of the URL); a key the store does not
    have gets a message and the curated data. With an import shown, the URL keeps naming it on every
    page."""
    if st.session_state.get(ACTIVE) is not None:
        url.put(IMPORT, st.session_state.get(STORED))
        return
    if (key := url.get(IMPORT)) is not None:
        found = _from_store(key)
        if found is None:
            st.session_state[IMPORT_GONE] = True
            url.drop(IMPORT)
        else:
            dataset, options = found
            st.session_state.update({ACTIVE: dataset, STORED: key, DATE_ORDER: dataset.report.dates.order})
            st.session_state.pop(IMPORT_GONE, None)
            if options.get("digest"):
                st.session_state[UPLOADED] = (options.get("name", ""), options["digest"], options.get("format"))
    if st.session_state.get(IMPORT_GONE):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.warning(GONE, icon=":material/cloud_off:")
            st.button("Dismiss", key="dismiss_import_gone", on_click=lambda: st.session_state.pop(IMPORT_GONE, None))


def _forget(key: str) -> None:
    """Delete the shown import from the store and show the curated data (a callback)."""
    store.forget(key)
    use_dataset()


def stored_ui() -> None:
    """Under the shown import: that its link opens it for anyone on this server, and the way to
    delete it from the store."""
    key = st.session_state.get(STORED)
    if key is None:
        st.caption("This import is kept in this browser session only (the server could not store it).")
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(
            "This import is kept on this server so that a reload, or this page's link, brings it back: "
            "**anyone with the link on this server can open the imported data.** Forgetting it deletes it "
            "from the server; sessions that already opened it keep their copy until they close."
        )
        st.button("Forget this import", key="forget_import", icon=":material/delete:", on_click=_forget, args=(key,))


def _reread_dates() -> None:
    """Read the shown import's all-numeric dates the other way (the user's choice)."""
    name, digest, fmt = st.session_state[UPLOADED]
    order = st.session_state[DATE_ORDER]
    with _KEPT_LOCK:
        content = _KEPT.get(digest)
    key = store.entry_key(digest, fmt, order)
    if content is None and (found := _from_store(key)) is not None:  # read that way before, and kept
        use_dataset(found[0], key)
        return
    if content is None:  # pushed out by later uploads (or a restart): the choice applies to the next upload
        st.session_state[REFUSED] = (
            name,
            (
                Problem(
                    name,
                    None,
                    None,
                    "the file is no longer held: upload it again to read its dates the other way",
                    Rule.UNREADABLE,
                ),
            ),
        )
        return
    dataset, problems = _named(*_imported(content, fmt, package_stamp(), order), name)
    if dataset is None:
        st.session_state[REFUSED] = (name, problems)
    else:
        use_dataset(dataset, _store(dataset, name, digest, fmt, order))


def import_ui(data: Dataset) -> None:
    """Format choice, uploader, and the reason the last file was refused (the data stays as it was)."""
    limit = st.get_option("server.maxUploadSize")
    st.caption(
        f"A CSV or Excel workbook (.xlsx, .xls) of up to {limit:,} MB in the GTD public format, an ACLED export "
        "(any generation) or this project's incidents schema, mapped column by column (below) and validated like "
        "the curated data. Rows with a fault are imported, flagged and listed; only rows that cannot be placed "
        "in time are left out. It replaces the data on every page for this browser session; it is also kept on "
        "this server, so this page's link opens it (below). Other sessions and the curated files are unaffected."
    )
    with st.expander("How each format's columns are mapped"):
        st.markdown(text_file(datasets_dir() / "IMPORT.md"))
    key = versioned_key(UPLOAD, UPLOAD_VERSION)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox("Format", list(FORMAT_CHOICES), format_func=FORMAT_CHOICES.get, key=FORMAT)
        st.file_uploader("CSV or Excel file", type=["csv", "xlsx", "xls"], key=key, on_change=_on_upload, args=(key,))
        st.toggle(
            "Compare with the curated incidents",
            key=COMPARE_MODE,
            help="Open the file beside the curated data, incident by incident, instead of replacing it.",
        )
    if st.session_state.get(COMPARE_MODE) and (beside := st.session_state.get(COMPARE)) is not None:
        st.success(f"**{as_markdown_text(beside.title)}** is open beside the curated data.", icon=":material/compare:")
        st.page_link("pages/compare.py", label="Compare it with the curated incidents", icon=":material/arrow_forward:")
    if refused := st.session_state.get(REFUSED):
        name, problems = refused
        st.error(
            f"**{as_markdown_text(name)}** was not imported: {counted(len(problems), 'problem')}, listed below "
            "with the row (the header is row 1) and the column of the file. "
            f"The data shown is unchanged: {as_markdown_text(data.title)}.",
            icon=":material/error:",
        )
        show_table(DataValidationError(list(problems)).frame(), placeholder="")  # no row: the whole file
        st.button("Dismiss", on_click=lambda: st.session_state.pop(REFUSED, None), key="dismiss_refused")


def _imported_parts(data: Dataset, rows: int) -> tuple[str, catalog.Grid, pa.Table]:
    """The import's summary, its first `rows` rows as the table shows them and its column guide."""
    guide = catalog.arrow(catalog.column_guide(data.table))
    return catalog.table_summary(data.incidents), catalog.grid(data.incidents, rows), guide


def imported_view(data: Dataset, rows: int) -> None:
    """The imported incidents as mapped: the table (its first `rows` rows), what each column means,
    downloads."""
    st.subheader(f"Imported: {as_markdown_text(data.title)}", anchor=False)
    stored_ui()
    # Kept per import: made on every rerun (a filter moved in the sidebar reruns this page too), the
    # first 2,000 rows made readable and converted took ~47 ms, the summary of 200,000 rows ~5 ms.
    summary, shown, guide = per_dataset(data, f"imported view, {rows} rows", lambda: _imported_parts(data, rows))
    st.caption(
        f"{summary}, mapped to this project's incident columns. The sidebar "
        "filters do not apply here. The policy timeline and context events are not part of an import."
    )
    report_ui(data)
    show_table(shown)
    with st.expander("What each column means"):
        st.dataframe(guide, hide_index=True, width="stretch")
    with st.container(horizontal=True):
        export_buttons(data.incidents, data.title, "All imported incidents, mapped")


def report_ui(data: Dataset) -> None:
    """What became of every source row: the counts, the date reading (with the other one offered when
    the file cannot decide it), and the warnings and rows left out, listed and downloadable."""
    report = data.report
    if report is None:
        return
    st.markdown(f"**{report.counts(len(data.incidents))}** (of {report.source_rows:,} rows in the file).")
    if report.dates.order:
        st.caption(f"Dates: {report.dates.describe()}.")
        if report.dates.ambiguous and UPLOADED in st.session_state:
            st.segmented_control(
                "Read all-numeric dates as",
                [DAY_FIRST, MONTH_FIRST],
                key=DATE_ORDER,
                on_change=_reread_dates,
                help="No date in the file has a first or second field above 12, so either reading is possible.",
            )
    for title, frame, what in (
        ("Warnings", report.warnings, "rows imported with a fault: what was wrong and what was done"),
        ("Left out", report.left_out, "rows not imported, and why"),
    ):
        if frame.empty:
            continue
        with st.expander(f"{title}: {len(frame):,} ({what})"):
            download_button(
                f"{title} (CSV)",
                lambda frame=frame: to_csv(frame),
                filename(f"{data.title} {title}", "csv"),
                "text/csv",
                icon=":material/download:",
                key=f"dl-import-{title}",
            )
            show_table(frame, placeholder="")
