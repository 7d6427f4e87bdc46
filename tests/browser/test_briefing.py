"""The Briefing as a presenter uses it: the 16:9 canvas fills 1280x720, 1920x1080 and 3840x2160
(checked on screenshots) with no scrollbar or overflow and the controls at one place; the keys work
after clicking every control; a presenter window steers its audience within a second and no other
room; the exported deck and its presenter window work from disk with the network blocked, and print
one slide per page."""

import contextlib
import io
import re
import time

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from components.charts.linked_ui import LIBRARY_ROUTE, SCRIPT_ROUTE
from tests.browser.helpers import (
    CHROMIUM_ARGS,
    READY,
    assert_clean,
    chromium_path,
    goto,
    run_mark,
    wait_drawn,
    wait_idle,
    wait_ready,
)
from tests.browser.helpers import download as download_file

pytestmark = pytest.mark.browser
SLIDES = 7
SIZES = [(1280, 720), (1920, 1080), (3840, 2160)]
LETTERBOX = (0x1B, 0x1C, 0x20)  # the page around the canvas (app_deck.css, deck.css)
CONTROLS = ".st-key-deck_controls"
FOLLOW_SECONDS = 1.0
# A slide's chart box (components/briefing/ui.py): there from the run on, its plotly chart drawn later.
SLIDE_CHART = '.st-key-deck_slide [class*="st-key-deck_chart_"]'
# A step updates the slide's chart in place: the new figure has reached it (its accessible name is
# the slide's headline; "" for the empty, hidden chart of a slide without one).
SLIDE_CHART_IS_THIS_SLIDES = """(charted) => {
  const chart = document.querySelector('.st-key-deck_slide .linked-chart');
  const headline = document.querySelector('.st-key-deck_slide h1').textContent;
  return chart && chart.getAttribute('aria-label') === (charted ? headline : '');
}"""
CHARTLESS = (1, SLIDES)  # the title and the sources


def counter(page):
    """The control bar's counter ('3 / 7')."""
    return page.locator(CONTROLS).get_by_text(re.compile(r"^\d+ / \d+$"))


def position(page) -> str:
    return counter(page).inner_text()


def _stuck(page) -> str:
    """What a window shows when a step did not arrive: its URL, counter, next button, focus and
    script state, for a failure's message."""
    return page.evaluate("""() => JSON.stringify({
      url: location.search,
      counter: [...document.querySelectorAll('.st-key-deck_controls [data-testid="stMarkdownContainer"]')]
        .map(e => e.textContent.trim()).filter(t => / \\/ /.test(t)),
      next: (b => b ? (b.disabled ? 'disabled' : 'enabled') : 'missing')(
        document.querySelector('.st-key-deck_next button')),
      focus: document.activeElement && document.activeElement.tagName,
      script: document.querySelector('[data-test-script-state]')?.getAttribute('data-test-script-state'),
    })""")


def press(page, key: str, expected: int) -> None:
    """Press `key`, then wait for a run finished since (run_mark) and the URL at slide `expected`: the
    URL is written in the step's callback, before its run draws the slide, and the page's script
    state can read "not running" throughout a quick run (helpers.RUN_COUNTER), so URL and READY alone
    once let '2 / 7' be read under ?slide=1 (a clean-clone CI run on the loaded machine)."""
    mark = run_mark(page)
    page.keyboard.press(key)
    page.wait_for_function(
        f"() => ({READY})() && new URLSearchParams(location.search).get('slide') === '{expected}'", polling=50
    )
    wait_ready(page, since=mark)
    expect(counter(page)).to_have_text(f"{expected} / {SLIDES}")


