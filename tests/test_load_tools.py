"""The load test's protocol helpers and the nginx configuration, without a server."""

import asyncio
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from deploy import nginx_run, process, serve
from tests.benchmarks import load_floor, load_ws
from tests.benchmarks import st_protocol as sp


def widget(kind: str, proto, path=(1, 0), fragment_id="") -> sp.Widget:
    return sp.Widget(proto.id, kind, proto, fragment_id, list(path))


def test_nginx_conf_routes_by_cookie_upgrades_websockets_and_sets_security_headers(tmp_path):
    conf = serve.nginx_conf(tmp_path, 8080, [9001, 9002])
    assert "{{" not in conf
    assert "listen 127.0.0.1:8080;" in conf
    assert "server 127.0.0.1:9001 max_fails=1" in conf and "server 127.0.0.1:9002 max_fails=1" in conf
    # Each replica's own group falls back on the other; the cookie names the replica that answered.
    assert (
        "upstream r1 {\n        server 127.0.0.1:9001 " in conf and "9002 max_fails=1 fail_timeout=3s backup;" in conf
    )
    assert '"~:9002$" r2;' in conf and "proxy_pass http://$pool;" in conf
    assert "proxy_next_upstream error timeout;" in conf  # a dead replica's requests go to a live one
    assert "hash $affinity_key consistent;" in conf and f"$cookie_{serve.COOKIE}" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "add_header Content-Security-Policy \"frame-ancestors 'self'\" always;" in conf
    assert "add_header X-Content-Type-Options nosniff always;" in conf
    assert f"client_max_body_size {serve.max_upload_mb()}m;" in conf
    # No replica answering: a page that reloads itself at the same address, not nginx's bare 502.
    assert "error_page 502 503 504 = @restarting;" in conf and f"return 503 '{serve.RESTARTING_PAGE}';" in conf
    page = serve.RESTARTING_PAGE
    assert not set("'$\\") & set(page)  # it sits in an nginx string in single quotes
    assert '<meta http-equiv="refresh" content="2">' in page and "The dashboard is restarting" in page
    assert "://" not in page and "<script" not in page and "src=" not in page  # nothing from another host


