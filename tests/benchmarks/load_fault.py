"""Fault test: load_ws's viewers against `deploy.serve --replicas 2`, one replica killed with kill -9.

    python -m tests.benchmarks.load_fault --sessions 50 --seconds 40 --kill-at 10

Starts two replicas behind nginx under supervisord (deploy/serve.py's `cluster()`), opens the
sessions as load_ws does, and --kill-at seconds into the measured window sends SIGKILL to
replica 1. A viewer whose connection drops reconnects at once, as the browser does (same cookie,
its old session id, its page and URL), retrying every RETRY_EVERY seconds. Prints how many sessions
dropped and came back (and how long each was without a page), how many actions failed and over how
long, whether each view came back from its URL (same page and query), the time from kill -9 until
the killed replica answered its health check again, and how many checks of the front door (nginx,
under several affinity cookies) failed meanwhile. Imports are not exercised: the protocol client
does not upload, so "imported view back without its data" is reported as not measured. Exit
status 1 if a session is lost or back later than --target, or the front door ever failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time
import urllib.request
from dataclasses import dataclass, field

from deploy.process import HEALTH
from deploy.serve import COOKIE, Cluster, cluster, replica_serving
from tests.benchmarks.load_ws import learn, page_title, pct, phase, ramp_up_seconds, report
from tests.benchmarks.st_protocol import Session

RETRY_EVERY = 0.5  # seconds between a viewer's reconnect attempts
RECONNECT_LIMIT = 30.0  # seconds a viewer keeps trying before its session counts as lost
PROBE_EVERY = 0.25  # seconds between checks of the front door
PROBE_TIMEOUT = 5  # seconds: a front-door check slower than this counts as the service down
PROBE_COOKIES = 8  # affinity keys the front-door checks use, so that both replicas' shares are probed


@dataclass
class Fault:
    killed_at: float | None = None  # monotonic
    killed_pid: int = 0
    back_after: float | None = None  # seconds from kill -9 to the killed replica's health check ok
    outages: list[float] = field(default_factory=list)  # per reconnected session: seconds without a page
    dropped_at: list[float] = field(default_factory=list)  # monotonic time each session's connection dropped
    failed_reconnects: list[float] = field(default_factory=list)  # monotonic time of each failed attempt
    views_back: int = 0  # reconnected sessions whose page and URL came back as they were
    lost: int = 0
    probes: int = 0
    probe_failures: list[str] = field(default_factory=list)
    views_changed: list[str] = field(default_factory=list)  # page and query before -> after, when they differ


async def reconnect(fault: Fault, url: str, old: Session, timeout: float) -> Session:
    """What the browser does when its websocket closes: connect again with the same cookie, naming
    the old session, and run the page it shows with its URL's query string."""
    dropped = time.monotonic()
    fault.dropped_at.append(dropped)
    await old.close()
    path = old.pages.get(page_title(old), ("", ""))[1]
    last: Exception | None = None
    while time.monotonic() - dropped < RECONNECT_LIMIT:
        s = Session(url, cookie=old.cookie, run_timeout=timeout, existing_session=old.session_id)
        try:
            await s.open(path, old.query)
        except Exception as e:  # refused, a handshake error, a drop, a timeout: the browser retries any
            await s.close()
            fault.failed_reconnects.append(time.monotonic())
            last = e
            await asyncio.sleep(RETRY_EVERY)
            continue
        fault.outages.append(time.monotonic() - dropped)
        if s.query == old.query and page_title(s) == page_title(old):
            fault.views_back += 1
        else:
            fault.views_changed.append(f"{page_title(old)}?{old.query} -> {page_title(s)}?{s.query}")
        return s
    fault.lost += 1
    raise TimeoutError(f"no reconnect within {RECONNECT_LIMIT:g} s: {last!r}")


async def kill_replica(c: Cluster, fault: Fault, at: float) -> None:
    """At monotonic `at`, SIGKILL replica 1; then time until its health check answers again."""
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    pid = next(pid for pid, name in (await asyncio.to_thread(c.names)).items() if name == "replica-1")
    os.kill(pid, signal.SIGKILL)
    fault.killed_pid = pid
    fault.killed_at = time.monotonic()
    print(f"kill -9 replica-1 (pid {pid})", flush=True)
    while time.monotonic() - fault.killed_at < 60:  # bounded: 60 s, ample for a restart
        if await asyncio.to_thread(replica_serving, c, 0):
            fault.back_after = time.monotonic() - fault.killed_at
            return
        await asyncio.sleep(0.1)