def filled(png: bytes) -> tuple[float, float]:
    """Share of the screenshot's width and height the canvas covers: the box of every pixel that is
    not the letterbox around it."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    unlike = ImageChops.difference(image, Image.new("RGB", image.size, LETTERBOX)).convert("L")
    box = unlike.point(lambda v: 255 if v > 8 else 0).getbbox()
    return (box[2] - box[0]) / image.width, (box[3] - box[1]) / image.height


MEASURE = r"""() => {
  const canvas = document.querySelector('[data-testid="stMainBlockContainer"]');
  const bar = document.querySelector('.st-key-deck_controls').getBoundingClientRect();
  const next = [...document.querySelectorAll('.st-key-deck_next button')].map(b => b.getBoundingClientRect())
    .find(r => r.width > 0);
  const slide = document.querySelector('.st-key-deck_slide');
  const parts = [...slide.querySelectorAll('h1, li, .stat, .main-svg')];
  const bottom = Math.max(...parts.map(e => e.getBoundingClientRect().bottom));
  const texts = [...slide.querySelectorAll('.main-svg text')].filter(t => t.textContent.trim() && t.checkVisibility());
  return {
    scroll: [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight],
    overflow: canvas.scrollHeight - canvas.clientHeight,
    contentBottom: bottom, barTop: bar.top, next: [next.x, next.y, next.width, next.height],
    chartText: texts.length ? Math.min(...texts.map(t => t.getBoundingClientRect().height)) : null,
    // Axis titles in their axis's tick labels: Plotly.react kept the slide before's measurements.
    // An x title sits below its labels, a y title beside them.
    covered: texts.filter(t => /^[xy]\d*title$/.test(t.getAttribute('class'))).filter(title => {
      const axis = title.getAttribute('class').replace('title', 'tick');
      const ticks = texts.filter(t => t.parentNode.getAttribute('class') === axis).map(t => t.getBoundingClientRect());
      const a = title.getBoundingClientRect();
      if (!ticks.length) return false;
      if (axis[0] === 'x') return a.top < Math.max(...ticks.map(b => b.bottom)) - 1;
      return a.right > Math.min(...ticks.map(b => b.left)) + 1 && a.left < Math.max(...ticks.map(b => b.right)) - 1;
    }).map(t => t.textContent),
    // The slide's chart element, marked on every slide: a step updates it in place.
    chart: (plot => plot && (plot.__kept = (plot.__kept ?? 0) + 1))(slide.querySelector('.linked-chart')) || null,
  };
}"""


# Streamlit now and then keeps the previous slide's chart in the DOM after a step, hidden (display:
# none), its labels 0 px high: seen under load once in about six runs (slides 4 and 6, as a 0 px
# label and as this wait timing out). Only what is shown is measured.
LAID_OUT = """() => [...document.querySelectorAll('.st-key-deck_slide .main-svg text')]
  .filter(t => t.textContent.trim() && t.checkVisibility()).every(t => t.getBoundingClientRect().height > 0)"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_canvas_fills_the_screen_without_overflow_and_controls_stay_put(browser, app_server, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        goto(page, app_server + "/briefing")
        headlines, places = [], set()
        for number in range(1, SLIDES + 1):
            if number > 1:
                press(page, "ArrowRight", number)
            page.wait_for_function(SLIDE_CHART_IS_THIS_SLIDES, arg=number not in CHARTLESS)
            wait_drawn(page, SLIDE_CHART)  # plotly's draw, nothing fading in
            # ...and its shown text laid out (LAID_OUT). A label that never gets a height still
            # fails, by the timeout.
            page.wait_for_function(LAID_OUT, polling=100)
            m = page.evaluate(MEASURE)
            w, h = filled(page.screenshot())
            assert max(w, h) >= 0.9, f"slide {number} at {size} fills {w:.0%} x {h:.0%}"
            assert m["scroll"] == [0, 0], f"slide {number} at {size}: scrollbar {m['scroll']}"
            assert m["overflow"] <= 0, f"slide {number} at {size} overflows the canvas by {m['overflow']} px"
            assert m["contentBottom"] <= m["barTop"] + 1, f"slide {number} at {size} runs under the controls"
            assert not m["covered"], f"slide {number} at {size}: axis title over tick labels {m['covered']}"
            # One chart element throughout, updated (hidden and empty on a slide without a chart).
            assert m["chart"] == number, f"slide {number}: the chart element was re-created, not updated"
            if m["chartText"] is not None:
                # Chart text scales with the canvas: at least 18 px at 1280x720 (glyph box ~1.1 em).
                assert m["chartText"] >= 18 * 0.9 * width / 1280, (number, size, m["chartText"])
            places.add(tuple(round(v) for v in m["next"]))
            headlines.append(page.get_by_role("heading", level=1).inner_text())
        assert len(set(headlines)) == SLIDES
        assert len(places) == 1, f"the Next button moves between slides: {places}"
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        assert not errors
    finally:
        context.close()


