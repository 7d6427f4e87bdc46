"""Overview speed, printed as figures (run: python -m tests.benchmarks.bench_overview).

1. Time until the Overview is ready in a fresh browser context, side by side with a bare Streamlit
   page holding one small Plotly chart (target: at most 1.5x the bare page).
2. Click on a bar of the types chart until every other chart and the headline have redrawn
   (target: median at most 300 ms on the curated data), first on selection states never seen
   before, then repeating the same clicks (the page caches each state's figures).
3. Server-side rerun time of the Overview script (AppTest, no browser).
"""

from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import sync_playwright

from tests.browser.helpers import CHROMIUM_ARGS, READY, ROOT, chromium_path, start_server

# Everything the click must change: the headline and the two charts it does not sit in.
SIGNATURE = """() => {
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  const metrics = [...document.querySelectorAll('[data-testid="stMetricValue"]')].map(e => e.textContent);
  return JSON.stringify([metrics, charts[1]?.querySelector('.plot')?.innerHTML.length,
                         charts[2]?.querySelector('.plot')?.innerHTML]);
}"""


def wait_charts(page, charts: int) -> None:
    """The first moment the app is ready (connected, run finished) with `charts` Plotly charts drawn.
    One check, no settle pause: the pause would add the same constant to both sides of the ratio."""
    drawn = f"document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= {charts}"
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


# Bars clicked in turn: select all six types one by one, then deselect five. Every click of the
# first pass reaches a selection state not seen before, so nothing is served from the page's cache.
CLICK_ORDER = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4]


def click_times(browser, url: str, passes: int) -> list[list[float]]:
    """Per pass, the time from a click on a bar until the headline and the other two charts changed."""
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    page.goto(url)
    wait_charts(page, 3)
    bars = page.locator('[data-testid="stPlotlyChart"]').nth(0).locator("g.trace.bars g.point path")
    out = []
    for _ in range(passes):
        times = []
        for bar in CLICK_ORDER:
            before = page.evaluate(SIGNATURE)
            box = bars.nth(bar).bounding_box()
            t0 = time.perf_counter()
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_function(
                f"(before) => ({READY})() && ({SIGNATURE})() !== before", arg=before, polling="raf", timeout=30_000
            )
            times.append((time.perf_counter() - t0) * 1000)
            page.wait_for_timeout(150)
        out.append(times)
    context.close()
    return out


def rerun_times(runs: int, script: str = "dashboard.py") -> list[float]:
    """Full script runs in AppTest (entrypoint + Overview), alternating two chart selections."""
    from streamlit.testing.v1 import AppTest

    out = []
    for i in range(runs + 1):
        at = AppTest.from_file(str(ROOT / script), default_timeout=60)
        at.query_params["sel_type"] = "Security operations" if i % 2 else "Bombings"
        t0 = time.perf_counter()
        at.run()
        if i:
            out.append((time.perf_counter() - t0) * 1000)
        assert not at.exception
    return out


def show(name: str, values: list[float]) -> float:
    med = statistics.median(values)
    print(f"{name:<44} median {med:7.1f} ms   min {min(values):7.1f}   max {max(values):7.1f}   (n={len(values)})")
    return med


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loads", type=int, default=7)
    ap.add_argument("--passes", type=int, default=2, help="passes over the click sequence")
    ap.add_argument("--only", choices=["load", "click", "server"], help="run one measurement only")
    args = ap.parse_args()
    with sync_playwright() as pw:
        path = chromium_path()
        if path is None:
            raise SystemExit("Chromium not found: run tests/install-browser.sh (Debian package 'chromium').")
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        with start_server(script="tests/benchmarks/bare_app.py") as bare_url, start_server() as app_url:
            if args.only in (None, "load"):
                bare = show("bare page with one chart: ready", load_times(browser, bare_url, 1, args.loads))
                overview = show("Overview: ready", load_times(browser, app_url, 3, args.loads))
                print(f"{'Overview / bare page':<44} {overview / bare:.2f}x   (target <= 1.5x)")
            if args.only in (None, "click"):
                passes = click_times(browser, app_url, args.passes)
                first = show("click until all redrawn, new states (uncached)", passes[0])
                for n, times in enumerate(passes[1:], 2):
                    show(f"click until all redrawn, pass {n} (states seen)", times)
                print(f"{'':<44} target: median <= 300 ms on new states -> {'met' if first <= 300 else 'MISSED'}")
        browser.close()
    if args.only in (None, "server"):
        app = show("server-side: Overview run in AppTest", rerun_times(args.loads))
        bare = show("server-side: bare page run in AppTest", rerun_times(args.loads, "tests/benchmarks/bare_app.py"))
        print(f"{'Overview script time beyond AppTest overhead':<44} ~{app - bare:.0f} ms")


if __name__ == "__main__":
    main()
