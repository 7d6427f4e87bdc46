"""Overview speed, printed as figures (run: python -m tests.benchmarks.bench_overview).

1. Time until the Overview is ready in a fresh browser context, side by side with a bare Streamlit
   page holding one small Plotly chart (target: at most 1.5x the bare page).
2. Click on a bar until the page has stopped changing (every chart, the headline, any second
   rerun), side by side in one run with two baselines: a bare page holding one Plotly bar chart
   with on_select="rerun" and one st.metric, and that page furnished like the Overview
   (furnished_app.py: the top navigation of five pages, sidebar widgets, title, metrics with help,
   captions, toggles, all constant), which is what Streamlit itself spends on a full rerun of
   such a page (target: the Overview at most 1.5x the furnished page; moonshot 1.2x); and a third
   reference, the furnished page with the Overview's casualty and escalation charts, which each
   click redraws with new data (charted_serve.py): what the two charts' redraws alone cost, and
   so how much of an Overview click is the rest of the page. First on
   selection states never seen before, then repeating the same clicks; and the time from the
   pointerdown to the clicked chart's first visible change (target: at most 50 ms). Then where
   the time goes, per click: CPU time of the server process and of the browser (all its
   processes), the busy time of the page's main thread (wall time, so inflated by other load),
   script runs, and Plotly charts created anew. CPU time hardly depends on what else the machine
   runs, where wall time on a shared 2-core machine does.
3. The other pages' clicks, each interleaved with one on the furnished page (target: each at most
   1.5x): a point on the Incidents map, the Briefing's slide buttons, a Compare decision.
The server's CPU per rerun of each page is load_ws's (--per-page): the AppTest run this script
once printed measured a fresh AppTest's first run, mostly its own start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

from deploy.process import Server, streamlit
from tests.browser.helpers import (
    CHROMIUM_ARGS,
    READY,
    ROOT,
    RUN_COUNTER,
    RUNS,
    chromium_path,
    run_mark,
    switch_on,
    wait_drawn,
    wait_idle,
    wait_ready,
)

# Until the page has STOPPED changing, not its first change: a MutationObserver stamps every change
# of the page (plotly's hover labels aside, which follow the mouse, not the app; the app's
# data-test-script-state, a test hook nobody sees; and what was never painted: plotly's text
# measurer, an svg it keeps at -10000px, and the copies of text it measures there and removes in
# the same task, whose changes reach the observer detached. Those come with a drawing seen
# elsewhere, or with none: a Briefing slide's plot drawn offscreen ahead of its step, out of the
# observer's reach; and the screen reader's announcements, [data-live-announcer], a 1 px clipped
# box, whose "10 options available." said when the Compare setup typed into a combobox is taken out
# a second or so later, in the next click's time, not caused by it); after a click the time is taken
# from the pointerdown to the last change
# before QUIET_MS of stillness with the app ready. A chart drawn
# twice, or a second rerun that redraws anything, shows up here and not in a first-change timing.
# The script state is left out for the Briefing: its audience window polls its room every 2 s, a run
# that draws nothing, and its two flips of that attribute within a step's quiet time were counted
# as the step's (steps of 60-150 ms measured 350-670 ms; a MutationObserver on the idle slide saw
# nothing else change in 6.5 s).
# A second time, "on screen", also leaves out a canvas's content, which a browser draws only in
# place of a canvas it cannot draw: st.dataframe's grid keeps its accessible cells there for screen
# readers and rebuilds them 200 ms after its data changed (a debounce), which is most of a Compare
# decision's time until settled, with nothing seen changing then.
QUIET_MS = 600
# The first visible change of the clicked chart: the animation frame after the first change inside
# the first chart's plot (hover labels aside) after the pointerdown, whether the browser's own
# highlight (linked_predict.js) or the server's figure.
OBSERVE = """() => {
  window.__last = window.__seen = performance.now();
  const element = r => r.target.nodeType === 1 ? r.target : r.target.parentElement;
  const changed = r => r.attributeName !== 'data-test-script-state'
    && r.target.isConnected
    && !element(r)?.closest('.hoverlayer, #js-plotly-tester, [data-live-announcer]');
  const canvasContent = r => (r.type === 'childList' && r.target.tagName === 'CANVAS')
    || element(r)?.closest('canvas *');
  new MutationObserver(records => {
    if (records.some(changed)) window.__last = performance.now();
    if (records.some(r => changed(r) && !canvasContent(r))) window.__seen = performance.now();
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const chart = document.querySelector('.js-plotly-plot');
  if (chart) new MutationObserver(records => {
    if (window.__changed === undefined && window.__down !== undefined && records.some(changed)) {
      window.__changed = performance.now();
      requestAnimationFrame(() => { window.__first = performance.now(); });  // the frame that shows it
    }
  }).observe(chart, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener('pointerdown', () => { window.__down = performance.now(); }, true);
}"""
SETTLED = f"""() => ({READY})() && window.__down !== undefined && window.__last > window.__down
  && performance.now() - window.__last > {QUIET_MS}"""


def wait_charts(page, charts: int) -> None:
    """The first moment the app is ready (connected, run finished) with `charts` Plotly charts drawn.
    One check, no settle pause: the pause would add the same constant to both sides of the ratio."""
    drawn = f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}"
    page.wait_for_function(f"() => ({READY})() && {drawn}", timeout=60_000, polling="raf")


def load_times(browser, url: str, charts: int, runs: int) -> list[float]:
    out = []
    for i in range(runs + 1):
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        wait_charts(page, charts)
        if i:  # the first visit warms the server (imports, caches) and is not counted
            out.append((time.perf_counter() - t0) * 1000)
        context.close()
    return out


# Bars clicked in turn: on the Overview, select all six types one by one, then deselect five.
# Every click of the first pass reaches a selection state not seen before, so nothing is served
# from the page's cache.
CLICK_ORDER = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4]


# Plotly divs are tagged when first seen: a chart drawn into a new div was created anew (Streamlit
# 1.67 re-creates a selectable chart whenever its figure changes), not updated in place.
COUNT_CHARTS = """() => {
  window.__charts = 0;
  const tag = () => document.querySelectorAll('.js-plotly-plot').forEach(d => {
    if (!d.__seen) { d.__seen = true; window.__charts++; } });
  tag();
  new MutationObserver(tag).observe(document.body, {subtree: true, childList: true});
}"""
# The page's main thread from the DevTools Performance domain (seconds of wall time, cumulative).
BROWSER_METRICS = {"TaskDuration": "main thread busy", "ScriptDuration": "of which scripts"}


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process so far (0 where /proc is not readable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clicks:
    """One page clicked again and again, with what each click cost: wall time until the page
    stopped changing, CPU of its server and of the browser's main thread, runs, charts created."""

    def __init__(self, browser, server: Server, charts: int, path: str = "", target=None, setup=None):
        """`target(page, n)`: the locator the n-th click hits (default: the first chart's n-th bar);
        `setup(page)`: what brings the page to where the clicks start (default: opening `path`)."""
        self.target = target or first_chart_bar
        self.page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
        self.page.add_init_script(RUN_COUNTER)
        self.page.goto(server.url + path)
        if setup:
            setup(self.page)
        wait_charts(self.page, charts)
        # Still before the first click: nothing left to run, every chart drawn, nothing fading in.
        wait_idle(self.page, timeout=60_000)
        wait_drawn(self.page, timeout=60_000)
        self.page.evaluate(OBSERVE)
        self.page.evaluate(COUNT_CHARTS)
        self.cdp = self.page.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.browser_cdp = browser.new_browser_cdp_session()
        self.pid = server.pid
        self.costs: dict[str, list[float]] = defaultdict(list)
        self.first: list[float] = []  # ms from pointerdown to the clicked chart's first visible change
        self.seen: list[float] = []  # ms from pointerdown to the last change on screen (canvas content aside)

    def _state(self) -> dict[str, float]:
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        state = {"server CPU": cpu_seconds(self.pid) * 1000}
        # Every browser process: the other pages sit idle meanwhile, and raster/GPU work counts too.
        processes = self.browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]
        state["browser CPU"] = sum(p["cpuTime"] for p in processes) * 1000
        state |= {f"browser {label}": metrics.get(name, 0.0) * 1000 for name, label in BROWSER_METRICS.items()}
        state["script runs"] = self.page.evaluate(RUNS)[1]
        state["charts created"] = self.page.evaluate("() => window.__charts")
        return state

    def click(self, n: int) -> float:
        """ms from pointerdown on the n-th target (the first chart's n-th bar) until the page stopped
        changing; the ms until the first chart's first visible change go to self.first."""
        page = self.page
        page.evaluate("() => { window.__down = window.__changed = window.__first = undefined; }")
        box = self.target(page, n).bounding_box()
        before = self._state()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        # Off the target: a button's tooltip would appear, and change the page, a second later.
        page.mouse.move(1, 1)
        page.wait_for_function(SETTLED, polling=50, timeout=30_000)
        for name, value in self._state().items():
            self.costs[name].append(value - before[name])
        first = page.evaluate("() => window.__first === undefined ? null : window.__first - window.__down")
        if first is not None:
            self.first.append(first)
        self.seen.append(page.evaluate("() => window.__seen - window.__down"))
        return page.evaluate("() => window.__last - window.__down")

    def close(self) -> None:
        self.page.context.close()


# The furnished page with the Overview's casualty and escalation charts (furnished_app.overview_charts).
CHARTED = "/?charts=overview"
Costs = dict[str, list[float]]


def first_chart_bar(page, n: int):
    return page.locator(".js-plotly-plot").nth(0).locator("g.trace.bars g.point path").nth(n)


def open_compare(page) -> None:
    """The Data page's upload, a synthetic GTD file (tests/data), opened beside the curated data, then
    the Compare page: what a researcher does before comparing (tests/browser/test_compare.py)."""
    wait_ready(page, timeout=60_000)
    page.get_by_text("Bring your own data").click()
    switch_on(page, "Compare with the curated incidents")
    mark = run_mark(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(COMPARE_FILE))
    wait_ready(page, since=mark, timeout=60_000)
    mark = run_mark(page)
    page.get_by_role("link", name="Compare it with the curated incidents").click()
    wait_ready(page, since=mark, timeout=60_000)


def reject_or_undo(page, n: int):
    """Even clicks reject a pair (chosen first, unmeasured: the list's own run), odd ones undo it."""
    if n % 2:
        return page.get_by_role("button", name=f"rejected {COMPARE_PAIR}")
    page.get_by_role("combobox", name="A pair").click()
    page.keyboard.type(COMPARE_PAIR)
    mark = run_mark(page)
    page.locator("[role=option]", has_text=COMPARE_PAIR).click()
    wait_ready(page, since=mark)
    wait_idle(page)
    return page.get_by_role("button", name="Reject this pair")


COMPARE_FILE = ROOT / "tests" / "data" / "compare_gtd.csv"
COMPARE_PAIR = "2011-10-31-atyrau:gtd-201110310001"

# The other pages' clicks (target: each at most 1.5x the furnished page): on the Incidents map, a
# point, which opens that incident (its detail, the map ringed, the URL); on the Briefing, the
# deck's next-slide button six times, then the previous-slide button; on Compare, a pair rejected
# and the rejection undone (the comparison matched again, its tables and chart redrawn).
PAGE_CLICKS = {
    "Incidents: a map point (opens it)": (
        "/incidents",
        1,
        lambda page, n: page.locator(".linked-chart").first.locator("g.trace.scatter path.point").nth(n),
        None,
    ),
    "Briefing: next, then previous slide": (
        "/briefing",
        0,
        lambda page, n: page.locator(".st-key-deck_next button" if n < 6 else ".st-key-deck_prev button").first,
        None,
    ),
    "Compare: reject a pair, then undo it": ("/data", 0, reject_or_undo, open_compare),
}


def page_click_times(browser, furnished_server: Server, app_server: Server, only: str | None = None) -> None:
    """Each page's clicks (those whose name starts with `only`, when given), interleaved with the
    furnished page's, and the ratio of their medians."""
    for name, (path, charts, target, setup) in PAGE_CLICKS.items():
        if only and not name.lower().startswith(only.lower()):
            continue
        app = Clicks(browser, app_server, charts, path, target, setup)
        furnished = Clicks(browser, furnished_server, 1)
        times, floor = [], []
        for n in range(len(CLICK_ORDER)):
            times.append(app.click(n))
            floor.append(furnished.click(CLICK_ORDER[n]))
        app.close()
        furnished.close()
        ratio = show(name, times) / show("  furnished page, interleaved", floor)
        print(f"{'  ratio':<44} {ratio:.2f}x   (target <= 1.5x)")
        seen = show("  on screen (canvas content aside)", app.seen) / statistics.median(furnished.seen)
        print(f"{'  ratio on screen':<44} {seen:.2f}x")
        for cost, values in app.costs.items():
            print(f"  {cost:<42} {statistics.median(values):8.1f} per click (median)")


def click_times(browser, references: tuple[Server, Server, Server], app_server: Server, passes: int):
    """Side by side in one run: each Overview click is followed by a click on each reference page
    (the bare page, the furnished page, the furnished page with the Overview's two charts), so all
    see the same machine load. Returns the references' times, the Overview's per pass, the pages'
    per-click costs and the load average seen."""
    bare_server, furnished_server, charted_server = references
    bare, app = Clicks(browser, bare_server, 1), Clicks(browser, app_server, 3)
    furnished = Clicks(browser, furnished_server, 1)
    charted = Clicks(browser, charted_server, 3, CHARTED)
    bare_times, furnished_times, charted_times, out, loads = [], [], [], [], []
    for _ in range(passes):
        times = []
        for bar in CLICK_ORDER:
            times.append(app.click(bar))
            bare_times.append(bare.click(bar))
            furnished_times.append(furnished.click(bar))
            charted_times.append(charted.click(bar))
            loads.append(os.getloadavg()[0])
        out.append(times)
    for page in (bare, app, furnished, charted):
        page.close()
    refs = bare_times, furnished_times, charted_times
    return refs, out, (bare.costs, furnished.costs, charted.costs, app.costs), loads, app.first


def show_costs(bare: Costs, furnished: Costs, charted: Costs, app: Costs) -> None:
    """Median per click, Overview beside the three references: where the Overview's time goes."""
    print(f"{'per click (median)':<44} {'Overview':>10} {'+ charts':>10} {'furnished':>10} {'bare page':>10}")
    for name in app:
        unit = "" if name in ("script runs", "charts created") else " ms"
        medians = (statistics.median(costs[name]) for costs in (app, charted, furnished, bare))
        print(f"  {name + unit:<42} " + " ".join(f"{m:10.1f}" for m in medians))


def show(name: str, values: list[float]) -> float:
    med = statistics.median(values)
    print(f"{name:<44} median {med:7.1f} ms   min {min(values):7.1f}   max {max(values):7.1f}   (n={len(values)})")
    return med


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loads", type=int, default=7)
    ap.add_argument("--passes", type=int, default=2, help="passes over the click sequence")
    ap.add_argument("--only", choices=["load", "click", "pages"], help="run one measurement only")
    ap.add_argument("--page", choices=["incidents", "briefing", "compare"], help="with --only pages: that page only")
    args = ap.parse_args()
    with sync_playwright() as pw:
        path = chromium_path()
        if path is None:
            raise SystemExit("Chromium not found: run tests/install-browser.sh (Debian package 'chromium').")
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        with (
            streamlit("tests/benchmarks/bare_app.py") as bare_server,
            streamlit("tests/benchmarks/furnished_app.py") as furnished_server,
            streamlit("tests/benchmarks/charted_serve.py") as charted_server,
            streamlit() as app_server,
        ):
            if args.only in (None, "load"):
                bare = show("bare page with one chart: ready", load_times(browser, bare_server.url, 1, args.loads))
                overview = show("Overview: ready", load_times(browser, app_server.url, 3, args.loads))
                print(f"{'Overview / bare page':<44} {overview / bare:.2f}x   (target <= 1.5x)")
            if args.only in (None, "click"):
                (bare, furnished, charted), passes, costs, loads, first_change = click_times(
                    browser, (bare_server, furnished_server, charted_server), app_server, args.passes
                )
                floor = show("bare page: click until the page stopped", bare)
                furniture = show("furnished bare page: click until stopped", furnished)
                charts = show("furnished + the Overview's two charts", charted)
                first = show("Overview: click until stopped, new states", passes[0])
                for n, times in enumerate(passes[1:], 2):
                    show(f"Overview: click until stopped, pass {n} (seen)", times)
                print(f"{'Overview / furnished page (new states)':<44} {first / furniture:.2f}x   (target <= 1.5x)")
                print(f"{'Overview / bare page (new states)':<44} {first / floor:.2f}x")
                print(f"{'furnished + two charts / furnished page':<44} {charts / furniture:.2f}x   (the charts alone)")
                print(f"{'Overview / furnished + two charts':<44} {first / charts:.2f}x   (the rest of the Overview)")
                if first_change:
                    show("Overview: click to the chart's first change", first_change)
                    print(f"{'':<44} (target <= 50 ms)")
                print(
                    f"{'load average (1 min) during the clicks':<44} median {statistics.median(loads):.1f}"
                    f"   min {min(loads):.1f}   max {max(loads):.1f}   ({os.cpu_count()} CPUs)"
                )
                show_costs(*costs)
            if args.only in (None, "pages"):
                page_click_times(browser, furnished_server, app_server, args.page)
        browser.close()


if __name__ == "__main__":
    main()
