"""Plain helpers for the browser tests: find Chromium, wait for and check the app. The servers they
run against come from deploy.process (tests/browser/conftest.py)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30  # seconds until /_stcore/health must answer "ok"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# streamlit/streamlit#7074: on a deep link such as /data the frontend first probes
# /data/_stcore/health and /data/_stcore/host-config (404), then the real root. Harmless; ignored.
SUBPATH_PROBE = re.compile(r"^/[^/]+(/[^/]+)*/_stcore/(health|host-config)$")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# One atomic check: connected, the script has finished, and no element is still a placeholder.
READY = (
    "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
    " return !!a && a.dataset.testConnectionState === 'CONNECTED' && a.dataset.testScriptState === 'notRunning'"
    " && !document.querySelector('[data-testid=\"stSkeleton\"]'); }"
)
# Counts the script runs this document has seen finish, from the server's own word: every
# ForwardMsg whose `script_finished` (field 6, a varint) is not FINISHED_EARLY_FOR_RERUN (2: another
# run follows). A count of the DOM's script state going from `running` to `notRunning` missed runs:
# React batches the state updates of messages that arrive together (a quick run on a busy machine),
# so the DOM never showed `running`. The count grows one animation frame and one task after the
# message, once Streamlit has handled it and React has drawn the result; READY is checked then too.
# It also notes, in one sequence, the last rerun the page asked for (a BackMsg with `rerun_script`,
# field 11) and the last run that finished: the page has nothing left to run when the second is later
# (the DOM cannot tell: a widget's request shows as `running` only once the server starts the run).
RUN_COUNTER = """(() => {
  if (window.__kzRuns !== undefined) return;
  window.__kzRuns = 0;
  window.__kzDeltas = 0;  // messages carrying an element (ForwardMsg.delta, field 5)
  window.__kzMessages = 0;  // every message from the server
  window.__kzDoc = Math.random().toString(36).slice(2);
  let seq = 0;
  const fields = bytes => {  // a message's top-level fields: number -> varint value, or true
    const out = {};
    let i = 0;
    const varint = () => {
      let v = 0, m = 1, b;
      do { b = bytes[i++]; v += (b & 127) * m; m *= 128; } while (b & 128);
      return v;
    };
    while (i < bytes.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) out[field] = varint();
      else if (wire === 2) { const length = varint(); i += length; out[field] = true; }  // i is read first
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return out;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        if (!(e.data instanceof ArrayBuffer)) return;
        window.__kzMessages++;
        const message = fields(new Uint8Array(e.data));
        if (message[5]) window.__kzDeltas++;
        const status = message[6];
        if (status === undefined || status === true || status === 2) return;
        const at = ++seq;
        requestAnimationFrame(() => setTimeout(() => { window.__kzRuns++; window.__kzFinished = at; }, 0));
      });
    }
    send(data) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
        : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
      if (bytes && fields(bytes)[11]) window.__kzAsked = ++seq;
      return super.send(data);
    }
  };
})()"""
RUNS = "() => [window.__kzDoc ?? null, window.__kzRuns ?? 0]"
# Ready, and with a mark: a run finished since it (in a new document: any run of that document).
SINCE = f"""(mark) => {{
  if (!({READY})()) return false;
  if (!mark) return true;
  const [doc, runs] = ({RUNS})();
  return mark[0] !== null && doc !== mark[0] ? runs > 0 : runs > mark[1];
}}"""
# Ready, and the last rerun the page asked for has finished (without RUN_COUNTER: ready).
IDLE = f"() => ({READY})() && (window.__kzFinished ?? 0) > (window.__kzAsked ?? -1)"
# How long a popover's content may take (ms): Cite, Reproduce and Copy link are filled by a run of
# their own once open, and a code block's highlighter is a chunk the browser fetches the first time.
# Playwright's 5 s default fell short once in a clean-clone CI run on the loaded 2-core machine (the
# Copy link popover's caption was up, its code block not yet).
POPOVER_FILLED_MS = 15_000
# Where a plotly chart is drawn: Streamlit's plotly element and the linked charts' own div.
CHART_HOLDERS = '[data-testid="stPlotlyChart"], .linked-chart'
DRAWN = f"""([holders, least]) => ({READY})()
  && document.querySelectorAll(holders).length >= least
  && [...document.querySelectorAll(holders)].every(h => h.querySelector('.main-svg')
    && !h.matches('[data-drawing]') && !h.querySelector('[data-drawing]'))
  && document.getAnimations().every(a => a.playState !== 'running')"""


# A chart's texts (ticks, titles, subtitle, legend, bar labels) that reach outside its box, and pairs
# of them that overlap (by more than a pixel each way): run on a chart's element (locator.evaluate).
CHART_TEXTS = """chart => {
  const box = chart.querySelector('.main-svg').getBoundingClientRect();
  const texts = [...chart.querySelectorAll('.xtick text, .ytick text, .gtitle, .gtitle-subtitle, .g-xtitle text, '
    + '.g-ytitle text, .legendtext, .bartext')].map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.width);
  const clipped = texts.filter(([, r]) => r.left < box.left - 1 || r.right > box.right + 1
    || r.top < box.top - 1 || r.bottom > box.bottom + 1).map(([text]) => text);
  const overlapping = [];
  texts.forEach(([a, r], i) => texts.slice(i + 1).forEach(([b, q]) => {
    const over = r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1;
    if (over) overlapping.push([a, b]);
  }));
  return {clipped, overlapping, texts: texts.length};
}"""


def chromium_path() -> str | None:
    """CHROMIUM_PATH, else `chromium` on PATH, else Debian's location; None if none exists."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).is_file() else None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def run_mark(page) -> list:
    """Where this page's runs stand: [document id, finished runs]. Take it before an action and
    pass it to wait_ready to wait for the run that the action triggers."""
    return page.evaluate(RUNS)


