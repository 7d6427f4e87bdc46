"""The package rules and the framework edges: only the Streamlit-facing modules import Streamlit,
only the URL module touches the URL, every Streamlit DOM test id the app's CSS and JS select is named
in components/app/edges.py, and the Streamlit internals it uses still work as it uses them."""

import ast
import re
import types
from pathlib import Path
from unittest import mock

import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from components.app import edges

ROOT = Path(__file__).resolve().parents[1]
COMPONENTS = ROOT / "components"
MODULES = sorted(COMPONENTS.rglob("*.py"))
APP_CODE = [*MODULES, *sorted((ROOT / "pages").glob("*.py")), ROOT / "dashboard.py", ROOT / "serve.py"]


def streamlit_facing(path: Path) -> bool:
    """The app shell and, in every other package, the modules named `ui.py` or `*_ui.py`."""
    return path.stem == "ui" or path.stem.endswith("_ui") or path.parent.name == "app"


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_only_streamlit_facing_modules_import_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in MODULES
        if not streamlit_facing(p) and any(n.split(".")[0] == "streamlit" for n in imported(p))
    ]
    assert offenders == []


def test_no_module_over_400_lines_and_no_function_over_50():
    """Sizes a reader can take in at once, over every package and its assets."""
    for path in [*MODULES, *COMPONENTS.rglob("assets/*.js"), *COMPONENTS.rglob("assets/*.css")]:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 400, path
        if path.suffix == ".py":
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    assert node.end_lineno - node.lineno < 50, f"{path}: {node.name}"


def test_streamlit_internals_only_in_the_edges_module():
    public = {"streamlit", "streamlit.testing.v1"}
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in imported(p) if n.startswith("streamlit.") and n not in public)
        for p in APP_CODE
        if p != COMPONENTS / "app" / "edges.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_url_module_touches_the_url():
    touching = [
        str(p.relative_to(ROOT))
        for p in APP_CODE
        if any(isinstance(n, ast.Attribute) and n.attr == "query_params" for n in ast.walk(ast.parse(p.read_text())))
    ]
    assert touching == ["components/state/url_ui.py"]


def test_every_dom_test_id_the_app_selects_is_named_as_an_edge():
    used = set()
    for path in [*COMPONENTS.rglob("*.css"), *COMPONENTS.rglob("*.js"), *APP_CODE]:
        if path != COMPONENTS / "app" / "edges.py":
            used |= set(re.findall(r'data-testid=\\?"(\w+)', path.read_text(encoding="utf-8")))
    named = {i for ids in edges.DOM_TEST_IDS.values() for i in ids}
    assert used, "the scan found no selector at all: it would pass whatever the code did"
    assert used == named  # none unnamed, none stale


@pytest.fixture
def store():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    manager.add_file("session", UploadedFileRec("f1", "x.csv", "text/csv", b"a,b\n1,2\n"))
    return manager


def test_an_upload_is_released(store):
    """The internals the Data page uses to drop an upload's bytes, on Streamlit's real upload store."""
    ctx = types.SimpleNamespace(uploaded_file_mgr=store, session_id="session")
    with mock.patch("streamlit.runtime.scriptrunner.get_script_run_ctx", return_value=ctx):
        assert edges.release_upload("f1") is True
    assert store.get_files("session", ["f1"]) == []


def test_release_outside_a_script_run_does_nothing(store):
    assert edges.release_upload("f1") is False
    assert len(store.get_files("session", ["f1"])) == 1
