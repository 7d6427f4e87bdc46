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


# A fragment: a step (a control, or its key) reruns the slide and the controls only, not the app
# around them (the sidebar's filters, the title, the URL's mirror), which the canvas hides anyway.
@st.fragment
def deck(f: Filters, data: Dataset, code: str | None) -> None:
    # One container, without gaps, as the canvas's own column: the fragment's block has gaps between
    # its elements, and a gap would push the slide over the controls.
    with st.container(key="briefing_frame", gap=None):
        slides = slides_for(f, data)
        number = ui.current_slide(len(slides), code)

        def at(n: int) -> content.Slide | None:  # slide n sized, None past the last
            return shown(f, data, n) if n <= len(slides) else None

        if ui.presenter_view():
            ui.rooms().start_clock(code)
            ui.slide(at(number), "deck_current", ahead=at(number + 1))
            ui.upcoming(at(number + 1), ahead=at(number + 2))
            ui.notes(slides[number - 1])
            ui.clock(code)
        else:
            ui.slide(at(number), "deck_slide", ahead=at(number + 1))
        ui.controls(slides, number, code, slides[0].headline)
        ui.showing(number)


data = dataset_or_stop()
f = current_filters(data.table)
ui.canvas_style()
code = ui.room_code(len(slides_for(f, data)))
if ui.presenter_view() and code is None:
    st.error("This presenter link's room has closed. Open the presenter view again from the briefing.")
    st.page_link("pages/briefing.py", label="Back to the briefing", icon=":material/slideshow:")
    st.stop()
deck(f, data, code)
ui.follow(code)