PARTS = """() => {
  const plot = [...document.querySelectorAll('.st-key-deck_slide .js-plotly-plot')].find(p => p.checkVisibility());
  const boxes = sel => [...plot.querySelectorAll(sel)].map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
  const union = rs => rs.length ? {top: Math.min(...rs.map(r => r.top)), bottom: Math.max(...rs.map(r => r.bottom)),
    left: Math.min(...rs.map(r => r.left)), right: Math.max(...rs.map(r => r.right))} : null;
  const bars = boxes('.bartext');
  return {
    title: union(boxes('.gtitle')), topTicks: union(boxes('.ytick text, .y2tick text')),
    xTicks: union(boxes('.xtick text')), legend: union(boxes('.legend .traces')),
    frame: union(boxes('.shapelayer path')),
    outline: union(boxes('.scatterlayer .trace:nth-of-type(2) path.js-line')),  // Kazakhstan's
    barText: bars.length ? Math.min(...bars.map(r => r.height)) : null,
  };
}"""


@pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
def test_slide_charts_keep_their_parts_apart(browser, app_server, size):
    """What the room sees on the chart slides: the map's whole outline inside its frame and the
    legend under it; the escalation's title clear of the top tick and its years clear of the
    legend; 'unknown' bar labels as large as any chart text (a view with every count unknown)."""
    width, height = size
    zoom = min(width / 1280, height / 720)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        goto(page, app_server + "/briefing?slide=5")
        wait_drawn(page, SLIDE_CHART)  # plotly's first draw
        m = page.evaluate(PARTS)
        frame, outline = m["frame"], m["outline"]
        margin = 5 * zoom  # the outline stands clear of every edge of the frame
        assert frame["left"] + margin <= outline["left"] and outline["right"] <= frame["right"] - margin, m
        assert frame["top"] + margin <= outline["top"] and outline["bottom"] <= frame["bottom"] - margin, m
        assert m["legend"]["top"] >= frame["bottom"] + 4 * zoom, m
        goto(page, app_server + "/briefing?slide=2")
        wait_drawn(page, SLIDE_CHART)
        m = page.evaluate(PARTS)
        assert m["title"]["bottom"] <= m["topTicks"]["top"], m
        assert m["xTicks"]["bottom"] <= m["legend"]["top"], m
        goto(page, app_server + "/briefing?slide=4&types=Bombings&region=Atyrau+Region")
        wait_drawn(page, SLIDE_CHART)
        m = page.evaluate(PARTS)
        assert m["barText"] >= 18 * 0.9 * zoom, m  # glyph box ~1.1 em: 18 px type at 1280x720
    finally:
        context.close()


def click_control(page, control: str, expected: int) -> None:
    """Click a control and wait for its slide. A brand-new server may replace the first render just
    after it looks ready, losing a click on it (see helpers.download): one more click is allowed.
    Then a run finished since the click and the counter at the slide, as `press` waits."""
    for attempt in (1, 2):
        mark = run_mark(page)
        page.locator(f".st-key-{control} button:visible").first.click()
        try:
            page.wait_for_function(
                f"() => new URLSearchParams(location.search).get('slide') === '{expected}'", timeout=10_000
            )
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            wait_ready(page)
    wait_ready(page, since=mark)
    expect(counter(page)).to_have_text(f"{expected} / {SLIDES}")


def test_keys_work_after_clicking_every_control(page, app_server):
    goto(page, app_server + "/briefing")
    # The title slide has no chart: a hidden one loads plotly.js before the first step needs it.
    slide_chart = page.locator('.st-key-deck_slide [class*="st-key-deck_chart_"]')
    slide_chart.locator(".main-svg").first.wait_for(state="attached")
    expect(slide_chart).to_be_hidden()
    steps = [("deck_next", 2), ("deck_last", SLIDES), ("deck_prev", SLIDES - 1), ("deck_first", 1)]
    for control, expected in steps:
        click_control(page, control, expected)
        if expected == 1:  # the title has no chart: its empty one hidden
            expect(slide_chart).to_be_hidden()
        elif expected == 2:  # the escalation has one
            expect(slide_chart).to_be_visible()
        # The focus went back to the page: no focus box, and the next key moves the slides.
        page.wait_for_function("() => document.activeElement === document.body", timeout=5_000)
        there, back = ("ArrowRight", "ArrowLeft") if expected < SLIDES else ("ArrowLeft", "ArrowRight")
        press(page, there, expected + (1 if expected < SLIDES else -1))
        press(page, back, expected)
    page.locator(".deck-fullscreen").click()  # full screen, if the browser grants it; F leaves it again
    if page.evaluate("() => new Promise(done => setTimeout(() => done(!!document.fullscreenElement), 500))"):
        page.keyboard.press("f")
        page.wait_for_function("() => !document.fullscreenElement")  # else Esc would leave full screen only
    for key, expected in [
        ("End", SLIDES),
        ("Home", 1),
        ("PageDown", 2),
        ("Space", 3),
        ("Shift+Space", 2),
        ("PageUp", 1),
    ]:
        press(page, key, expected)
    page.keyboard.press("Escape")  # leaves the briefing
    # The URL first: Streamlit drops the briefing's elements (its CSS hiding the navigation among
    # them) some 50 ms before it writes the new page's URL, so the navigation shows first.
    page.wait_for_url(lambda url: "/briefing" not in url, timeout=10_000)
    wait_ready(page)
    expect(page.locator('[data-testid="stTopNavLink"]').first).to_be_visible()
    assert_clean(page)


