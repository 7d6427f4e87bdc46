"""Cite: one record of the dataset and the view as BibTeX, RIS, CSL-JSON and plain text, and
datasets/CITATION.cff valid (the CFF 1.2.0 schema) and saying what datapackage.json says."""

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from components.data.loader import load_dataset
from components.data.schema import DATASETS_DIR, read_package
from components.publish import cite
from components.publish.script import View
from components.state.filters import Filters
from tests.publish_helpers import ROOT

# The Citation File Format's schema 1.2.0, as shipped in cffconvert 2.0.0 (cffconvert/schemas/1.2.0/).
SCHEMA = ROOT / "tests" / "data" / "cff-schema-1.2.0.json"
LINK = "http://127.0.0.1:8501/?types=Bombings&region=O%27Brien+%7B%25%7D"


@pytest.fixture(scope="module")
def record():
    data = load_dataset(DATASETS_DIR)
    view = View(data, Filters(types=("bombing",), regions=("Atyrau Region",)), link=LINK, taken=dt.date(2026, 12, 6))
    return cite.citation(view)


def test_citation_cff_is_valid_and_says_what_the_data_package_says():
    cff = yaml.safe_load((DATASETS_DIR / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(cff)
    package = read_package(DATASETS_DIR)
    assert (cff["title"], cff["version"]) == (package["title"], package["version"])
    assert cff["license"] == package["licenses"][0]["name"]
    assert [r["title"] for r in cff["references"]] == [s["title"] for s in package["sources"]]
    assert cff["authors"] == [{"name": cite.AUTHOR}]


def test_the_record_names_the_source_note_the_view_and_the_access_date(record):
    assert record.title == read_package(DATASETS_DIR)["title"] and record.version == "1.0.0"
    assert "Curated from: Kazakhstan terrorism 2011-2012 analysis note." in record.note
    assert "View: Bombings in Atyrau Region." in record.note
    assert (record.url, record.accessed, record.license) == (LINK, dt.date(2026, 12, 6), "CC-BY-4.0")


def test_bibtex_escapes_and_balances(record):
    text = cite.bibtex(record)
    assert text.startswith("@misc{kz_terrorism_2011_2012,\n") and text.count("{") == text.count("}")
    assert "urldate = {2026-12-06}" in text and "version = {1.0.0}" in text
    assert "url = {" + LINK + "}" in text


def test_ris_is_one_tag_per_line_and_ends_the_record(record):
    lines = cite.ris(record).split("\r\n")
    assert lines[0] == "TY  - DATA" and lines[-2] == "ER  - " and lines[-1] == ""
    assert all(line[:2].isalnum() and line[2:6] == "  - " for line in lines[:-1])
    assert f"UR  - {LINK}" in lines and "Y2  - 2026/12/06" in lines


def test_csl_json_is_a_dataset_item(record):
    (item,) = json.loads(cite.csl_json(record))
    assert item["type"] == "dataset" and item["URL"] == LINK
    assert item["accessed"] == {"date-parts": [[2026, 12, 6]]} and item["author"] == [{"literal": cite.AUTHOR}]


def test_plain_text_reads_as_a_reference(record):
    text = cite.plain(record)
    assert text.startswith(f"{cite.AUTHOR}. (n.d.). {record.title} (Version 1.0.0) [Data set]. Curated from:")
    assert text.endswith(f"Retrieved 6 Dec 2026, from {LINK}")


def test_a_hostile_view_stays_inside_its_fields():
    data = load_dataset(DATASETS_DIR)
    odd = 'A}"\n@misc{evil,\rTY  - X'
    record = cite.citation(View(data, Filters(regions=(odd,)), link="http://h/?a=}{", taken=dt.date(2026, 1, 2)))
    bib = cite.bibtex(record).replace(r"\{", "").replace(r"\}", "")  # escaped braces are text
    assert bib.count("{") == bib.count("}") and bib.count("\n@") == 0 and bib.count("\n") == 8
    assert cite.ris(record).count("TY  - ") == 1 and "\n" not in record.note
    assert json.loads(cite.csl_json(record))[0]["note"] == record.note
