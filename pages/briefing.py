"""Briefing: the story of the filtered data on a 16:9 canvas, with a presenter window that steers it."""

import streamlit as st

from components.app.ui import BY_STAMP, dataset_or_stop
from components.briefing import content, ui
from components.data.loader import Dataset
from components.state.filters import Filters
from components.state.session_ui import current_filters


# Shared objects, not cache_data's pickled copies: unpickling a deck's figures validated them again
# (~40 ms) on every key press. Nothing mutates a slide; sizing makes a copy.
@st.cache_resource(max_entries=256, show_spinner=False, hash_funcs=BY_STAMP)
def slides_for(f: Filters, data: Dataset) -> list[content.Slide]:
    """Slides for one filter state, figures not yet sized for the canvas (cached: every key press
    reruns the page, the slides do not change)."""
    return content.build(data, f, room=False)


@st.cache_resource(max_entries=512, show_spinner=False, hash_funcs=BY_STAMP)
def shown(f: Filters, data: Dataset, number: int) -> content.Slide:
    """Slide `number` (1-based) sized for the canvas: only the slides shown are (two thirds of a deck's cost)."""
    return content.sized(slides_for(f, data)[number - 1])


data = dataset_or_stop()
f = current_filters(data.table)
slides = slides_for(f, data)
ui.canvas_style()
code = ui.room_code(len(slides))
number = ui.current_slide(len(slides), code)

if ui.presenter_view():
    if code is None:
        st.error("This presenter link's room has closed. Open the presenter view again from the briefing.")
        st.page_link("pages/briefing.py", label="Back to the briefing", icon=":material/slideshow:")
        st.stop()
    ui.rooms().start_clock(code)
    ui.slide(shown(f, data, number), "deck_current")
    if number < len(slides):
        ui.slide(shown(f, data, number + 1), "deck_upcoming")
    ui.notes(slides[number - 1])
    ui.clock(code)
else:
    ui.slide(shown(f, data, number), "deck_slide")
ui.controls(slides, number, code, slides[0].headline)
ui.follow(code, number)
