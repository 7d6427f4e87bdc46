"""Protocol-level load test: many simulated viewers speak Streamlit's websocket protocol, no browser.

Each session (tests/benchmarks/st_protocol.py) opens the app with a query string, then, with think
times of a few seconds, replays what a viewer does: toggles an incident type (pills), clicks a bar
of an Overview chart (or clears its selection), moves the date range, opens an incident (table
row, map point or ?incident=), switches page, pages through the briefing (buttons or slider).
Widgets, options, chart points and pages are learned from the server's own messages. Latency of
an action = from sending its BackMsg to the run's script_finished. Errors: an exception element
in any delta, a run that does not finish within --timeout, a dropped connection (that session is
then lost).

    python -m tests.benchmarks.load_ws --sessions 100 --seconds 60
    python -m tests.benchmarks.load_ws --ramp 10,25,50,100,200 --seconds 30 --replicas 1,2

Starts its own server (or N replicas behind nginx, deploy/serve.py) unless --url is given, opens
the sessions over a few seconds, measures for --seconds, stops by itself and ends every process it
started. Prints per-action p50/p95/p99 and how many of those actions changed the URL (a chart
click that filters does), reruns per second, server CPU and resident memory, the load average,
and as its last line one line of JSON. Exit status 1 on any error or lost session.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import os
import random
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from streamlit.proto.WidgetStates_pb2 import WidgetState

from components.charts.linked_ui import NAME as LINKED_CHART
from components.charts.linked_ui import TRIGGER as LINKED_EVENT
from deploy.serve import COOKIE, cluster
from tests.benchmarks.st_protocol import (
    ProtocolError,
    Session,
    Widget,
    component_points,
    component_trigger,
    dataframe_rows,
    json_state,
    pills_state,
    plotly_selection,
    selectable_points,
    slider_state,
    trigger_state,
)

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TARGET_MS = 1000  # p95 of in-page reruns a viewer should see at most
OPEN = "open"
MAX_RAMP_UP = 10.0  # seconds over which the sessions of a phase connect
INCIDENT_PARAM = "incident"  # the Incidents page's documented deep link, ?incident=ID (README)
CLEAR_SHARE = 0.15  # of clicks on a linked chart, the double clicks that clear its selection


@dataclass
class Stats:
    latency: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    # Measured actions after which the server had written another URL: the filter (or page, slide,
    # incident) really changed, which a click that the app ignored would not do.
    url_changed: collections.Counter = field(default_factory=collections.Counter)
    errors: dict[str, list[str]] = field(default_factory=lambda: collections.defaultdict(list))
    lost: int = 0
    opened: int = 0

    def in_page(self) -> list[float]:
        return [x for k, v in self.latency.items() if k != OPEN for x in v]

    def error_count(self) -> int:
        return sum(map(len, self.errors.values()))


@dataclass
class Vocabulary:
    """What the warm-up session learned for the sessions' first page loads: the URL parameter of
    the incident-type filter and its options (a deep link such as ?types=Bombings)."""

    type_param: str = ""
    types: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # page title -> URL path


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))] if s else float("nan")


def sidebar_params(s: Session) -> list[str]:
    """URL parameters of the widgets drawn by the entrypoint (delta path starts in the sidebar): the
    frontend keeps these in the URL when the page changes."""
    return [
        w.proto.query_param_key
        for w in s.widgets.values()
        if getattr(w.proto, "query_param_key", "") and w.path[:1] == [1]
    ]


def page_title(s: Session) -> str:
    return next((title for title, (h, _) in s.pages.items() if h == s.page_hash), "")


def toggled(now: list[str], option: str) -> list[str]:
    """The pills' selection after a click on `option`: off if it was on, else added."""
    return [v for v in now if v != option] if option in now else [*now, option]


