"""Bring your own data in a real browser: an upload becomes this session's data on every page and
no one else's; bad files and files over the upload limit are refused with a message while the
active data stays; one click goes back to the curated data."""

import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from components.core.formatting import date_span
from components.importing import importers
from tests.benchmarks.gen_gtd import generate, write
from tests.browser.helpers import assert_clean, download, goto, run_mark, wait_ready

DATA = Path(__file__).resolve().parents[1] / "data"
GTD = DATA / "gtd_sample.csv"
UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'
BANNER = '.st-key-imported_banner [data-testid="stAlertContentInfo"]'
METRIC = '[data-testid="stMetricValue"]'


def upload(page, path: Path) -> None:
    mark = run_mark(page)
    page.locator(UPLOADER).set_input_files(str(path))
    wait_ready(page, since=mark, timeout=60_000)  # the file is sent first, then the run it triggers


def open_page(page, name: str) -> None:
    mark = run_mark(page)
    page.get_by_role("link", name=name, exact=True).first.click()
    wait_ready(page, since=mark)


def test_an_upload_is_this_sessions_data_on_every_page(page, browser, app_server, curated):
    imported = importers.as_dataset(importers.import_file(GTD, GTD.name), GTD.name, "")
    goto(page, app_server + "/data")
    upload(page, GTD)
    banner = page.locator(BANNER)
    expect(banner).to_contain_text(f"gtd_sample.csv (GTD), {len(imported.incidents)} incidents")
    expect(banner).to_contain_text(date_span(imported.incidents))
    expect(page.get_by_text("Imported: gtd_sample.csv (GTD)")).to_be_visible()

    open_page(page, "Overview")
    expect(page.locator(METRIC).first).to_have_text(str(len(imported.incidents)))
    expect(page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Armed Assault")).to_be_visible()
    for name in ("Incidents", "Briefing"):
        open_page(page, name)
        expect(page.locator(BANNER)).to_contain_text("gtd_sample.csv (GTD)")
        assert page.locator('[data-testid="stException"]').count() == 0, name

    # Another browser session on the same server still sees the curated data, with no banner.
    other = browser.new_context().new_page()
    try:
        goto(other, app_server + "/")
        expect(other.locator(METRIC).first).to_have_text(str(len(curated.incidents)))
        assert other.locator(BANNER).count() == 0
    finally:
        other.context.close()

    open_page(page, "Exit")  # the Briefing hides the navigation; its Exit link leads to the Overview
    mark = run_mark(page)
    page.get_by_role("button", name="Back to the curated data").click()
    wait_ready(page, since=mark)
    expect(page.locator(METRIC).first).to_have_text(str(len(curated.incidents)))
    assert page.locator(BANNER).count() == 0
    assert_clean(page)


def test_bad_files_are_refused_and_the_active_data_stays(page, app_server):
    goto(page, app_server + "/data")
    upload(page, GTD)
    structural = (
        "empty.csv",
        "binary.csv",
        "utf16.csv",
        "other_header.csv",
        "missing_columns.csv",
        "no_usable_date.csv",
    )
    for name in structural:
        expected = importers.import_file(DATA / "bad" / name, name).problems[0]
        upload(page, DATA / "bad" / name)
        error = page.locator('[data-testid="stAlertContentError"]')
        expect(error).to_contain_text(f"{name} was not imported")
        expect(error).to_contain_text("The data shown is unchanged: gtd_sample.csv (GTD)")
        # The problem table names what is wrong and where (row and column of the file, where known).
        expect(page.get_by_text(expected.message[:40]).first).to_be_attached()
        expect(page.locator(BANNER)).to_contain_text("gtd_sample.csv (GTD)")
    assert_clean(page)


@pytest.fixture(scope="module")
def small_limit_server(serve_app):
    return serve_app(STREAMLIT_SERVER_MAX_UPLOAD_SIZE="1")  # megabytes


def test_a_file_over_the_upload_limit_is_refused(page, small_limit_server, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(GTD.read_bytes() + b"#" * 1_200_000)
    goto(page, small_limit_server + "/data")
    page.get_by_text("Bring your own data").click()  # the expander: closed while the curated data is shown
    expect(page.get_by_text("A CSV or Excel workbook (.xlsx, .xls) of up to 1 MB")).to_be_visible()
    page.locator(UPLOADER).set_input_files(str(big))
    expect(page.get_by_text("File must be 1.0MB or smaller.")).to_be_visible()
    wait_ready(page)
    assert page.locator(BANNER).count() == 0  # nothing was imported: still the curated data
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_workbook_imports_whole_with_its_faults_listed(page, app_server, tmp_path):
    """A GTD .xlsx with the real files' row-level faults: every row imported or listed, the counts on
    the page, the warnings downloadable as CSV; then a file whose dates no value decides is read one
    way, said so, and read the other way on request."""
    book = tmp_path / "gtd_faults.xlsx"
    write(generate(400, seed=7), book)
    result = importers.import_file(book, book.name)
    counts = result.report.counts(len(result.incidents))
    goto(page, app_server + "/data")
    upload(page, book)
    expect(page.locator(BANNER)).to_contain_text(f"gtd_faults.xlsx (GTD), {len(result.incidents)} incidents")
    expect(page.locator(BANNER)).to_contain_text(counts.capitalize())
    expect(page.get_by_text(counts).first).to_be_visible()
    page.get_by_text(f"Warnings: {len(result.report.warnings):,}").click()
    got = download(page, page.get_by_role("button", name="Warnings (CSV)"))
    listed = pd.read_csv(got.path())
    assert listed["row"].tolist() == result.report.warnings["row"].tolist()
    assert set(listed["flag"]) == {"region_unknown", "count_conflict", "date_inferred", "duplicate_id"}

    ambiguous = DATA / "acled_resaved_ambiguous.csv"
    upload(page, ambiguous)
    expect(page.locator(BANNER)).to_contain_text("dates read month first (month/day)")
    expect(page.locator(BANNER)).to_contain_text("2 Jan 2020 to 6 May 2020")
    page.get_by_text("day/month", exact=True).click()
    wait_ready(page)
    expect(page.locator(BANNER)).to_contain_text("dates read day first (day/month)")
    expect(page.locator(BANNER)).to_contain_text("1 Feb 2020 to 5 Jun 2020")
    assert_clean(page)


def test_an_import_survives_a_reload_and_its_link_until_forgotten(page, browser, app_server, curated):
    """The store (components/importing/store.py): the URL names the import; a reload (a new session)
    and another browser opening the link see it again; Forget deletes it for every later session."""
    goto(page, app_server + "/data")
    upload(page, GTD)
    expect(page.locator(BANNER)).to_contain_text("gtd_sample.csv (GTD)")
    page.wait_for_url(re.compile(r"[?&]import=[0-9a-f]{64}(&|$)"))
    open_page(page, "Overview")  # the link keeps naming the import on every page
    link = page.url
    assert re.search(r"[?&]import=[0-9a-f]{64}", link), link

    goto(page, link)  # a reload: a new session on the server
    expect(page.locator(BANNER)).to_contain_text("gtd_sample.csv (GTD)")
    expect(page.locator(BANNER)).to_contain_text("anyone opening this page's link on this server")
    other = browser.new_context().new_page()
    try:
        goto(other, link)  # someone else, given the link
        expect(other.locator(BANNER)).to_contain_text("gtd_sample.csv (GTD)")
        open_page(other, "Data")
        expect(other.get_by_text("anyone with the link on this server can open the imported data")).to_be_visible()
        mark = run_mark(other)
        other.get_by_role("button", name="Forget this import").click()
        wait_ready(other, since=mark)
        expect(other.locator(BANNER)).to_have_count(0)
        assert "import=" not in other.url
        assert other.locator('[data-testid="stException"]').count() == 0
    finally:
        other.context.close()

    goto(page, link)  # gone from the server: said plainly, and the curated data instead
    expect(page.get_by_text("no longer on this server: upload the file again")).to_be_visible()
    expect(page.locator(METRIC).first).to_have_text(str(len(curated.incidents)))
    assert page.locator(BANNER).count() == 0 and "import=" not in page.url
    assert_clean(page)
