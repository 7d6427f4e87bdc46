"""Streamlit glue for the Briefing: the slide canvas, its controls and keys, and the room that keeps
a presenter window and the audience window on the same slide.

The slide number lives in the URL (`?slide=N`, so a prepared link opens its slide) and, when a
room is open, in the room: whichever window moves writes both, and each window polls the room
with a small fragment and follows within a second. The room code is in both windows' URLs.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape

import streamlit as st

from components.app.runs import fragment
from components.app.ui import download_button
from components.briefing import canvas, html_deck, keys, pptx_deck
from components.briefing.content import Slide
from components.briefing.rooms import Rooms
from components.charts.linked_ui import linked_chart
from components.core.formatting import as_markdown_text
from components.state import url_ui as url
from components.state.keys import NOTES, ROOM, SHOWN, SLIDE, VIEW

PRESENTER = "presenter"
POLL_SECONDS = 0.3  # the audience follows the presenter within a second: a poll plus a rerun
IDLE_POLL_SECONDS = 2.0  # until a presenter window opens: its first move is followed within ~2 s


@st.cache_resource
def rooms() -> Rooms:
    """One store per server, shared by every session on it (st.cache_resource returns the same object)."""
    return Rooms()


# What the slide type of deck_common.css applies to in the app: the slide's containers (deck_slide,
# deck_current, deck_upcoming) and the rest of the deck_ keys, whose text the canvas sets alike.
SCOPE = '[class*="st-key-deck_"]'


@cache
def _assets() -> tuple[str, str]:
    script = canvas.script(
        "app_deck.js",
        FULLSCREEN_TITLE=escape(keys.tooltip("fullscreen")),
        # P clicks the control bar's "Presenter view" link, found by where it leads.
        PRESENTER_LINK=json.dumps(f'a[href*="{VIEW}={PRESENTER}"]'),
    )
    return canvas.style("app_deck.css", SCOPE), script


def presenter_view() -> bool:
    return url.get(VIEW) == PRESENTER


def room_code(count: int) -> str | None:
    """This window's room: the one in the URL if it is still open; a new one for an audience window
    without one (a presenter link whose room has expired gets None and says so)."""
    code = url.get(ROOM)
    if rooms().get(code) is not None:
        return code
    if presenter_view():
        return None
    code = rooms().open(current_slide(count))
    url.put(ROOM, code)
    return code


def current_slide(count: int, code: str | None = None) -> int:
    """1-based: the room's slide when a room is open, else the URL's, kept within the deck."""
    room = rooms().get(code)
    if room is not None:
        number = room.slide
        # The URL follows the room here, on the full run, and not only in `follow`: a query-param
        # change made just before st.rerun(scope="app") can be dropped with the interrupted run, which
        # left the audience on the right slide under a stale ?slide= (seen once in CI).
        if 1 <= number <= count and url.get(SLIDE, "1") != str(number):
            url.put(SLIDE, str(number))
    else:
        try:
            number = int(url.get(SLIDE, "1"))
        except ValueError:
            number = 1
    return number if 1 <= number <= count else 1  # like a bound widget, an invalid number is dropped


def go(number: int, code: str | None) -> None:
    """A control's callback: move this window (URL) and the room (so the other window follows)."""
    url.put(SLIDE, str(number), force=True)
    rooms().move(code, number)
    # This run's deck shows it: `follow`, run in the same run when a poll was queued with the press,
    # must not take the room's move for the other window's and rerun the app, for Streamlit then
    # calls this callback a second time, from the next slide's button (a press skipped a slide).
    showing(number)


def _targets(number: int, count: int) -> dict[str, int]:
    return {"first": 1, "prev": max(number - 1, 1), "next": min(number + 1, count), "last": count}


ICONS = {
    "first": ":material/first_page:",
    "prev": ":material/arrow_back:",
    "next": ":material/arrow_forward:",
    "last": ":material/last_page:",
}


def canvas_style() -> None:
    """Turn the page into the 16:9 canvas: hide the app's chrome, scale the canvas to the window."""
    css, _ = _assets()
    st.html(f"<style>{css}</style>")


def controls(slides: list[Slide], number: int, code: str | None, title: str) -> None:
    """The control bar along the canvas's bottom edge, the same on every slide."""
    count = len(slides)
    _, script = _assets()
    with st.container(key="deck_controls", horizontal=True, vertical_alignment="center", gap="small"):
        _steps(number, count, code)
        st.markdown(f"{number} / {count}", width="content")
        st.space("stretch")
        if presenter_view():
            st.button("Notes", key="deck_notes", on_click=_toggle_notes, type="tertiary", help=keys.tooltip("notes"))
            st.button(
                "Restart clock", key="deck_clock", on_click=rooms().start_clock, args=(code, True), type="tertiary"
            )
        else:
            if code:
                st.link_button(
                    "Presenter view",
                    url.link(**{ROOM: code, VIEW: PRESENTER}),
                    type="tertiary",
                    icon=":material/co_present:",
                    help=keys.tooltip("presenter") + ". This window follows it.",
                )
            _downloads(slides, title)
        st.html(script, unsafe_allow_javascript=True, width="content")
        with st.container(key="deck_exit", width="content"):
            st.page_link("pages/overview.py", label="Exit", icon=":material/close:", help=keys.tooltip("leave"))


