"""Run N Streamlit replicas of the dashboard behind nginx, all on 127.0.0.1, under supervisord.

    python -m deploy.serve --replicas 2 --port 8080

picks free loopback ports for the replicas, writes an nginx configuration from
deploy/nginx.conf.template and a supervisord one from deploy/supervisord.conf.template into a
temporary directory, and runs supervisord (PyPI's `supervisor`) in the foreground with it: it
starts the replicas and nginx, restarts any of them that exits (a crash, an out-of-memory kill,
kill -9) with back-off, and leaves the others alone. This prints the address and the process ids
and runs until Ctrl-C or SIGTERM, which stops supervisord and so nginx and every replica. nginx
comes from Debian's package: `sudo apt-get install -y nginx` (only the binary is used; the
packaged service need not run). tests/benchmarks/load_ws.py starts the same set-up through
`cluster()`.

All replicas share one import store, the folder in KZ_IMPORT_STORE (default
~/.cache/kz-dashboard/imports): an import written by one replica is found by the others, so a
viewer whose replica died gets its imported view back on another.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deploy.nginx_run import end_leftovers
from deploy.process import ROOT, free_port, healthy, stop, streamlit_command, wait_healthy

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
SUPERVISOR_TEMPLATE = Path(__file__).with_name("supervisord.conf.template")
COOKIE = "kz_replica"  # the affinity cookie nginx sets; load clients set their own, one per session
NGINX_HINT = "nginx not found: install Debian's package with `sudo apt-get install -y nginx`"
STORE_ENV = "KZ_IMPORT_STORE"
# nginx stops sending viewers to a replica after this many failed connections, for FAIL_TIMEOUT
# seconds; then it tries it again with one request (and, if that fails too, passes it on).
MAX_FAILS, FAIL_TIMEOUT = 1, 3
# supervisord: a program that exits within START_SECS of its start failed to start; it is retried
# after 1, 2, 3 ... seconds, START_RETRIES times, then given up (FATAL). One that ran longer is
# restarted at once. STOP_WAIT: seconds after SIGTERM before SIGKILL, below process.STOP_TIMEOUT so
# supervisord itself has stopped every program before serve.py would kill it.
START_SECS, START_RETRIES, STOP_WAIT = 5, 10, 5
PROGRAM = """[program:{name}]
command={command}
directory={directory}
environment={environment}
priority={priority}
autorestart=true
startsecs={START_SECS}
startretries={START_RETRIES}
stopsignal=TERM
stopwaitsecs={STOP_WAIT}
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile={log}
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=1
"""


def default_store() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get(STORE_ENV) or Path(cache) / "kz-dashboard" / "imports")


@dataclass
class Cluster:
    url: str  # where viewers connect: nginx, or the replica itself when there is one and no proxy
    prefix: Path  # the temporary directory: configurations, logs, supervisord's socket
    supervisor: subprocess.Popen | None = None
    ports: list[int] = field(default_factory=list)  # one per replica, kept across its restarts
    store: Path | None = None
    proxy: bool = False

    @property
    def logs(self) -> list[Path]:
        return [self.prefix / f"replica-{i + 1}.log" for i in range(len(self.ports))]

    def rpc(self):
        """supervisord's XML-RPC interface over its unix socket (what supervisorctl uses)."""
        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, f"unix://{self.prefix / 'supervisor.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport).supervisor

    def names(self) -> dict[int, str]:
        """pid -> program name ("replica-1", "nginx") of every program running now."""
        return {p["pid"]: p["name"] for p in self.rpc().getAllProcessInfo() if p["pid"]}

    @property
    def pids(self) -> list[int]:
        return list(self.names())


def max_upload_mb() -> int:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return int(config.get("server", {}).get("maxUploadSize", 200))


