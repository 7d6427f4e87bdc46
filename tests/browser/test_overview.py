"""The Overview in a real browser: every page loads clean and offline, a click on a bar filters the
other charts and the headline, and the resulting URL reproduces the view in a fresh browser."""

import datetime as dt
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from components.app.ui import favicon
from components.charts.linked_ui import LIBRARY_ROUTE, SCRIPT, SCRIPT_ROUTE
from tests.browser.helpers import POPOVER_FILLED_MS, READY, assert_clean, goto, run_mark, wait_idle, wait_ready

pytestmark = pytest.mark.browser

PAGES = {
    "/": "All incidents",
    "/incidents": "Incidents",
    "/briefing": "Terrorism in Kazakhstan, 2011–2012",
    "/data": "Data",
    "/compare": "Compare with the curated incidents",
}
CHARTS = ".js-plotly-plot"  # Streamlit's plotly charts and the linked ones alike
# What a click on the types chart must change: the headline and the data the other two charts draw.
VIEW = """() => {
  const charts = [...document.querySelectorAll('.js-plotly-plot')];
  return JSON.stringify([
    [...document.querySelectorAll('[data-testid="stMetricValue"]')].map(e => e.textContent),
    charts.slice(1).map(gd => (gd.data || []).map(t => [t.x, t.y])),
  ]);
}"""