def test_a_prepared_link_opens_its_slide(page, app_server):
    goto(page, app_server + "/briefing?slide=4&types=Security+operations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Militants made up 32 of the 32 dead.")
    assert_clean(page)


def test_keys_pressed_in_quick_succession_all_count(page, app_server):
    """A key held down, or a clicker's burst: each press is a step, taken once the one before has
    shown. Pressed back to back, the second of two presses used to be lost or go where the first
    went (5 of 12 such sequences ended on the right slide)."""
    goto(page, app_server + "/briefing")
    for burst, expected in [
        # No burst passes its last slide on the way: reaching it is the end of the burst.
        (["ArrowRight"] * 4, 5),
        (["ArrowRight", "ArrowLeft", "ArrowLeft", "ArrowLeft"], 3),
        (["End", "ArrowLeft", "ArrowLeft", "ArrowRight", "Home", "ArrowRight"], 2),
        (["ArrowRight"] * (SLIDES + 2), SLIDES),  # past the last slide: the disabled Next is skipped
    ]:
        for key in burst:
            page.keyboard.press(key)
        expect(counter(page)).to_have_text(f"{expected} / {SLIDES}", timeout=15_000)
        page.wait_for_timeout(300)  # a press still in flight would move it on
        expect(counter(page)).to_have_text(f"{expected} / {SLIDES}")
        page.wait_for_function(f"() => new URLSearchParams(location.search).get('slide') === '{expected}'")
        wait_idle(page)
    assert_clean(page)


# Every Plotly.newPlot on the page from now on, with the plot it draws into and when; and when a key
# was last pressed.
RECORD_DRAWS = """() => {
  window.__draws = [];
  const newPlot = window.Plotly.newPlot;
  window.Plotly.newPlot = function (gd, ...rest) {
    window.__draws.push({ gd, at: performance.now() });
    return newPlot.call(this, gd, ...rest);
  };
  document.addEventListener('keydown', () => { window.__pressed = performance.now(); }, true);
}"""
# The slide's plot now shown, marked `mark`; when it was drawn (null: before the recording began),
# whether it had that mark already, and the newPlot calls since the key was pressed.
SHOWN_PLOT = """(mark) => {
  const plots = document.querySelectorAll('.js-plotly-plot');
  const plot = document.querySelector('.st-key-deck_slide .js-plotly-plot');
  const drawn = window.__draws.find(d => d.gd === plot);
  const marked = plot.__mark === mark;
  plot.__mark = mark;
  const holder = plot.closest('.linked-chart');  // for a failure's message: the same element as before?
  const holderKept = holder.__marked === true;
  holder.__marked = true;
  return { plots: plots.length, drawnAt: drawn ? drawn.at : null, pressed: window.__pressed, marked, holderKept,
    since: window.__draws.filter(d => d.at > window.__pressed).length };
}"""


DRAWN_AHEAD = (
    """() => window.__draws.some(d => d.gd !== document.querySelector('.st-key-deck_slide .js-plotly-plot'))"""
)


