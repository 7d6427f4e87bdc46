"""Briefing: the story of the filtered data on a 16:9 canvas, with a presenter window that steers it."""

import streamlit as st

from components.app.ui import BY_STAMP, dataset_or_stop
from components.briefing import content, ui
from components.data.loader import Dataset
from components.state.filters import Filters
from components.state.session_ui import current_filters


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=BY_STAMP)
def slides_for(f: Filters, data: Dataset) -> list[content.Slide]:
    """Slides for one filter state (cached: every key press reruns the page, the slides do not change)."""
    return content.build(data, f)


data = dataset_or_stop()
slides = slides_for(current_filters(data.table), data)
ui.canvas_style()
code = ui.room_code(len(slides))
number = ui.current_slide(len(slides), code)

if ui.presenter_view():
    if code is None:
        st.error("This presenter link's room has closed. Open the presenter view again from the briefing.")
        st.page_link("pages/briefing.py", label="Back to the briefing", icon=":material/slideshow:")
        st.stop()
    ui.rooms().start_clock(code)
    ui.slide(slides[number - 1], "deck_current")
    if number < len(slides):
        ui.slide(slides[number], "deck_upcoming")
    ui.notes(slides[number - 1])
    ui.clock(code)
else:
    ui.slide(slides[number - 1], "deck_slide")
ui.controls(slides, number, code, slides[0].headline)
ui.follow(code, number)
