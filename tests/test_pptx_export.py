"""The PowerPoint briefing, opened with python-pptx: one slide per slide, native charts whose series
are the aggregates the app computes, the map as shapes, notes in the notes pane, no pictures."""

import datetime as dt
import io

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from components.briefing import content, pptx_deck
from components.charts import map_places
from components.data.loader import load_dataset
from components.data.schema import DATASETS_DIR
from components.importing import importers
from components.overview import aggregate
from components.state.filters import Filters

EXCEL_EPOCH = pd.Timestamp("1899-12-30")


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATASETS_DIR)


@pytest.fixture(scope="module")
def deck(data):
    slides = content.build(data, Filters(), today=dt.date(2013, 3, 1))
    return {s.key: (s, pptx_slide) for s, pptx_slide in zip(slides, _open(slides).slides, strict=True)}


def _open(slides):
    return Presentation(io.BytesIO(pptx_deck.to_pptx(slides)))


def _shapes(slide, kind):
    return [s for s in slide.shapes if s.shape_type == kind]


def _series(pptx_slide):
    (frame,) = _shapes(pptx_slide, MSO_SHAPE_TYPE.CHART)
    return {s.name: list(s.values) for s in frame.chart.plots[0].series}


def test_one_pptx_slide_per_slide_with_notes_and_no_pictures(data, deck):
    assert len(deck) == 7
    for s, pptx_slide in deck.values():
        assert not _shapes(pptx_slide, MSO_SHAPE_TYPE.PICTURE), s.key
        notes = pptx_slide.notes_slide.notes_text_frame.text
        assert notes.startswith(s.headline) and all(n in notes for n in s.notes), s.key
        assert s.headline in [shape.text_frame.text for shape in pptx_slide.shapes if shape.has_text_frame]


def test_title_slide_has_the_headline_figures(deck):
    s, pptx_slide = deck["title"]
    boxes = [shape.text_frame.text for shape in pptx_slide.shapes if shape.has_text_frame]
    assert s.stats
    for label, value in s.stats:  # each figure a text box of its own: the value, under it its label
        assert f"{value}\n{label}" in boxes, (value, label, boxes)


def test_chart_series_are_the_aggregates(data, deck):
    shown, labels = data.incidents, data.table.field("incident_type").labels
    by_type = aggregate.by_type(shown, list(labels))
    assert _series(deck["methods"][1]) == {"incidents": by_type["incidents"][::-1].astype(float).tolist()}
    cas = aggregate.casualties(shown)
    assert _series(deck["casualties"][1]) == {
        "killed": cas["killed"].astype(float).tolist(),
        "injured": cas["injured"].astype(float).tolist(),
    }
    months = aggregate.per_bin(shown, *(pd.Timestamp(d) for d in data.table.period))
    series = _series(deck["escalation"][1])
    assert series["incidents"] == months["incidents"].astype(float).tolist()
    assert series["killed that month"] == months["killed"].astype(float).tolist()


def test_policy_chart_plots_every_measure_at_its_date(data, deck):
    (frame,) = _shapes(deck["policy"][1], MSO_SHAPE_TYPE.CHART)
    m = data.policy_measures
    plotted = {s.name: len(list(s.values)) for s in frame.chart.plots[0].series}
    assert plotted == m["status"].astype(str).value_counts().to_dict()
    days = sorted((pd.to_datetime(m["date"]) - EXCEL_EPOCH).dt.days)
    xml = frame.chart.part.blob.decode()
    assert all(f"<c:v>{d}</c:v>" in xml for d in days)


def test_map_is_outline_polygons_and_one_circle_per_place(data, deck):
    _, pptx_slide = deck["where"]
    assert len(_shapes(pptx_slide, MSO_SHAPE_TYPE.FREEFORM)) > 1
    places = map_places.places(data.incidents, data.table.field("incident_type").labels)
    circles = [sh for sh in _shapes(pptx_slide, MSO_SHAPE_TYPE.AUTO_SHAPE) if ": " in sh.name]
    assert len(circles) == len(places)
    located = data.incidents.dropna(subset=["longitude"])
    assert sum(int(c.name.split(": ")[1].split(" ")[0]) for c in circles) == len(located)
    # Every shape lies on the slide: the outlines are clipped to the map's frame.
    prs_width, prs_height = pptx_deck.WIDTH, pptx_deck.HEIGHT
    for shape in pptx_slide.shapes:
        assert shape.left >= 0 and shape.left + shape.width <= prs_width, shape.name
        assert shape.top >= 0 and shape.top + shape.height <= prs_height, shape.name


def test_an_imported_decks_type_colours_are_the_slides(data):
    """An import's types are coloured by their place in its vocabulary: the .pptx must use the same
    colour for a type as the slide's chart and map do (it used to number the types its own way)."""
    result = importers.import_file(DATASETS_DIR.parent / "tests" / "data" / "gtd_sample.csv", "gtd_sample.csv")
    slides = {s.key: s for s in content.build(importers.as_dataset(result, "gtd_sample.csv", "sample"), Filters())}
    pptx_slides = dict(zip(slides, _open(list(slides.values())).slides, strict=True))
    (frame,) = _shapes(pptx_slides["methods"], MSO_SHAPE_TYPE.CHART)
    drawn = [str(p.format.fill.fore_color.rgb) for p in frame.chart.plots[0].series[0].points]
    assert drawn == [c.lstrip("#").upper() for c in slides["methods"].figure.data[0].marker.color]  # same order
    places = slides["where"].table
    dots = {s.name.split(":")[0]: str(s.fill.fore_color.rgb) for s in pptx_slides["where"].shapes if ": " in s.name}
    assert dots and all(dots[row.label] == row.color.lstrip("#").upper() for row in places.itertuples())
