"""Reproduce this view and Cite in a real browser: the Overview's zip, with a filter applied, unpacks
to a reproduce.py that prints the page's title and figures; Cite opens from the keyboard and gives
the view's link as BibTeX and RIS."""

import subprocess
import sys
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import POPOVER_FILLED_MS, assert_clean, download, goto
from tests.publish_helpers import ENV

pytestmark = pytest.mark.browser

QUERY = "/?types=Bombings&types=Armed+assaults"
LINK = QUERY.removeprefix("/")  # the permalink is the page address (no trailing slash) and the query


def test_the_overviews_zip_reproduces_the_filtered_view(page, app_server, tmp_path):
    goto(page, app_server + QUERY)
    page.get_by_role("button", name="Reproduce this view").click()
    saved = tmp_path / "view.zip"
    download(page, page.get_by_role("button", name="Reproduce (.zip)")).save_as(saved)
    with zipfile.ZipFile(saved) as z:
        names = set(z.namelist())
        readme = z.read("reproduce-view/README.txt").decode()
        z.extractall(tmp_path)
    assert {
        "reproduce-view/reproduce.py",
        "reproduce-view/reproduce.ipynb",
        "reproduce-view/data/incidents.csv",
    } <= names
    assert f"Its link: {app_server}{LINK}" in readme
    folder = tmp_path / "reproduce-view"
    done = subprocess.run([sys.executable, "reproduce.py"], cwd=folder, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    printed = done.stdout.splitlines()
    assert printed[0] == page.get_by_role("heading", level=1).first.inner_text() == "Bombings and armed assaults"
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert [line.split(": ", 1)[1].split(" (")[0] for line in printed[2:6]] == values
    assert all((folder / name).stat().st_size > 1_000_000 for name in ("chart_types.html", "chart_escalation.html"))
    assert_clean(page)


def test_cite_opens_from_the_keyboard_with_the_views_link(page, app_server):
    goto(page, app_server + QUERY)
    page.get_by_role("button", name="Cite").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("@misc{kz_terrorism_2011_2012", exact=False)).to_be_visible(timeout=POPOVER_FILLED_MS)
    expect(page.get_by_text(f"url = {{{app_server}{LINK}}}", exact=False)).to_be_visible()
    page.get_by_role("tab", name="RIS").click()
    expect(page.get_by_text("TY  - DATA", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Download RIS")).to_be_visible()
    assert_clean(page)


# Where the keyboard is: inside the open popover's body, or the control's name outside it.
WHERE = """() => { const e = document.activeElement;
  if (e.closest('[data-testid="stPopoverBody"]')) return 'inside';
  return (e.getAttribute('aria-label') || e.textContent).trim(); }"""


def test_an_open_popover_is_entered_and_left_by_tab_alone(page, app_server):
    """Streamlit draws an open popover at the end of the page: Tab from its button went through the page
    behind it and never reached its tabs, copy or download buttons (app/assets/popover_keys.js)."""
    goto(page, app_server + QUERY)
    cite = page.get_by_role("button", name="Cite")
    cite.focus()
    page.keyboard.press("Enter")
    # Filled by a run of its own once open (publish/ui.py): what a reader waits for too.
    expect(page.get_by_role("button", name="Download BibTeX")).to_be_visible(timeout=POPOVER_FILLED_MS)
    page.keyboard.press("Tab")
    assert page.evaluate(WHERE) == "inside"  # the format tabs: arrows pick RIS
    page.keyboard.press("Shift+Tab")
    expect(cite).to_be_focused()  # and back
    page.keyboard.press("Escape")
    # Closed, then opened again as a person does it. Streamlit's popover drops an Enter pressed within
    # a frame of the Escape (2 of 3 tries at 0 ms, none of 8 at 50-400 ms): the test then tabbed from
    # a closed popover (a CI failure). A person's next key comes later than that.
    expect(page.get_by_role("button", name="Download BibTeX")).to_be_hidden()
    expect(cite).to_be_focused()
    page.wait_for_timeout(100)
    page.keyboard.press("Enter")
    expect(cite).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("button", name="Download BibTeX")).to_be_visible(timeout=POPOVER_FILLED_MS)
    seen = []
    for _ in range(8):  # through the body's controls (tabs, the text, copy, download) and out
        page.keyboard.press("Tab")
        if (where := page.evaluate(WHERE)) != "inside":
            break
        seen.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    assert len(set(seen)) >= 2, seen
    assert where and "Cite" not in where  # out on the page again, after the button: not back to its top
    page.keyboard.press("Escape")
    assert_clean(page)
