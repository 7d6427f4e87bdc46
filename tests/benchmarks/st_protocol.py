"""A Streamlit client without a browser: one session speaking the app's own websocket protocol.

It does what the frontend does on the wire (streamlit 1.67, checked against its bundled JS and
web/server/starlette/starlette_websocket.py): open /_stcore/stream with the `streamlit` subprotocol,
send `BackMsg.rerun_script` with the query string, the page and the widget states, and read
`ForwardMsg`s until `script_finished`. It keeps what a page knows: the pages from the navigation
message, the widgets from the deltas (their ids, options, current values), the URL the server
writes, and the cacheable messages it has seen (reported back as `cached_message_hashes`, so the
server sends references, as it does to a browser). Nothing about the app is hard-coded here.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

import websockets
from streamlit.components.v2.bidi_component.constants import EVENT_DELIM
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider as SliderProto
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # a callback or st.rerun started another run: keep waiting
MAX_CACHED = 2000  # message hashes remembered per session (the frontend keeps a bounded cache too)
# Values the server resets after one run (a button press, a component's event): sent once, as the
# frontend does, never repeated with the next action.
TRIGGERS = {"trigger_value", "string_trigger_value", "json_trigger_value"}


class ProtocolError(Exception):
    """A run that did not finish, a compile error, a dropped connection."""


@dataclass
class Widget:
    id: str
    kind: str  # the Element oneof name: button_group, slider, plotly_chart, bidi_component, dataframe, ...
    proto: object
    fragment_id: str  # non-empty when the widget lives in an @st.fragment: its changes rerun only that
    path: list[int]  # where it is drawn: [0, ...] the main area, [1, ...] the sidebar


@dataclass
class Run:
    """What one BackMsg caused: timing, status, exceptions shown."""

    label: str
    started: float
    finished: float | None = None
    status: int | None = None
    exceptions: list[str] = field(default_factory=list)
    widgets_seen: set[str] = field(default_factory=set)
    fragment: bool = False

    @property
    def ms(self) -> float:
        return ((self.finished or time.perf_counter()) - self.started) * 1000


class Session:
    """One simulated viewer. `open()` connects and runs the first page; `rerun()` sends one action."""

    def __init__(
        self, base_url: str, cookie: str | None = None, run_timeout: float = 30.0, existing_session: str = ""
    ) -> None:
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws_url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.cookie, self.run_timeout = cookie, run_timeout
        self.ws = None
        self.reader: asyncio.Task | None = None
        self.pages: dict[str, tuple[str, str]] = {}  # page title -> (page_script_hash, url path)
        self.page_hash = ""
        self.query = ""  # the URL's query string as the server last wrote it (or we opened with)
        self.widgets: dict[str, Widget] = {}
        self.states: dict[str, WidgetState] = {}  # what we send: values the user set or the server set
        self.cache: dict[str, ForwardMsg] = {}
        self.run: Run | None = None
        self.done = asyncio.Event()
        self.closed_reason: str | None = None
        # A reconnect names its session, as the frontend does: the server resumes it if it has it.
        self.session_id = existing_session

    # -- connection -------------------------------------------------------------------------------
    async def connect(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else None
        self.ws = await websockets.connect(
            self.ws_url,
            # [subprotocol, XSRF token, session]: no token is checked without an Origin header.
            subprotocols=["streamlit", "no-xsrf", self.session_id] if self.session_id else ["streamlit"],
            additional_headers=headers,
            max_size=None,
            open_timeout=self.run_timeout,
            ping_interval=None,  # the server pings; answering is automatic
        )
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                if isinstance(raw, bytes):
                    self._handle(ForwardMsg.FromString(raw))
            self.closed_reason = f"server closed the connection ({self.ws.close_code})"
        except websockets.ConnectionClosed as e:
            self.closed_reason = f"connection dropped: {e}"
        finally:
            self.done.set()  # wakes a waiting run, which then reports the drop

    # -- messages ---------------------------------------------------------------------------------
    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            if msg.ref_hash not in self.cache:
                raise ProtocolError(f"server referred to a message this session never got ({msg.ref_hash})")
            cached = ForwardMsg()
            cached.CopyFrom(self.cache[msg.ref_hash])
            cached.metadata.CopyFrom(msg.metadata)  # the reference carries where the element goes
            msg, kind = cached, cached.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash and len(self.cache) < MAX_CACHED:
            self.cache[msg.hash] = msg
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id
        elif kind == "navigation":
            self.pages = {p.page_name: (p.page_script_hash, p.url_pathname) for p in msg.navigation.app_pages}
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id, list(msg.metadata.delta_path))
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            if self.run:
                self.run.exceptions.append("compile error: " + msg.session_event.script_compilation_exception.message)
        elif kind == "script_finished" and self.run is not None and msg.script_finished != EARLY:
            self.run.status, self.run.finished = msg.script_finished, time.perf_counter()
            self.run.fragment = msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            self.done.set()

    def _element(self, element, fragment_id: str, path: list[int]) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception" and self.run is not None:
            e = element.exception
            self.run.exceptions.append(f"{e.type}: {e.message}"[:300])
            return
        proto = getattr(element, kind, None)
        widget_id = getattr(proto, "id", "")
        if not widget_id.startswith("$$ID-"):  # only widgets carry generated ids
            return
        self.widgets[widget_id] = Widget(widget_id, kind, proto, fragment_id, path)
        if self.run is not None:
            self.run.widgets_seen.add(widget_id)
        if getattr(proto, "set_value", False):  # the server changed the value (a callback, the URL)
            self._take_server_value(widget_id, kind, proto)

    def _take_server_value(self, widget_id: str, kind: str, proto) -> None:
        state = WidgetState(id=widget_id)
        if kind == "slider":
            state.double_array_value.data[:] = list(proto.value)
        elif kind == "button_group":
            state.string_array_value.data[:] = list(proto.raw_values)
        elif kind == "checkbox":
            state.bool_value = proto.value
        else:
            return
        self.states[widget_id] = state

    # -- actions ----------------------------------------------------------------------------------
    async def rerun(
        self,
        label: str,
        changes: list[WidgetState] = (),
        page_hash: str | None = None,
        query: str | None = None,
        fragment_id: str = "",
    ) -> Run:
        """Send one rerun (as the frontend does after a widget change or a page switch) and wait for
        its script_finished. Raises ProtocolError if it never finishes or the connection drops."""
        if page_hash and page_hash != self.page_hash:
            # Another page: the frontend keeps only the values of widgets that stay (the sidebar's).
            sidebar = {k for k, w in self.widgets.items() if w.path[:1] == [1]}
            self.states = {k: v for k, v in self.states.items() if k in sidebar}
        if query is not None:
            self.query = query
        for state in changes:
            self.states[state.id] = state
            if state.id in self.widgets:
                self._sync_url(self.widgets[state.id], state)
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query
        client.page_script_hash = self.page_hash if page_hash is None else page_hash
        if not client.page_script_hash and self.pending_page_name is not None:
            client.page_name = self.pending_page_name
        client.fragment_id = fragment_id
        client.widget_states.widgets.extend(self.states.values())
        client.cached_message_hashes.extend(self.cache)
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-GB"
        self.run = run = Run(label, time.perf_counter())
        self.done.clear()
        await self.ws.send(msg.SerializeToString())
        # Triggers (buttons, component events) hold for one run only, as in the browser.
        self.states = {k: v for k, v in self.states.items() if v.WhichOneof("value") not in TRIGGERS}
        try:
            await asyncio.wait_for(self.done.wait(), self.run_timeout)
        except TimeoutError:
            raise ProtocolError(f"{label}: no script_finished within {self.run_timeout:g} s") from None
        if run.finished is None:
            raise ProtocolError(f"{label}: {self.closed_reason or 'connection lost'}")
        if run.status not in FINISHED:
            raise ProtocolError(f"{label}: script finished with status {run.status}")
        # A run redraws what it covers (a fragment run: that fragment's elements): the widgets it did
        # not draw again are gone from the page, as the frontend removes them.
        self.widgets = {
            k: w
            for k, w in self.widgets.items()
            if k in run.widgets_seen or (run.fragment and w.fragment_id != fragment_id)
        }
        self.states = {k: v for k, v in self.states.items() if k in self.widgets}
        self.pending_page_name = None
        return run

    pending_page_name: str | None = None

    async def open(self, path: str = "", query: str = "") -> Run:
        """Connect and run the page at `path` ('' = the default page) with `query`, like a page load."""
        await self.connect()
        self.pending_page_name = path.strip("/")
        return await self.rerun("open", query=query, page_hash="")

    def _sync_url(self, widget: Widget, state: WidgetState) -> None:
        """A user change of a URL-bound widget rewrites its parameter, as the frontend does; a
        default value removes it."""
        proto, key = widget.proto, getattr(widget.proto, "query_param_key", "")
        if not key:
            return
        if widget.kind == "button_group":
            labels = [o.content for o in proto.options]
            values, default = list(state.string_array_value.data), [labels[i] for i in proto.default]
        elif widget.kind == "slider":
            values, default = list(state.double_array_value.data), list(proto.default)
        else:
            return
        pairs = [(k, v) for k, v in self.url_pairs() if k != key]
        if values != default:
            if widget.kind == "slider":
                values = [url_number(v, proto.data_type == SliderProto.DATE) for v in values]
            pairs += [(key, v) for v in values]
        self.query = urlencode(pairs)

    # -- what the page offers ---------------------------------------------------------------------
    def find(self, kind: str, param: str | None = None, label: str | None = None) -> list[Widget]:
        """Widgets of `kind` bound to URL parameter `param` and/or with `label`."""
        return [
            w
            for w in self.widgets.values()
            if w.kind == kind
            and (param is None or getattr(w.proto, "query_param_key", None) == param)
            and (label is None or getattr(w.proto, "label", None) == label)
        ]

    def url_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query, keep_blank_values=True)

    def url_values(self, param: str) -> list[str]:
        return [v for k, v in self.url_pairs() if k == param]

    def query_without(self, *params: str) -> str:
        return urlencode([(k, v) for k, v in self.url_pairs() if k not in params])

    def current(self, widget: Widget) -> list:
        """The widget's value as the page shows it: what was sent or set, else the URL, else its default."""
        state = self.states.get(widget.id)
        proto = widget.proto
        if widget.kind == "button_group":
            if state is not None:
                return list(state.string_array_value.data)
            labels = [o.content for o in proto.options]
            return self.url_values(proto.query_param_key) or [labels[i] for i in proto.default]
        if widget.kind == "slider":
            return list(state.double_array_value.data) if state is not None else list(proto.value or proto.default)
        if state is not None and state.WhichOneof("value") == "string_value":
            return [state.string_value]
        return []


