"""What only a browser can show about layout and access: no serious or critical axe-core violation
on any page; at 800 px and on a 390 px phone the page does not overflow sideways, the charts stack
and no axis label or title is cut off, and the sidebar starts collapsed where it would take more
than a third of the width; the headline's changes and the Incidents page's download row show every
label whole; the Atyrau bombings view never labels an unknown casualty count 0."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import CHART_TEXTS, goto, wait_drawn

pytestmark = pytest.mark.browser

PAGES = ["/", "/incidents", "/briefing", "/data"]
CHARTS = ".js-plotly-plot"  # Streamlit's plotly charts and the linked ones alike
SHOTS = Path(os.environ.get("KZ_SCREENSHOTS", "")) if os.environ.get("KZ_SCREENSHOTS") else None

# No element may reach past the right edge of the window (and every chart text must lie inside its
# own chart's box: layout() adds helpers.CHART_TEXTS's `clipped` of every chart).
LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 1
                 && !e.closest('.js-plotly-plot .hoverlayer, [data-testid="stSidebar"]'))
    .map(e => (e.dataset.testid || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().right));
  const charts = [...document.querySelectorAll('.js-plotly-plot')].map(c => c.getBoundingClientRect());
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const side = sidebar ? sidebar.getBoundingClientRect() : null;  // collapsed: slid out to the left
  const open = side && side.right > 1 ? side.right - Math.max(side.left, 0) : 0;
  return {scroll: document.documentElement.scrollWidth - width, wide, width,
          charts: charts.map(r => [Math.round(r.left), Math.round(r.top), Math.round(r.width)]), sidebar: open};
}"""


# Every chart drawn as wide as the column that holds it (the linked charts follow their column).
FIT = f"""() => [...document.querySelectorAll('{CHARTS}')].every(c =>
  Math.round(c.parentElement.getBoundingClientRect().width)
  === Math.round(c.querySelector('.main-svg').getBoundingClientRect().width))"""


def layout(page) -> dict:
    """LAYOUT's findings, and `clipped`: the texts of every chart that reach outside it."""
    found = page.evaluate(LAYOUT)
    found["clipped"] = [t for chart in page.locator(CHARTS).all() for t in chart.evaluate(CHART_TEXTS)["clipped"]]
    return found


def settle(page, url: str) -> None:
    """The page as it stays: three charts drawn, each sized to its column, nothing fading in."""
    goto(page, url)
    page.wait_for_function(f"() => document.querySelectorAll('{CHARTS} .main-svg').length >= 3", polling=100)
    wait_drawn(page)
    page.wait_for_function(FIT, polling=100)


@pytest.mark.parametrize("width", [800, 390])
def test_narrow_windows_do_not_overflow_and_charts_stack(page, app_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    settle(page, app_server + "/?types=Bombings&types=Armed+assaults")
    found = layout(page)
    if SHOTS:  # the page scrolls inside the app, so a tall window shows all of it
        page.set_viewport_size({"width": width, "height": 2600})
        page.wait_for_function(f"() => innerHeight === 2600 && ({FIT})()", polling=100)
        wait_drawn(page)
        page.screenshot(path=str(SHOTS / f"overview-{width}.png"))
    assert found["scroll"] <= 0 and not found["wide"], found
    assert not found["clipped"], found["clipped"]
    assert found["sidebar"] <= width / 3, found  # collapsed, or a third of the width at most
    lefts = {left for left, _, _ in found["charts"]}
    assert len(lefts) == 1, found["charts"]  # one column: the types and casualty charts stack


def test_wide_window_keeps_the_sidebar_and_two_charts_side_by_side(page, app_server):
    settle(page, app_server + "/")
    found = layout(page)
    assert found["sidebar"] > 0 and not found["clipped"] and found["scroll"] <= 0, (found["sidebar"], found)
    assert len({left for left, _, _ in found["charts"]}) == 2, found["charts"]  # two side by side, one below


def test_the_headline_changes_are_read_whole_beside_the_open_sidebar(page, app_server):
    """At 800 px with the sidebar open a figure is ~120 px wide: '↑ +16 2012 vs 2011' was cut to
    '2012 vs 2…'; the years go under the change instead."""
    page.set_viewport_size({"width": 800, "height": 900})
    settle(page, app_server + "/")
    years = page.locator('[data-testid="stMetricDeltaDescription"] [data-testid="stCaptionContainer"]')
    expect(years).to_have_count(4)
    cut = years.evaluate_all("cs => cs.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText)")
    assert not cut and layout(page)["sidebar"] > 0, cut


def test_charts_follow_their_column_when_the_sidebar_closes(page, app_server):
    """Plotly alone follows the window only; closing the sidebar widens the columns, not the window."""
    settle(page, app_server + "/")
    widths = f"""() => [...document.querySelectorAll('{CHARTS}')].map(c => [
      Math.round(c.parentElement.getBoundingClientRect().width),
      Math.round(c.querySelector('.main-svg').getBoundingClientRect().width)])"""
    before = page.evaluate(widths)
    page.locator('[data-testid="stSidebar"]').hover()
    page.locator('[data-testid="stSidebarCollapseButton"] button').click()
    page.wait_for_function(
        f"() => ({widths})().every(([column, chart]) => column === chart && column > {before[0][0]})"
    )
    after = page.evaluate(widths)
    assert all(column == chart for column, chart in after) and after[0][0] > before[0][0], (before, after)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(page, app_server, path):
    goto(page, app_server + path)
    wait_drawn(page)  # axe judges contrast: no chart half drawn, no element half faded in
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5], v["help"])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


def test_atyrau_bombings_show_no_zero_for_unknown_casualties(page, app_server):
    """One incident (Atyrau, 31 Oct 2011) whose casualties the source does not give."""
    settle(page, app_server + "/?types=Bombings&region=Atyrau+Region")
    labels = page.locator(CHARTS).nth(1).locator("text.bartext").evaluate_all("ts => ts.map(t => t.textContent)")
    assert labels == ["unknown"] * 8, labels
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values[1:] == ["unknown"] * 3 and values[0] == "1", values


# A label cut short (an ellipsis) is text wider than the box that shows it.
CUT = "b => [...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)"
DOWNLOAD_ROW = ["CSV", "JSON", "Whole data package (.zip)", "Reproduce this view", "Cite"]


@pytest.mark.parametrize("width", [390, 800])  # 800: the sidebar open beside the page
def test_the_incidents_download_row_shows_every_label_whole(page, app_server, width):
    """Reproduce and Cite are a fragment's block in the row: it went on the line the downloads left
    and shrank, cutting "Reproduce this view" short, with Cite on a line below it."""
    page.set_viewport_size({"width": width, "height": 900})
    goto(page, app_server + "/incidents?incident=2011-11-12-taraz")
    wait_drawn(page)
    buttons = {name: page.get_by_role("button", name=name, exact=True) for name in DOWNLOAD_ROW}
    cut = [name for name, button in buttons.items() if button.evaluate(CUT)]
    boxes = {name: buttons[name].bounding_box() for name in ("Reproduce this view", "Cite")}
    assert not cut, (width, cut)
    reproduce, cite = boxes.values()
    assert cite["y"] == reproduce["y"] and cite["x"] > reproduce["x"] + reproduce["width"], boxes
    assert max(b["x"] + b["width"] for b in boxes.values()) <= width, boxes