def front_door(url: str, key: str) -> str:
    """'' if nginx's health check answered ok within PROBE_TIMEOUT, else what went wrong."""
    request = urllib.request.Request(url + HEALTH, headers={"Cookie": f"{COOKIE}={key}"})
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as r:
            return "" if r.read().strip() == b"ok" else f"answered {r.status}"
    except OSError as e:
        return f"{type(e).__name__}: {e}"


async def probe(url: str, fault: Fault, stop: asyncio.Event) -> None:
    """Until stopped: nginx's health check under PROBE_COOKIES keys in turn, failures timed."""
    n = 0
    while not stop.is_set():
        failure = await asyncio.to_thread(front_door, url, f"probe-{n % PROBE_COOKIES}")
        fault.probes += 1
        if failure:
            fault.probe_failures.append(f"{time.monotonic() - (fault.killed_at or 0):.1f} s after the kill: {failure}")
        n += 1
        await asyncio.sleep(PROBE_EVERY)


def summary(fault: Fault, stats, target: float) -> dict:
    failed = fault.dropped_at + fault.failed_reconnects
    return {
        "dropped": len(fault.outages) + fault.lost,
        "reconnected": len(fault.outages),
        "back_within_target": sum(x <= target for x in fault.outages),
        "outage_p50_s": round(pct(fault.outages, 50), 2) if fault.outages else None,
        "outage_max_s": round(max(fault.outages), 2) if fault.outages else None,
        # An action in flight when the connection dropped, or a viewer idle then, sees one failure;
        # each reconnect attempt that failed is one more.
        "failed_actions": len(failed),
        "failed_reconnects": len(fault.failed_reconnects),
        "failures_span_s": round(max(failed) - min(failed), 2) if failed else 0,
        "views_back_from_url": fault.views_back,
        "replica_back_s": round(fault.back_after, 2) if fault.back_after is not None else None,
        "front_door_failures": fault.probe_failures,
        "views_changed": fault.views_changed,
        "front_door_probes": fault.probes,
        "lost_sessions": stats.lost,
        "errors": stats.error_count(),
        "imports_lost": "not measured (the protocol client does not upload)",
    }


def verdict(result: dict, target: float) -> list[str]:
    """The issue's targets that were missed (empty: all met)."""
    missed = []
    if result["lost_sessions"] or result["back_within_target"] < result["dropped"]:
        missed.append(f"every session back within {target:g} s")
    if result["front_door_failures"]:
        missed.append("the service never down as a whole (a front-door check failed)")
    if result["replica_back_s"] is None:
        missed.append("the killed replica serving again")
    return missed


async def run(args) -> dict:
    fault = Fault()
    with cluster(2, proxy=True) as c:
        names = c.names()
        vocab = await learn(c.url, args.timeout)
        stop = asyncio.Event()
        prober = asyncio.create_task(probe(c.url, fault, stop))
        kill_at = time.monotonic() + ramp_up_seconds(args.sessions) + 1 + args.kill_at
        killer = asyncio.create_task(kill_replica(c, fault, kill_at))

        async def recover(n: int, s: Session) -> Session:
            return await reconnect(fault, c.url, s, args.timeout)

        print(f"=== 2 replicas behind nginx under supervisord: {args.sessions} sessions, {args.seconds:g} s, "
              f"kill -9 replica-1 at {args.kill_at:g} s ===", flush=True)  # fmt: skip
        p = await phase([c.url], list(names), args.sessions, vocab, args, recover)
        await killer
        stop.set()
        await prober
        now = {name: pid for pid, name in c.names().items()}
        names[fault.killed_pid] = f"replica-1 (killed; its CPU figure is void; restarted as pid {now['replica-1']})"
        report(p, names)
    return summary(fault, p.stats, args.target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=40, help="measured window")
    parser.add_argument("--kill-at", type=float, default=10, help="seconds into the window: kill -9 replica 1")
    parser.add_argument("--target", type=float, default=10, help="seconds within which every session must be back")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"))
    parser.add_argument("--timeout", type=float, default=30, help="seconds until a run that has not finished fails")
    parser.add_argument("--seed", type=int, default=1)
    parser.set_defaults(page=None)  # load_ws.viewer: sessions switch pages
    args = parser.parse_args()
    if min(args.think) < 0.5 or not 0 <= args.kill_at < args.seconds:
        parser.error("--think at least 0.5 s; --kill-at within the window")
    result = asyncio.run(run(args))
    print()
    for key, value in result.items():
        if isinstance(value, list):
            print(f"{key}: {len(value)}" + "".join(f"\n  {x}" for x in value[:5]))
            continue
        print(f"{key}: {value}")
    missed = verdict(result, args.target)
    print("targets met" if not missed else "targets missed: " + "; ".join(missed))
    print(json.dumps(result))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
