"""Start a Streamlit server on a free loopback port and drive it with Debian's Chromium.

Shared by the benchmark and load scripts; the pytest browser suite has its own fixtures.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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
READY = (
    "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
    " return a && a.dataset.testConnectionState === 'CONNECTED' && a.dataset.testScriptState === 'notRunning'"
    " && !document.querySelector('[data-testid=\"stSkeleton\"]'); }"
)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        sys.exit("Chromium not found: run tests/install-browser.sh (Debian package 'chromium').")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(script: str = "dashboard.py", env: dict | None = None):
    """Yield the base URL of a fresh server running script; stop it afterwards."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server for {script} did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wait_ready(page, charts: int = 0, timeout: float = 60_000) -> None:
    """The app has connected, finished its run, and drawn `charts` Plotly charts."""
    page.wait_for_function(READY, timeout=timeout, polling="raf")
    if charts:
        page.wait_for_function(
            f"() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= {charts}",
            timeout=timeout,
            polling="raf",
        )
