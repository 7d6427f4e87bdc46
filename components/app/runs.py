"""At most a few script runs of this process at once: the app's full runs (ui.entrypoint_run) and
its fragments' own reruns (`fragment`) each take one of RUNS' slots, and wait for one while all are
taken.

Why: Streamlit gives every session's run a thread and lets them all run. Python runs one thread at a
time and switches every 5 ms, so a burst of 30 clicks made 30 threads take turns, each finishing only
when nearly all had, while the websocket thread waited for its turn to send what they drew. In
load_ws at 100 viewers on one replica (2 cores), runs unlimited gave p95 1.40 and 2.58 s; two slots
0.52, 0.59 and 0.70 s at the same CPU per rerun (37-41 ms); one slot 1.22 s, three 0.96 s, four 1.44
and 1.94 s. Two suit any number of cores: one process runs Python on one core at a time.

The price: a long run (a 200,000-row import, ~3.5 s) holds a slot all along, and while two do,
everyone else waits, at most PATIENCE seconds: then a run goes ahead without a slot. Unlimited
(KZ_RUN_SLOTS=0), they would have shared the same core anyway.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

SLOTS_ENV = "KZ_RUN_SLOTS"
DEFAULT_SLOTS = 2
# Seconds a run waits for a slot before it runs anyway: at 100 viewers on one replica 99% of runs
# finished within 0.8-1.1 s, waiting included (load_ws), so only runs stuck behind runs that do
# not end wait this long.
PATIENCE = 3.0


class SlotsError(ValueError):
    """KZ_RUN_SLOTS holds something other than a whole number of at least 0."""


def slots_from(value: str | None) -> int:
    """The number of slots KZ_RUN_SLOTS asks for: unset or blank, DEFAULT_SLOTS; 0, no limit."""
    if value is None or not value.strip():
        return DEFAULT_SLOTS
    try:
        n = int(value)  # int() takes surrounding spaces itself
    except ValueError:
        n = -1
    if n < 0:
        raise SlotsError(
            f"{SLOTS_ENV}={value!r}: expected a whole number of script runs at once per process "
            f"(0 for no limit; unset: {DEFAULT_SLOTS})"
        )
    return n


class Slots:
    """`n` slots (0: no limit) shared by every thread; a thread that holds one takes none again, so a
    fragment called within a full run runs in the run's slot. A thread that has waited `patience`
    seconds runs without one: runs that never end (a bug, a file that defeats a parser) would
    otherwise hold every slot and stop the process for every viewer; now they cost what they did
    before the slots, and the others wait no longer than that."""

    def __init__(self, n: int, patience: float = PATIENCE) -> None:
        self.n, self.patience = n, patience
        self._free = threading.BoundedSemaphore(n) if n else None
        self._thread = threading.local()

    def holding(self) -> bool:
        """Whether this thread runs as a slot's (it holds one, or has waited its patience out)."""
        return getattr(self._thread, "held", False)

    @contextmanager
    def held(self) -> Iterator[None]:
        if self.holding():
            yield
            return
        took = self._free is not None and self._free.acquire(timeout=self.patience)
        self._thread.held = True
        try:
            yield
        finally:
            self._thread.held = False
            if took:
                self._free.release()


try:
    RUNS = Slots(slots_from(os.environ.get(SLOTS_ENV)))
except SlotsError as e:  # the operator's setting: the message alone, where the server starts
    raise SystemExit(str(e)) from None


def in_slot(f):
    """f, run in a slot: its own, or the one its thread holds."""

    @functools.wraps(f)  # a fragment's identity is its function's module and name (Streamlit's fragment id)
    def run(*args, **kwargs):
        with RUNS.held():
            return f(*args, **kwargs)

    return run


def fragment(func=None, **options):
    """st.fragment (with its options) whose reruns of their own take a slot like a full run."""

    def decorate(f):
        return st.fragment(in_slot(f), **options)

    return decorate if func is None else decorate(func)
