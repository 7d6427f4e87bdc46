"""Compare in a real browser: a file opened beside the curated data from the upload, a pair rejected
by hand (kept in the URL, the next candidate takes its place), and the match table as CSV."""

import csv
import io
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.helpers import CHART_TEXTS, assert_clean, download, goto, run_mark, switch_on, wait_ready

DATA = Path(__file__).resolve().parents[1] / "data"
GTD = DATA / "compare_gtd.csv"
UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'
REJECTED = "2011-10-31-atyrau:gtd-201110310001"
# Text wider than the box that shows it (boxes of 1 px are the widget's hidden parts).
CUT_TEXT = """d => [...d.querySelectorAll('*')]
  .filter(e => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


def test_reject_a_pair_by_hand_and_download_the_match_table(page, app_server, tmp_path):
    goto(page, app_server + "/data")
    page.get_by_text("Bring your own data").click()
    switch_on(page, "Compare with the curated incidents")
    mark = run_mark(page)
    page.locator(UPLOADER).set_input_files(str(GTD))
    wait_ready(page, since=mark, timeout=60_000)  # the upload's run
    expect(page.get_by_text("compare_gtd.csv (GTD) is open beside the curated data")).to_be_visible()
    assert page.locator(".st-key-imported_banner").count() == 0  # the curated data is still the data

    mark = run_mark(page)
    page.get_by_role("link", name="Compare it with the curated incidents").click()
    wait_ready(page, since=mark)  # the Compare page's run
    expect(page).to_have_url(re.compile(r"/compare(\?|$)"))
    headline = page.get_by_role("heading", name="GTD records 12 incidents")
    expect(headline).to_contain_text("10 match the note; the note has 6 the GTD lacks; deaths differ in 2 pairs")
    # The chart of monthly deaths: every label inside it and none over another. Its axis title had
    # covered its tick labels, whose first digits fell off ("15" read "5"), and the last line of its
    # subtitle had run over the top tick label.
    chart = page.locator('[data-testid="stPlotlyChart"]').last
    size = page.viewport_size
    for width in (size["width"], 800, 390):  # as wide as the test window, then narrower
        page.set_viewport_size({"width": width, "height": size["height"]})
        # Redrawn for the new width: the plot as wide as its box, and that box as wide as the window has it.
        page.wait_for_function(
            """([c, width]) => innerWidth === width && Math.abs(c.querySelector('.main-svg')
                 .getBoundingClientRect().width - c.getBoundingClientRect().width) < 2""",
            arg=[chart.element_handle(), width],
        )
        expect(chart.locator(".ytick text").first).to_be_visible()
        found = chart.evaluate(CHART_TEXTS)
        assert found["texts"] >= 8 and not found["clipped"] and not found["overlapping"], (width, found)
        # The period shows its whole range: stretched, it got what the country and the button left
        # (150 px at 800 with the sidebar open, 141 on a phone) and its end date was cut off.
        cut = page.locator('[data-testid="stDateInput"]').evaluate(CUT_TEXT)
        assert not cut, (width, cut)
    page.set_viewport_size(size)

    page.get_by_role("combobox", name="A pair").click()
    page.keyboard.type(REJECTED)  # typing opens the list (a click alone only focuses it)
    mark = run_mark(page)
    page.locator("[role=option]", has_text=REJECTED).click()
    wait_ready(page, since=mark)
    page.evaluate("() => { window.__kzDeltas = 0; }")
    mark = run_mark(page)
    page.get_by_role("button", name="Reject this pair").click()
    wait_ready(page, since=mark)
    chip = page.get_by_role("button", name=f"rejected {REJECTED}")
    expect(chip).to_be_visible()
    # The chip right after its caption's words (stretched, the caption left ~400 px before it).
    said = page.get_by_text("Decided by hand (click to undo):").evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect().right; }"
    )
    assert 0 <= chip.bounding_box()["x"] - said <= 40, (said, chip.bounding_box())
    # A fragment run: the sidebar, the file's overlap and the page's head are not sent again.
    rejected = page.evaluate("() => window.__kzDeltas")
    page.evaluate("() => { window.__kzDeltas = 0; }")
    mark = run_mark(page)
    # A sidebar filter: a run of the whole page (the filters do not apply here; it shows the same).
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Bombings", exact=True).click()
    wait_ready(page, since=mark)
    whole = page.evaluate("() => window.__kzDeltas")
    print(f"elements sent: {rejected} for a rejection, {whole} for a run of the whole page")
    assert whole - rejected >= 10, (rejected, whole)
    expect(page.get_by_role("button", name=f"rejected {REJECTED}")).to_be_visible()
    assert parse_qs(urlsplit(page.url).query)["reject"] == [REJECTED]
    expect(headline).to_contain_text("10 match the note")  # the weaker candidate takes its place
    if os.environ.get("COMPARE_SCREENSHOT"):
        page.screenshot(path=os.environ["COMPARE_SCREENSHOT"], full_page=True)

    path = tmp_path / "match.csv"
    download(page, page.get_by_role("button", name="Match table (CSV)")).save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    by_curated = {r["curated_id"]: r for r in rows if r["status"] == "matched"}
    assert len(by_curated) == 10
    assert by_curated["2011-10-31-atyrau"]["import_id"] == "gtd-201111010001"
    assert by_curated["2011-06-29-aktobe"]["killed_total_check"] == "differs"
    assert by_curated["2012-09-12-kulsary"]["import_killed_total"] == ""  # unknown stays empty, never 0
    assert {r["status"] for r in rows} == {"matched", "only in the note", "only in GTD"}
    assert "gtd-201110310001" in {r["import_id"] for r in rows if r["status"] == "only in GTD"}
    assert_clean(page)
