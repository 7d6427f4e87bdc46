"""Browser smoke test under light load: a few real browser sessions changing filters at once.

Not a capacity figure: on a small machine the browsers, not the server, use the CPU (20 sessions in
one Chromium saturated 2 cores). How many viewers the app serves is measured without a browser by
tests/benchmarks/load_ws.py. This one checks what only a browser shows under concurrency: no
exception boxes, no page or console errors, every rerun reaching a ready page, no external requests.

Starts `streamlit run serve.py` (or attaches to --url), opens --sessions browser contexts in one
headless Chromium, and for --seconds has every session change a filter again and again (incident-type
pills, "All types", initiator pills, the region multiselect); every fourth action is instead, in
turn, a visit to Incidents/Briefing and back or a deep-link load (/?types=...). An action's latency
runs until the server has finished the rerun and the page is ready (connected, script done, no
skeleton). Prints reruns, failed reruns, exceptions by kind, reruns per second, latency percentiles,
the server's peak RSS and CPU. On a small machine the 20 browsers, not the server, use most of the
CPU: compare the server CPU line with the latencies before blaming the app.

Run from the project root:  python -m tests.benchmarks.load_test [--sessions 5] [--seconds 30]
  [--seed 1] [--url http://127.0.0.1:8501 [--pid PID]] [--env KEY=VALUE ...]

Exit status 0 only if every rerun completed in time and no exception was seen (Streamlit exception
boxes, page errors, console errors, "Traceback"/"Exception" in the server log); 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.async_api import async_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.process import streamlit
from tests.browser.helpers import (
    CHROMIUM_ARGS,
    IDLE,
    LOCAL_HOSTS,
    READY,
    RUN_COUNTER,
    STARTUP_TIMEOUT,
    SUBPATH_PROBE,
    chromium_path,
)

ACTION_TIMEOUT = 30_000  # ms from an action until its rerun is done and the page ready, else it failed
# A page load (new document, new session) parses the whole frontend again; on a busy machine that
# alone takes tens of seconds, so loads get their own limit and their own lines in the figures.
OPEN_TIMEOUT = 90_000
LOADS = ("warm-up", "open", "url")
SETUP = ("warm-up", "open")  # before the measured window, so not counted in the figures
RAMP_S = 0.5  # session n opens its first page after n * RAMP_S seconds: users do not all arrive at once
SIDEBAR = '[data-testid="stSidebar"]'
PILLS = SIDEBAR + ' [data-testid="stButtonGroup"] >> nth={} >> button[data-variant="pills"]'


class Stats:
    def __init__(self, sessions: int) -> None:
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.server: list[float] = []  # in-page reruns: ms until the server's script_finished arrived
        self.failed: dict[str, list[str]] = collections.defaultdict(list)
        self.errors: dict[str, list[str]] = collections.defaultdict(list)
        self.blocked, self.opened, self.sessions = 0, 0, sessions
        self.all_open, self.start, self.end = asyncio.Event(), asyncio.Event(), 0.0


async def run_action(page, stats: Stats, kind: str, act) -> bool:
    """Do `act`, wait for the rerun it causes, record its latency or failure and any exception box."""
    ok = False
    before, where, t0 = page.finished, page.url, time.perf_counter()
    deadline = t0 + (OPEN_TIMEOUT if kind in LOADS else ACTION_TIMEOUT) / 1000
    try:
        await act()
        while page.finished == before:
            if time.perf_counter() > deadline:
                raise TimeoutError("no script_finished from the server")
            await asyncio.sleep(0.02)
        if kind not in LOADS:
            stats.server.append((time.perf_counter() - t0) * 1000)
        await page.wait_for_function(READY, polling=50, timeout=max(1.0, (deadline - time.perf_counter()) * 1000))
        stats.latency[kind].append((time.perf_counter() - t0) * 1000)
        # Then idle: a follow-up run the page asks for would otherwise swallow the next click.
        await page.wait_for_function(IDLE, polling=50, timeout=ACTION_TIMEOUT)
        ok = True
    except Exception as e:  # runs unchanged = the action never reached the server
        stats.failed[kind].append(
            f"{kind} after {page.history[-3:]} at {where} -> {page.url}, runs {before} -> {page.finished}: "
            f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"
        )
    page.history.append(kind)
    boxes = page.locator('[data-testid="stException"]')
    if await boxes.count():
        stats.errors["exception box"].append(f"{kind}: {(await boxes.first.inner_text())[:300]!r}")
    return ok


async def new_page(browser, n: int, stats: Stats):
    """A context and page that count finished runs, block other hosts and record errors."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT)

    async def on_route(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            await route.continue_()
        else:
            stats.blocked += 1  # the app must work offline
            await route.abort()

    def on_console(msg):
        source = msg.location.get("url", "")
        if msg.type == "error" and not ("status of 404" in msg.text and SUBPATH_PROBE.search(urlsplit(source).path)):
            stats.errors["console error"].append(f"session {n}: {msg.text[:300]} ({source})")

    # Runs are counted from the server's script_finished messages, not from the page's script state:
    # a fast run's running -> notRunning can land in one React render, so the page never shows it.
    def on_frame(payload):
        if isinstance(payload, bytes) and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
            page.finished += 1

    await context.route("**/*", on_route)
    page = await context.new_page()
    await page.add_init_script(RUN_COUNTER)  # for IDLE: the reruns the page asked for and the runs finished
    page.history, page.finished = [], 0
    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.on("console", on_console)
    page.on("pageerror", lambda err: stats.errors["page error"].append(f"session {n}: {str(err)[:300]}"))
    return context, page


def load(page, url: str):
    # Only until the response starts: the load event waits for every static file under CPU contention,
    # while the run count and READY are what say the page is there.
    return lambda: page.goto(url, wait_until="commit", timeout=OPEN_TIMEOUT)


async def session(browser, url: str, n: int, seed: int, stats: Stats) -> None:
    rng = random.Random(f"{seed}-{n}")
    context, page = await new_page(browser, n, stats)
    sidebar, nav = page.locator(SIDEBAR), page.locator('[data-testid="stTopNavLink"]')
    try:
        await asyncio.sleep(n * RAMP_S)
        opened = await run_action(page, stats, "open", load(page, url + "/"))
        type_labels = await page.locator(PILLS.format(0)).all_inner_texts()
        stats.opened += 1
        if stats.opened == stats.sessions:
            stats.all_open.set()
        if not type_labels:
            if opened:  # else the failed load is counted already
                stats.failed["open"].append(f"session {n}: no incident-type pills after the first load ({page.url})")
            return
        await stats.start.wait()
        count = n  # an offset per session, so the page loads do not all come at once
        while time.monotonic() < stats.end:
            count += 1
            if count % 8 == 0:
                await run_action(page, stats, "url", load(page, f"{url}/?types={quote(rng.choice(type_labels))}"))
                continue
            if count % 8 == 4:
                target = rng.choice(["Incidents", "Briefing"])
                await run_action(page, stats, "nav", nav.filter(has_text=target).click)
                # Briefing is a presentation without the app chrome; its own Exit link leads back.
                exit_link = page.get_by_role("link", name="Exit")
                await run_action(page, stats, "nav", (exit_link if target == "Briefing" else nav.first).click)
                continue
            kind = rng.choice(["type", "type", "all types", "initiator", "region"])
            all_types = sidebar.get_by_role("button", name="All types")
            if kind == "all types" and await all_types.is_disabled():
                kind = "type"  # no type is picked, so there is nothing to reset
            if kind == "all types":
                await run_action(page, stats, kind, all_types.click)
            elif kind in ("type", "initiator"):
                pills = page.locator(PILLS.format(0 if kind == "type" else 1))
                await run_action(page, stats, kind, pills.nth(rng.randrange(await pills.count())).click)
            else:
                await change_region(page, stats, rng)
    finally:
        await context.close()


async def change_region(page, stats: Stats, rng: random.Random) -> None:
    """Remove a picked region (half the time, if any), else pick one from the dropdown."""
    multiselect = page.locator(SIDEBAR + ' [data-testid="stMultiSelect"]')
    removes = multiselect.locator('button[aria-label^="Remove "]')
    if (picked := await removes.count()) and rng.random() < 0.5:
        await run_action(page, stats, "region remove", removes.nth(rng.randrange(picked)).click)
        return
    await multiselect.get_by_role("combobox").click()
    options = page.get_by_role("option").filter(has_not_text="Select all")
    if count := await options.count():
        await run_action(page, stats, "region pick", options.nth(rng.randrange(count)).click)
    await page.keyboard.press("Escape")  # the list stays open and would cover the initiator pills


async def sample_rss(pid: int, peak: list[int]) -> None:
    with contextlib.suppress(OSError):  # OSError: the server is gone
        while True:
            status = Path(f"/proc/{pid}/status").read_text()
            peak[0] = max([peak[0], *(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:"))])
            await asyncio.sleep(1)


def cpu_seconds(pid: int | None) -> float:
    """The process's user + system CPU time so far (0 if unknown)."""
    with contextlib.suppress(OSError, TypeError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


async def drive(args, url: str, pid: int | None, stats: Stats) -> tuple[float, int, float]:
    peak = [0]
    sampler = asyncio.create_task(sample_rss(pid, peak)) if pid else None
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            # One load alone first: a cold server's first run (imports, caches) is not what is measured.
            context, page = await new_page(browser, -1, stats)
            await run_action(page, stats, "warm-up", load(page, url + "/"))
            await context.close()
            tasks = [asyncio.create_task(session(browser, url, n, args.seed, stats)) for n in range(args.sessions)]
            # The measured window starts when every session has its first page, or after a bounded wait.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stats.all_open.wait(), OPEN_TIMEOUT / 1000 + RAMP_S * args.sessions)
            t0, cpu0 = time.monotonic(), cpu_seconds(pid)
            stats.end = t0 + args.seconds
            stats.start.set()
            done, pending = await asyncio.wait(tasks, timeout=args.seconds + 120)  # the hard deadline
            elapsed, cpu = time.monotonic() - t0, cpu_seconds(pid) - cpu0
            for task in pending:
                task.cancel()
                stats.failed["cancelled"].append("session cancelled at the overall deadline")
            for task in done:
                if task.exception():
                    stats.failed["session crashed"].append(repr(task.exception())[:300])
        finally:
            await browser.close()
            if sampler:
                sampler.cancel()
    return elapsed, peak[0], cpu


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))] if s else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="attach to this running server instead of starting one")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, to sample its memory")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="server environment")
    args = parser.parse_args()
    stats = Stats(args.sessions)
    with tempfile.TemporaryDirectory(prefix="load_test_") as tmp:
        log = Path(tmp) / "server.log"
        with contextlib.ExitStack() as stack:
            if args.url:
                url, pid = args.url.rstrip("/"), args.pid
            else:
                env = dict(kv.split("=", 1) for kv in args.env)
                server = stack.enter_context(streamlit(env=env, log=log, timeout=STARTUP_TIMEOUT))
                url, pid = server.url, server.pid
            elapsed, peak_kb, cpu = asyncio.run(drive(args, url, pid, stats))
        for line in log.read_text(errors="replace").splitlines() if log.exists() else []:
            if "Traceback" in line or "Exception" in line:
                stats.errors["server log"].append(line[:300])
    return report(args, stats, elapsed, peak_kb, cpu, pid)


def report(args, stats: Stats, elapsed: float, peak_kb: float, cpu: float, pid: int | None) -> int:
    """Print the figures; the exit code: non-zero on any exception or unfinished rerun."""
    every = [x for k, v in stats.latency.items() if k not in SETUP for x in v]
    n_errors, n_failed = (sum(map(len, d.values())) for d in (stats.errors, stats.failed))
    print(f"sessions: {args.sessions}")
    print(f"duration: {elapsed:.1f} s (asked {args.seconds:g} s; actions under way at the end are finished)")
    print(f"reruns completed: {len(every)} (first loads, not counted in the figures: {len(stats.latency['open'])})")
    print(f"failed reruns: {n_failed} " + ", ".join(f"{k}={len(v)}" for k, v in sorted(stats.failed.items())))
    print(f"exceptions: {n_errors} " + ", ".join(f"{k}={len(v)}" for k, v in sorted(stats.errors.items())))
    print(f"blocked external requests: {stats.blocked}")
    print(f"reruns per second: {len(every) / elapsed:.2f}")
    for name, xs in (
        ("all actions", every),
        ("in-page reruns (no page load)", [x for k, v in stats.latency.items() if k not in LOADS for x in v]),
        ("in-page reruns until the server's script_finished", stats.server),
    ):
        print(f"latency ms, {name}: p50 {pct(xs, 50):.0f}, p95 {pct(xs, 95):.0f}, max {max(xs, default=0):.0f}")
    for kind, xs in sorted(stats.latency.items()):
        print(f"  {kind}: n={len(xs)} p50 {pct(xs, 50):.0f} ms, p95 {pct(xs, 95):.0f} ms")
    print(f"server peak RSS: {peak_kb / 1024:.0f} MiB" if peak_kb else "server peak RSS: not sampled")
    # Tells who limits the figures: a server well under one core (one GIL) is waiting on the browsers.
    print(f"server CPU in the window: {cpu:.1f} s = {cpu / elapsed:.0%} of one core" if pid else "server CPU: unknown")
    for line in [x for d in (stats.failed, stats.errors) for v in d.values() for x in v[:3]]:
        print("  detail:", line)
    return 0 if not n_failed and not n_errors else 1


if __name__ == "__main__":
    sys.exit(main())
