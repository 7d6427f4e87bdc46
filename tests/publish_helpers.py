"""Shared by the publishing tests: make a view's zip, unpack it, run its reproduce.py, and read the
page's own words for the same view with AppTest."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.data.loader import Dataset
from components.publish.bundle import FOLDER, bundle
from components.publish.script import View
from components.state.filters import Filters
from components.state.keys import ACTIVE

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": ""}  # nothing of this project importable
MARK = "=== next view ==="


def view(data: Dataset, params: dict, query: str = "") -> View:
    """The view the page shows for these URL parameters (the page reads them the same way)."""
    return View(data, Filters.from_params(params, data.table.field("incident_type").labels), query)


def unpacked(v: View, where: Path) -> Path:
    """The view's zip, unpacked under `where`: the folder holding reproduce.py."""
    where.mkdir(parents=True, exist_ok=True)
    zipfile.ZipFile(io.BytesIO(bundle(v))).extractall(where)
    return where / FOLDER


def run_script(folder: Path) -> list[str]:
    """`python reproduce.py` in the unpacked folder, with the project's Python but not its code."""
    done = subprocess.run(
        [sys.executable, "reproduce.py"], cwd=folder, env=ENV, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def run_scripts(folders: list[Path]) -> list[list[str]]:
    """Several reproduce.py in one interpreter (plotly imported once): each one's printed lines."""
    driver = (
        "import os, runpy, sys\n"
        "for folder in sys.argv[1:]:\n"
        f"    print({MARK!r}, flush=True)\n"
        "    os.chdir(folder)\n"
        "    runpy.run_path('reproduce.py', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", driver, *map(str, folders)], env=ENV, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return [part.strip("\n").splitlines() for part in done.stdout.split(MARK + "\n")[1:]]


def page(data: Dataset | None, params: dict, page_file: str | None = None) -> AppTest:
    """The app for these URL parameters (and this session's import), on the Overview or `page_file`."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    if data is not None and data.imported:
        at.session_state[ACTIVE] = data
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page(page_file).run() if page_file else at


def unescaped(text: str) -> str:
    return text.replace("\\", "")


def figure_line(metric) -> str:
    """A figure of the page in reproduce.py's words: 'Killed: ≥ 72 (+16, 2012 vs 2011)'."""
    delta = f" ({metric.delta}, {metric.proto.delta_description})" if metric.delta else ""
    return f"{metric.label}: {metric.value}{delta}"


def assert_says_what_the_overview_says(printed: list[str], at: AppTest) -> None:
    """reproduce.py's lines against the Overview of the same view, word for word: the title, then
    (after the count line the Overview does not show) the four figures and the caption under them,
    or the empty view's message."""
    assert not at.exception
    assert printed[0] == unescaped(at.title[0].value)
    if not at.metric:
        assert printed[2:-1] == [unescaped(at.info[-1].value)]
        return
    assert printed[2:6] == [figure_line(m) for m in at.metric]
    captions = [unescaped(c.value) for c in at.caption]
    caption = printed[6:-1]  # the last line names the files written
    assert len(caption) <= 1 and all(c in captions for c in caption), (caption, captions)


def imported(data: Dataset, frame) -> Dataset:
    """A dataset of `frame` that the zip writes out (as an import is), not the curated files."""
    return dataclasses.replace(data, incidents=frame, origin="native", directory=None, report=None)
