"""The app on an imported 200,000-row GTD file, printed as figures
(run: python -m tests.benchmarks.bench_scale [--file gtd.csv]).

1. Server side: a filter change reruns the whole script (entrypoint, sidebar, Overview) in AppTest,
   each run a date range never seen before (so the Overview's cache cannot answer), on the curated
   table and on the import, side by side (target: import at most 3x curated).
2. In the browser: a click on an incident-type pill until the page is ready again, on the curated
   data and then, in the same session, after uploading the file (same ratio, as a user feels it).
3. Memory: ten browser sessions each upload the file and open the Overview, the Incidents page and
   the Briefing; the server's resident memory is sampled every 0.2 s (target: under 1.5 GB).

Without --file, the GTD generator writes the 200k-row file to a temporary folder first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from components.importing import importers
from components.state.keys import ACTIVE
from deploy.process import streamlit
from tests.benchmarks.gen_gtd import generate
from tests.browser.helpers import CHROMIUM_ARGS, ROOT, chromium_path, goto, run_mark, wait_idle, wait_ready

UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'


def show(name: str, values: list[float]) -> float:
    med = statistics.median(values)
    print(f"{name:<52} median {med:8.1f} ms   min {min(values):8.1f}   max {max(values):8.1f}   (n={len(values)})")
    return med


def server_rerun_times(dataset, runs: int) -> list[float]:
    """AppTest runs of dashboard.py, each with a date range not seen before (a cache miss)."""
    from streamlit.testing.v1 import AppTest

    lo = (dataset.table.period[0] if dataset else dt.date(2011, 1, 1)) + dt.timedelta(days=40)
    out = []
    for i in range(runs + 1):  # the first run warms imports and the curated dataset's cache
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        if dataset is not None:
            at.session_state[ACTIVE] = dataset
        at.query_params["dates"] = [(lo + dt.timedelta(days=i)).isoformat(), (lo + dt.timedelta(days=400)).isoformat()]
        t0 = time.perf_counter()
        at.run()
        if i:
            out.append((time.perf_counter() - t0) * 1000)
        assert not at.exception, at.exception
    return out


def open_page(page, name: str) -> None:
    """Follow a navigation link and wait for its page's run."""
    mark = run_mark(page)
    page.get_by_role("link", name=name, exact=True).click()
    wait_ready(page, since=mark, timeout=120_000)


def upload(page, path: Path) -> None:
    mark = run_mark(page)
    page.locator(UPLOADER).set_input_files(str(path))
    wait_ready(page, since=mark, timeout=300_000)
    page.locator(".st-key-imported_banner").wait_for(timeout=300_000)


def pill_click_times(page, clicks: int) -> list[float]:
    """From a click on an incident-type pill until the page is ready, cycling over the first three
    pills (each click toggles one: new filter states, then states seen before)."""
    # The pills themselves (a toolbar), not the help icon beside them (also a button).
    pills = page.get_by_role("toolbar", name="Incident type").get_by_role("button")
    out = []
    for i in range(clicks):
        mark = run_mark(page)
        t0 = time.perf_counter()
        pills.nth(i % 3).click()
        wait_ready(page, since=mark, timeout=120_000, polling="raf")  # the click's own run, drawn
        out.append((time.perf_counter() - t0) * 1000)
        wait_idle(page)  # whatever else the page asked to run has run before the next click
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler(threading.Thread):
    """Peak resident memory of one process, sampled every 0.2 s until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, help="a GTD-format CSV (default: generate 200,000 rows)")
    ap.add_argument("--runs", type=int, default=7, help="server-side reruns per dataset")
    ap.add_argument("--clicks", type=int, default=9, help="browser pill clicks per dataset")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--only", choices=["server", "click", "memory"], help="run one measurement only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp) / "gtd_200k.csv"
        if args.file is None:
            generate(200_000).to_csv(path, index=False, encoding="latin-1")
        print(f"file: {path.name}, {path.stat().st_size / 1e6:.1f} MB")

        if args.only in (None, "server"):
            result = importers.import_file(path, path.name)
            dataset = importers.as_dataset(result, path.name, "bench")
            print(f"imported: {len(dataset.incidents):,} rows, {len(result.problems)} problems")
            curated = show("server: filter change, curated (AppTest run)", server_rerun_times(None, args.runs))
            imported = show("server: filter change, 200k import (AppTest run)", server_rerun_times(dataset, args.runs))
            print(f"{'import / curated':<52} {imported / curated:.2f}x   (target <= 3x)")

        if args.only in (None, "click", "memory"):
            with sync_playwright() as pw, streamlit() as server:
                browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                if args.only in (None, "click"):
                    click_ratio(browser, server.url, path, args.clicks)
                if args.only in (None, "memory"):
                    memory_under_sessions(browser, server.url, server.pid, path, args.sessions)
                browser.close()


def click_ratio(browser, url: str, path: Path, clicks: int) -> None:
    """Pill click until ready on the curated data, then in the same session after the upload."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    goto(page, url + "/", timeout=120_000)
    curated = show("browser: pill click until ready, curated", pill_click_times(page, clicks))
    open_page(page, "Data")
    upload(page, path)
    open_page(page, "Overview")
    imported = show("browser: pill click until ready, 200k import", pill_click_times(page, clicks))
    print(f"{'import / curated':<52} {imported / curated:.2f}x   (target <= 3x)")
    page.context.close()


def memory_under_sessions(browser, url: str, pid: int, path: Path, sessions: int) -> None:
    """The server's resident memory while each session uploads the file and opens every page."""
    print(f"server resident memory before the sessions: {rss_mb(pid):,.0f} MB")
    sampler = Sampler(pid)
    sampler.start()
    pages = []  # kept open: a closed session would let the server free its copy
    for n in range(sessions):
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        goto(page, url + "/data", timeout=120_000)
        upload(page, path)
        for name in ("Overview", "Incidents", "Briefing"):
            open_page(page, name)
        pages.append(page)
        print(f"  session {n + 1}: server resident memory {rss_mb(pid):,.0f} MB")
    time.sleep(2)
    settled = rss_mb(pid)
    sampler.running = False
    sampler.join()
    print(
        f"{sessions} sessions on the import: server resident memory {settled:,.0f} MB, "
        f"peak {sampler.peak:,.0f} MB   (target < 1,536 MB) -> "
        f"{'met' if sampler.peak < 1536 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
