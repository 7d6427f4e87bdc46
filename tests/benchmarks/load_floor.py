"""Streamlit's own CPU per rerun on this machine, now, beside the app's Overview.

load_ws's CPU per rerun is the machine's as much as the app's: the same code measured 22 ms at one
hour and 58 ms at another on these shared cores. This serves bench_overview's furnished page (the
Overview's furniture drawn from constants: top navigation, the sidebar's kinds of widgets, a title,
four metrics, captions, toggles, one chart) and the app (serve.py) the way load_ws serves the app
(deploy/process.py's flags, one replica, no file watcher), one after the other, each for the same
protocol-level viewers toggling the first sidebar pill, twice, interleaved. It prints each one's CPU
per rerun and the app's over the floor's: a figure the hour does not move much. Both pages are
drawn whole on each toggle; the app's Overview also filters, counts and redraws three charts, from
its caches once a state has been seen (the pills' combinations are few).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from deploy.process import free_port, start_streamlit, stop, wait_healthy
from tests.benchmarks.load_ws import cpu_seconds, pct, toggled
from tests.benchmarks.st_protocol import Session, Widget, pills_state

SERVERS = {"furnished page": "tests/benchmarks/furnished_app.py", "app's Overview": "serve.py"}


def first_pill(s: Session) -> Widget:
    """The sidebar's first pills (the incident types, on both pages)."""
    return next(w for w in s.widgets.values() if w.kind == "button_group" and w.path[:1] == [1])


async def viewer(url: str, n: int, toggles: int, pause: float, times: list[float]) -> None:
    s = Session(url)
    try:
        await s.open()
        for k in range(toggles):
            w = first_pill(s)
            options = [o.content for o in w.proto.options]
            start = time.perf_counter()
            await s.rerun("toggle", [pills_state(w, toggled(s.current(w), options[(n + k) % len(options)]))])
            times.append(time.perf_counter() - start)
            await asyncio.sleep(pause)
    finally:
        await s.close()


async def measure(url: str, pid: int, sessions: int, toggles: int, pause: float) -> tuple[float, list[float]]:
    """CPU ms per rerun (the opens' runs counted as reruns too) and each toggle's latency, seconds.
    One viewer first, not measured: the server's first run (imports, caches) is no rerun's cost."""
    await viewer(url, 0, toggles, pause, [])
    times: list[float] = []
    before = cpu_seconds(pid)
    await asyncio.gather(*(viewer(url, n, toggles, pause, times) for n in range(sessions)))
    return 1000 * (cpu_seconds(pid) - before) / (len(times) + sessions), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--toggles", type=int, default=40, help="pill clicks per session")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between a session's clicks")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    results: dict[str, list[float]] = {name: [] for name in SERVERS}
    with tempfile.TemporaryDirectory(prefix="kz-floor-") as tmp:
        servers = {}
        try:
            for name, script in SERVERS.items():
                port = free_port()
                log = Path(tmp) / f"{port}.log"
                proc = start_streamlit(port, log, script)
                servers[name] = (f"http://127.0.0.1:{port}", proc)
                wait_healthy(servers[name][0], proc, log)
            for r in range(args.rounds):
                for name, (url, proc) in servers.items():
                    cost, times = asyncio.run(measure(url, proc.pid, args.sessions, args.toggles, args.pause))
                    results[name].append(cost)
                    print(
                        f"round {r + 1}  {name:15s} CPU per rerun {cost:5.1f} ms   {len(times)} toggles,"
                        f" p50 {1000 * pct(times, 50):4.0f} ms, p95 {1000 * pct(times, 95):4.0f} ms"
                    )
        finally:
            stop([proc for _, proc in servers.values()])
    floor, app = (statistics.median(results[name]) for name in SERVERS)
    print(f"\nStreamlit's floor (furnished page): {floor:.1f} ms per rerun; the app's Overview: {app:.1f} ms")
    print(f"the app's Overview / the floor: {app / floor:.2f}x ({args.sessions} sessions, {args.rounds} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
