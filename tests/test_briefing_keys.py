"""The slide keys have one source (components/briefing/keys.py): both decks' scripts look keys up in
it and name none themselves, both handle every action in it, and every tooltip is made from it.
Also the briefing package's shape: only ui.py speaks to Streamlit, and no function or module grows
past what one can read at once."""

import re
from html import unescape
from pathlib import Path

import pytest

from components.briefing import canvas, html_deck, keys
from components.briefing.content import Slide

PACKAGE = Path(canvas.__file__).resolve().parent
DECKS = ["deck.js", "app_deck.js"]
SCRIPTS = [*DECKS, "deck_common.js"]
# Every KeyboardEvent.key value a deck might be tempted to write out, the table's and a few more.
KEY_NAMES = {k.removeprefix("Shift+") for k in keys.keymap()} | {"Enter", "Tab", "Backspace", "Spacebar", "Esc"}


def _source(name: str) -> str:
    return (canvas.ASSETS / name).read_text(encoding="utf-8")


def _handled(script: str) -> set[str]:
    """The actions a deck's handlers({...}) object names, written `name: ...` or as a shorthand `name,`."""
    block = re.search(r"handlers\(\{\n(.*?)\n\s*\}\)", script, re.S).group(1)
    lines = [ln.strip() for ln in block.splitlines() if not ln.strip().startswith("//")]
    return {m.group(1) for ln in lines if (m := re.match(r"""['"]?([\w-]+)['"]?\s*(?::|,$)""", ln))}


def test_no_key_is_bound_twice_and_the_keys_people_know_still_work():
    bound = [k for spec in keys.ACTIONS.values() for k in spec.keys]
    assert len(bound) == len(set(bound))
    for key, action in {
        "ArrowRight": "next",
        "ArrowLeft": "prev",
        " ": "next",
        "Shift+ ": "prev",
        "PageDown": "next",
        "PageUp": "prev",
        "Home": "first",
        "End": "last",
        "Escape": "leave",
        "f": "fullscreen",
        "n": "notes",
        "p": "presenter",
    }.items():
        assert keys.keymap()[key] == action, key


def test_tooltips_name_the_keys_for_people():
    assert keys.tooltip("next") == "Next (Right, Down, Space, PageDown)"
    assert keys.tooltip("prev") == "Previous (Left, Up, Shift+Space, PageUp)"
    assert keys.tooltip("fullscreen") == "Full screen (F)"  # one letter, not "f, F"
    assert keys.tooltip("leave") == "Leave the briefing (Esc)"


@pytest.mark.parametrize("name", SCRIPTS)
def test_deck_scripts_name_no_key(name):
    script = _source(name)
    assert "e.key ===" not in script and "e.key ==" not in script and "e.code" not in script
    literals = set(re.findall(r"""'([^'\n]*)'|"([^"\n]*)\"""", script))
    named = {text for pair in literals for text in pair if text in KEY_NAMES or re.fullmatch(r"[a-zA-Z]", text)}
    assert not named, f"{name} names keys itself: {named}"


@pytest.mark.parametrize("name", DECKS)
def test_each_deck_handles_every_action_of_the_table_and_reads_its_keys(name):
    assert _handled(_source(name)) == set(keys.ACTIONS)
    assert "$DECK_COMMON" in _source(name)
    assert keys.as_json() in canvas.script(name, DECK_ID="0", FULLSCREEN_TITLE="", PRESENTER_LINK="''")


def test_every_control_tooltip_comes_from_the_table():
    html = html_deck.to_html([Slide("caveats", "One slide.")], "B").decode("utf-8")
    buttons = re.findall(r'<button type="button" data-action="([\w-]+)" title="([^"]*)"', html)
    assert {a for a, _ in buttons} == {"first", "prev", "next", "last", "presenter", "fullscreen"}
    assert all(unescape(title) == keys.tooltip(action) for action, title in buttons), buttons
    from components.briefing import ui  # the app's own: its full-screen button and the Exit link

    _, script = ui._assets()
    assert f'title="{keys.tooltip("fullscreen")}"' in script
    # No tooltip in the app writes its keys out itself: "Notes (N)", "... (Esc)".
    source = Path(ui.__file__).read_text(encoding="utf-8")
    assert not re.search(r"""help=["'][^"']*\((Esc|Home|End|Right|Left|[A-Z])\b""", source)


def test_the_app_script_survives_streamlits_sanitizer():
    """st.html runs its scripts through DOMPurify, which drops a script whose text has a less-than
    sign before a letter, a slash or '!' (it would read as markup): the deck would lose its keys."""
    from components.briefing import ui

    _, html = ui._assets()
    script = re.search(r"<script>(.*)</script>", html, re.S).group(1)
    assert not re.search(r"<[/\w!]", script)