@pytest.mark.skipif(not shutil.which("nginx") and not serve.Path("/usr/sbin/nginx").exists(), reason="no nginx")
def test_nginx_accepts_the_generated_conf(tmp_path):
    tmp_path.chmod(0o755)
    conf = tmp_path / "nginx.conf"
    conf.write_text(serve.nginx_conf(tmp_path, serve.free_port(), [serve.free_port()]))
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    check = subprocess.run([binary, "-t", "-q", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_a_server_that_exits_at_start_fails_with_the_end_of_its_log(tmp_path):
    log = tmp_path / "server.log"
    with pytest.raises(RuntimeError) as failed, process.streamlit("no_such_app.py", log=log, timeout=60):
        pytest.fail("a server without its script must not come up")
    message = str(failed.value)
    assert "exited with" in message and "/_stcore/health" in message and str(log) in message
    assert "no_such_app.py" in message  # streamlit's own complaint, quoted from the log


def test_stop_terminates_then_kills_what_ignores_sigterm(monkeypatch):
    monkeypatch.setattr(process, "STOP_TIMEOUT", 0.5)
    ignore = "signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    code = "import signal, time; {}print(1, flush=True); time.sleep(60)"
    polite, stubborn = (
        subprocess.Popen([sys.executable, "-c", code.format(handler)], stdout=subprocess.PIPE)
        for handler in ("", ignore)
    )
    for proc in (polite, stubborn):
        proc.stdout.readline()  # started, its SIGTERM handler in place
    t0 = time.monotonic()
    process.stop([polite, stubborn])
    assert (polite.returncode, stubborn.returncode) == (-15, -9) and time.monotonic() - t0 < 10
    for proc in (polite, stubborn):
        proc.stdout.close()


@pytest.mark.parametrize(
    ("value", "is_date", "text"),
    [
        (1293840000000000.0, True, "2011-01-01"),
        (1356912000000000.0, True, "2012-12-31"),
        (3.0, False, "3"),
        (2.5, False, "2.5"),
    ],
)
def test_slider_values_are_written_to_the_url_as_the_frontend_does(value, is_date, text):
    assert sp.url_number(value, is_date) == text


def test_selectable_points_come_from_the_figure_customdata():
    spec = {"data": [{"x": ["a", "b"], "y": [1, 2], "customdata": [["type", "a"], ["type", "b"]]}, {"y": [3]}]}
    proto = sp.ForwardMsg().delta.new_element.plotly_chart
    proto.id, proto.spec = "$$ID-1-types_0", json.dumps(spec)
    points = sp.selectable_points(widget("plotly_chart", proto, (0, 0)))
    assert [p["customdata"] for p in points] == [["type", "a"], ["type", "b"]]
    assert points[1] == {
        "curve_number": 0,
        "point_number": 1,
        "point_index": 1,
        "customdata": ["type", "b"],
        "x": "b",
        "y": 2,
    }
    assert sp.plotly_selection(points[:1])["selection"]["point_indices"] == [0]


def linked_chart(figure: dict, name: str = "linked_chart") -> sp.Widget:
    """A st.components.v2 element as the server sends it (components/charts/linked_ui.py's data)."""
    proto = sp.ForwardMsg().delta.new_element.bidi_component
    proto.id, proto.component_name = "$$ID-7f3a-chart_types", name
    proto.json = json.dumps({"spec": json.dumps(figure), "config": {}, "label": "Types", "library": "vendor/p.js"})
    return widget("bidi_component", proto, (0, 1))


def test_linked_chart_points_are_every_point_with_customdata_as_its_script_reports_a_click():
    figure = {
        "data": [
            {"y": ["Bombings", "Кызылорда"], "customdata": [["type", "bombing"], ["type", "Кызылорда"]]},
            {"y": [1, 2], "customdata": {"dtype": "i1", "bdata": "AQI="}},  # a typed array: numbers, no kind
            {"y": [3]},
            {"x": ["2011-05", "2011-06"], "customdata": [None, ["bin", "2011-06"]]},
        ]
    }
    points = sp.component_points(linked_chart(figure))
    assert points == [
        {"customdata": ["type", "bombing"]},
        {"customdata": ["type", "Кызылорда"]},
        {"customdata": ["bin", "2011-06"]},
    ]
    proto = linked_chart(figure).proto
    proto.json = json.dumps({"label": "no figure"})
    assert sp.component_points(sp.Widget(proto.id, "bidi_component", proto, "", [0])) == []


# The BackMsg Chromium sent for a click on the Overview's second type bar (captured from the
# websocket's frames with playwright, streamlit 1.67): the state of the component's trigger aggregator.
BROWSER_CLICK = sp.WidgetState(
    id="$$STREAMLIT_INTERNAL_KEY_$$ID-7f3a-chart_types__events",
    json_trigger_value='[{"event":"select","value":{"points":[{"customdata":["type","security_operation"]}]}}]',
)


def test_a_linked_chart_click_is_the_trigger_state_the_browser_sends():
    from streamlit.components.v2.bidi_component.main import _make_trigger_id
    from streamlit.components.v2.bidi_component.serialization import deserialize_trigger_list

    w = linked_chart({"data": []})
    click = sp.component_trigger(w, "select", {"points": [{"customdata": ["type", "security_operation"]}]})
    assert click == BROWSER_CLICK
    assert click.id == _make_trigger_id(w.id, "events")  # Streamlit's own name for it
    cleared = sp.component_trigger(w, "select", {"points": []})  # a double click (plotly_deselect)
    assert deserialize_trigger_list(cleared.json_trigger_value) == [{"event": "select", "value": {"points": []}}]
    # Characters as JSON.stringify writes them, not \u escapes.
    assert (
        "Кызылорда"
        in sp.component_trigger(w, "select", {"points": [{"customdata": ["x", "Кызылорда"]}]}).json_trigger_value
    )


def test_a_trigger_is_sent_with_one_rerun_only():
    """As in the browser: a component event (or a button press) is not repeated by the next action."""

    s = sp.Session("http://127.0.0.1:1")
    sent: list[sp.BackMsg] = []

    class Socket:
        async def send(self, raw: bytes) -> None:
            sent.append(sp.BackMsg.FromString(raw))
            s.run.widgets_seen.add(w.id)  # the run draws the chart again
            s._handle(sp.ForwardMsg(script_finished=sp.ForwardMsg.FINISHED_SUCCESSFULLY))

    w = linked_chart({"data": []})
    s.ws, s.widgets[w.id] = Socket(), w

    async def two_actions() -> None:
        await s.rerun("chart bar", [sp.component_trigger(w, "select", {"points": []})])
        await s.rerun("next")

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # the browser tests' Playwright holds this thread's loop
        pool.submit(asyncio.run, two_actions()).result()
    first, second = (list(m.rerun_script.widget_states.widgets) for m in sent)
    assert [x.WhichOneof("value") for x in first] == ["json_trigger_value"]
    assert second == []


def test_the_load_test_clicks_and_clears_linked_charts():
    import random

    from tests.benchmarks import load_ws

    figure = {"data": [{"y": ["a", "b"], "customdata": [["type", "a"], ["type", "b"]]}]}
    w = linked_chart(figure)
    s = sp.Session("http://127.0.0.1:1")
    s.widgets[w.id] = w
    s.pages, s.page_hash = {"Overview": ("h1", ""), "Incidents": ("h2", "incidents")}, "h1"
    seen = {}
    rng = random.Random(3)
    for _ in range(200):
        label, kwargs = load_ws.pick_action(s, rng, load_ws.Vocabulary())
        # --page / --per-page: a session that stays on its page never switches
        assert load_ws.pick_action(s, rng, load_ws.Vocabulary(), stay=True)[0] != "switch page"
        if label.startswith("chart"):
            (state,) = kwargs["changes"]
            seen.setdefault(label, set()).add(state.json_trigger_value)
    assert seen["chart bar"] == {
        sp.component_trigger(w, "select", {"points": [p]}).json_trigger_value for p in sp.component_points(w)
    }
    assert seen["chart clear"] == {sp.component_trigger(w, "select", {"points": []}).json_trigger_value}
    other = linked_chart(figure, name="another_component")
    s.widgets = {other.id: other}
    assert all(load_ws.pick_action(s, rng, load_ws.Vocabulary())[0] == "switch page" for _ in range(50))


def test_a_bound_widget_change_rewrites_its_url_parameter_and_the_default_removes_it():
    s = sp.Session("http://127.0.0.1:1")
    s.query = "types=Bombings&sel_type=x"
    pills = sp.ForwardMsg().delta.new_element.button_group
    pills.id, pills.query_param_key = "$$ID-2-types", "types"
    for label in ("Bombings", "Armed assaults"):
        pills.options.add().content = label
    w = widget("button_group", pills)
    s.widgets[w.id] = w
    assert s.current(w) == ["Bombings"]  # from the URL until the user changes it
    s._sync_url(w, sp.pills_state(w, ["Bombings", "Armed assaults"]))
    assert s.url_values("types") == ["Bombings", "Armed assaults"] and s.url_values("sel_type") == ["x"]
    s._sync_url(w, sp.pills_state(w, []))
    assert s.url_values("types") == []


def test_the_floor_benchmark_toggles_the_first_pill_of_the_sidebar():
    s = sp.Session("http://127.0.0.1:1")
    for path, name in (((0, 3), "main"), ((1, 0), "types"), ((1, 4), "initiator")):
        pills = sp.ForwardMsg().delta.new_element.button_group
        pills.id = f"$$ID-{name}"
        s.widgets[pills.id] = widget("button_group", pills, path)
    assert load_floor.first_pill(s).id == "$$ID-types"  # the main area's pills are not the sidebar's
    assert load_ws.toggled(["Bombings"], "Armed assaults") == ["Bombings", "Armed assaults"]
    assert load_ws.toggled(["Bombings", "Armed assaults"], "Bombings") == ["Armed assaults"]


@pytest.mark.browser  # starts two replicas and nginx: with the slow tests, not in the quick run
@pytest.mark.skipif(not shutil.which("nginx") and not serve.Path("/usr/sbin/nginx").exists(), reason="no nginx")
def test_a_reconnecting_session_reaches_the_replica_that_holds_it():
    """Through nginx, a websocket that reconnects with its cookie and session id finds its session:
    it reached the one replica that knows it (the other would start a new session)."""

    async def reconnect_keeps_state(url: str, n: int) -> bool:
        first = sp.Session(url, cookie=f"{serve.COOKIE}=affinity-test-{n}")
        await first.open()
        pills = next(w for w in first.find("button_group") if w.path[:1] == [1])
        choice = pills.proto.options[n % len(pills.proto.options)].content
        await first.rerun("pick", [sp.pills_state(pills, [choice])])
        session_id = first.session_id
        await first.close()
        again = sp.Session(url, cookie=f"{serve.COOKIE}=affinity-test-{n}", existing_session=session_id)
        await again.open()
        try:
            return again.session_id == session_id
        finally:
            await again.close()

    async def all_reconnects(url: str) -> list[bool]:
        return [await reconnect_keeps_state(url, n) for n in range(8)]

    with serve.cluster(2) as c, concurrent.futures.ThreadPoolExecutor(1) as pool:
        # In a thread of its own: the browser tests' Playwright keeps an event loop in this one.
        assert all(pool.submit(asyncio.run, all_reconnects(c.url)).result())


def test_supervisord_conf_restarts_every_program_and_gives_each_replica_the_shared_store(tmp_path):
    conf = serve.supervisord_conf(tmp_path, [9001, 9002], tmp_path / "100% store", ["/usr/sbin/nginx", "-g", "x y;"])
    assert "{{" not in conf
    for name in ("replica-1", "replica-2", "nginx"):
        section = conf.split(f"[program:{name}]")[1].split("[program:")[0]
        assert "autorestart=true" in section and "stopasgroup=true" in section and "killasgroup=true" in section
    replica = conf.split("[program:replica-2]")[1].split("[program:")[0]
    assert "--server.port 9002" in replica
    assert f'environment={serve.STORE_ENV}="{tmp_path}/100%% store"' in replica  # % doubled for supervisord
    assert "command=/usr/sbin/nginx -g 'x y;'" in conf
    assert conf.index("[program:replica-1]") < conf.index("[program:nginx]")


def wait_for(condition, seconds: float, step: float = 0.1) -> float:
    """Seconds until condition() held; AssertionError after `seconds`."""
    t0 = time.monotonic()
    while not condition():
        assert time.monotonic() - t0 < seconds, f"not within {seconds} s"
        time.sleep(step)
    return time.monotonic() - t0


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent has not yet collected it


def pinned_to(url: str, replica: str) -> str:
    """The affinity cookie nginx sets on a health check made with `replica`'s cookie ('' if none)."""
    request = urllib.request.Request(url + process.HEALTH, headers={"Cookie": f"{serve.COOKIE}={replica}"})
    with urllib.request.urlopen(request, timeout=5) as r:
        cookies = [x.split(";")[0] for x in r.headers.get_all("Set-Cookie") or []]
    return next((x for x in cookies if x.startswith(serve.COOKIE + "=")), "")


@pytest.mark.browser  # starts supervisord, two replicas and nginx: with the slow tests
@pytest.mark.skipif(not shutil.which("nginx") and not serve.Path("/usr/sbin/nginx").exists(), reason="no nginx")
def test_a_replica_or_nginx_killed_with_sigkill_serves_again_and_stopping_serve_leaves_no_process(tmp_path):
    port = serve.free_port()
    command = [sys.executable, "-m", "deploy.serve", "--replicas", "2", "--port", str(port)]
    env = os.environ | {serve.STORE_ENV: str(tmp_path / "store")}
    out = tmp_path / "serve.out"
    with out.open("w") as sink:
        proc = subprocess.Popen(command, cwd=process.ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: "stops them all" in out.read_text() or proc.poll() is not None, 120, 0.5)
        text = out.read_text()
        prefix = Path(re.search(r"supervisorctl -c (\S+)/supervisord\.conf", text).group(1))
        ports = [int(p) for p in re.findall(r"--server\.port (\d+)", (prefix / "supervisord.conf").read_text())]
        c = serve.Cluster(url=f"http://127.0.0.1:{port}", prefix=prefix, ports=ports, proxy=True)
        before = {name: pid for pid, name in c.names().items()}
        os.kill(before["replica-1"], signal.SIGKILL)
        wait_for(lambda: not serve.replica_serving(c, 0), 5)
        # A viewer pinned to replica 1 is served by replica 2 meanwhile, and re-pinned to it.
        assert pinned_to(c.url, "r1") == f"{serve.COOKIE}=r2"

        def killed_one_back() -> bool:
            # Throughout, the other replica and the front door answer; the killed one is back in seconds.
            assert serve.replica_serving(c, 1) and process.healthy(c.url)
            return serve.replica_serving(c, 0)

        back = wait_for(killed_one_back, 15)
        after = {name: pid for pid, name in c.names().items()}
        assert after["replica-2"] == before["replica-2"] and after["nginx"] == before["nginx"]
        time.sleep(serve.FAIL_TIMEOUT + 0.5)  # nginx tries replica 1 again: its own viewers return, no one moves
        assert pinned_to(c.url, "r1") == pinned_to(c.url, "r2") == ""
        assert after["replica-1"] != before["replica-1"] and back < 10
        # nginx killed too: its orphaned workers must not keep the port from the next master.
        os.kill(after["nginx"], signal.SIGKILL)
        wait_for(lambda: after["nginx"] not in c.names() and len(c.names()) == 3 and process.healthy(c.url), 15)
        after["nginx again"] = next(pid for pid, name in c.names().items() if name == "nginx")
        supervisord = int(re.search(r"supervisord \(pid (\d+)\)", text).group(1))
    finally:
        proc.terminate()
        proc.wait(30)
    assert proc.returncode == 0
    for pid in [*before.values(), *after.values(), supervisord]:
        assert not alive(pid), f"pid {pid} outlived deploy.serve"
    assert not any(nginx_run.nginx_in_group(pid) for pid in [before["nginx"], after["nginx again"]])


def test_the_kubernetes_example_shares_one_import_store_and_keeps_viewers_on_their_pod():
    yaml = pytest.importorskip("yaml")
    docs = {d["kind"]: d for d in yaml.safe_load_all((process.ROOT / "deploy" / "kubernetes.yaml").read_text()) if d}
    assert docs["PersistentVolumeClaim"]["spec"]["accessModes"] == ["ReadWriteMany"]
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    claims = {v["name"] for v in pod["volumes"] if v["persistentVolumeClaim"]["claimName"] == "kz-imports"}
    for container in pod["containers"]:
        env = {e["name"]: e.get("value") for e in container["env"]}
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        assert mounts[env[serve.STORE_ENV]] in claims  # the store is the shared volume, in every pod
        assert (
            "STREAMLIT_SERVER_COOKIE_SECRET" in env and container["readinessProbe"]["httpGet"]["path"] == process.HEALTH
        )
    annotations = docs["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-name"] == serve.COOKIE


def test_the_fault_test_fails_on_a_slow_or_lost_session_or_a_failed_front_door_check():
    from tests.benchmarks import load_fault, load_ws

    fault = load_fault.Fault(killed_at=0.0, back_after=2.0, outages=[0.5, 4.0], dropped_at=[1.0, 1.0])
    stats = load_ws.Stats()
    assert load_fault.verdict(load_fault.summary(fault, stats, 10), 10) == []
    assert load_fault.verdict(load_fault.summary(fault, stats, 3), 3) == ["every session back within 3 s"]
    fault.probe_failures.append("0.4 s after the kill: TimeoutError")
    fault.back_after = None
    assert len(load_fault.verdict(load_fault.summary(fault, stats, 10), 10)) == 2


def test_a_ramp_that_comes_back_down_is_read_as_its_largest_step():
    from tests.benchmarks import load_ws

    def step(sessions, p95):
        stats = load_ws.Stats()
        stats.latency["type filter"] = [p95] * 20
        return load_ws.Phase(sessions, stats, 60.0, {1: 0.1}, {1: 300.0}, (0.1, 0.2), 0.01)

    assert load_ws.saturation([step(10, 50), step(100, 170), step(10, 40)]).endswith("up to 100 sessions")
    assert load_ws.saturation([step(10, 50), step(300, 1500), step(10, 40)]).startswith("300 sessions")


def test_on_the_briefing_the_load_test_steps_through_slides():
    """The briefing's canvas hides the sidebar: a viewer there steps or jumps through the slides
    with the deck's buttons (by key), never filters, and never presses a disabled button."""
    import random

    from tests.benchmarks import load_ws

    s = sp.Session("http://127.0.0.1:1")
    for n, key in enumerate(("deck_first", "deck_prev", "deck_next", "deck_last", "deck_notes")):
        proto = sp.ForwardMsg().delta.new_element.button
        proto.id, proto.disabled = f"$$ID-{n}-{key}", key in ("deck_first", "deck_prev")
        s.widgets[proto.id] = widget("button", proto, (0, n))
    pills = sp.ForwardMsg().delta.new_element.button_group
    pills.id, pills.query_param_key = "$$ID-p-types", "types"
    pills.options.add().content = "Bombings"
    s.widgets[pills.id] = widget("button_group", pills, (1, 0))
    rng = random.Random(5)
    picked = [load_ws.pick_action(s, rng, load_ws.Vocabulary(type_param="types"), stay=True) for _ in range(100)]
    assert {label for label, _ in picked} == {"slide step", "slide jump"}
    pressed = {kw["changes"][0].id for _, kw in picked}
    assert pressed == {"$$ID-2-deck_next", "$$ID-3-deck_last"}


def test_a_linked_map_point_opens_an_incident_and_is_never_a_bar():
    """The Incidents map is a linked chart: the load test clicks its points as 'incident map' (a
    click event, as the browser sends it), never as a chart bar."""
    import random

    from tests.benchmarks import load_ws

    figure = {"data": [{"x": [1, 2], "customdata": [["incident", "2011-05-17-aktobe"], ["incident", "b"]]}]}
    w = linked_chart(figure)
    s = sp.Session("http://127.0.0.1:1")
    s.widgets[w.id] = w
    s.pages, s.page_hash = {"Incidents": ("h2", "incidents")}, "h2"
    rng = random.Random(1)
    picked = [load_ws.pick_action(s, rng, load_ws.Vocabulary(), stay=True) for _ in range(40)]
    assert {label for label, _ in picked} == {"incident map", "incident link"}
    clicks = {kw["changes"][0].json_trigger_value for label, kw in picked if label == "incident map"}
    assert clicks == {
        sp.component_trigger(w, "select", {"points": [p]}).json_trigger_value for p in sp.component_points(w)
    }
