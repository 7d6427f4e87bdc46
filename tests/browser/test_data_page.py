"""The Data page in a real browser: it loads offline and clean, its downloads are the curated
bytes, and a broken dataset shows the validation problem list instead of a traceback."""

import csv
import shutil

import pytest
from playwright.sync_api import expect

from components.data.schema import DATASETS_DIR
from tests.browser.helpers import assert_clean, goto, wait_ready
from tests.browser.helpers import download as download_file

pytestmark = pytest.mark.browser

# Overview is the default page (served at "/"), so Data lives at its url_path.
DATA_PATH = "/data"


@pytest.fixture(scope="module")
def broken_server(serve_app, tmp_path_factory) -> str:
    """A server whose data folder is a copy of datasets/ with row 2's killed_total set to "many"."""
    target = tmp_path_factory.mktemp("broken") / "datasets"
    shutil.copytree(DATASETS_DIR, target)
    path = target / "incidents.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("killed_total")] = "many"  # spreadsheet row 2 = first data row
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return serve_app(KZ_DATASETS_DIR=target)


def test_data_page_loads_clean(page, app_server):
    goto(page, app_server + DATA_PATH)
    expect(page.get_by_role("heading", name="Data", level=1)).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    assert_clean(page)


def test_incidents_csv_download_is_the_curated_file(page, app_server, tmp_path):
    goto(page, app_server + DATA_PATH)
    page.get_by_role("tab", name="Downloads").click()
    button = page.locator('[data-testid="stDownloadButton"] button').filter(has_text="incidents.csv")
    expect(button).to_have_count(1)
    download = download_file(page, button)
    assert download.suggested_filename == "incidents.csv"
    saved = tmp_path / "incidents.csv"
    download.save_as(saved)
    assert saved.read_bytes() == (DATASETS_DIR / "incidents.csv").read_bytes()
    wait_ready(page)
    assert_clean(page)


def test_broken_dataset_shows_problem_list_not_traceback(page, broken_server):
    goto(page, broken_server + DATA_PATH)
    alert = page.locator('[data-testid="stAlert"]').filter(has=page.locator('[data-testid="stAlertContentError"]'))
    expect(alert).to_contain_text("failed validation")
    # The problem list is an st.dataframe (a canvas); its cells are in the grid's accessibility layer.
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    expect(cells.get_by_text("killed_total", exact=True)).to_have_count(1)
    assert_clean(page)
