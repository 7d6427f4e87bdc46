"""Start a Streamlit server on a free loopback port, wait until it is healthy, stop it.

The one way the project runs its app as a process: deploy/serve.py (each replica, and nginx in
front), the browser tests (tests/browser) and the benchmarks and load tests (tests/benchmarks).

    with streamlit(env={"KZ_DATASETS_DIR": "..."}) as server:
        ...  # server.url, server.pid, server.log

A server that exits or does not answer /_stcore/health in time raises RuntimeError with the tail of
its log; stopping sends SIGTERM, then SIGKILL to whatever has not ended.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEALTH = "/_stcore/health"
STARTUP_TIMEOUT = 60  # seconds until /_stcore/health must answer "ok"
STOP_TIMEOUT = 15  # seconds after SIGTERM before SIGKILL
LOG_TAIL = 4000  # characters of a server's log quoted when it fails to start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def streamlit_command(script: str, port: int) -> list[str]:
    """`streamlit run script` headless on 127.0.0.1:port, without usage statistics or a file watcher."""
    return [
        sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip


def start_streamlit(port: int, log: Path, script: str = "serve.py", env: dict[str, str] | None = None):
    """Start (do not wait for) `streamlit run script` on port, its output appended to `log` (a file,
    not a pipe: a chatty server must never block on a full pipe). `env` is added to a copy of
    os.environ from which KZ_DATASETS_DIR is dropped, so only an explicit value points the app at
    other data."""
    full_env = {k: v for k, v in os.environ.items() if k != "KZ_DATASETS_DIR"} | (env or {})
    with log.open("ab") as out:
        return subprocess.Popen(
            streamlit_command(script, port), cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT
        )


def log_tail(log: Path, chars: int = LOG_TAIL) -> str:
    try:
        return log.read_text(errors="replace")[-chars:]
    except OSError as e:
        return f"(unreadable: {e})"


def wait_healthy(
    url: str, proc: subprocess.Popen, log: Path, timeout: float = STARTUP_TIMEOUT, name: str = "streamlit server"
) -> None:
    """Poll url's /_stcore/health until it says ok; RuntimeError with the log's tail if the process
    exits first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while not healthy(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            state = f"exited with {proc.returncode}" if proc.poll() is not None else f"did not answer in {timeout:g} s"
            raise RuntimeError(f"{name} at {url} {state} before {HEALTH} said ok; the end of {log}:\n{log_tail(log)}")
        time.sleep(0.2)


def stop(procs: list[subprocess.Popen]) -> None:
    """SIGTERM each process we started (by its handle), then SIGKILL whatever has not ended."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid


@contextlib.contextmanager
def streamlit(
    script: str = "serve.py",
    env: dict[str, str] | None = None,
    log: Path | None = None,
    timeout: float = STARTUP_TIMEOUT,
    port: int | None = None,
) -> Iterator[Server]:
    """Start `streamlit run script` (on `port`, else a free one), wait until healthy, yield the
    Server, stop it afterwards. Without `log` the output goes to a temporary file removed afterwards."""
    with contextlib.ExitStack() as stack:
        if log is None:
            log = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kz-server-"))) / "server.log"
        port = port or free_port()
        proc = start_streamlit(port, log, script, env)
        stack.callback(stop, [proc])
        server = Server(f"http://127.0.0.1:{port}", proc, log)
        wait_healthy(server.url, proc, log, timeout)
        yield server
