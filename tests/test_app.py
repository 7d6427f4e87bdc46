"""AppTest: pages render with the curated data, and a corrupted dataset shows its problem list."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.schema import DATASETS_ENV
from tests.conftest import set_cell

ROOT = Path(__file__).resolve().parent.parent


def run_app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def test_data_page_renders(monkeypatch):
    monkeypatch.delenv(DATASETS_ENV, raising=False)
    at = run_app()
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "Data"
    # Three tables, each with its column guide, plus the flag list and flag definitions.
    assert len(at.dataframe) == 8
    shown = at.dataframe[0].value
    assert len(shown) == 16 and "incident_id" in shown.columns
    assert any("16 rows, 17 May 2011 to 12 Sep 2012" in c.value for c in at.caption)


def test_corrupted_dataset_lists_problems(monkeypatch, data_copy):
    set_cell(data_copy, "incidents.csv", 4, "killed_total", "many")
    set_cell(data_copy, "policy_measures.csv", 5, "status", "rumoured")
    monkeypatch.setenv(DATASETS_ENV, str(data_copy))
    at = run_app()
    assert not at.exception
    assert "failed validation with 2 problem(s)" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems[["table", "row", "column"]].astype(str).values.tolist() == [
        ["incidents.csv", "4", "killed_total"],
        ["policy_measures.csv", "5", "status"],
    ]
    assert not at.title  # the page stopped before showing any data


@pytest.mark.parametrize("params", [{}, {"unrelated": "x"}])
def test_data_page_ignores_unknown_query_params(monkeypatch, params):
    monkeypatch.delenv(DATASETS_ENV, raising=False)
    assert not run_app(**params).exception
