"""Briefing: the story of the filtered data in a few slides, driven from the keyboard."""

import streamlit as st

from components import briefing, briefing_export
from components.filters import Filters
from components.formatting import as_markdown_text
from components.keys import NOTES, SLIDE
from components.loader import Dataset
from components.state import current_filters, step_slide
from components.ui import BY_STAMP, dataset_or_stop, download_button

# Presentation: no sidebar or app chrome, large type, the slide fills the screen.
PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 3rem 0 3rem !important; max-width: 100% !important; }
.st-key-app_title { position: absolute; top: 0.2rem; right: 3rem; font-size: 13px; z-index: 1; }
[data-testid="stMain"] h1 { font-size: 40px !important; line-height: 1.2 !important; padding: 0 0 .4rem 0 !important; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 25px !important; line-height: 1.35; }
</style>"""


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=BY_STAMP)
def slides_for(f: Filters, data: Dataset) -> list[briefing.Slide]:
    """Slides for one filter state (cached: arrow keys rerun the page, the slides do not change)."""
    return briefing.build(data, f)


data = dataset_or_stop()
slides = slides_for(current_filters(data.table), data)
st.html(PRESENTATION_CSS)

slide_area = st.container()  # filled after the controls below, which read the slide number from the URL
with st.container(horizontal=True, vertical_alignment="center"):
    st.button("Previous", icon=":material/arrow_back:", shortcut="Left", on_click=step_slide, args=(-1, len(slides)))
    number = st.slider(
        "Slide",
        1,
        max(len(slides), 2),
        key=SLIDE,
        bind="query-params",
        label_visibility="collapsed",
        disabled=len(slides) == 1,
        format=f"%d of {len(slides)}",
    )
    st.button("Next", icon=":material/arrow_forward:", shortcut="Right", on_click=step_slide, args=(1, len(slides)))
    notes = st.toggle("Notes", key=NOTES)
    download_button(
        "Download briefing",
        lambda: briefing_export.to_html(slides, "Briefing: " + slides[0].headline),
        "kz-briefing.html",
        "text/html",
        icon=":material/download:",
    )
    st.page_link("pages/overview.py", label="Exit", icon=":material/close:")

slide = slides[min(number, len(slides)) - 1]
with slide_area:
    st.title(as_markdown_text(slide.headline), anchor=False)
    if slide.points:
        st.markdown("\n".join(f"- {as_markdown_text(p)}" for p in slide.points))
    if slide.figure is not None:
        st.plotly_chart(slide.figure, theme=None, config={"displaylogo": False}, key=f"slide_chart_{slide.key}")
    if notes:
        st.caption(" · ".join(as_markdown_text(n) for n in slide.notes))