def url_number(value: float, is_date: bool) -> str:
    """A slider value as the frontend writes it into the URL: a date as YYYY-MM-DD, else a number."""
    if is_date:
        return (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=value)).date().isoformat()
    return str(int(value)) if value == int(value) else str(value)


def pills_state(widget: Widget, values: list[str]) -> WidgetState:
    state = WidgetState(id=widget.id)
    state.string_array_value.data[:] = values
    return state


def slider_state(widget: Widget, values: list[float]) -> WidgetState:
    state = WidgetState(id=widget.id)
    state.double_array_value.data[:] = values
    return state


def trigger_state(widget: Widget) -> WidgetState:
    return WidgetState(id=widget.id, trigger_value=True)


def json_state(widget: Widget, value: dict) -> WidgetState:
    # Plotly and dataframe selections travel as JSON strings, as the frontend sends them.
    return WidgetState(id=widget.id, string_value=json.dumps(value))


def _customdata(spec: dict):
    """(curve number, point index, trace, customdata) of every point of a plotly figure that carries
    customdata: the points a click reports with something to identify them by."""
    for curve, trace in enumerate(spec.get("data", [])):
        custom = trace.get("customdata")
        if not isinstance(custom, list):  # absent, or a typed array (numbers only): nothing to pick by
            continue
        for i, data in enumerate(custom):
            if data is not None:
                yield curve, i, trace, data


