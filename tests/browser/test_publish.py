"""Reproduce this view and Cite in a real browser: the Overview's zip, with a filter applied, unpacks
to a reproduce.py that prints the page's title and figures; Cite opens from the keyboard and gives
the view's link as BibTeX and RIS."""

import subprocess
import sys
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_clean, download, goto
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
    expect(page.get_by_text("@misc{kz_terrorism_2011_2012", exact=False)).to_be_visible()
    expect(page.get_by_text(f"url = {{{app_server}{LINK}}}", exact=False)).to_be_visible()
    page.get_by_role("tab", name="RIS").click()
    expect(page.get_by_text("TY  - DATA", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Download RIS")).to_be_visible()
    assert_clean(page)
