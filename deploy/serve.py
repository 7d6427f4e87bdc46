"""Run N Streamlit replicas of the dashboard behind nginx, all on 127.0.0.1, and stop them all.

    python -m deploy.serve --replicas 2 --port 8080

starts the replicas on free loopback ports, writes an nginx configuration from
deploy/nginx.conf.template into a temporary directory, runs nginx in the foreground with it, prints
the address and the process ids, and runs until Ctrl-C or SIGTERM, which stops nginx and every
replica. nginx comes from Debian's package: `sudo apt-get install -y nginx` (only the binary is used;
the packaged service need not run). tests/benchmarks/load_ws.py starts the same set-up through
`cluster()`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deploy.process import ROOT, free_port, start_streamlit, stop, wait_healthy

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
COOKIE = "kz_replica"  # the affinity cookie nginx sets; load clients set their own, one per session
NGINX_HINT = "nginx not found: install Debian's package with `sudo apt-get install -y nginx`"


@dataclass
class Cluster:
    url: str  # where viewers connect: nginx, or the replica itself when there is one and no proxy
    replicas: list[subprocess.Popen] = field(default_factory=list)
    proxy: subprocess.Popen | None = None
    logs: list[Path] = field(default_factory=list)  # one per replica

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.replicas] + ([self.proxy.pid] if self.proxy else [])


def start_replica(port: int, log: Path, cookie_secret: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """One `streamlit run serve.py` (the app with its nested-path redirect) on 127.0.0.1:port.
    Replicas share the cookie secret so a signed cookie one of them set is valid on the others."""
    return start_streamlit(port, log, env={"STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret} | (env or {}))


def max_upload_mb() -> int:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return int(config.get("server", {}).get("maxUploadSize", 200))


def nginx_conf(prefix: Path, port: int, upstreams: list[int]) -> str:
    # Started as root, nginx runs its workers as an unprivileged user (and prefix must be readable).
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    fields = {
        "{{PREFIX}}": str(prefix),
        "{{PORT}}": str(port),
        "{{COOKIE}}": COOKIE,
        "{{USER}}": user,
        "{{MAX_UPLOAD_MB}}": str(max_upload_mb()),
        "{{SERVERS}}": "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in upstreams),
    }
    text = TEMPLATE.read_text()
    for key, value in fields.items():
        text = text.replace(key, value)
    return text


def start_nginx(prefix: Path, port: int, upstreams: list[int]) -> subprocess.Popen:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        raise RuntimeError(NGINX_HINT)
    prefix.chmod(0o755)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, port, upstreams))
    check = subprocess.run([binary, "-t", "-q", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError(f"nginx rejected {conf}:\n{check.stderr}")
    with (prefix / "nginx.out").open("ab") as out:
        return subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT
        )


@contextlib.contextmanager
def cluster(replicas: int, port: int | None = None, proxy: bool | None = None, env=None) -> Iterator[Cluster]:
    """Start `replicas` replicas (and nginx in front, always when more than one), yield, stop them all.
    Logs and the generated nginx configuration live in a temporary directory removed afterwards."""
    proxy = replicas > 1 if proxy is None else proxy
    secret = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="kz-deploy-") as tmp:
        prefix = Path(tmp)
        started = Cluster(url="")
        try:
            ports = [free_port() for _ in range(replicas)]
            logs = [prefix / f"replica-{i + 1}.log" for i in range(replicas)]
            started.replicas = [start_replica(p, log, secret, env) for p, log in zip(ports, logs, strict=True)]
            for i, (p, proc, log) in enumerate(zip(ports, started.replicas, logs, strict=True)):
                wait_healthy(f"http://127.0.0.1:{p}", proc, log, name=f"replica {i + 1}")
            if proxy:
                front = port or free_port()
                started.proxy = start_nginx(prefix, front, ports)
                started.url = f"http://127.0.0.1:{front}"
                wait_healthy(started.url, started.proxy, prefix / "error.log", name="nginx")
            else:
                started.url = f"http://127.0.0.1:{ports[0]}"
            started.logs = logs
            yield started
        finally:
            stop(([started.proxy] if started.proxy else []) + started.replicas)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx listens on 127.0.0.1:PORT")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops everything as Ctrl-C does
    try:
        with cluster(args.replicas, args.port, proxy=True) as c:
            print(f"serving {c.url} with {args.replicas} replica(s); pids {c.pids}")
            print(f"Ctrl-C or `kill {os.getpid()}` stops them all")
            while all(p.poll() is None for p in [*c.replicas, c.proxy]):
                time.sleep(1)
            print("a process ended on its own; stopping the rest", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("stopped")
        return 0
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
