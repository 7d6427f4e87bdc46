"""The Incidents page in a real browser: selecting a row opens the incident and puts it in the URL,
the map draws with every outside request blocked, and the CSV download is the filtered table."""

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from playwright.sync_api import expect

from components.core.theme import TYPE_COLORS
from components.data.validation import validate_table
from components.state.filters import Filters
from tests.browser.helpers import POPOVER_FILLED_MS, assert_clean, goto, run_mark, wait_drawn, wait_ready
from tests.browser.helpers import download as download_file
from tests.conftest import TABLE

pytestmark = pytest.mark.browser

GRID = '[data-testid="stDataFrame"]'
ROW_PX, HEADER_PX = 35, 35  # st.dataframe's default row height and header


def open_map(page, url: str) -> None:
    """Open an Incidents page and wait for its map: plotly.js arrives after the first run, and
    Playwright's 5 s for the map's points fell short twice on a loaded machine (7 December)."""
    goto(page, url)
    wait_drawn(page, least=1)


def test_selecting_a_row_opens_the_incident_and_the_url(page, app_server):
    open_map(page, app_server + "/incidents")
    expect(page.get_by_text("Select a row in the table")).to_be_visible()
    grid = page.locator(GRID).first.bounding_box()
    # The grid is a canvas: click the selection cell of the first data row (sorted by date: Aktobe).
    mark = run_mark(page)
    page.mouse.click(grid["x"] + 18, grid["y"] + HEADER_PX + ROW_PX / 2)
    page.wait_for_function("() => location.search.includes('incident=')", polling=100)
    wait_ready(page, since=mark)
    assert "incident=2011-05-17-aktobe" in page.url
    expect(page.get_by_role("heading", name="17 May 2011 · Aktobe, Aktobe Region")).to_be_visible()
    expect(page.get_by_text("Rakhimzhan Makatov")).to_be_visible()
    assert_clean(page)


def test_related_incident_link_opens_it(page, app_server):
    goto(page, app_server + "/incidents?incident=2012-07-11-tausamaly")
    mark = run_mark(page)
    page.get_by_role("button", name="Related: 17 Aug 2012 · Village near Almaty").click()
    page.wait_for_function("() => location.search.includes('2012-08-17-almaty-outskirts')", polling=100)
    wait_ready(page, since=mark)
    expect(page.get_by_role("heading", name="17 Aug 2012 · Village near Almaty, Almaty Region")).to_be_visible()
    assert_clean(page)


def _has_colour(image: Image.Image, hex_color: str, tolerance: int = 40) -> bool:
    target = np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)])
    pixels = np.asarray(image.convert("RGB"), dtype=int)
    return bool((np.abs(pixels - target) <= tolerance).all(axis=-1).any())


def test_map_draws_its_points_with_outside_requests_blocked(page, app_server):
    open_map(page, app_server + "/incidents")
    chart = page.locator(".linked-chart").first
    points = chart.locator("g.trace.scatter path.point")
    expect(points).to_have_count(16)  # one drawn SVG point per incident
    shot = Image.open(io.BytesIO(chart.screenshot()))
    # Security operations (blue) and premature explosions (green) appear as drawn pixels.
    assert _has_colour(shot, TYPE_COLORS["security_operation"])
    assert _has_colour(shot, TYPE_COLORS["premature_explosion"])
    assert_clean(page)  # includes: no request left this machine (all were blocked and recorded)


def test_downloaded_csv_is_the_filtered_table(page, app_server, tmp_path, curated):
    goto(page, app_server + "/incidents?types=Security+operations&region=Almaty+Region")
    download = download_file(page, page.get_by_role("button", name="CSV", exact=True))
    assert download.suggested_filename == "kz-incidents_security-operations-in-almaty-region.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    wait_ready(page)

    curated = curated.incidents
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    # The extract may name related incidents it does not contain: check them against the whole set.
    typed, problems = validate_table(TABLE, raw, {"incidents": set(curated["incident_id"])})
    assert not problems
    expected = Filters(types=("security_operation",), regions=("Almaty Region",)).apply(curated)
    assert len(expected) == 1
    pd.testing.assert_frame_equal(typed, expected.reset_index(drop=True))
    assert_clean(page)


# The table's and the map's elements, tagged: an element drawn anew has lost the tag.
KEPT_ELEMENTS = """document.querySelectorAll('[data-testid="stDataFrame"], .linked-chart')"""
TAG = f"() => {KEPT_ELEMENTS}.forEach(e => {{ e.__kept = true; }})"
KEPT = f"() => [...{KEPT_ELEMENTS}].map(e => e.__kept === true)"


def open_by(page, act) -> None:
    mark = run_mark(page)
    act()
    wait_ready(page, since=mark)
    page.wait_for_timeout(300)  # React's commit of the run's elements


