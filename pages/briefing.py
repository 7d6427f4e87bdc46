"""Briefing: the story of the filtered data on a 16:9 canvas, with a presenter window that steers it."""

import streamlit as st

from components import briefing, deck_ui
from components.data.loader import Dataset
from components.state.filters import Filters
from components.state.session_ui import current_filters
from components.ui import BY_STAMP, dataset_or_stop


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=BY_STAMP)
def slides_for(f: Filters, data: Dataset) -> list[briefing.Slide]:
    """Slides for one filter state (cached: every key press reruns the page, the slides do not change)."""
    return briefing.build(data, f)


data = dataset_or_stop()
slides = slides_for(current_filters(data.table), data)
deck_ui.canvas()
code = deck_ui.room_code(len(slides))
number = deck_ui.current_slide(len(slides), code)

if deck_ui.presenter_view():
    if code is None:
        st.error("This presenter link's room has closed. Open the presenter view again from the briefing.")
        st.page_link("pages/briefing.py", label="Back to the briefing", icon=":material/slideshow:")
        st.stop()
    deck_ui.rooms().start_clock(code)
    deck_ui.slide(slides[number - 1], "deck_current")
    if number < len(slides):
        deck_ui.slide(slides[number], "deck_upcoming")
    deck_ui.notes(slides[number - 1])
    deck_ui.clock(code)
else:
    deck_ui.slide(slides[number - 1], "deck_slide")
deck_ui.controls(slides, number, code, slides[0].headline)
deck_ui.follow(code, number)
