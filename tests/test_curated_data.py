"""The curated tables pass validation and say what the source says."""

import re

import pandas as pd
import pytest

from components.data.schema import DATASETS_DIR, tables


def test_curated_tables_load_typed(curated):
    inc = curated.incidents
    assert len(inc) == 16
    assert pd.api.types.is_datetime64_any_dtype(inc["date"])
    assert str(inc["killed_total"].dtype) == "Int64"
    assert isinstance(inc["incident_type"].dtype, pd.CategoricalDtype)
    assert str(curated.policy_measures["date_inferred"].dtype) == "boolean"


def test_every_listed_paragraph_is_one_incident(curated):
    # Paragraphs 12-27 are the source's incident list: each is the first citation of exactly one row.
    first = curated.incidents["source_ref"].str.extract(r"para\. (\d+)")[0].astype(int)
    assert sorted(first) == list(range(12, 28))


@pytest.mark.parametrize(
    ("incident_id", "column", "expected"),
    [
        ("2012-07-11-tausamaly", "killed_total", 7),  # para 16's figure, para 14's 8 kept in the note
        ("2011-11-12-taraz", "killed_total", 8),  # 7 victims + the attacker
        ("2011-11-12-taraz", "killed_perpetrators", 1),
        ("2012-05-31-arkankergen", "killed_security", 14),
        ("2011-08-29-atyrau", "arrested", 18),
        ("2012-08-17-almaty-outskirts", "killed_perpetrators", 12),
    ],
)
def test_source_figures(curated, incident_id, column, expected):
    row = curated.incidents.set_index("incident_id").loc[incident_id]
    assert row[column] == expected


def test_unknown_is_empty_not_zero(curated):
    inc = curated.incidents.set_index("incident_id")
    assert pd.isna(inc.loc["2011-10-31-atyrau", "killed_total"])  # second blast not described
    assert pd.isna(inc.loc["2011-05-17-aktobe", "injured_total"])  # injuries not reported
    assert inc.loc["2011-05-24-astana", "injured_total"] == 0  # the source says no other casualties


@pytest.mark.parametrize(
    ("incident_id", "flag"),
    [
        ("2012-07-11-tausamaly", "count_conflict"),
        ("2011-11-12-taraz", "count_conflict"),
        ("2011-06-29-aktobe", "source_out_of_order"),
        ("2011-07-04-shubarshi", "source_out_of_order"),
    ],
)
def test_known_conflicts_are_flagged(curated, incident_id, flag):
    flags = curated.incidents.set_index("incident_id").loc[incident_id, "quality_flags"]
    assert flag in flags.split(";")


def test_place_names_normalised_with_aliases(curated):
    inc = curated.incidents
    assert not inc["location"].str.contains("Aktyoubinsk|Aktubinsk|Argkankergen|Alma-Ata").any()
    aliases = set(inc["location_alias"].dropna())
    assert {"Aktyoubinsk", "Argkankergen"} <= aliases


def test_incident_types_separate_attacks_operations_and_premature_blasts(curated):
    types = set(curated.incidents["incident_type"])
    assert {"security_operation", "premature_explosion", "armed_assault", "bombing", "suicide_bombing"} <= types
    ops = curated.incidents[curated.incidents["incident_type"] == "security_operation"]
    assert ops["attack_type"].isna().all() and (ops["initiator"] == "security forces").all()


def test_measures_and_context_cover_their_paragraphs(curated):
    def cited(frame):
        return {int(n) for ref in frame["source_ref"] for n in re.findall(r"para\. (\d+)", ref)}

    assert set(range(1, 9)) | {30} <= cited(curated.policy_measures) | cited(curated.context_events)
    assert {9, 10, 29, 30, 31} <= cited(curated.context_events)
    # Months without a year must say the year was inferred.
    jan = curated.policy_measures[curated.policy_measures["date"] == "2013-01-01"]
    assert len(jan) and jan["date_inferred"].all()


def test_frictionless_accepts_the_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATASETS_DIR / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_schema_lists_every_csv_column():
    import csv

    for table in tables(DATASETS_DIR).values():
        with (DATASETS_DIR / table.path).open(encoding="utf-8") as f:
            assert next(csv.reader(f)) == table.columns