def test_opening_incidents_keeps_the_map_and_redraws_the_table_only_to_drop_a_row_selection(page, app_server):
    """The map is never drawn anew (its figure rings the open incident); the table only where it has
    a row selected, which it drops (kept, it would point at another row once the search changes the
    table): drawn anew on every incident opened, the two cost ~200 ms each of the browser's time."""
    open_map(page, app_server + "/incidents")
    points = page.locator(".linked-chart").first.locator("g.trace.scatter path.point")
    expect(points).to_have_count(16)
    page.evaluate(TAG)
    open_by(page, lambda: points.nth(8).click(force=True))
    first = page.url.split("incident=")[1]
    assert page.evaluate(KEPT) == [True, True]  # no row selected: nothing to drop, nothing redrawn
    # The map click scrolled the page down to it; the grid back to the middle, clear of the top bar.
    page.locator(GRID).first.evaluate("e => e.scrollIntoView({block: 'center'})")
    grid = page.locator(GRID).first.bounding_box()
    open_by(page, lambda: page.mouse.click(grid["x"] + 18, grid["y"] + HEADER_PX + ROW_PX / 2))
    assert "incident=2011-05-17-aktobe" in page.url and first != "2011-05-17-aktobe"
    assert page.evaluate(KEPT) == [False, True]  # the row selection dropped with a fresh table
    page.evaluate(TAG)
    open_by(page, lambda: points.nth(10).click(force=True))
    assert "incident=2011-05-17-aktobe" not in page.url
    assert page.evaluate(KEPT) == [True, True]  # the fresh table has no selection: left as it is
    assert_clean(page)


# From the call on: every change inside the map's plot (its points and outlines), counted.
WATCH_PLOT = """() => {
  window.__plotChanges = 0;
  new MutationObserver(records => { window.__plotChanges += records.length; }).observe(
    document.querySelector('.linked-chart .cartesianlayer'), {subtree: true, childList: true, attributes: true});
}"""


# From the call on: the figures (plotly JSON of more than 10 KB) the page's scripts parse, counted.
COUNT_FIGURES_READ = """() => {
  window.__figuresRead = 0;
  const parse = JSON.parse;
  JSON.parse = function (text, ...rest) {
    if (typeof text === 'string' && text.length > 10000 && text.startsWith('{"data":')) window.__figuresRead++;
    return parse.call(this, text, ...rest);
  };
}"""


def test_opening_another_incident_moves_the_ring_and_leaves_the_points_as_they_are(page, app_server):
    """Another incident's map differs in its ring (a layout shape) alone, sent apart from the figure:
    the ring is redrawn, the points and outlines are not touched (Plotly.react replotted the whole
    map for a shape, 16-26 ms of each incident opened; linked_chart.js hands plotly the shapes
    alone), and the figure's 46 KB are not parsed again (~8 ms)."""
    open_map(page, app_server + "/incidents")
    chart = page.locator(".linked-chart").first
    points = chart.locator("g.trace.scatter path.point")
    expect(points).to_have_count(16)
    open_by(page, lambda: points.nth(8).click(force=True))
    wait_drawn(page)
    ring = chart.locator(".shapelayer path")
    expect(ring).to_have_count(1)
    before = ring.bounding_box()
    page.evaluate(WATCH_PLOT)
    page.evaluate(COUNT_FIGURES_READ)
    open_by(page, lambda: points.nth(3).click(force=True))
    wait_drawn(page)
    # The ring comes apart from the map's figure, which is the same: the browser does not read it again.
    assert page.evaluate("() => window.__figuresRead") == 0
    after = ring.bounding_box()
    assert (after["x"], after["y"]) != (before["x"], before["y"])  # the ring moved to the other point
    centre = points.nth(3).bounding_box()
    assert abs(after["x"] + after["width"] / 2 - (centre["x"] + centre["width"] / 2)) < 2
    assert abs(after["y"] + after["height"] / 2 - (centre["y"] + centre["height"] / 2)) < 2
    assert page.evaluate("() => window.__plotChanges") == 0
    assert_clean(page)


def test_opening_an_incident_reruns_the_map_and_detail_not_the_table_nor_the_page(page, app_server):
    """Opening an incident is a fragment run: the open incident is no filter, so the sidebar, the
    search and the page's head are not sent again (a full run sends them all); opened from the map,
    nor are the table, its downloads and popovers (a row selected reruns those: its selection is
    dropped), and the detail, the ringed map and the URL still follow the click."""
    open_map(page, app_server + "/incidents")
    points = page.locator(".linked-chart").first.locator("g.trace.scatter path.point")
    expect(points).to_have_count(16)

    def sent(act) -> int:
        page.evaluate("() => { window.__kzDeltas = 0; }")
        open_by(page, act)
        return page.evaluate("() => window.__kzDeltas")

    from_map = sent(lambda: points.nth(8).click(force=True))
    assert "incident=" in page.url
    expect(page.get_by_role("heading", level=3)).to_be_visible()  # the incident's heading
    page.locator(GRID).first.evaluate("e => e.scrollIntoView({block: 'center'})")
    grid = page.locator(GRID).first.bounding_box()
    from_row = sent(lambda: page.mouse.click(grid["x"] + 18, grid["y"] + HEADER_PX + ROW_PX / 2))
    assert "incident=2011-05-17-aktobe" in page.url
    whole = sent(lambda: page.get_by_role("radio", name="Latest").click())  # an order: the whole page
    print(f"elements sent: {from_map} to open an incident from the map, {from_row} from a row, {whole} for the page")
    # The table, the row of three downloads, the package, Reproduce and Cite and their blocks.
    assert from_row - from_map >= 8, (from_map, from_row)
    assert whole - from_row >= 12, (from_row, whole)
    assert "incident=" in page.url and "order=Latest" in page.url
    # The copied link is the address when it is copied: an incident opened by a fragment run is in it.
    opened = page.url.split("incident=")[1].split("&")[0]
    open_by(page, lambda: points.nth(8).click(force=True))  # not the table's first row, open now
    now = page.url.split("incident=")[1].split("&")[0]
    assert now != opened
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator('[data-testid="stPopoverBody"] code')).to_contain_text(
        f"incident={now}", timeout=POPOVER_FILLED_MS
    )
    assert_clean(page)
