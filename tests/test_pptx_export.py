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
from components.core.formatting import count_labels, format_date
from components.data.loader import load_dataset
from components.data.schema import DATASETS_DIR
from components.importing import importers
from components.overview import aggregate
from components.state.filters import Filters


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


def test_policy_timeline_plots_every_measure_at_its_date_in_its_named_lane(data, deck):
    """Drawn with shapes (a native chart cannot name its lanes): one marker per measure, named by its
    status, in its type's lane, left to right in date order; the lanes' names on the slide."""
    _, pptx_slide = deck["policy"]
    m = data.policy_measures
    statuses = set(m["status"].astype(str))
    marks = [sh for sh in pptx_slide.shapes if sh.name.split(":")[0] in statuses]
    assert sorted(sh.name.split(":")[0] for sh in marks) == sorted(m["status"].astype(str))
    texts = {sh.text_frame.text: sh for sh in pptx_slide.shapes if sh.has_text_frame and sh.text_frame.text}
    for row in m.itertuples():
        (mark,) = [sh for sh in marks if sh.name.startswith(f"{row.status}: {row.title} (")]
        lane = texts[str(row.measure_type).replace("_", " ")]
        assert lane.top <= mark.top + mark.height // 2 <= lane.top + lane.height, row.title
    by_date = sorted(m.itertuples(), key=lambda r: r.date)
    centres = [next(sh for sh in marks if f": {r.title} (" in sh.name) for r in by_date]
    first, last = centres[0], centres[-1]
    assert first.left < last.left  # the earliest measure left of the latest


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


def test_casualty_labels_say_what_the_app_says(data, deck):
    """A count some incidents lack reads '0 + 12 unknown' (formatting.count_labels), never a bare 0."""
    s, pptx_slide = deck["casualties"]
    (frame,) = _shapes(pptx_slide, MSO_SHAPE_TYPE.CHART)
    cas = s.table
    for series in frame.chart.plots[0].series:
        drawn = [p.data_label.text_frame.text for p in series.points]
        assert drawn == count_labels(cas[series.name], cas[f"{series.name}_unknown"], cas["in_view"])
        assert "0" not in drawn or cas.loc[[t == "0" for t in drawn], f"{series.name}_unknown"].eq(0).all()


def test_every_shape_on_the_slide_and_every_text_wrapped_at_14_pt_or_more(data, deck):
    """Nothing off the 16:9 slide; every text box wraps (a client with a wider font wraps, never
    runs off) and no text is set below 14 pt, to be read from the back of a room."""
    for key, (_, pptx_slide) in deck.items():
        for shape in pptx_slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= pptx_deck.WIDTH, (key, shape.name)
            assert shape.top >= 0 and shape.top + shape.height <= pptx_deck.HEIGHT, (key, shape.name)
            if shape.has_text_frame and shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX:
                assert shape.text_frame.word_wrap, (key, shape.text_frame.text)
            if shape.has_text_frame:
                sizes = [r.font.size for p in shape.text_frame.paragraphs for r in p.runs if r.font.size]
                sizes += [p.font.size for p in shape.text_frame.paragraphs if p.font.size]
                assert all(size.pt >= 14 for size in sizes), (key, shape.text_frame.text, sizes)


def test_escalation_names_the_bins_whose_deaths_are_unknown(deck):
    """A month with incidents and no known death has no column, which would read as none."""
    s, pptx_slide = deck["escalation"]
    bins = s.table
    unknown = bins[(bins["killed"] == 0) & (bins["killed_unknown"] > 0)]
    texts = " ".join(sh.text_frame.text for sh in pptx_slide.shapes if sh.has_text_frame)
    assert len(unknown) and "Deaths unknown for" in texts
    assert all(format_date(b, "month") in texts for b in unknown["bin_start"])
