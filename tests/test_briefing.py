"""Briefing slides: headlines computed from the data, checked against hand-counted values of the
purpose-built fixture table (tests/conftest.py MINI), including filters leaving one incident or none."""

import dataclasses
import json
import re

import pytest

from components import briefing, briefing_export, geo, map_chart
from components.filters import Filters


@pytest.fixture(scope="module")
def data(curated, mini):
    """The curated measures and events with the MINI incidents."""
    return dataclasses.replace(curated, incidents=mini, title="The note")


def slides(data, filters=None):
    return {s.key: s for s in briefing.build(data, filters or Filters())}


def test_all_slides_in_order_with_computed_headlines(data):
    s = slides(data)
    assert list(s) == ["headline", "escalation", "methods", "casualties", "where", "policy", "caveats"]
    assert s["headline"].headline == "6 incidents across 2 regions, 31 Jan 2011 to 31 Dec 2012: 21 people killed."
    assert s["escalation"].headline == "Deaths rose from 10 in 2011 to 11 in 2012."
    assert s["casualties"].headline == "Security forces made up 8 of the 21 dead."
    assert s["where"].headline == "Atyrau Region and Almaty saw the most incidents: 3 of 6 each."
    assert s["policy"].headline == "11 counter-terrorism measures followed, dated Oct 2012 to Jan 2013."
    assert "deaths unknown for 1 of 6" in " ".join(s["caveats"].points)


def test_build_works_out_the_time_axis_and_outlines_from_the_data(data):
    s = slides(data)
    # The incidents' period run on to the last policy measure (Jan 2013) plus ten days.
    assert s["escalation"].figure.layout.xaxis.range == ("2011-01-01", "2013-02-10")
    regional = map_chart.incident_map(
        data.incidents, outlines=geo.outlines(), labels={}
    )  # every incident lies in the region
    assert s["where"].figure.data[0].x == regional.data[0].x


def test_headlines_change_with_the_filters(data):
    s = slides(data, Filters(regions=("Almaty",)))
    assert s["headline"].headline == "3 incidents in Almaty, 1 Feb 2011 to 1 Jul 2012: 4 people killed."
    assert s["escalation"].headline == "Deaths fell from 3 in 2011 to 1 in 2012."


def test_one_incident_gives_sensible_slides(data):
    s = slides(data, Filters(types=("bombing",)))
    assert s["headline"].headline == "1 incident in Atyrau Region, 31 Jan 2011: 2 people killed."
    assert s["escalation"].headline == "The only incident in view fell in 2011, with 2 killed."
    assert s["methods"].headline == "The only incident in view: Bombings."
    assert s["where"].headline == "It happened in Somewhere, Atyrau Region."


def test_unknown_deaths_are_not_reported_as_zero(data):
    s = slides(data, Filters(types=("premature_explosion",)))  # its only incident has killed_total unknown
    assert s["headline"].headline.endswith("an unknown number of people killed.")
    assert s["casualties"].headline == "No deaths are recorded for the incidents in view."


def test_no_incident_gives_one_explaining_slide(data):
    (only,) = briefing.build(data, Filters(types=("bombing",), regions=("Almaty Region",)))
    assert only.headline == "No incident matches this view: Bombings in Almaty Region."
    assert only.figure is None


def test_speaker_notes_carry_numbers_and_sources(data):
    notes = " ".join(slides(data)["headline"].notes)
    assert "Killed 21 (unknown for 1 incidents)" in notes and "The note, para. 12" in notes


def test_export_is_one_self_contained_file(data):
    deck = briefing.build(data, Filters())
    html = briefing_export.to_html(deck, "Briefing <test>").decode("utf-8")
    assert html.count('<section class="slide"') == len(deck)
    assert "Briefing &lt;test&gt;" in html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert sum("plotly.js v" in s for s in scripts) == 1  # plotly.js embedded once
    # Outside plotly.js's own code, nothing points at a URL to load (the browser test blocks all).
    page = html.replace(scripts[0], "")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    figures = json.loads(re.search(r'id="figures">(.*?)</script>', html, re.S).group(1))
    assert len(figures) == sum(s.figure is not None for s in deck)
