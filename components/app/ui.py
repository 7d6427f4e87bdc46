"""Streamlit glue shared by pages: the cached dataset and its failure screen."""

from __future__ import annotations

import base64
import functools
import re
import runpy
import threading
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from components.app.runs import RUNS
from components.core.formatting import as_markdown_text, counted, cut, date_span
from components.core.memo import Memo, per_dataset
from components.data import export
from components.data.catalog import Grid, grid
from components.data.downloads import package_zip
from components.data.loader import Dataset, file_stamps, load_dataset
from components.data.schema import datasets_dir
from components.data.validation import DataValidationError
from components.overview import narrative
from components.state.keys import ACTIVE, STORED
from components.state.session_ui import use_dataset

ENTRYPOINT = Path(__file__).resolve().parents[2] / "dashboard.py"
_entry = threading.local()  # one script run per thread: is the entrypoint running this one?


ASSETS = Path(__file__).parent / "assets"
FAVICON = ASSETS / "favicon.png"


# What every page gets in one element, drawn with its title (app_title): one element, not one per
# rule, as each is sent and drawn on every rerun.
# - Its popovers reachable by Tab (assets/popover_keys.js), a script of our own, no data in it; its
#   element takes no room (shown, it pushed the page down by the gap between elements).
# - "Reproduce this view" and "Cite" (publish.ui, a fragment) kept whole in a row of downloads (the
#   Incidents page): the fragment's block started at 120 px and shrank into what the downloads left
#   of a line at 390 px, or 800 px with the sidebar open, cutting the first short and pushing Cite
#   under it. As wide as both, it goes to a line of its own when they do not fit.
APP_HEAD = (
    '<style>[data-testid="stElementContainer"]:has(> * > .kz-popover-keys) { display: none; }'
    '[data-testid="stHorizontalBlock"] > [data-testid="stLayoutWrapper"]:has(> [data-testid="stVerticalBlock"]'
    ' > [data-testid="stLayoutWrapper"] > .st-key-publish) { min-width: max-content; }</style>'
    f'<script class="kz-popover-keys">{(ASSETS / "popover_keys.js").read_text("utf-8")}</script>'
)


@functools.cache
def favicon() -> str:
    """The app's icon as a data URL, made once per process. Given a file, st.set_page_config reads
    and registers it again on every run; a data URL it passes on as it is. A shipped image, not a
    Material icon name: those make the browser fetch the favicon from a CDN."""
    return "data:image/png;base64," + base64.b64encode(FAVICON.read_bytes()).decode("ascii")


@contextmanager
def entrypoint_run():
    """Wraps the entrypoint's whole run, so pages can tell they were reached through it; the run
    waits for a slot first (runs.RUNS: two runs of this process at once by default)."""
    with RUNS.held():
        _entry.active = True
        try:
            yield
        finally:
            _entry.active = False


def _require_entrypoint() -> None:
    """A brand-new server answers its first visitor's deep link (/incidents) from the legacy pages/
    folder, running the page alone: no navigation, no sidebar filters, narrow layout. Run the
    entrypoint instead, which draws the same page properly, and stop this run.

    Streamlit 1.67 offers no supported switch: the legacy mode is chosen per process from the mere
    existence of pages/ (PagesManager.uses_pages_directory) and ends only when some session calls
    st.navigation; no config option touches it (client.showSidebarNavigation only hides the menu),
    and page files outside the pages/*.py glob turn the deep link into a "Page not found" dialog.
    Streamlit's own advice is to rename the folder, which this project keeps by design.
    tests/browser/test_entrypoint.py fails without this re-run."""
    if not getattr(_entry, "active", False):
        runpy.run_path(str(ENTRYPOINT), run_name="__main__")
        st.stop()


def download_button(label: str, data, file_name: str, mime: str, **kwargs) -> None:
    """A download button whose click only fetches the file. By default a click also reruns the page,
    and that rerun races the fetch of deferred (callable) data: the button could stay disabled."""
    st.download_button(label, data, file_name, mime, on_click="ignore", **kwargs)


def export_buttons(frame: pd.DataFrame, description: str, help: str) -> None:
    """CSV and JSON of `frame`, named after `description`, built only when clicked."""
    for label, payload, name, mime in export.downloads(frame, description):
        download_button(label, payload, name, mime, icon=":material/download:", help=help)


def package_button(directory: Path, **kwargs) -> None:
    """The whole curated data package as one zip, built only when clicked."""
    download_button(
        "Whole data package (.zip)",
        lambda: package_zip(directory),
        "kazakhstan-terrorism-2011-2012.zip",
        "application/zip",
        icon=":material/folder_zip:",
        **kwargs,
    )


TABLE_ROWS = 2000  # st.dataframe sends every row it gets to the browser: 200k imported rows would be ~50 MB
TEXT_CHARS = 2000  # a data text (an incident's summary) shown in full up to here, the rest on request
LONG_WORD = re.compile(r"\S{200}")  # wrapping a line with such a word is what freezes a browser tab


def long_text(text, key: str, prefix: str = "") -> None:
    """Data text that may be huge, as markdown up to TEXT_CHARS characters; the whole of it behind a
    "Show all" toggle, in a box that wraps lines only when no word is too long to wrap quickly
    (a 1 MB word: 2.5 s unwrapped; as wrapped text the tab froze for minutes)."""
    shown, was_cut = cut(text, TEXT_CHARS)
    st.markdown(prefix + as_markdown_text(shown))
    if was_cut and st.toggle(f"Show all {len(text):,} characters", key=key):
        st.code(text, language=None, wrap_lines=not LONG_WORD.search(text))