# What nginx answers while no replica does (nginx.conf.template, @restarting): it reloads itself every
# 2 s at the same address, so the viewer's view comes back by itself. Inside an nginx string in single
# quotes: no single quote, no $, no backslash.
RESTARTING_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta http-equiv="refresh" content="2">'
    "<title>Restarting: Kazakhstan terrorism 2011–2012</title></head>"
    '<body style="font: 1.125rem/1.5 system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; '
    'padding: 0 1rem; color: #262730">'
    '<h1 style="font-size: 1.5rem">The dashboard is restarting</h1>'
    "<p>No server is answering at the moment. This page tries again every 2 seconds and opens your view "
    "as soon as one answers: its address, with your filters and any import you opened, is kept.</p>"
    "</body></html>"
)


def fill(template: Path, fields: dict[str, str]) -> str:
    text = template.read_text()
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def server_line(port: int, backup: bool = False) -> str:
    return f"        server 127.0.0.1:{port} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT}s{' backup' * backup};"


def replica_groups(names: list[str], upstreams: list[int]) -> str:
    """Each replica's own upstream group: itself, then the others as backups while it is down."""
    return "\n".join(
        f"    upstream {name} {{\n"
        + "\n".join([server_line(p), *(server_line(q, backup=True) for q in upstreams if q != p)])
        + "\n    }"
        for name, p in zip(names, upstreams, strict=True)
    )


def nginx_conf(prefix: Path, port: int, upstreams: list[int]) -> str:
    # Started as root, nginx runs its workers as an unprivileged user (and prefix must be readable).
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    names = [f"r{i + 1}" for i in range(len(upstreams))]
    return fill(
        TEMPLATE,
        {"PREFIX": str(prefix), "PORT": str(port), "COOKIE": COOKIE, "USER": user,
         "MAX_UPLOAD_MB": str(max_upload_mb()), "RESTARTING_PAGE": RESTARTING_PAGE,
         "SERVERS": "\n".join(server_line(p) for p in upstreams),
         "GROUPS": replica_groups(names, upstreams),
         "POOLS": "\n".join(f"        {name} {name};" for name in names),
         "SERVED_BY": "\n".join(f'        "~:{p}$" {name};' for name, p in zip(names, upstreams, strict=True))},
    )  # fmt: skip


def nginx_binary() -> str:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        raise RuntimeError(NGINX_HINT)
    return binary