def pick_action(s: Session, rng: random.Random, vocab: Vocabulary, stay: bool = False):
    """(label, kwargs for Session.rerun) for one thing a viewer could do on the page shown now;
    `stay`: never another page (--page, --per-page: one page's cost)."""
    sidebar_pills = [w for w in s.find("button_group") if w.path[:1] == [1] and w.proto.options]
    dates = [w for w in s.find("slider") if w.path[:1] == [1]]
    charts = [(w, selectable_points(w)) for w in s.find("plotly_chart") if w.proto.selection_mode]
    linked = [(w, component_points(w)) for w in s.find("bidi_component") if w.proto.component_name == LINKED_CHART]
    # Bars (and markers) to click: the Overview's linked charts, and any selectable chart but the
    # Incidents map, whose points open an incident.
    bars = [(w, [p for p in pts if p["customdata"][0] != "incident"]) for w, pts in charts + linked]
    bars = [(w, pts) for w, pts in bars if pts]
    incident_points = [(w, [p for p in pts if p["customdata"][0] == "incident"]) for w, pts in charts + linked]
    incident_points = [(w, pts) for w, pts in incident_points if pts]
    tables = [(w, n) for w in s.find("dataframe") if w.proto.selection_mode and (n := dataframe_rows(w))]
    main_buttons = [w for w in s.find("button") if w.path[:1] == [0] and not w.proto.disabled]
    # The briefing: its slide buttons (keys deck_first, deck_prev, deck_next, deck_last); its canvas
    # hides the sidebar, so a presenter steps through slides rather than filtering.
    steps = [w for w in main_buttons if w.id.endswith(("deck_prev", "deck_next"))]
    jumps = [w for w in main_buttons if w.id.endswith(("deck_first", "deck_last"))]
    presentation = bool(steps or jumps)
    choices: list[tuple[str, float]] = [] if stay else [("switch page", 2)]
    if presentation:  # step, or jump to the first or last slide
        choices += [("slide step", 4)] * bool(steps) + [("slide jump", 1.5)] * bool(jumps)
    elif sidebar_pills and vocab.type_param in {w.proto.query_param_key for w in sidebar_pills}:
        choices.append(("type filter", 3))
    if dates and not presentation:
        choices.append(("date range", 1.5))
    if bars:
        choices.append(("chart bar", 3))
    if tables:
        choices.append(("incident row", 2))
    if incident_points:
        choices += [("incident map", 1.5), ("incident link", 1)]
    label = rng.choices([c for c, _ in choices], [w for _, w in choices])[0]

    if label == "type filter":
        w = next(w for w in sidebar_pills if w.proto.query_param_key == vocab.type_param)
        option = rng.choice([o.content for o in w.proto.options])
        return label, {"changes": [pills_state(w, toggled(s.current(w), option))]}
    if label == "date range":
        w = dates[0]
        step = w.proto.step or 1
        slots = int((w.proto.max - w.proto.min) // step)
        a, b = sorted(rng.sample(range(slots + 1), 2))
        return label, {"changes": [slider_state(w, [w.proto.min + a * step, w.proto.min + b * step])]}
    if label == "chart bar":
        w, points = rng.choice(bars)
        label, state = chart_click(s, w, points, rng)
        return label, {"changes": [state], "fragment_id": w.fragment_id}
    if label == "incident row":
        w, rows = rng.choice(tables)
        pick = {"selection": {"rows": [rng.randrange(rows)], "columns": [], "cells": []}}
        return label, {"changes": [json_state(w, pick)], "fragment_id": w.fragment_id}
    if label in ("incident map", "incident link"):
        w, points = rng.choice(incident_points)
        point = rng.choice(points)
        if label == "incident map":
            click = (
                component_trigger(w, LINKED_EVENT, {"points": [point]})
                if w.kind == "bidi_component"
                else json_state(w, plotly_selection([point]))
            )
            return label, {"changes": [click], "fragment_id": w.fragment_id}
        # A shared link to one incident, pasted into the address bar of the open page.
        query = s.query_without(INCIDENT_PARAM)
        return label, {"query": (query + "&" if query else "") + urlencode({INCIDENT_PARAM: point["customdata"][1]})}
    if label in ("slide step", "slide jump"):
        return label, {"changes": [trigger_state(rng.choice(steps if label == "slide step" else jumps))]}
    # Switch page: the navigation's pages; the URL keeps the sidebar's parameters (as the frontend does).
    current = page_title(s)
    targets = [t for t in s.pages if t != current]
    # The data page (reference tables, downloads) is visited less often than the views of the data.
    weights = [0.3 if path == "data" else 1.0 for t, (_, path) in s.pages.items() if t != current]
    target = rng.choices(targets, weights)[0]
    keep = set(sidebar_params(s))
    query = urlencode([(k, v) for k, v in s.url_pairs() if k in keep])
    return "switch page", {"page_hash": s.pages[target][0], "query": query}


def chart_click(s: Session, w: Widget, points: list[dict], rng: random.Random) -> tuple[str, WidgetState]:
    """A click on one of the chart's points, or one that clears its selection ('chart clear'), as
    the browser reports it. A linked chart sends each click as an event (the same bar again toggles
    it off, as in the browser) and a double click as an empty one; a plotly chart holds a selection,
    so the same click again would be no change, and clears it instead."""
    if w.kind == "bidi_component":
        if rng.random() < CLEAR_SHARE:
            return "chart clear", component_trigger(w, LINKED_EVENT, {"points": []})
        return "chart bar", component_trigger(w, LINKED_EVENT, {"points": [rng.choice(points)]})
    state = json_state(w, plotly_selection([rng.choice(points)]))
    if s.states.get(w.id) == state:
        return "chart clear", json_state(w, plotly_selection([]))
    return "chart bar", state


async def viewer(
    n: int,
    url: str,
    vocab: Vocabulary,
    stats: Stats,
    window: tuple[float, float, float],
    args,
    recover=None,
    phase_seed: str = "",
) -> None:
    """One session: wait its turn (monotonic `start`), open a page with a query string, act until
    `end`; only actions sent after `measured` (perf_counter) count in the figures. With `recover`
    (load_fault.py), a dropped connection is not a lost session: `await recover(n, s)` reconnects
    as the browser does, at once, and returns the new Session."""
    # Each phase's viewers act anew: with the same seeds, a ramp's later steps replayed the earlier
    # steps' filter states, found them cached, and looked cheaper per rerun than they are.
    rng = random.Random(f"{args.seed}-{phase_seed}-{n}")
    start, measured, end = window
    path = vocab.pages[args.page] if args.page else ""
    await asyncio.sleep(max(0.0, start - time.monotonic()))
    # A distinct affinity cookie per session, as distinct browsers would have: nginx spreads them.
    s = Session(url, cookie=f"{COOKIE}=load-{uuid.uuid4().hex}", run_timeout=args.timeout)
    query = ""
    if vocab.types and rng.random() < 0.5:
        query = urlencode({vocab.type_param: rng.choice(vocab.types)})
    try:
        run = await s.open(path, query)
        stats.latency[OPEN].append(run.ms)
        stats.opened += 1
        note_exceptions(stats, run, n)
        for _ in range(int(args.seconds * 2) + 10):  # bounded: a think time is at least 0.5 s
            think = rng.uniform(*args.think)
            if time.monotonic() + think >= end:
                break
            try:
                # The reader task ends when the connection drops: a browser notices at once.
                await asyncio.wait({s.reader}, timeout=think)
                if s.reader.done():
                    raise ProtocolError(s.closed_reason or "connection lost")
                await act(s, n, rng, vocab, stats, measured, stay=bool(args.page))
            except (ProtocolError, OSError, TimeoutError):
                if recover is None:
                    raise
                s = await recover(n, s)
    except (ProtocolError, OSError, TimeoutError) as e:
        stats.errors["lost session"].append(f"session {n}: {type(e).__name__}: {e}"[:300])
        stats.lost += 1
    finally:
        await s.close()


async def act(
    s: Session, n: int, rng: random.Random, vocab: Vocabulary, stats: Stats, measured: float, stay: bool = False
) -> None:
    label, kwargs = pick_action(s, rng, vocab, stay)
    before = s.query
    run = await s.rerun(label, **kwargs)
    if run.started >= measured:
        stats.latency[label].append(run.ms)
        stats.url_changed[label] += s.query != before
    note_exceptions(stats, run, n)


def note_exceptions(stats: Stats, run, n: int) -> None:
    for text in run.exceptions:
        stats.errors["exception element"].append(f"session {n}, {run.label}: {text}")


async def learn(url: str, timeout: float) -> Vocabulary:
    """A warm-up session: the server's first run (imports, caches) is not measured, and the options
    used for deep links are learned from it."""
    s = Session(url, cookie=f"{COOKIE}=warm-up", run_timeout=max(timeout, 60))
    try:
        await s.open()
        vocab = Vocabulary()
        pills = [w for w in s.find("button_group") if w.path[:1] == [1] and w.proto.query_param_key]
        if pills:  # the first sidebar pills are the incident-type filter
            vocab.type_param = pills[0].proto.query_param_key
            vocab.types = [o.content for o in pills[0].proto.options]
        vocab.pages = {title: path for title, (_, path) in s.pages.items()}
        for title, (page_hash, _) in s.pages.items():  # visit each page once, warming its caches
            if page_hash != s.page_hash:
                await s.rerun("warm-up " + title, page_hash=page_hash, query="")
        return vocab
    finally:
        await s.close()


def cpu_seconds(pid: int) -> float:
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def sample_rss(pids: list[int], peak: dict[int, float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for pid in pids:
            peak[pid] = max(peak.get(pid, 0.0), rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


@dataclass
class Phase:
    sessions: int
    stats: Stats
    elapsed: float
    cpu: dict[int, float]
    rss: dict[int, float]
    load: tuple[float, float]  # 1-minute load average at the start and the end of the window
    client_cpu: float

    @property
    def reruns(self) -> int:
        return len(self.stats.in_page())

    def cpu_per_rerun(self) -> float:
        """ms of server CPU (every process) per in-page rerun in the window."""
        return sum(self.cpu.values()) * self.elapsed / max(self.reruns, 1) * 1000

    def summary(self) -> dict:
        xs = self.stats.in_page()
        return {
            "sessions": self.sessions,
            "reruns": self.reruns,
            "errors": self.stats.error_count(),
            "lost_sessions": self.stats.lost,
            "p50_ms": round(pct(xs, 50)),
            "p95_ms": round(pct(xs, 95)),
            "p99_ms": round(pct(xs, 99)),
            "rss_mb": round(sum(self.rss.values())),
        }


def ramp_up_seconds(sessions: int) -> float:
    """The sessions of a phase connect over this time; the measured window starts 1 s after it."""
    return min(MAX_RAMP_UP, max(1.0, sessions / 10))


async def phase(urls: list[str], pids: list[int], sessions: int, vocab: Vocabulary, args, recover=None) -> Phase:
    """`sessions` viewers: they connect over a few seconds, then the window of args.seconds is measured."""
    stats = Stats()
    ramp_up = ramp_up_seconds(sessions)
    now = time.monotonic()
    measure_start = now + ramp_up + 1
    end = measure_start + args.seconds
    measured = time.perf_counter() + (measure_start - now)
    peak: dict[int, float] = {}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pids, peak, stop))
    tasks = [
        asyncio.create_task(
            viewer(
                n,
                urls[n % len(urls)],
                vocab,
                stats,
                (now + n * ramp_up / sessions, measured, end),
                args,
                recover,
                phase_seed=f"{sessions}-{args.page or ''}",
            )
        )
        for n in range(sessions)
    ]
    await asyncio.sleep(max(0.0, measure_start - time.monotonic()))
    cpu0, client0, load0 = {p: cpu_seconds(p) for p in pids}, time.process_time(), os.getloadavg()[0]
    t0 = time.monotonic()
    # Hard deadline: the window, plus one unfinished run's timeout, plus a margin.
    done, pending = await asyncio.wait(tasks, timeout=args.seconds + ramp_up + args.timeout + 30)
    for task in pending:
        task.cancel()
        stats.errors["cancelled at the deadline"].append("session still running at the hard deadline")
        stats.lost += 1
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if not task.cancelled() and task.exception():
            e = task.exception()
            frames = traceback.extract_tb(e.__traceback__)
            where = next((f for f in reversed(frames) if "benchmarks" in f.filename), frames[-1])
            stats.errors["session crashed"].append(f"{e!r} at {Path(where.filename).name}:{where.lineno}"[:300])
            stats.lost += 1
    elapsed = max(time.monotonic() - t0, 1e-9)
    stop.set()
    await sampler
    cpu = {p: (cpu_seconds(p) - cpu0[p]) / elapsed for p in pids}
    client = (time.process_time() - client0) / elapsed
    return Phase(sessions, stats, min(elapsed, args.seconds), cpu, peak, (load0, os.getloadavg()[0]), client)


def report(p: Phase, names: dict[int, str]) -> None:
    s = p.stats
    xs = s.in_page()
    print(f"sessions: {p.sessions} (opened {s.opened}, lost {s.lost}); measured window {p.elapsed:.0f} s")
    print(f"in-page reruns: {len(xs)} = {len(xs) / p.elapsed:.1f} per second")
    print(f"latency ms, BackMsg -> script_finished (in-page): p50 {pct(xs, 50):.0f}, p95 {pct(xs, 95):.0f}, "
          f"p99 {pct(xs, 99):.0f}, max {max(xs, default=0):.0f}")  # fmt: skip
    for kind, ys in sorted(s.latency.items()):
        changed = f"  URL changed {s.url_changed[kind]:5d}" if kind != OPEN else ""
        print(f"  {kind:13s} n={len(ys):5d}  p50 {pct(ys, 50):6.0f}  p95 {pct(ys, 95):6.0f}  p99 {pct(ys, 99):6.0f}"
              + changed)  # fmt: skip
    print(f"errors: {s.error_count()} " + ", ".join(f"{k}={len(v)}" for k, v in sorted(s.errors.items())))
    for kind, details in sorted(s.errors.items()):
        for line in details[:3]:
            print(f"  {kind}: {line}")
    for pid, share in p.cpu.items():
        print(f"{names.get(pid, pid)} (pid {pid}): CPU {share:.0%} of one core, peak RSS {p.rss.get(pid, 0):.0f} MB")
    if xs:  # the cost of a rerun, nearly independent of how busy the machine is: the figure to compare
        print(f"server CPU per in-page rerun: {p.cpu_per_rerun():.0f} ms")
    print(f"load client CPU: {p.client_cpu:.0%} of one core; load average (1 min) {p.load[0]:.2f} -> {p.load[1]:.2f}"
          f" on {os.cpu_count()} cores")  # fmt: skip


async def ramp(urls, pids, steps: list[int], vocab: Vocabulary, args, names, title: str) -> list[Phase]:
    rows = []
    for n in steps:
        print(f"\n=== {title}: {n} sessions, {args.seconds:g} s ===", flush=True)
        rows.append(await phase(urls, pids, n, vocab, args))
        report(rows[-1], names)
    return rows


async def per_page(urls, pids, vocab: Vocabulary, args, names, title: str) -> list[Phase]:
    """One phase per page, every session staying on it: each page's own cost per rerun."""
    rows = []
    for page in vocab.pages:
        args.page = page
        print(f"\n=== {title}: {args.sessions} sessions on {page}, {args.seconds:g} s ===", flush=True)
        rows.append(await phase(urls, pids, args.sessions, vocab, args))
        report(rows[-1], names)
    args.page = None
    return rows


def saturation(rows: list[Phase]) -> str:
    over = next((r for r in rows if pct(r.stats.in_page(), 95) > TARGET_MS or r.stats.lost), None)
    if over is None:
        return f"not reached: p95 <= {TARGET_MS} ms up to {max(r.sessions for r in rows)} sessions"
    below = [r.sessions for r in rows if r.sessions < over.sessions]
    return (
        f"{over.sessions} sessions (p95 first above {TARGET_MS} ms; last step below: {below[-1] if below else 'none'})"
    )


async def run_all(args) -> tuple[list[Phase], list[str]]:
    """Every replica count in turn: start it (unless --url), learn, run the ramp, stop it."""
    steps = [int(x) for x in args.ramp.split(",")] if args.ramp else [args.sessions]
    results, lines = [], []
    for replicas in [int(x) for x in args.replicas.split(",")] if not args.url else [0]:
        with contextlib.ExitStack() as stack:
            if args.url:
                urls, pids, names = [u.rstrip("/") for u in args.url], args.pid, {p: "server" for p in args.pid}
                title = f"--url {' '.join(urls)}"
            else:
                c = stack.enter_context(cluster(replicas, proxy=args.proxy or replicas > 1))
                names = c.names()  # the programs supervisord runs: replica-1, ..., nginx
                urls, pids = [c.url], list(names)
                title = f"{replicas} replica(s)" + (" behind nginx" if c.proxy else "")
            vocab = await learn(urls[0], args.timeout)
            rows = await (per_page(urls, pids, vocab, args, names, title) if args.per_page else ramp(
                urls, pids, steps, vocab, args, names, title))  # fmt: skip
            results += rows
            for log in [] if args.url else c.logs:  # what the app logged: tracebacks are errors too
                text = log.read_text(errors="replace")
                if "Traceback" in text:
                    rows[-1].stats.errors["server traceback"].append(text[text.index("Traceback") :][:3000])
                    print(f"\n{log.name}:\n" + text[text.index("Traceback") :][:3000])
            if args.per_page:
                lines.append(f"{title}: server CPU per in-page rerun, one page at a time ({args.sessions} sessions)")
                lines += [
                    f"  {page:10s} {r.cpu_per_rerun():5.0f} ms   reruns {r.reruns:4d}   "
                    f"p50 {pct(r.stats.in_page(), 50):5.0f} ms   p95 {pct(r.stats.in_page(), 95):5.0f} ms"
                    for page, r in zip(vocab.pages, rows, strict=True)
                ]
            elif len(steps) > 1:
                lines.append(f"{title}: saturation point {saturation(rows)}")
                lines += [
                    f"  {r.sessions:4d} sessions: p95 {pct(r.stats.in_page(), 95):6.0f} ms, "
                    f"{r.reruns / r.elapsed:5.1f} reruns/s, CPU per rerun {r.cpu_per_rerun():3.0f} ms, "
                    f"errors {r.stats.error_count()}, lost {r.stats.lost}, load {r.load[1]:.1f}"
                    for r in rows
                ]
                costs = [r.cpu_per_rerun() for r in rows]
                spread = f"  CPU per rerun, most / least over the ramp: {max(costs) / min(costs):.2f}x"
                # The first step makes each view for the first time: a ramp that starts again low
                # (10,100,10) tells that apart from a cost that grows with the sessions.
                if len(costs) > 2:
                    warm = costs[1:]
                    spread += f"; after the first step, which fills the view caches: {max(warm) / min(warm):.2f}x"
                lines.append(spread)
    return results, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60, help="measured window (per ramp step)")
    parser.add_argument("--ramp", help="comma-separated session counts, one measured window each")
    parser.add_argument("--replicas", default="1", help="comma-separated replica counts (more than 1: behind nginx)")
    parser.add_argument("--proxy", action="store_true", help="put nginx in front of a single replica too")
    parser.add_argument("--url", action="append", default=[], help="a running app (loopback); sessions alternate")
    parser.add_argument("--pid", type=int, action="append", default=[], help="with --url: server pids to sample")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"),
                        help="seconds a viewer waits between actions (uniform)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=30, help="seconds until a run that has not finished fails")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page", help="every session opens this page (its title) and stays on it")
    parser.add_argument("--per-page", action="store_true", help="one window per page: each page's CPU per rerun")
    args = parser.parse_args()
    if min(args.think) < 0.5:
        parser.error("--think: at least 0.5 s")
    for url in args.url:
        if urlsplit(url).hostname not in LOOPBACK:
            parser.error(f"--url must be a loopback address, not {url}")
    results, lines = asyncio.run(run_all(args))
    if lines:
        print()
        print("\n".join(lines))
    total = results[-1].summary()
    total["reruns"] = sum(r.reruns for r in results)
    total["errors"] = sum(r.stats.error_count() for r in results)
    total["lost_sessions"] = sum(r.stats.lost for r in results)
    total["rss_mb"] = round(max(sum(r.rss.values()) for r in results))
    print(json.dumps(total))
    return 1 if total["errors"] or total["lost_sessions"] else 0


if __name__ == "__main__":
    sys.exit(main())