def test_a_step_shows_a_plot_drawn_before_it(page, app_server):
    """The slide ahead is drawn while the presenter talks, and a step back finds the plot it left:
    a step puts a drawn plot in place (a step cost ~60-80 ms of plotly drawing the new slide)."""
    goto(page, app_server + "/briefing?slide=2")
    wait_drawn(page, SLIDE_CHART, least=1)
    page.evaluate(RECORD_DRAWS)
    page.evaluate(SHOWN_PLOT, 2)
    press(page, "ArrowRight", 3)
    page.wait_for_function(SLIDE_CHART_IS_THIS_SLIDES, arg=True)
    wait_drawn(page, SLIDE_CHART)
    page.evaluate(SHOWN_PLOT, 3)
    # Slide 4 is drawn once slide 3 is up, while the browser is idle: before any key asks for it.
    page.wait_for_function(DRAWN_AHEAD, timeout=10_000)
    press(page, "ArrowRight", 4)
    page.wait_for_function(SLIDE_CHART_IS_THIS_SLIDES, arg=True)
    wait_drawn(page, SLIDE_CHART)
    shown = page.evaluate(SHOWN_PLOT, 4)
    assert shown["drawnAt"] is not None and shown["drawnAt"] < shown["pressed"], shown
    # Slide 5, ahead now, drawn while the browser is idle, as a presenter pauses: pressed sooner, its
    # draw came after the key below and counted as the step's (a clean-clone CI run, 7 December).
    page.wait_for_function("() => window.__draws.some(d => d.at > window.__pressed)", timeout=10_000)
    # Back: slide 3's own plot again, not drawn anew.
    press(page, "ArrowLeft", 3)
    page.wait_for_function(SLIDE_CHART_IS_THIS_SLIDES, arg=True)
    wait_drawn(page, SLIDE_CHART)
    shown = page.evaluate(SHOWN_PLOT, 3)
    assert shown["marked"] and shown["since"] == 0, shown
    # The plots waiting their turn are nowhere in the page (nor its accessibility tree): one chart.
    assert shown["plots"] == 1, shown
    assert_clean(page)


def test_a_slide_chart_keeps_few_plots(page, app_server):
    """A slide chart keeps the plots it drew for a step back, but not without end: a presenter who
    changes the filters makes new decks. They are its key's: an element Streamlit makes anew for the
    same chart finds them."""
    goto(page, app_server + "/briefing")
    wait_drawn(page, SLIDE_CHART, least=1)
    sizes, reused = page.evaluate(
        """async ([script, library]) => {
          const module = await import(new URL(script, document.baseURI).href);
          const parentElement = document.body.appendChild(document.createElement('div'));
          const figure = n => JSON.stringify({
            data: [{ type: 'bar', x: ['a'], y: [n] }], layout: { width: 200, height: 100 } });
          const idle = () => new Promise(done => requestIdleCallback(done));
          const drawn = async parent => {  // the chart marks itself data-drawing until its figure is up
            while (parent.querySelector('.linked-chart').dataset.drawing !== undefined) await idle();
          };
          const sizes = [];
          for (let n = 0; n < 12; n++) {
            const data = { spec: figure(n), ahead: [figure(n + 1)], fresh: true, height: 100,
              config: { staticPlot: true }, label: `slide ${n}`, library, export: null };
            module.default({ data, key: 'a-slide-chart', parentElement, setTriggerValue() {} });
            await drawn(parentElement);
            await idle(); await idle();  // the slide ahead
            const chart = parentElement.querySelector('.linked-chart');
            sizes.push([chart.__plots.size, chart.__plots.has(figure(n - 1)), chart.__plots.has(figure(n + 1))]);
          }
          // The same chart in an element made anew, back one slide: the plot drawn before is shown.
          const before = parentElement.querySelector('.linked-chart').__plots.get(figure(10));
          const again = document.body.appendChild(document.createElement('div'));
          const data = { spec: figure(10), ahead: [figure(11)], fresh: true, height: 100,
            config: { staticPlot: true }, label: 'slide 10', library, export: null };
          module.default({ data, key: 'a-slide-chart', parentElement: again, setTriggerValue() {} });
          await drawn(again);
          return [sizes, again.querySelector('.js-plotly-plot') === before];
        }""",
        [SCRIPT_ROUTE.lstrip("/"), LIBRARY_ROUTE.lstrip("/")],
    )
    assert max(size for size, _, _ in sizes) == 8, sizes  # linked_chart.js POOL_SIZE
    assert all(before and after for _, before, after in sizes[1:]), sizes  # a step either way is drawn
    assert reused


def _room(page) -> str:
    return re.search(r"room=([^&]+)", page.url).group(1)


@pytest.fixture(scope="module")
def windows(browser):
    """A browser whose windows all count as on screen, as a projector's and a laptop's do: by
    default Chromium throttles the timers of windows it thinks hidden (the audience's polling among
    them) to one a second or less, and defers drawing their charts."""
    on_screen = browser.browser_type.launch(
        executable_path=chromium_path(),
        args=[
            *CHROMIUM_ARGS,
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
        ],
    )
    yield on_screen
    on_screen.close()


