"""Run nginx in the foreground for supervisord, after ending the workers a killed nginx left behind.

    python -m deploy.nginx_run /usr/sbin/nginx -p PREFIX -c PREFIX/nginx.conf -g "daemon off;"

An nginx master killed with SIGKILL (or by the out-of-memory killer) leaves its workers running,
still holding the listening socket: the master supervisord starts next could not bind the port
and would be retried until given up, and the orphans would outlive deploy.serve. The workers are
in the dead master's process group, whose id is the pid in PREFIX/nginx.pid; only processes named
nginx in that group are killed, so a reused pid cannot hit anything else.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

WAIT = 5.0  # seconds for killed leftovers to end before nginx is started anyway


def nginx_in_group(pgid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            text = stat.read_text()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            fields = text.rsplit(")", 1)[1].split()  # state, ppid, pgrp, ...
            if comm == "nginx" and int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def end_leftovers(prefix: Path) -> list[int]:
    """Kill the nginx processes of the previous master's group (none if it ended cleanly)."""
    try:
        old = int((prefix / "nginx.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return []
    pids = nginx_in_group(old)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + WAIT
    while nginx_in_group(old) and time.monotonic() < deadline:
        time.sleep(0.05)
    return pids


def main(argv: list[str]) -> None:
    prefix = Path(argv[argv.index("-p") + 1])
    if ended := end_leftovers(prefix):
        print(f"ended nginx processes left by a killed master: {ended}", file=sys.stderr, flush=True)
    os.execv(argv[0], argv)  # nginx itself, with this pid: supervisord signals it directly


if __name__ == "__main__":
    main(sys.argv[1:])
