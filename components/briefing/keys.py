"""The slide keys, once: the exported deck's and the app's key handling (the table goes into both
decks' JavaScript as JSON, and they look every key up in it), every control's tooltip and any key
list shown to people are made from this table, so the three can no longer drift apart. Pure: no
Streamlit.

Keys are KeyboardEvent.key values, as the browser reports them ("ArrowRight", " " for Space, "f"
and "F" for one letter with and without Caps Lock or Shift). "Shift+" before one means Shift held:
the decks look "Shift+<key>" up first and then "<key>", so Shift+Space goes back while
Shift+Right still goes forward. A key with Alt, Ctrl or Meta held is left to the browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    keys: tuple[str, ...]
    label: str  # the control's name: its tooltip is the label and the keys, "Next (Right, Down, ...)"
    meaning: str  # what the keys do, in the app and in the exported file alike


# Up and Down are here because presentation clickers and reveal.js habits send them; documented,
# not hidden. Order: the order a key list shows them in.
ACTIONS: dict[str, Action] = {
    "next": Action(("ArrowRight", "ArrowDown", " ", "PageDown"), "Next", "Next slide"),
    "prev": Action(("ArrowLeft", "ArrowUp", "Shift+ ", "PageUp"), "Previous", "Previous slide"),
    "first": Action(("Home",), "First slide", "First slide"),
    "last": Action(("End",), "Last slide", "Last slide"),
    "fullscreen": Action(("f", "F"), "Full screen", "Enter or leave full screen"),
    "presenter": Action(
        ("p", "P"),
        "Presenter view: next slide, notes, clock",
        "Open the presenter window (current and next slide, notes, clock); this window follows it",
    ),
    "notes": Action(("n", "N"), "Notes", "Show or hide the notes (in the presenter window)"),
    # Esc is the key people press to get out of something, and full screen is the thing they are
    # most often in: so it leaves full screen first (which is also all a browser lets Esc do there),
    # and only a second press leaves the briefing. The exported file's audience window has nothing
    # to go back to, and a script that closed it could close the browser in front of the room.
    "leave": Action(
        ("Escape",),
        "Leave the briefing",
        "Leave full screen; out of full screen, leave the briefing: the app goes back to the Overview,"
        " the exported file's presenter window closes (its audience window stays open)",
    ),
}

# How a key is written for people where its KeyboardEvent.key value is not its name.
NAMES = {
    " ": "Space",
    "ArrowRight": "Right",
    "ArrowLeft": "Left",
    "ArrowUp": "Up",
    "ArrowDown": "Down",
    "Escape": "Esc",
}


def keymap() -> dict[str, str]:
    """KeyboardEvent.key value (with "Shift+" where Shift changes the action) -> action."""
    return {key: action for action, spec in ACTIONS.items() for key in spec.keys}


def as_json() -> str:
    """The key map as a JavaScript object literal for the decks' scripts."""
    return json.dumps(keymap(), sort_keys=True)


def name(key: str) -> str:
    """One key for people: 'Shift+Space', 'Right', 'F'."""
    bare = key.removeprefix("Shift+")
    return ("Shift+" if bare != key else "") + NAMES.get(bare, bare.upper() if len(bare) == 1 else bare)


def names(action: str) -> str:
    """The action's keys for people: 'Right, Down, Space, PageDown'; a letter once, not as f and F."""
    return ", ".join(dict.fromkeys(name(k) for k in ACTIONS[action].keys))


def tooltip(action: str) -> str:
    """A control's tooltip: 'Next (Right, Down, Space, PageDown)'."""
    return f"{ACTIONS[action].label} ({names(action)})"
