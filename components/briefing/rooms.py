"""Rooms: how a presenter window steers the audience window when both are sessions of one server.

A room is a slide number and a clock behind a random code (secrets.token_urlsafe) that only the
two windows' URLs carry. The store has no way to list its rooms, so a code cannot be found, only
known; rooms nobody has touched for a while are dropped. Pure: no Streamlit (the page keeps one
store per server with st.cache_resource and polls it).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

IDLE_SECONDS = 6 * 3600  # a room outlives a long briefing day, not a week
CODE_BYTES = 16  # 128 random bits: guessing a live room's code is hopeless


@dataclass
class Room:
    slide: int
    touched: float
    clock_start: float | None = None  # epoch seconds: the presenter window first opened, or the clock was restarted


class Rooms:
    """A server's rooms. Thread-safe: every session runs its script in a thread of its own."""

    def __init__(self, idle: float = IDLE_SECONDS, clock: Callable[[], float] = time.time) -> None:
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()
        self._idle = idle
        self._clock = clock

    def _expire(self, now: float) -> None:
        for code in [c for c, r in self._rooms.items() if now - r.touched > self._idle]:
            del self._rooms[code]

    def open(self, slide: int = 1) -> str:
        with self._lock:
            now = self._clock()
            self._expire(now)
            code = secrets.token_urlsafe(CODE_BYTES)
            self._rooms[code] = Room(slide, now)
            return code

    def get(self, code: str | None) -> Room | None:
        """The room's state (a copy), or None for an unknown or expired code."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            room = self._rooms.get(code or "")
            return None if room is None else Room(room.slide, room.touched, room.clock_start)

    def move(self, code: str | None, slide: int) -> None:
        with self._lock:
            room = self._rooms.get(code or "")
            if room is not None:
                room.slide, room.touched = slide, self._clock()

    def start_clock(self, code: str | None, restart: bool = False) -> None:
        with self._lock:
            room = self._rooms.get(code or "")
            if room is not None and (restart or room.clock_start is None):
                room.clock_start = room.touched = self._clock()

    def __len__(self) -> int:
        return len(self._rooms)
