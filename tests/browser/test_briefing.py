"""The Briefing at 1280x720: every slide fits without scrolling, the Right arrow advances and puts
the slide in the URL, and the exported HTML works from disk with every request blocked."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import READY, assert_clean, goto, run_mark, wait_ready
from tests.browser.helpers import download as download_file

pytestmark = pytest.mark.browser
SLIDES = 7
SIZE = {"width": 1280, "height": 720}


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_slides_fit_and_arrow_keys_move(browser, app_server):
    context = browser.new_context(viewport=SIZE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        goto(page, app_server + "/briefing")
        seen = []
        for number in range(1, SLIDES + 1):
            if number > 1:
                before, mark = heading(page), run_mark(page)
                page.keyboard.press("ArrowRight")
                page.wait_for_function(
                    f"(b) => ({READY})() && document.querySelector('h1')?.innerText !== b", arg=before, polling=100
                )
                wait_ready(page, since=mark)
                assert f"slide={number}" in page.url
            seen.append(heading(page))
            overflow = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                                          return m.scrollHeight - m.clientHeight; }""")
            assert overflow <= 0, f"slide {number} overflows 720 px by {overflow} px"
            assert page.locator('[data-testid="stException"]').count() == 0
        assert len(set(seen)) == SLIDES  # seven different headlines
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()  # no developer chrome
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"() => location.search.includes('slide={SLIDES - 1}')", polling=100)
        assert not errors
    finally:
        context.close()


def test_a_prepared_link_opens_its_slide(page, app_server):
    goto(page, app_server + "/briefing?slide=4&types=Security+operations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Militants made up 32 of the 32 dead.")
    assert_clean(page)


def test_exported_html_works_offline_from_disk(page, browser, app_server, tmp_path):
    goto(page, app_server + "/briefing")
    path = tmp_path / "briefing.html"
    download_file(page, page.get_by_role("button", name="Download briefing")).save_as(path)
    assert path.stat().st_size > 1_000_000  # plotly.js is inside

    context = browser.new_context(viewport=SIZE)
    requests, errors = [], []
    context.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith("file:") else (requests.append(r.request.url), r.abort()),
    )
    deck = context.new_page()
    deck.on("pageerror", lambda e: errors.append(str(e)))
    deck.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        deck.goto(path.as_uri())
        for number in range(1, SLIDES + 1):
            active = deck.locator(".slide.active")
            expect(deck.locator("#position")).to_have_text(f"{number} / {SLIDES}")
            if active.locator(".chart").count():
                expect(active.locator(".chart .main-svg").first).to_be_attached()
                assert active.locator(".chart g.trace").count() > 0, f"slide {number} drew no trace"
            deck.keyboard.press("ArrowRight")
        deck.keyboard.press("Home")
        expect(deck.locator("#position")).to_have_text(f"1 / {SLIDES}")
        assert not requests, requests
        assert not errors, errors
    finally:
        context.close()
