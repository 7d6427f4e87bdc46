"""Briefing: the story of the filtered data on a 16:9 canvas, with a presenter window that steers it."""

import streamlit as st

from components.app.runs import fragment
from components.app.ui import dataset_or_stop
from components.briefing import content, ui
from components.data.loader import Dataset
from components.state.filters import Filters
from components.state.session_ui import current_filters


# A fragment: a step (a control, or its key) reruns the slide and the controls only, not the app
# around them (the sidebar's filters, the title, the URL's mirror), which the canvas hides anyway.
@fragment
def deck(f: Filters, data: Dataset, code: str | None) -> None:
    # One container, without gaps, as the canvas's own column: the fragment's block has gaps between
    # its elements, and a gap would push the slide over the controls.
    with st.container(key="briefing_frame", gap=None):
        slides = content.kept(data, f)
        number = ui.current_slide(len(slides), code)

        def at(n: int) -> content.Slide | None:  # slide n sized, None past the last
            return slides[n - 1].for_room if n <= len(slides) else None

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
code = ui.room_code(len(content.kept(data, f)))
if ui.presenter_view() and code is None:
    st.error("This presenter link's room has closed. Open the presenter view again from the briefing.")
    st.page_link("pages/briefing.py", label="Back to the briefing", icon=":material/slideshow:")
    st.stop()
deck(f, data, code)
ui.follow(code)