def _steps(number: int, count: int, code: str | None) -> None:
    """First, previous, next, last: icon buttons whose tooltips name their keys."""
    for action, target in _targets(number, count).items():
        st.button(
            "",
            key=f"deck_{action}",
            icon=ICONS[action],
            help=keys.tooltip(action),
            type="tertiary",
            on_click=go,
            args=(target, code),
            disabled=target == number,
        )


def _downloads(slides: list[Slide], title: str) -> None:
    """The briefing to take away: one offline HTML file, and PowerPoint with native charts."""
    download_button(
        "HTML",
        lambda: html_deck.to_html([s.for_room for s in slides], f"Briefing: {title}"),
        "kz-briefing.html",
        "text/html",
        icon=":material/download:",
        type="tertiary",
        help="Download the briefing as one HTML file that works offline, with a presenter window",
    )
    download_button(
        "PowerPoint",
        lambda: pptx_deck.to_pptx([s.for_room for s in slides]),
        "kz-briefing.pptx",
        pptx_deck.MIME,
        icon=":material/download:",
        type="tertiary",
        help="Download as PowerPoint: editable native charts, notes in the notes pane",
    )


def _toggle_notes() -> None:
    st.session_state[NOTES] = not st.session_state.get(NOTES, True)


def slide(slide: Slide, key: str, ahead: Slide | None = None) -> None:
    """One slide's text and chart, in a container the canvas CSS places and scales. Every slide has
    the same parts, a slide without a chart an empty one (hidden by app_deck.css): Streamlit now and
    then leaves behind an element that a step stops drawing, and a presenter saw the next slide's
    pane keep the chart of a slide long gone. The empty chart also loads plotly.js while the title is
    up, before the first step needs it: about 0.9 s of the browser's main thread (1280x720).
    `ahead`: the slide a step forward shows here, whose chart the browser draws meanwhile."""
    # A chart's box is measured unzoomed, so its height in real pixels is the canvas height (app_deck.css).
    # The empty chart's accessible name is "", which app_deck.css hides.
    spec, height, label, box = _chart(slide)
    with st.container(key=key):
        st.html(html_deck.slide_text(slide))
        with st.container(key=f"deck_chart_{key}", height=box, border=False):
            linked_chart(
                spec,
                height=height,
                key=f"{key}_chart",
                label=label,
                # Static: plotly's hover and clicks misplace themselves on a zoomed canvas, and a room does not hover.
                config={"staticPlot": True},
                # Drawn anew on a step: Plotly.react kept the slide before's measurements, and put
                # an axis title among the tick labels (slide 3 after slide 2).
                fresh=True,
                ahead=() if ahead is None else (_chart(ahead)[0],),
            )


def _chart(slide: Slide) -> tuple[str, int, str, int | str]:
    """The slide's chart as sent (spec), its height in px, its accessible name and its box's height;
    for a slide without one, the empty chart's, named "" and as high as its content."""
    if slide.figure is None:
        return EMPTY, 10, "", "content"
    height = int(slide.figure.layout.height)
    return slide.spec, height, slide.headline, height


EMPTY = json.dumps({"data": [], "layout": {"width": 10, "height": 10}})
END = Slide(key="end", headline="End of the briefing")


def upcoming(following: Slide | None, ahead: Slide | None) -> None:
    """The presenter's next slide, or the end: the pane is always drawn (see slide)."""
    slide(following or END, "deck_upcoming", ahead)


def notes(slide: Slide) -> None:
    with st.container(key="deck_notes_pane"):
        if st.session_state.get(NOTES, True):
            st.markdown("\n".join(f"- {as_markdown_text(n)}" for n in slide.notes) or "No notes for this slide.")


def clock(code: str) -> None:
    """The presenter's elapsed time, ticked by app_deck.js in the browser: no rerun every second."""
    room = rooms().get(code)
    start = int((room.clock_start if room and room.clock_start else 0) * 1000)
    with st.container(key="deck_clock_pane"):
        st.html(f'<div class="deck-clock" data-start="{start}">00:00:00</div>')


def showing(number: int) -> None:
    """The slide this window shows now, for follow(): the deck is a fragment, its steps do not run
    the page (and follow's own arguments would keep the number of the last full run)."""
    st.session_state[SHOWN] = number


def follow(code: str | None) -> None:
    """Poll the room: when the other window has moved, move this one (a whole-page rerun). Draws
    nothing, so the page does not flicker between polls. Every poll is a fragment run on the server,
    asked for by the browser: an audience window with no presenter window yet polls seldom, or 100
    viewers of the briefing would cost the server 330 runs a second for nothing."""
    room = rooms().get(code)
    if room is None:
        return
    if presenter_view() or room.clock_start is not None:
        _follow(code)
    else:
        _await_presenter(code)


def _moved(code: str | None, joined: bool) -> None:
    """Rerun the app when the room's slide is not the one shown, or (`joined`) a presenter window has opened."""
    room = rooms().get(code)
    shown = st.session_state.get(SHOWN)
    if room is not None and (room.slide != shown or (joined and room.clock_start is not None)):
        st.rerun(scope="app")  # the full run shows the room's slide and puts it in the URL (current_slide)


@fragment(run_every=POLL_SECONDS)
def _follow(code: str | None) -> None:
    _moved(code, joined=False)


@fragment(run_every=IDLE_POLL_SECONDS)
def _await_presenter(code: str | None) -> None:
    """The seldom poll: a presenter window opened (the full run then polls often) or a slide moved."""
    _moved(code, joined=True)
