"""Framework edges: every place the app leans on something Streamlit does not promise to keep.

An upgrade of Streamlit can break these without any error at import time, so each is named here,
with why the app needs it, what breaks when it changes and the test that would notice. README,
"Upgrading Streamlit", lists them with the other edges (plotly's `_validate=False` in
components/charts/, the entrypoint re-run in components/app/ui.py).
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def release_upload(file_id: str) -> bool:
    """Drop an uploaded file's bytes from Streamlit's upload store, as st.chat_input does; the store
    keeps a file until the session ends otherwise (56 MB per session for a 200k-row GTD file).

    Uses two internals (`streamlit.runtime.scriptrunner.get_script_run_ctx` and
    `streamlit.runtime.memory_uploaded_file_manager.MemoryUploadedFileManager`), imported here and
    not at module level: if an upgrade renames them, imports keep working and only the memory is held
    longer (logged once per call), instead of the Data page failing to load.
    Guard: tests/test_framework.py::test_an_upload_is_released."""
    try:
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError as e:
        log.warning("upload bytes kept until the session ends: %s", e)
        return False
    ctx = get_script_run_ctx()
    if ctx is None or not isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        return False
    ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file_id)
    return True


# The `data-testid`s of Streamlit's own DOM that the app's CSS and JS select (pages/overview.py's
# PAGE_CSS, components/briefing/assets/, app/assets/popover_keys.js and app.ui.APP_HEAD):
# Streamlit renames them at will, and then the canvas, the hidden chrome, the stacked charts or the
# popovers' keys silently fall back to Streamlit's own behaviour. Every test id the app's CSS or JS
# names must be listed here (tests/test_framework.py), and each must be on the page it is used on
# (tests/browser/test_framework_dom.py).
DOM_TEST_IDS = {
    "overview": ("stMetricValue", "stMetric", "stMetricDeltaDescription", "stHorizontalBlock", "stColumn"),
    # app.ui's style: Reproduce and Cite kept whole in the Incidents page's row of downloads.
    "incidents": ("stHorizontalBlock", "stLayoutWrapper", "stVerticalBlock"),
    "briefing": (
        "stAppViewContainer",
        "stMain",
        "stMainBlockContainer",
        "stVerticalBlock",
        "stMarkdownContainer",
        "stHeader",
        "stToolbar",
        "stSidebar",
        "stLayoutWrapper",
    ),
    # Every page with a popover; its body only while one is open (tests/browser/test_framework_dom.py).
    "popovers": ("stPopoverButton", "stPopoverBody", "stElementContainer"),
}