def wait_ready(page, since: list | None = None, timeout: float = 30_000, polling: float | str = 100) -> None:
    """The app is connected, its script has finished and nothing is a skeleton; with `since` (a
    run_mark taken before an action), also a run has finished since then, in this document or in
    a new one the action navigated to."""
    page.wait_for_function(SINCE, arg=since, timeout=timeout, polling=polling)


def goto(page, url: str, timeout: float = 30_000) -> None:
    """Open url and wait until its first script run has finished."""
    if not getattr(page, "counts_runs", False):
        page.add_init_script(RUN_COUNTER)
        page.counts_runs = True
    page.goto(url)
    wait_ready(page, since=[None, 0], timeout=timeout)


def wait_idle(page, timeout: float = 30_000) -> None:
    """Nothing left to happen: the app is ready and every rerun the page asked for has finished
    (the last one an animation frame and a task ago, as for run marks). Where a test asserts that
    something did NOT change, it waits for this after the event that could have changed it."""
    page.wait_for_function(IDLE, timeout=timeout, polling=100)


def wait_drawn(page, charts: str = CHART_HOLDERS, timeout: float = 30_000, least: int = 0) -> None:
    """The app is ready, at least `least` elements match `charts`, each holds a drawn plotly chart
    with its newest figure (a linked chart is marked data-drawing until then), and no CSS animation
    or transition is running (Streamlit fades elements in). Pass `least` where
    the charts are known: just after a load the app can look ready before they have mounted, and
    "every one of none is drawn" is true (a CI run read three empty holders that way)."""
    page.wait_for_function(DRAWN, arg=[charts, least], timeout=timeout, polling=100)


def assert_clean(page) -> None:
    """No Streamlit exception box, no console or page errors, no request left the machine."""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{exceptions.count()} stException element(s): {exceptions.all_inner_texts()}"
    assert not page.console_errors, "console errors:\n" + "\n".join(page.console_errors)
    assert not page.external_requests, "requests to other hosts (failed):\n" + "\n".join(page.external_requests)


def switch_on(page, name: str) -> None:
    """Turn the switch `name` on and wait for its run. As for a download (below), a click on a
    brand-new server's first render can be lost: one more is allowed (the benchmark's setup once
    waited 30 s for the run of a lost one)."""
    from playwright.sync_api import expect

    switch = page.get_by_role("switch", name=name)
    for attempt in (1, 2):
        mark = run_mark(page)
        page.locator('[data-testid="stCheckbox"]', has=switch).locator("label").first.click()
        try:
            expect(switch).to_be_checked(timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
            wait_ready(page)
    wait_ready(page, since=mark)  # the switch's run
    expect(switch).to_be_checked()


def download(page, button, timeout: float = 15_000):
    """Click a download button and return the Download. A brand-new server's first render of a deep
    link can be replaced by a second run just after it looks ready; a click on the replaced button
    is lost, so one more click is allowed before failing."""
    for attempt in (1, 2):
        try:
            with page.expect_download(timeout=timeout) as info:
                button.click()
            return info.value
        except Exception:
            if attempt == 2:
                raise
            wait_ready(page)