def test_presenter_window_steers_its_audience_and_no_other_room(windows, app_server):
    browser = windows
    size = {"viewport": {"width": 1280, "height": 720}}
    audience, other, presenter = (browser.new_context(**size) for _ in range(3))
    try:
        room_page = audience.new_page()
        goto(room_page, app_server + "/briefing")
        link = room_page.get_by_role("link", name="Presenter view")
        assert link.get_attribute("target") == "_blank" and _room(room_page) in link.get_attribute("href")
        bystander = other.new_page()  # another presenter's audience on the same server
        goto(bystander, app_server + "/briefing")
        assert _room(bystander) != _room(room_page)

        speaker = presenter.new_page()
        speaker.bring_to_front()  # Chromium defers drawing charts in a window it takes for hidden
        goto(speaker, f"{app_server}/briefing?room={_room(room_page)}&view=presenter")
        expect(speaker.locator(".st-key-deck_notes_pane")).to_contain_text("16 incidents across 7 regions")
        expect(speaker.locator(".st-key-deck_upcoming h1")).to_have_text("Deaths rose from 28 in 2011 to 44 in 2012.")
        expect(speaker.locator(".deck-clock")).not_to_have_text("00:00:00")  # the clock runs
        assert room_page.locator(".st-key-deck_notes_pane").count() == 0  # the room never sees notes

        delays = []
        for number in (2, 3, 4):
            mark = run_mark(speaker)  # the URL is written before the step's run draws (see press)
            speaker.keyboard.press("ArrowRight")
            try:
                speaker.wait_for_function(f"() => location.search.includes('slide={number}')", polling=20)
            except PlaywrightTimeout:  # once in a clean-clone CI run, not reproduced since: say what it showed
                pytest.fail(f"ArrowRight in the presenter window never reached slide {number}: {_stuck(speaker)}")
            moved = time.monotonic()  # the room has the new slide: the presenter's rerun wrote it
            room_page.wait_for_function(f"() => location.search.includes('slide={number}')", polling=20, timeout=10_000)
            delays.append(time.monotonic() - moved)
            wait_ready(speaker, since=mark)
            # One press, one slide: a poll run with the press once made Streamlit call the step twice.
            expect(counter(speaker)).to_have_text(f"{number} / {SLIDES}")
            expect(room_page.locator(CONTROLS).get_by_text(f"{number} / {SLIDES}", exact=True)).to_be_visible()
        print(f"audience followed the presenter in {', '.join(f'{d:.2f}' for d in delays)} s")
        # Within a second as a rule; a machine shared by many test runs may stall one poll.
        assert sorted(delays)[1] <= FOLLOW_SECONDS and max(delays) <= 2.5 * FOLLOW_SECONDS, delays
        expect(room_page.get_by_role("heading", level=1)).to_have_text(
            re.compile("^Militants made up")
        )  # the slide, not only the URL

        # The audience can steer too (the presenter follows), and the other room never moved.
        room_page.bring_to_front()
        press(room_page, "ArrowRight", 5)
        speaker.wait_for_function("() => location.search.includes('slide=5')", polling=50, timeout=5_000)
        assert "slide=" not in bystander.url and position(bystander) == f"1 / {SLIDES}"
    finally:
        for context in (audience, other, presenter):
            context.close()


