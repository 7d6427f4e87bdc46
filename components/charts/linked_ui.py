"""Linked charts: Plotly figures that are updated in place and report clicks as filter values.

Streamlit 1.67's st.plotly_chart derives a selectable chart's element id from its figure, so a
chart whose figure changes is removed and drawn anew (each one twice) on every rerun that
changes it, which on the Overview is every cross-filter click: ~270 ms of the browser's main
thread per click for three charts (tests/benchmarks/bench_overview.py). This st.components.v2
component is keyed, so its identity never changes, and hands each new figure to Plotly.react
(assets/linked_chart.js). Plotly.js is the copy inside the installed plotly package, served by
serve.py at LIBRARY_ROUTE: the same version the figures are built for, and no CDN.

The component's own script is served by serve.py too (SCRIPT_ROUTE), and the component is a loader
of a few lines that imports it: Streamlit sends a component's inline script with every element on
every rerun, 22 KB per chart, 66 KB of an Overview click's 110 KB, all of it the same each time.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import plotly
import streamlit as st
from plotly.io.json import to_json_plotly

from components.data.export import filename

LIBRARY = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# The version in the name lets browsers keep the file for a year: a new plotly is a new address.
LIBRARY_ROUTE = f"/vendor/plotly-{plotly.__version__}.min.js"
ASSETS = Path(__file__).parent / "assets"
# One module for the component: the export menu and the click prediction, then the chart itself.
SCRIPTS = [ASSETS / "linked_export.js", ASSETS / "linked_predict.js", ASSETS / "linked_chart.js"]
SCRIPT = "\n".join(path.read_text(encoding="utf-8") for path in SCRIPTS)
# Named by its content, so browsers keep it for a year and a changed script is a new address.
SCRIPT_ROUTE = f"/vendor/linked-chart-{hashlib.sha256(SCRIPT.encode()).hexdigest()[:12]}.js"
# What Streamlit sends with each chart: the served module, imported once per page and called with
# each element's arguments. Without serve.py the chart says how to start the app, as for plotly.js.
LOADER = """export default function (args) {
  return import(new URL(ROUTE, document.baseURI).href).then(
    module => module.default(args),
    error => {
      const hint = 'Start the app with "streamlit run serve.py".';
      args.parentElement.textContent = `The chart could not be drawn: ${error.message}. ${hint}`;
    },
  );
}""".replace("ROUTE", json.dumps(SCRIPT_ROUTE.lstrip("/")))  # relative: the app may be served under a path
NAME = "linked_chart"
TRIGGER = "select"  # the trigger value a click sets (assets/linked_chart.js)


@functools.cache
def _component():
    # Registered on first use, inside the Streamlit runtime, once per process.
    return st.components.v2.component(NAME, js=LOADER, isolate_styles=False)


def linked_chart(
    spec: str,
    *,
    height: int,
    key: str,
    label: str,
    on_select: Callable[[], None] | None = None,
    config: dict,
    export: dict | None = None,
    fresh: bool = False,
    ahead: tuple[str, ...] = (),
    shapes: list[dict] | None = None,
) -> None:
    """Draw the figure `spec` (charts.layout.spec) under `key` (the same key on every run: the chart is
    updated, not re-created). `height` is the figure's, in px; `label` is the chart's accessible
    name; `on_select` runs on a click or box selection, before the rerun, and reads the points with
    selected_points(key). `export` (figure_export): the toolbar's "toImage" button becomes a menu of
    SVG and 2x PNG downloads with that caption. `fresh`: each new figure is drawn anew, on a plot
    of its own, for figures unrelated to the one before (slides; static: nothing listens to them);
    `ahead`, with it: the specs of the figures likely next (the next slide's), drawn while the
    browser is idle so that a step only puts a drawn plot in place.
    `shapes`: the figure's layout.shapes, sent apart from `spec` (in place of its own)
    for shapes that change more often than the rest (the Incidents map's ring, with each incident
    opened): a change of these alone is drawn without the browser reading the figure again.
    `on_select` may be None for a chart nobody clicks (a static plot)."""
    _component()(
        key=key,
        data={
            "spec": spec,
            "height": height,  # held before plotly.js arrives
            "config": config,
            "label": label,
            "library": LIBRARY_ROUTE.lstrip("/"),  # relative: the app may be served under a path
            "export": export,
            "fresh": fresh,
            "ahead": list(ahead),
            "shapes": None if shapes is None else to_json_plotly(shapes),
        },
        on_select_change=on_select,
    )


def figure_export(chart: str, description: str, source: str) -> dict:
    """A chart's downloads: their caption (the view's description, the data's source, as the
    briefing credits it) and file name without extension ('kz-incidents_types-chart-bombings-2011')."""
    return {"caption": [description, f"Source: {source}"], "file": _stem(f"{chart} chart {description}")}


def _stem(description: str) -> str:
    """A download's file name without its extension (plotly adds it): data.export.filename's."""
    return filename(description, "x").removesuffix(".x")


def selected_points(key: str) -> list[dict] | None:
    """The points of the chart's last click or selection, as plotly reports them ([] when cleared);
    None when there is no event: the chart is not on the page any more (a click that raced the run
    removing it)."""
    event = (st.session_state.get(key) or {}).get(TRIGGER)
    return None if event is None else list(event.get("points") or [])


# Both addresses carry a version or the content's digest: a browser never needs to ask again.
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


async def library_response(request):
    """The plotly.js file (a Starlette route of serve.py)."""
    from starlette.responses import FileResponse

    return FileResponse(LIBRARY, media_type="text/javascript", headers=IMMUTABLE)


async def script_response(request):
    """The component's module (a Starlette route of serve.py)."""
    from starlette.responses import Response

    return Response(SCRIPT, media_type="text/javascript", headers=IMMUTABLE)


def routes() -> list:
    """The Starlette routes a server of linked charts needs (st.App(..., routes=routes())): serve.py's,
    and the benchmarks' page furnished with the Overview's charts (tests/benchmarks/charted_serve.py)."""
    from starlette.routing import Route

    return [Route(LIBRARY_ROUTE, library_response), Route(SCRIPT_ROUTE, script_response)]
