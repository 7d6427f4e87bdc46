"""What the app says about itself: its title, the type help, the methodology, readable tables."""

import datetime as dt

import pandas as pd

from components.data import catalog
from components.data.schema import DATASETS_DIR, tables
from components.overview import narrative
from tests.conftest import mini_incidents

TABLE = tables(DATASETS_DIR)["incidents"]
PERIOD = (dt.date(2011, 5, 17), dt.date(2012, 9, 12))


def test_title_names_topic_country_and_period():
    assert narrative.app_title(mini_incidents(), PERIOD) == "Terrorism in Kazakhstan, 2011–2012"


def test_title_of_an_import_names_the_file_and_its_countries():
    frame = pd.DataFrame({"country": ["Iraq", "Peru", "Iraq", None]})
    title = narrative.app_title(frame, (dt.date(1970, 1, 1), dt.date(2017, 12, 31)), "gtd.csv")
    assert title == "Terrorism in 2 countries, 1970–2017: imported from gtd.csv"
    one_year = narrative.app_title(frame.iloc[:1], (dt.date(2020, 1, 1), dt.date(2020, 3, 1)), "acled.csv")
    assert one_year == "Terrorism in Iraq, 2020: imported from acled.csv"


def test_type_help_explains_every_type_from_the_vocabulary():
    text = catalog.type_help(TABLE)
    meanings = TABLE.field("incident_type").meanings
    for code, label in TABLE.field("incident_type").labels.items():
        assert f"**{label}**: {meanings[code]}" in text
    # What separates the types people confuse is in the definitions themselves.
    assert "before any attack" in text and "launched by security forces" in text


def test_methodology_is_the_package_readme():
    text = catalog.methodology(DATASETS_DIR)
    assert text.startswith("# Methodology") and "Counting conventions" in text
    assert catalog.methodology(DATASETS_DIR / "missing") is None


def test_readable_shows_labels_not_codes():
    shown = catalog.readable(mini_incidents(), TABLE)
    assert shown["incident_type"].tolist()[:3] == ["Bombings", "Armed assaults", "Security operations"]
    assert shown["initiator"].tolist()[2] == "security forces"
    assert shown["killed_total"].equals(mini_incidents()["killed_total"])  # numbers untouched


def test_readable_writes_list_items_as_words():
    frame = pd.DataFrame({"quality_flags": ["casualty_conflict;date_inferred", None]})
    shown = catalog.readable(frame, TABLE)
    assert shown["quality_flags"].iloc[0] == "casualty conflict, date inferred"
    assert pd.isna(shown["quality_flags"].iloc[1])


def test_part_of_a_grid_is_the_grid_of_that_part():
    frame = pd.DataFrame(
        {
            "incident_id": ["a", "b", "c", "d"],
            "summary": ["x" * (catalog.CELL_CHARS + 5), None, "short", "y" * (catalog.CELL_CHARS + 1)],
            "killed": pd.array([1, None, 3, 4], dtype="Int64"),
            "date": pd.to_datetime(["2011-01-01", "2011-02-01", None, "2011-04-01"]),
        }
    )
    keep = [True, True, False, True]
    whole = catalog.grid(frame, len(frame))
    part = whole.where(keep, 2)
    made = catalog.grid(frame[keep], 2)
    pd.testing.assert_frame_equal(part.frame.reset_index(drop=True), made.frame.reset_index(drop=True))
    assert (part.total, part.dates, part.counts) == (made.total, made.dates, made.counts) == (3, ("date",), ("killed",))
    assert part.frame["summary"].str.len().max() == catalog.CELL_CHARS  # cut as grid cuts
    assert part.arrow.num_rows == 2