def selectable_points(widget: Widget) -> list[dict]:
    """Every point of a plotly chart that carries customdata, as a click on it would report it
    (the frontend sends plotly's point with its keys in snake_case)."""
    points = []
    for curve, i, trace, data in _customdata(json.loads(widget.proto.spec)):
        point = {"curve_number": curve, "point_number": i, "point_index": i, "customdata": data}
        for axis in ("x", "y"):
            values = trace.get(axis)
            if isinstance(values, list) and i < len(values):
                point[axis] = values[i]
        points.append(point)
    return points


def plotly_selection(points: list[dict]) -> dict:
    return {
        "selection": {"points": points, "point_indices": [p["point_index"] for p in points], "box": [], "lasso": []}
    }


def component_data(widget: Widget) -> dict:
    """The `data` a st.components.v2 component (a bidi_component element) was drawn with: its JSON,
    a dict for the components that take one (dataframes inside travel apart, as Arrow blobs)."""
    proto = widget.proto
    text = proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json
    value = json.loads(text) if text else None
    return value if isinstance(value, dict) else {}


def component_points(widget: Widget, spec_field: str = "spec") -> list[dict]:
    """Every point with customdata of the plotly figure a component was given (as a JSON string
    under `spec_field`), as a click on it reports it: {"customdata": [...]}, nothing else."""
    spec = component_data(widget).get(spec_field)
    if not isinstance(spec, str):
        return []
    return [{"customdata": data} for *_, data in _customdata(json.loads(spec))]


def component_trigger(widget: Widget, event: str, value) -> WidgetState:
    """What the browser sends when a st.components.v2 component calls setTriggerValue(event, value):
    not a state of the component's own id but of its trigger aggregator, an internal widget named
    after it (`$$STREAMLIT_INTERNAL_KEY_<id>__events`), whose json_trigger_value is a JSON array of
    {"event", "value"} payloads (the server runs each event's on_<event>_change callback and resets
    the value after the run). Compact JSON with the characters as they are, as JSON.stringify writes
    it (captured from Chromium's frames of a click on the Overview)."""
    payload = [{"event": event, "value": value}]
    return WidgetState(
        id=f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{widget.id}{EVENT_DELIM}events",
        json_trigger_value=json.dumps(payload, separators=(",", ":"), ensure_ascii=False),
    )


def dataframe_rows(widget: Widget) -> int:
    """How many rows a dataframe element holds (from its Arrow IPC data)."""
    import pyarrow as pa

    data = widget.proto.arrow_data.data
    if not data:
        return 0
    with pa.ipc.open_stream(data) as reader:
        return reader.read_all().num_rows