def write_nginx_conf(prefix: Path, port: int, upstreams: list[int]) -> list[str]:
    """Write and check nginx.conf; the command that runs nginx in the foreground with it."""
    binary = nginx_binary()
    prefix.chmod(0o755)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, port, upstreams))
    check = subprocess.run([binary, "-t", "-q", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError(f"nginx rejected {conf}:\n{check.stderr}")
    # Through deploy/nginx_run.py: it first ends the workers a SIGKILLed master left holding the port.
    return [sys.executable, "-m", "deploy.nginx_run", binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]


def program(name: str, command: list[str], log: Path, priority: int, environment: dict[str, str]) -> str:
    """One [program:x] section. supervisord expands %(...)s in values: a literal % is written %%."""

    def esc(text: str) -> str:
        return text.replace("%", "%%")

    env = ",".join(f'{k}="{esc(v)}"' for k, v in environment.items())
    return PROGRAM.format(
        name=name, command=esc(shlex.join(command)), directory=esc(str(ROOT)), environment=env,
        priority=priority, log=esc(str(log)), START_SECS=START_SECS, START_RETRIES=START_RETRIES, STOP_WAIT=STOP_WAIT,
    )  # fmt: skip


def supervisord_conf(prefix: Path, ports: list[int], store: Path, nginx: list[str] | None) -> str:
    """Replicas first (priority 100), nginx after them (200): supervisord stops in reverse order."""
    env = {STORE_ENV: str(store)}
    sections = [
        program(f"replica-{i + 1}", streamlit_command("serve.py", p), prefix / f"replica-{i + 1}.log", 100, env)
        for i, p in enumerate(ports)
    ]
    if nginx:
        sections.append(program("nginx", nginx, prefix / "nginx.out", 200, {}))
    user = "root" if os.geteuid() == 0 else ""  # not root: supervisord runs as whoever started it
    text = fill(SUPERVISOR_TEMPLATE, {"PREFIX": str(prefix), "USER": user, "PROGRAMS": "\n".join(sections)})
    return text if user else text.replace("user=\n", "")


def start_supervisord(conf: Path, env: dict[str, str]) -> subprocess.Popen:
    """supervisord in the foreground. The replicas inherit its environment (the shared cookie
    secret stays out of files); KZ_DATASETS_DIR only if given, as process.start_streamlit does."""
    full_env = {k: v for k, v in os.environ.items() if k != "KZ_DATASETS_DIR"} | env
    with (conf.parent / "supervisord.out").open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "supervisor.supervisord", "-c", str(conf)],
            cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def wait_cluster(c: Cluster) -> None:
    for i, port in enumerate(c.ports):
        wait_healthy(f"http://127.0.0.1:{port}", c.supervisor, c.logs[i], name=f"replica {i + 1}")
    if c.proxy:
        wait_healthy(c.url, c.supervisor, c.prefix / "error.log", name="nginx")


def stop_cluster(c: Cluster) -> None:
    """SIGTERM to supervisord stops every program, then itself. Only if it had to be killed (it
    did not end in time) are its programs' process groups killed here, so none is left behind."""
    if c.supervisor is None:
        return
    running: list[int] = []
    with contextlib.suppress(OSError, xmlrpc.client.Error):
        running = c.pids
    stop([c.supervisor])
    end_leftovers(c.prefix)  # workers of an nginx master killed just before (deploy/nginx_run.py)
    if c.supervisor.returncode == -signal.SIGKILL:
        for pid in running:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)  # supervisord makes each program a group leader


@contextlib.contextmanager
def cluster(replicas: int, port: int | None = None, proxy: bool | None = None, env=None) -> Iterator[Cluster]:
    """Start `replicas` replicas (and nginx in front, always when more than one) under supervisord,
    wait until each answers, yield, stop them all. Configurations and logs live in a temporary
    directory removed afterwards. env: added to the replicas' environment (KZ_IMPORT_STORE in it
    names their shared store)."""
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)} | (env or {})
    store = Path(env.get(STORE_ENV) or default_store())
    store.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kz-deploy-") as tmp:
        c = Cluster(url="", prefix=Path(tmp), store=store, proxy=replicas > 1 if proxy is None else proxy)
        try:
            c.ports = [free_port() for _ in range(replicas)]
            front = port or free_port()
            nginx = write_nginx_conf(c.prefix, front, c.ports) if c.proxy else None
            c.url = f"http://127.0.0.1:{front}" if c.proxy else f"http://127.0.0.1:{c.ports[0]}"
            conf = c.prefix / "supervisord.conf"
            conf.write_text(supervisord_conf(c.prefix, c.ports, store, nginx))
            c.supervisor = start_supervisord(conf, env)
            wait_cluster(c)
            yield c
        finally:
            stop_cluster(c)


def replica_serving(c: Cluster, index: int) -> bool:
    return healthy(f"http://127.0.0.1:{c.ports[index]}")


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
            print(f"serving {c.url} with {args.replicas} replica(s) under supervisord (pid {c.supervisor.pid})")
            print("pids: " + ", ".join(f"{name} {pid}" for pid, name in sorted(c.names().items(), key=lambda x: x[1])))
            print(f"import store {c.store}; logs and `supervisorctl -c {c.prefix / 'supervisord.conf'} status`")
            print(f"Ctrl-C or `kill {os.getpid()}` stops them all", flush=True)
            while c.supervisor.poll() is None:  # supervisord restarts programs; it alone ending is fatal
                time.sleep(1)
            print(f"supervisord ended on its own ({c.supervisor.returncode}); see {c.prefix}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("stopped")
        return 0
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
