"""The synthetic hostile corpus (tests/hostile.py) uploaded in a real browser, every request to
another host aborted and recorded: nothing from the file becomes a link, an image, a request, a
formula or a crash, on any page (sidebar included) or in the exported deck (issue 15)."""

from __future__ import annotations

import io
import json
import time
import urllib.request
import zipfile

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests import hostile
from tests.browser.helpers import assert_clean, download, goto, run_mark, wait_ready
from tests.browser.test_import import BANNER, open_page, upload

PAGES = ("Overview", "Incidents", "Briefing", "Data")
# Links, images and frames the page holds whose address or text comes from the corpus: its URLs
# name "host", and <img src=x> would be a request to this server's /x.
FROM_DATA = """() => [...document.querySelectorAll('a, img, iframe, image, object, embed')]
  .map(e => [e.tagName, e.getAttribute('href') || e.getAttribute('xlink:href') || e.getAttribute('src') || '',
             (e.textContent || '').slice(0, 80)])
  .filter(([tag, url, text]) => /host|^x$/.test(url) || /host|^T$/.test(text.trim()))"""


def _file(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _every_page_is_clean(page) -> None:
    """Visit every page in this session; each renders, with nothing from the data made live."""
    for name in PAGES:
        open_page(page, name)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        assert page.evaluate(FROM_DATA) == [], name
        if name == "Briefing":
            open_page(page, "Exit")  # the briefing hides the navigation
    assert_clean(page)


def test_the_hostile_corpus_stays_text_on_every_page(page, app_server, tmp_path):
    rows = len(hostile.hostile_frame())
    goto(page, app_server + "/data")
    upload(page, _file(tmp_path, "[x](https:__host) www.host.csv", hostile.hostile_csv()))
    expect(page.locator(BANNER)).to_contain_text(f"{rows} incidents")
    _every_page_is_clean(page)

    # The incidents table's CSV re-reads as exactly the uploaded records, formulas neutralised.
    open_page(page, "Incidents")
    csv = download(page, page.get_by_role("button", name="CSV")).path().read_bytes()
    back = pd.read_csv(io.BytesIO(csv), dtype=str, keep_default_na=False)
    assert len(back) == rows
    assert not back["summary"].str.match(r"\s*[=+\-@＝＋－＠]").any()

    # Incidents' details, hostile text in every field.
    for words in ("img.png", "href", "material/home", "first second"):
        _open_first_match(page, words)
        assert page.locator('[data-testid="stException"]').count() == 0, words
        assert page.evaluate(FROM_DATA) == [], words

    # Values from a link someone sent are echoed as text (a new session: the curated data).
    goto(page, app_server + "/incidents?incident=www.host&q=see+https://host/login")
    expect(page.get_by_text("There is no incident with the id")).to_be_visible()
    assert page.evaluate(FROM_DATA) == []
    assert_clean(page)


def _open_first_match(page, words: str) -> None:
    """Search the Incidents table and open its first row (the grid is a canvas: click its
    selection cell)."""
    mark = run_mark(page)
    page.get_by_role("textbox", name="Search").fill(words)
    page.keyboard.press("Enter")
    wait_ready(page, since=mark)  # the search's run, not the state before it
    grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    mark = run_mark(page)
    page.mouse.click(grid["x"] + 18, grid["y"] + 35 + 35 / 2)
    wait_ready(page, since=mark)  # an earlier search may have opened an incident: its id is in the URL already
    assert "incident=" in page.url, words


def test_a_one_megabyte_word_is_cut_and_shown_whole_on_request(page, app_server, tmp_path):
    goto(page, app_server + "/data")
    upload(page, _file(tmp_path, "huge.csv", hostile.hostile_csv()))
    open_page(page, "Incidents")
    _open_first_match(page, "W" * 30)
    toggle = page.get_by_text("Show all 1,000,000 characters")
    expect(toggle).to_be_visible()
    started = time.monotonic()
    toggle.click()
    wait_ready(page, timeout=20_000)
    expect(page.locator('[data-testid="stCode"]')).to_be_visible()
    print(f"1 MB word shown whole in {time.monotonic() - started:.1f} s")
    assert_clean(page)


def test_the_exported_deck_has_no_markup_from_the_data(page, app_server, tmp_path):
    goto(page, app_server + "/data")
    upload(page, _file(tmp_path, "deck.csv", hostile.hostile_csv()))
    open_page(page, "Briefing")
    html = download(page, _export(page, "HTML")).path().read_text(encoding="utf-8")
    body = html[html.index("<body>") : html.index('<script type="application/json"')]
    figures = html[html.index('<script type="application/json"') :]
    assert "<a " not in body and "<img" not in body
    assert "<a href" not in figures and "<img" not in figures  # plotly would draw them as links
    pptx = download(page, _export(page, "PowerPoint")).path().read_bytes()
    assert hostile.pptx_live(pptx) == []  # no link on a shape or run, no formula or link in a chart's sheet
    assert b"&lt;img src=x&gt;" in _pptx_text(pptx)  # the data is there, as text
    assert_clean(page)


def _export(page, name: str):
    """One of the export buttons in the Briefing's control bar (components/briefing/ui.py)."""
    return page.locator(".st-key-deck_controls").get_by_role("button", name=name, exact=True)


def _pptx_text(raw: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as deck:
        return b"".join(deck.read(n) for n in deck.namelist() if n.startswith("ppt/slides/slide"))


def test_a_second_session_with_the_same_bytes_sees_its_own_name(page, browser, app_server, tmp_path):
    content = hostile.one_row_csv()
    goto(page, app_server + "/data")
    upload(page, _file(tmp_path, "first-name.csv", content))
    expect(page.locator(BANNER)).to_contain_text("first-name.csv")
    other = browser.new_context(accept_downloads=True).new_page()
    try:
        goto(other, app_server + "/data")
        upload(other, _file(tmp_path, "second-name.csv", content))
        expect(other.locator(BANNER)).to_contain_text("second-name.csv")
        open_page(other, "Briefing")
        other.keyboard.press("End")
        deck = download(other, _export(other, "HTML")).path().read_text("utf-8")
        assert "second-name.csv" in deck and "first-name.csv" not in deck
    finally:
        other.context.close()
    expect(page.locator(BANNER)).to_contain_text("first-name.csv")


@pytest.mark.parametrize("make", [hostile.one_row_csv, hostile.one_date_csv])
def test_one_row_and_one_date_imports_give_working_pages(page, app_server, tmp_path, make):
    goto(page, app_server + "/data")
    upload(page, _file(tmp_path, f"{make.__name__}.csv", make()))
    expect(page.locator(BANNER)).to_be_visible()
    _every_page_is_clean(page)


def test_undrawable_dates_are_left_out_at_their_rows_and_pages_work(page, app_server, tmp_path):
    goto(page, app_server + "/data")
    upload(page, _file(tmp_path, "edge.csv", hostile.edge_dates_csv()))
    expect(page.locator(BANNER)).to_contain_text("1 imported, 0 with warnings, 2 left out")
    page.get_by_text("Left out: 2 (rows not imported, and why)").click()
    left = pd.read_csv(download(page, page.get_by_role("button", name="Left out (CSV)")).path(), dtype=str)
    assert left[["row", "column"]].values.tolist() == [["3", "date"], ["4", "date"]]  # the header is row 1
    why = [
        "'9999-12-31' is after the allowed maximum 2255-12-31",
        "'0001-01-01' is before the allowed minimum 1684-01-01",
    ]
    assert all(got.startswith(w) for got, w in zip(left["why"], why, strict=True)), left["why"].tolist()
    _every_page_is_clean(page)

    # A file none of whose rows can be placed in time is refused at its rows; the data stays.
    open_page(page, "Data")
    upload(page, _file(tmp_path, "undrawable.csv", hostile.undrawable_dates_csv()))
    expect(page.get_by_text("undrawable.csv was not imported")).to_be_visible()
    expect(page.get_by_text("no row can be placed in time").first).to_be_attached()  # the problems table
    expect(page.locator(BANNER)).to_contain_text("edge.csv")
    assert_clean(page)


@pytest.mark.parametrize("path", ["/incidents/extra", "/nope/deeper?q=1"])
def test_unknown_nested_paths_redirect_to_their_first_segment(page, app_server, path):
    response = page.goto(app_server + path)
    wait_ready(page)
    first = response.request.redirected_from
    assert first is not None and first.url == app_server + path  # one redirect, to the first segment
    assert response.url == app_server + path.replace("/extra", "").replace("/deeper", "")
    if path.startswith("/incidents"):
        expect(page.get_by_role("heading", name="Incidents")).to_be_visible()
    else:  # Streamlit's own answer to an unknown page (it also logs that as a console error)
        expect(page.get_by_text("Page not found")).to_be_visible()
        page.console_errors = [e for e in page.console_errors if "does not seem to exist" not in e]
    assert_clean(page)


def test_no_other_site_may_control_the_app_through_messages(app_server):
    """Streamlit's default lets Community Cloud's origins stop or rerun an app embedded there, and
    checks each message the page posts to itself against every origin (~10 ms per Overview click).
    The app lists none (.streamlit/config.toml), so the page opens no channel for them at all."""
    with urllib.request.urlopen(app_server + "/_stcore/host-config") as reply:
        assert json.load(reply)["allowedOrigins"] == []