def metrics(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def wait_charts(page, n: int = 3) -> None:
    page.wait_for_function(f"() => document.querySelectorAll('{CHARTS} .main-svg').length >= {n}", polling=100)


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_clean_and_offline(page, app_server, path):
    goto(page, app_server + path)
    expect(page.get_by_role("heading", name=PAGES[path], level=1)).to_be_visible()
    if path == "/briefing":  # presentation mode hides the app chrome; its own Exit link leads back
        expect(page.get_by_role("link", name="Exit")).to_be_visible()
    else:
        expect(page.locator('[data-testid="stTopNavLink"]')).to_have_count(len(PAGES))
    # The shipped icon, in the page itself: no request, no CDN.
    icons = page.eval_on_selector_all("link[rel~=icon]", "links => links.map(l => l.href)")
    assert icons and all(href == favicon() for href in icons), icons
    assert_clean(page)


def test_the_test_browser_reaches_no_other_host_and_records_each_try(page, app_server):
    """The offline checks above rest on this: a request to another host (a name, or an address,
    which no DNS rule would stop) fails in the browser and is recorded; this machine's is served."""
    goto(page, app_server + "/")
    tried = ["http://example.com/font.woff2", "http://93.184.216.34/tile.png", "https://cdn.plot.ly/plotly.js"]
    outcomes = page.evaluate(
        "urls => Promise.all(urls.map(u => fetch(u, {mode: 'no-cors'}).then(() => 'served', () => 'failed')))",
        tried,
    )
    assert outcomes == ["failed"] * len(tried)
    assert [u.split("?")[0] for u in page.external_requests] == tried
    assert page.evaluate("u => fetch(u).then(r => r.status)", app_server + "/_stcore/health") == 200
    assert len(page.console_errors) == len(tried)  # the browser says each failed
    page.external_requests.clear()  # this test's own tries, not the app's
    page.console_errors.clear()
    assert_clean(page)


def test_click_on_a_bar_filters_everything_and_the_url_reproduces_it(page, browser, app_server):
    goto(page, app_server + "/")
    wait_charts(page)
    before, view = metrics(page), page.evaluate(VIEW)
    bars = page.locator(CHARTS).nth(0).locator("g.trace.bars g.point path")
    expect(bars).to_have_count(6)
    # locator.click() would hit plotly's drag layer on top of the bar: click the bar's centre instead.
    box = bars.nth(1).bounding_box()  # drawn bottom-up: the second from the bottom is Security operations
    mark = run_mark(page)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(f"(old) => ({READY})() && ({VIEW})() !== old", arg=view, polling=100)
    wait_ready(page, since=mark)

    after = metrics(page)
    assert after != before and after[0] == "6"  # six security operations in the curated data
    assert "types=Security+operations" in page.url and "sel_type" not in page.url  # the pill's own parameter
    expect(page.get_by_role("heading", level=1)).to_have_text("Security operations")
    assert_clean(page)

    fresh = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        goto(fresh, page.url)
        wait_charts(fresh)
        assert metrics(fresh) == after
        expect(fresh.get_by_role("heading", level=1)).to_have_text("Security operations")
        assert fresh.evaluate(VIEW) == page.evaluate(VIEW)
    finally:
        fresh.context.close()


@pytest.mark.parametrize(
    ("link", "shared", "title"),
    [
        ("?types=bombing&region=atyrau+region", "?types=Bombings&region=Atyrau+Region", "Bombings in Atyrau Region"),
        (  # made before the one filter model
            "?sel_type=Security+operations&sel_span=2012-07-01&sel_span=2012-08-31",
            "?types=Security+operations&dates=2012-07-01&dates=2012-08-31",
            "Security operations, 1 Jul 2012 to 31 Aug 2012",
        ),
    ],
)
def test_a_hand_typed_or_old_link_opens_its_view_and_the_address_shares_it(page, app_server, link, shared, title):
    goto(page, app_server + "/" + link)
    wait_charts(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.wait_for_function("(shared) => location.search === shared", arg=shared, polling=100)
    assert not page.locator('[data-testid="stAlert"]').count()  # every value named something
    assert_clean(page)


def test_removing_the_chip_restores_the_view(page, app_server):
    goto(page, app_server + "/?sel_type=Bombings")  # a link made before the one filter model
    wait_charts(page)
    assert metrics(page)[0] == "2"
    mark = run_mark(page)
    page.get_by_role("button", name="Clear all").click()
    page.wait_for_function("() => !location.search.includes('types')", polling=100)
    wait_ready(page, since=mark)
    expect(page.get_by_role("heading", level=1)).to_have_text("All incidents")
    assert metrics(page)[0] == "16"
    assert_clean(page)


def test_click_on_a_casualty_group_filters_the_other_charts(page, app_server):
    goto(page, app_server + "/")
    wait_charts(page)
    view = page.evaluate(VIEW)
    bars = page.locator(CHARTS).nth(1).locator("g.trace.bars").first.locator("g.point path")
    box = bars.nth(2).bounding_box()  # killed, third group: Civilians
    mark = run_mark(page)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(f"(old) => ({READY})() && ({VIEW})() !== old", arg=view, polling=100)
    wait_ready(page, since=mark)
    assert "sel_group=Civilians" in page.url
    assert metrics(page)[0] == "3"  # three incidents with civilian casualties
    expect(page.get_by_role("heading", level=1)).to_have_text("All incidents with civilians among the casualties")
    assert_clean(page)


def click_bar(page, chart: int, index: int) -> None:
    view = page.evaluate(VIEW)
    box = page.locator(CHARTS).nth(chart).locator("g.trace.bars g.point path").nth(index).bounding_box()
    mark = run_mark(page)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(f"(old) => ({READY})() && ({VIEW})() !== old", arg=view, polling=100)
    wait_ready(page, since=mark)


def test_charts_are_updated_in_place_with_the_apps_own_plotly(page, app_server):
    """A click redraws the other charts in the same plot (a chart drawn anew costs several times
    more: tests/benchmarks/bench_overview.py), from the plotly.js the app serves itself."""
    goto(page, app_server + "/")
    wait_charts(page)
    page.evaluate(f"() => document.querySelectorAll('{CHARTS}').forEach(d => {{ d.kept = true; }})")
    click_bar(page, 0, 1)
    assert page.evaluate(f"() => [...document.querySelectorAll('{CHARTS}')].map(d => d.kept === true)") == [True] * 3
    with urllib.request.urlopen(app_server + LIBRARY_ROUTE) as reply:
        assert reply.headers["Content-Type"].startswith("text/javascript")
        assert "immutable" in reply.headers["Cache-Control"]  # the versioned name changes with plotly
        assert reply.read(64).startswith(b"/**\n* plotly.js v")
    with urllib.request.urlopen(app_server + SCRIPT_ROUTE) as reply:  # the charts' own module
        assert reply.headers["Content-Type"].startswith("text/javascript")
        assert "immutable" in reply.headers["Cache-Control"]  # named by its content
        assert reply.read().decode() == SCRIPT
    assert_clean(page)


def test_show_the_data_reruns_only_its_fragment_and_redraws_no_chart(page, app_server):
    """'Show the data' is a fragment: its toggle reruns that toggle and its table only (a handful of
    elements sent, where a chart click sends the whole page), and none of the charts is drawn again
    (Streamlit does not hand a component the same data twice; Plotly.react would redraw each in full)."""
    goto(page, app_server + "/")
    wait_charts(page)
    count_draws = (
        "() => { const react = Plotly.react; window.draws = 0; Plotly.react = (...a) => (draws++, react(...a)); }"
    )
    page.evaluate(count_draws)
    page.evaluate("() => { window.__kzDeltas = 0; }")
    mark = run_mark(page)
    page.get_by_text("Show the data").first.click()
    wait_ready(page, since=mark)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    # A redraw that did not happen cannot be waited for: wait until the page is idle after the
    # toggle's run (ready, every rerun it asked for finished and drawn), then count.
    wait_idle(page)
    assert page.evaluate("() => window.draws") == 0
    toggled = page.evaluate("() => window.__kzDeltas")
    page.evaluate("() => { window.__kzDeltas = 0; }")
    # And a click that changes them, in a run of the whole page, draws the two whose data changed; the
    # clicked chart's colours are set on its drawn bars (linked_chart.js restyledInPlace).
    click_bar(page, 0, 1)
    assert page.evaluate("() => window.draws") == 2
    clicked = page.evaluate("() => window.__kzDeltas")
    print(f"elements sent: {toggled} for the toggle, {clicked} for a chart click")
    assert 0 < toggled <= 6 and clicked >= 4 * toggled, (toggled, clicked)


def test_a_tap_on_a_bar_filters_on_a_phone(phone, app_server):
    """A tap reaches plotly as a touch and again as the click the browser makes of it: one toggle."""
    goto(phone, app_server + "/")
    wait_charts(phone)
    bar = phone.locator(CHARTS).nth(0).locator("g.trace.bars g.point path").nth(1)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    mark = run_mark(phone)
    phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Security operations")
    wait_ready(phone, since=mark)
    assert "types=Security+operations" in phone.url
    assert_clean(phone)


def drag_span(page) -> None:
    """Drag across the middle of the escalation chart, low in the plot: the span is of time,
    whatever the height it is drawn at."""
    area = page.locator(CHARTS).nth(2).locator('.nsewdrag[data-subplot="xy"]')
    area.scroll_into_view_if_needed()
    drag = area.bounding_box()
    y = drag["y"] + drag["height"] * 0.8
    page.mouse.move(drag["x"] + drag["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(drag["x"] + drag["width"] * 0.6, y, steps=10)
    page.mouse.up()


# What plotly keeps of a selection of its own: the drawn box, and the points it dims outside it.
PLOTLY_SELECTION = """() => { const gd = document.querySelectorAll('.js-plotly-plot')[2];
  return (gd.layout.selections || []).length + gd.data.filter(t => t.selectedpoints).length; }"""


def test_a_span_dragged_on_the_escalation_chart_sets_the_date_range(page, app_server):
    goto(page, app_server + "/")
    wait_charts(page)
    mark = run_mark(page)
    drag_span(page)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(" to ")
    wait_ready(page, since=mark)
    assert "dates=" in page.url  # the slider's own parameter: the link keeps the span
    start, end = (dt.datetime.strptime(d, "%d %b %Y").date() for d in heading.inner_text().split(", ")[1].split(" to "))
    # Whole months (the bins), strictly inside the 2011-2012 period the chart spans.
    assert start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    assert dt.date(2011, 1, 1) < start < end < dt.date(2012, 12, 31)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text(f"{start.day} {start:%b %Y}", exact=True)).to_be_visible()  # the slider moved
    # The same span again sets the range it already has (no new figure): the box must go all the same.
    mark = run_mark(page)
    drag_span(page)
    wait_ready(page, since=mark)
    page.wait_for_function(f"() => ({PLOTLY_SELECTION})() === 0", timeout=5_000)
    expect(heading).to_contain_text(f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}")
    # A double click clears the span, as in plotly itself: the whole period again. Top left, early
    # 2011, far from any point. The pointer gets there first, as a hand's does: plotly takes a click
    # for one on the point it last hovered, which after a jump is still the drag's first month.
    area = page.locator(CHARTS).nth(2).locator('.nsewdrag[data-subplot="xy"]').bounding_box()
    x, y = area["x"] + area["width"] * 0.03, area["y"] + area["height"] * 0.05
    page.mouse.move(x, y, steps=5)
    # Plotly has taken in the pointer's new place (its hover is throttled): no point hovered there,
    # where the drag's first month was hovered before the move.
    hovered = f"() => (document.querySelectorAll('{CHARTS}')[2]._hoverdata || []).length"
    page.wait_for_function(f"() => ({hovered})() === 0", polling="raf")
    page.mouse.dblclick(x, y)
    expect(heading).to_have_text("All incidents")
    assert "dates=" not in page.url
    assert_clean(page)


def pill(page, name: str):
    return page.locator('[data-testid="stSidebar"]').get_by_role("button", name=name, exact=True)


def test_a_bar_then_a_pill_add_up_and_all_types_clears_both(page, app_server):
    """The reported bug: a bar click then the 'Bombings' pill gave 'No incident type', and 'All types'
    left the bar's filter in place. One value per dimension: the bar presses its pill."""
    goto(page, app_server + "/")
    wait_charts(page)
    click_bar(page, 0, 1)  # drawn bottom-up: the second from the bottom is Security operations
    expect(pill(page, "Security operations")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text("Security operations")

    mark = run_mark(page)
    pill(page, "Bombings").click()
    wait_ready(page, since=mark)
    expect(page.get_by_role("heading", level=1)).to_have_text("Security operations and bombings")
    assert metrics(page)[0] == "8"

    mark = run_mark(page)
    all_types = page.get_by_role("button", name="All types")
    all_types.focus()
    page.keyboard.press("Enter")
    wait_ready(page, since=mark)
    expect(page.get_by_role("heading", level=1)).to_have_text("All incidents")
    assert metrics(page)[0] == "16" and "types=" not in page.url
    assert page.evaluate("() => document.activeElement.textContent").endswith("All types")  # focus stays
    assert_clean(page)


def test_region_box_picks_the_typed_region_on_enter(page, app_server):
    goto(page, app_server + "/")
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input')
    box.click()
    box.type("Aty")
    mark = run_mark(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_ready(page, since=mark)
    expect(page.get_by_role("heading", level=1)).to_have_text("All incidents in Atyrau Region")
    assert "region=Atyrau+Region" in page.url and page.url.count("region=") == 1


def test_chart_toolbars_add_at_most_one_tab_stop_each(page, app_server):
    goto(page, app_server + "/")
    wait_charts(page)
    page.locator(CHARTS).first.hover()
    focusable = "a[href], a.modebar-btn, button, input, [tabindex]:not([tabindex='-1'])"
    counts = page.locator(CHARTS).evaluate_all(f"cs => cs.map(c => c.querySelectorAll(`{focusable}`).length)")
    assert all(n <= 1 for n in counts), counts  # plotly's default toolbar: eight


def test_a_range_set_by_a_chart_click_is_shared_in_days_and_its_address_opens_the_same_view(page, app_server):
    """A bin clicked on the escalation chart sets the date slider, whose parameter Streamlit then
    writes in microseconds since 1970 (it does so for a value the app sets, not one the slider is
    moved to). The copied link spells the range in days; the address itself opens the same view
    with no note (the app read such a link as malformed and said so over a view of that range),
    rewritten in days."""
    goto(page, app_server + "/")
    wait_charts(page)
    heading = page.get_by_role("heading", level=1)
    mark = run_mark(page)
    page.locator(CHARTS).nth(2).locator("g.trace.bars g.point path").nth(5).click(force=True)
    wait_ready(page, since=mark)
    expect(heading).to_contain_text(" to ")
    page.wait_for_function("() => location.search.includes('dates=')", polling=100)
    title, address = heading.inner_text(), page.url
    assert re.search(r"dates=\d{11,}", address), address  # Streamlit 1.67's form: if it changes, drop this
    page.get_by_role("button", name="Copy link").click()
    days = re.compile(r"dates=\d{4}-\d{2}-\d{2}&dates=\d{4}-\d{2}-\d{2}")
    expect(page.locator('[data-testid="stPopoverBody"] code')).to_contain_text(days, timeout=POPOVER_FILLED_MS)
    fresh = page.context.new_page()
    try:
        goto(fresh, address)
        wait_charts(fresh)
        expect(fresh.get_by_role("heading", level=1)).to_have_text(title)
        fresh.wait_for_function("(days) => new RegExp(days).test(location.search)", arg=days.pattern, polling=100)
        assert not fresh.locator('[data-testid="stAlert"]').count()
    finally:
        fresh.close()
    assert_clean(page)


def test_copy_link_gives_the_views_address(page, app_server):
    goto(page, app_server + "/?types=Bombings&region=Atyrau+Region")
    page.get_by_role("button", name="Copy link").click()
    code = page.locator('[data-testid="stPopoverBody"] code')
    expect(code).to_contain_text("types=Bombings", timeout=POPOVER_FILLED_MS)
    assert code.inner_text().startswith(app_server)


def test_the_views_own_controls_share_one_row_and_the_filters_a_row_only_when_set(page, app_server):
    """Reproduce this view, Cite and Copy link side by side at 1280 px; the row of filter chips is
    drawn only with a filter set (with none, Copy link sat alone on it above the other two)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    goto(page, app_server + "/")
    names = ("Reproduce this view", "Cite", "Copy link")
    tops = {n: page.get_by_role("button", name=n).bounding_box()["y"] for n in names}
    assert len(set(tops.values())) == 1, tops
    assert page.locator(".st-key-chips").count() == 0
    goto(page, app_server + "/?types=Bombings")
    expect(page.locator(".st-key-chips").get_by_role("button", name="Clear all")).to_be_visible()
    chips = page.locator(".st-key-chips").bounding_box()
    assert page.get_by_role("button", name="Copy link").bounding_box()["y"] > chips["y"] + chips["height"] - 1
