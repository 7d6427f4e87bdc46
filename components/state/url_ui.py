"""The URL: the one module that reads and writes `st.query_params`, and that builds every link.

Besides this module, only Streamlit itself writes the URL: the sidebar widgets are bound to it
(`bind="query-params"`), and writing a bound key here would raise. A test fails if any other module
touches `st.query_params`.

A parameter may repeat (`?types=Bombings&types=Suicide+bombings`), so the URL is read as (key, value)
pairs and every link is built from pairs, never from a dict of one value per key (which keeps the
last of a repeated key and once sent the presenter window a deck of one type). The pure half,
`query` and `replaced`, works on pairs and is tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

import streamlit as st

from components.state.days import day_text
from components.state.keys import DATES

Pairs = list[tuple[str, str]]


def query(pairs: Iterable[tuple[str, str]]) -> str:
    """'?a=1&a=2' (empty for no pairs): the query string of a link."""
    text = urlencode(list(pairs))
    return f"?{text}" if text else ""


def replaced(pairs: Iterable[tuple[str, str]], changes: Mapping[str, str | list[str] | None]) -> Pairs:
    """`pairs` with the keys in `changes` replaced (a list: that key repeated; None or []: removed),
    the other keys kept in place with all their values (as Datasette's path_with_replaced_args)."""
    out = [(k, v) for k, v in pairs if k not in changes]
    for key, value in changes.items():
        values = [value] if isinstance(value, str) else list(value or [])
        out += [(key, v) for v in values]
    return out


# -- reading -------------------------------------------------------------------------------------
def current() -> Pairs:
    """This page's parameters as pairs, repeated keys kept."""
    return [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]


def get(key: str, default: str | None = None) -> str | None:
    """The value of a single-valued parameter (the last one, if the URL repeats it)."""
    return st.query_params.get(key, default)


def get_all(key: str) -> list[str]:
    return st.query_params.get_all(key)


def has(key: str) -> bool:
    return key in st.query_params


# -- writing -------------------------------------------------------------------------------------
def put(key: str, values: str | list[str] | None, *, force: bool = False) -> None:
    """Set a parameter (a list: repeated; None or []: removed), writing only if it changes: every
    write is a message to the browser. `force`: write it even so, for a step the user took (a
    control's callback). A run starts with the URL the browser had when the step was asked for;
    a step back to the value the browser still shows, while the step before's write is on its way,
    looked like no change, that earlier write arrived last, and the URL stayed one step off (a
    Briefing key held down: slide 4 under ?slide=5). The browser adds no history entry for a URL
    it already shows."""
    wanted = [values] if isinstance(values, str) else list(values or [])
    if wanted == st.query_params.get_all(key) and not force:
        return
    if wanted:
        st.query_params[key] = wanted
    else:
        del st.query_params[key]


def drop(*keys: str) -> None:
    for key in keys:
        put(key, None)


# -- links ---------------------------------------------------------------------------------------
def spelled(pairs: Iterable[tuple[str, str]]) -> Pairs:
    """`pairs` with the date range in days (days.day_text): after a chart click the address has
    it in Streamlit's microseconds, which a link copied, cited or opened in a presenter window
    should not carry."""
    return [(k, day_text(v) if k == DATES else v) for k, v in pairs]


def share_link() -> str | None:
    """This view as a link: the page's address with its query parameters (None outside a browser)."""
    base = st.context.url
    return base + query(spelled(current())) if base else None


def link(**changes: str | list[str] | None) -> str:
    """A relative link to this page with some parameters changed and every other one kept (the
    presenter window: the same filters, with the room and the view added)."""
    return query(replaced(spelled(current()), changes)) or "?"