def test_exported_deck_and_its_presenter_window_work_offline_and_print(page, browser, app_server, tmp_path):
    goto(page, app_server + "/briefing")
    path = tmp_path / "briefing.html"
    download_file(page, page.locator(CONTROLS).get_by_role("button", name="HTML")).save_as(path)
    assert path.stat().st_size > 1_000_000  # plotly.js is inside

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    requests, errors = [], []
    context.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith("file:") else (requests.append(r.request.url), r.abort()),
    )
    context.on("weberror", lambda e: errors.append(str(e.error)))
    deck = context.new_page()
    deck.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        deck.goto(path.as_uri())
        for number in range(1, SLIDES + 1):
            expect(deck.locator("#position")).to_have_text(f"{number} / {SLIDES}")
            active = deck.locator(".slide.active")
            if active.locator(".chart").count():
                assert active.locator(".chart g.trace").count() > 0, f"slide {number} drew no trace"
            w, h = filled(deck.screenshot())
            assert max(w, h) >= 0.9, f"exported slide {number} fills {w:.0%} x {h:.0%}"
            deck.keyboard.press("ArrowRight")
        deck.keyboard.press("Home")
        expect(deck.locator("#position")).to_have_text(f"1 / {SLIDES}")

        with context.expect_page() as opened:
            deck.locator('[data-action="presenter"]').click()
        speaker = opened.value
        speaker.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        speaker.bring_to_front()  # a window in the background gets its timers throttled (the clock)
        expect(speaker.locator("body.presenter")).to_have_count(1, timeout=20_000)  # 5 MB to parse
        expect(speaker.locator("#presenter-notes")).to_contain_text("16 incidents across 7 regions")
        expect(speaker.locator("#clock")).not_to_have_text("00:00:00")
        speaker.keyboard.press("ArrowRight")
        expect(deck.locator("#position")).to_have_text(f"2 / {SLIDES}", timeout=1_000)
        deck.keyboard.press("End")
        expect(speaker.locator("#position")).to_have_text(f"{SLIDES} / {SLIDES}", timeout=1_000)
        assert deck.locator("#presenter-notes").is_hidden()  # the room's window never shows notes

        deck.emulate_media(media="print")
        pdf = deck.pdf(prefer_css_page_size=True, print_background=True)
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == SLIDES  # one slide per page
        assert not requests, requests
        assert not errors, errors
    finally:
        context.close()


FULL_SCREEN_SOON = "() => new Promise(done => setTimeout(() => done(!!document.fullscreenElement), 500))"
# The exported deck handles a key synchronously: one frame and one task later, whatever it did is done.
HANDLED = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"


def test_p_opens_the_presenter_view_and_esc_leaves_full_screen_before_the_briefing(page, app_server):
    """The keys of components/briefing/keys.py in the app: P clicks the "Presenter view" link (a new
    window on this room); Esc leaves full screen if the briefing is in it, and else the briefing."""
    goto(page, app_server + "/briefing")
    with page.context.expect_page() as opened:
        page.keyboard.press("p")
    speaker = opened.value
    speaker.wait_for_url(re.compile(r"[?&]view=presenter\b"), timeout=10_000)
    assert f"room={_room(page)}" in speaker.url
    speaker.close()
    page.bring_to_front()
    page.keyboard.press("f")  # full screen, if the browser grants it
    if page.evaluate(FULL_SCREEN_SOON):
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.fullscreenElement")
        wait_idle(page)  # a navigation Esc started (were it to do both at once) has run by now
        assert "/briefing" in page.url
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "/briefing" not in url, timeout=10_000)
    wait_ready(page)
    assert_clean(page)


def test_exported_deck_p_opens_the_presenter_window_and_esc_closes_it(page, browser, app_server, tmp_path):
    """The same keys in the exported file: P opens the presenter window; there Esc leaves full screen
    first and then closes the window; the audience window, with nowhere to go, stays on its slide."""
    goto(page, app_server + "/briefing")
    path = tmp_path / "briefing.html"
    download_file(page, page.locator(CONTROLS).get_by_role("button", name="HTML")).save_as(path)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    errors = []
    context.on("weberror", lambda e: errors.append(str(e.error)))
    try:
        deck = context.new_page()
        deck.goto(path.as_uri() + "#3")
        expect(deck.locator("#position")).to_have_text(f"3 / {SLIDES}")
        with context.expect_page() as opened:
            deck.keyboard.press("p")
        speaker = opened.value
        expect(speaker.locator("body.presenter")).to_have_count(1, timeout=20_000)  # 5 MB to parse
        speaker.bring_to_front()
        speaker.keyboard.press("f")
        if speaker.evaluate(FULL_SCREEN_SOON):
            speaker.keyboard.press("Escape")
            speaker.wait_for_function("() => !document.fullscreenElement")
            speaker.evaluate(HANDLED)
            assert not speaker.is_closed()
        with speaker.expect_event("close", timeout=5_000), contextlib.suppress(PlaywrightError):
            speaker.keyboard.press("Escape")  # the window closes under the key press, which may then fail
        deck.bring_to_front()
        deck.keyboard.press("Escape")
        deck.evaluate(HANDLED)
        assert not deck.is_closed()
        expect(deck.locator("#position")).to_have_text(f"3 / {SLIDES}")
        assert not errors, errors
    finally:
        context.close()