def show_table(frame: pd.DataFrame | Grid, total: int | None = None, placeholder: str = "unknown", **kwargs) -> None:
    """st.dataframe that writes a missing number as 'unknown' (a blank or 'None' reads as zero) and
    leaves missing text blank (an empty alias or flag list means none). Numbers still sort as numbers.
    At most TABLE_ROWS rows are shown, saying so; `total` is the row count before the caller cut it.
    `frame` may be a catalog.Grid a page made and cached already."""
    g = frame if isinstance(frame, Grid) else grid(frame, TABLE_ROWS, total)
    if g.total > len(g.frame):
        st.caption(
            f"The first {len(g.frame):,} of {g.total:,} rows (sorting applies to these): narrow the filters, "
            "or download them all."
        )
    config = {c: st.column_config.DateColumn(c, format="YYYY-MM-DD") for c in g.dates}
    # Wide enough for the word "unknown" in count columns.
    config |= {c: st.column_config.NumberColumn(c, width=84) for c in g.counts}
    config |= kwargs.pop("column_config", {})
    st.dataframe(g.arrow, hide_index=True, width="stretch", placeholder=placeholder, column_config=config, **kwargs)


# For st.cache_data on functions taking a Dataset: hash it by its stamp (folder and file times, or an
# import's digest), not by its content, which for a 200k-row import would cost more than the call.
# The title too: sessions importing the same bytes share a stamp, not the file's name they gave it.
BY_STAMP = {Dataset: lambda data: data.key}


# Views of a dataset larger than this are made afresh on each run, not kept: a view holds its
# incidents, and 256 views of a 200,000-row import would hold gigabytes.
CACHED_ROWS = 20_000
_VIEW_MEMOS: dict[tuple, Memo] = {}  # per_view's, by the function's code


def per_view(make):
    """make(f, data, *args) kept per view for every session, for the curated data and imports up to
    CACHED_ROWS incidents; made afresh above that. `args` must be hashable. Keyword arguments are
    passed on, not keyed: what the keyed ones determine (the view's listing, made once per run). A
    Memo looked up by plain values (the data's stamp and title, the frozen Filters, the args), where
    st.cache_resource hashed every argument on every call (~0.75 ms each, several per rerun). One
    Memo per function, by its code: the pages run their module again on every rerun, and an edited
    function starts afresh."""
    code = make.__code__
    memo = _VIEW_MEMOS.setdefault((code.co_filename, code.co_qualname, hash(code.co_code)), Memo(256))

    def kept(f, data, *args, **given):
        if len(data.incidents) > CACHED_ROWS:
            return make(f, data, *args, **given)
        return memo.get((*data.key, f, *args), lambda: make(f, data, *args, **given))

    return kept


@st.cache_resource(show_spinner=False)
def _cached_dataset(directory: str, stamps: tuple) -> Dataset:
    # stamps (file modification times) are part of the key so an edited CSV is re-read and re-validated.
    # One shared object, not a copy per run (cache_data unpickled the whole dataset on every rerun of
    # every session); nothing mutates a Dataset, as imported ones are shared between sessions too.
    return load_dataset(Path(directory))


def dataset_or_stop() -> Dataset:
    """This session's data: an import it made, else the curated dataset, validated; if that is
    invalid, show every problem and stop the page."""
    _require_entrypoint()
    if (active := st.session_state.get(ACTIVE)) is not None:
        return active
    return curated_or_stop()


def curated_or_stop() -> Dataset:
    """The curated dataset, validated (whatever this session imported); if it is invalid, show every
    problem and stop the page."""
    directory = datasets_dir()
    try:
        return _cached_dataset(str(directory), file_stamps(directory))
    except DataValidationError as e:
        st.error(
            f"The data in `{directory.name}/` failed validation with {len(e.problems)} problem(s), "
            "so nothing can be shown until they are fixed. Each row below names the table, the row "
            "(spreadsheet numbering: the header is row 1) and the column."
        )
        st.dataframe(e.frame(), hide_index=True, width="stretch")
        st.stop()


def app_title(data: Dataset) -> None:
    """Every page says what the app is about (topic, country, period; the imported file's name), in
    the browser tab and above the page."""
    imported = data.title if data.imported else None
    title = per_dataset(data, "app title", lambda: narrative.app_title(data.incidents, data.table.period, imported))
    st.set_page_config(page_title=title)
    with st.container(key="app_title"):
        st.markdown(f"**{as_markdown_text(title)}**")
        st.html(APP_HEAD, unsafe_allow_javascript=True, width="content")


def imported_banner(data: Dataset) -> None:
    """On every page while an import is active: what is shown, and the way back."""
    if not data.imported:
        return
    with st.container(key="imported_banner"):
        text, back = st.columns([3, 1], vertical_alignment="center")
        text.info(
            f"Imported data: **{as_markdown_text(data.title)}**, {counted(len(data.incidents), 'incident')}, "
            f"{as_markdown_text(date_span(data.incidents))}. {_who_sees_it()}" + _import_notes(data),
            icon=":material/upload_file:",
        )
        back.button("Back to the curated data", on_click=use_dataset, icon=":material/undo:")


def _who_sees_it() -> str:
    # An import the store kept is opened by its link (?import=) in any session on this server.
    if STORED in st.session_state:
        return "This session, and anyone opening this page's link on this server, sees it."
    return "Only this browser session sees it."


def _import_notes(data: Dataset) -> str:
    """What the banner adds about how the file was read: rows with warnings or left out, and a date
    reading the file itself could not decide (changed on the Data page)."""
    report = data.report
    if report is None:
        return ""
    text = ""
    if len(report.warnings) or len(report.left_out):
        text += f" {report.counts(len(data.incidents)).capitalize()}: see the Data page."
    if report.dates.ambiguous:
        text += f" Dates: {report.dates.describe()}; the other reading can be chosen on the Data page."
    return as_markdown_text(text)
