"""Briefing slides: headlines computed from the data, checked against hand-counted values of the
purpose-built fixture table (tests/conftest.py MINI), including filters leaving one incident or none."""

import dataclasses
import datetime as dt
import json
import re

import plotly.graph_objects as go
import pytest

from components.briefing import canvas, content, html_deck
from components.charts import layout, map_chart
from components.charts.bars import types_bar
from components.core.memo import Memo
from components.data import geo
from components.state.filters import Filters


@pytest.fixture(scope="module")
def data(curated, mini):
    """The curated measures and events with the MINI incidents."""
    return dataclasses.replace(curated, incidents=mini, title="The note")


def slides(data, filters=None):
    return {s.key: s for s in content.build(data, filters or Filters())}


def test_all_slides_in_order_with_computed_headlines(data):
    s = slides(data)
    assert list(s) == ["title", "escalation", "methods", "casualties", "where", "policy", "caveats"]
    assert s["title"].notes[0] == "6 incidents across 2 regions, 31 Jan 2011 to 31 Dec 2012: 21 people killed."
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
    assert s["title"].notes[0] == "3 incidents in Almaty, 1 Feb 2011 to 1 Jul 2012: 4 people killed."
    assert s["escalation"].headline == "Deaths fell from 3 in 2011 to 1 in 2012."


def test_one_incident_gives_sensible_slides(data):
    s = slides(data, Filters(types=("bombing",)))
    assert s["title"].notes[0] == "1 incident in Atyrau Region, 31 Jan 2011: 2 people killed."
    assert s["escalation"].headline == "The only incident in view fell in 2011, with 2 killed."
    assert s["methods"].headline == "The only incident in view: Bombings."
    assert s["where"].headline == "It happened in Somewhere, Atyrau Region."


def test_unknown_deaths_are_not_reported_as_zero(data):
    s = slides(data, Filters(types=("premature_explosion",)))  # its only incident has killed_total unknown
    assert s["title"].notes[0].endswith("an unknown number of people killed.")
    assert ("Killed", "unknown") in s["title"].stats  # unknown stays unknown, never 0
    assert s["casualties"].headline == "The source gives no death toll for the incidents in view."


def test_no_incident_gives_one_explaining_slide(data):
    (only,) = content.build(data, Filters(types=("bombing",), regions=("Almaty Region",)))
    assert only.headline == "No incident matches this view: Bombings in Almaty Region."
    assert only.figure is None


def test_speaker_notes_carry_numbers_and_sources(data):
    notes = " ".join(slides(data)["title"].notes)
    assert "Killed 21 (unknown for 1 incidents)" in notes and "The note, para. 12" in notes


def test_export_is_one_self_contained_file(data):
    deck = content.build(data, Filters())
    html = html_deck.to_html(deck, "Briefing <test>").decode("utf-8")
    assert html.count('<section class="slide ') == len(deck)
    assert "Briefing &lt;test&gt;" in html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert sum("plotly.js v" in s for s in scripts) == 1  # plotly.js embedded once
    # Outside plotly.js's own code, nothing points at a URL to load (the browser test blocks all).
    page = html.replace(scripts[0], "")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    figures = json.loads(re.search(r'id="figures">(.*?)</script>', html, re.S).group(1))
    assert len(figures) == sum(s.figure is not None for s in deck)


TODAY = dt.date(2013, 3, 1)


def test_title_slide_names_topic_country_period_source_and_date(data):
    title = content.build(data, Filters(), today=TODAY)[0]
    assert title.headline == "Terrorism in Kazakhstan, 2011–2012"
    assert title.points == ("Source: The note", "Briefing of 1 Mar 2013")  # no "View: All incidents"
    # Some counts unknown in the fixture: a lower bound, never a total that reads as complete.
    assert title.stats == (("Incidents", "6"), ("Killed", "≥ 21"), ("Injured", "≥ 1"), ("Arrested", "≥ 6"))


def test_title_slide_words_the_filters_only_when_filtered(data):
    title = content.build(data, Filters(types=("bombing",), regions=("Atyrau Region",)), today=TODAY)[0]
    assert title.headline == "Terrorism in Kazakhstan, 2011"
    assert title.points[0] == "Bombings in Atyrau Region"


def test_title_slide_of_an_import_names_the_file(data):
    imported = dataclasses.replace(data, directory=None, origin="gtd", title="gtd_2020.csv")
    title = content.build(imported, Filters(), today=TODAY)[0]
    assert title.headline == "gtd_2020.csv: terrorism in Kazakhstan, 2011–2012"


@pytest.fixture(scope="module")
def curated_deck(curated):
    return content.build(curated, Filters(), today=TODAY)


# Bombings in Atyrau Region: one incident with no casualty figure at all, every bar "unknown".
ALL_UNKNOWN = Filters(types=("bombing",), regions=("Atyrau Region",))


@pytest.fixture(scope="module")
def unknown_deck(curated):
    return content.build(curated, ALL_UNKNOWN, today=TODAY)


@pytest.mark.parametrize("deck", ["curated_deck", "unknown_deck"])
def test_charts_are_made_for_the_canvas(deck, request):
    for s in request.getfixturevalue(deck):
        if s.figure is None:
            continue
        layout = s.figure.layout
        assert layout.width == canvas.CONTENT_WIDTH
        # Text, chart and controls fit the 720-pixel canvas.
        used = canvas.PAD_TOP + canvas.text_height(s.headline, s.points) + 2 * canvas.GAP
        assert used + layout.height + canvas.CONTROLS <= canvas.HEIGHT, s.key
        sizes = [layout.font.size, layout.legend.font.size]
        sizes += [layout[a].tickfont.size for a in layout.to_plotly_json() if a.startswith(("xaxis", "yaxis"))]
        # Text drawn by the traces too: bar labels ("unknown"), counts on map markers.
        sizes += [t.textfont.size for t in s.figure.data if "textfont" in t and t.text is not None]
        assert min(sizes) >= 18, (s.key, sizes)  # readable from the back of a room at 1280x720


def test_casualty_labels_are_slide_size_when_every_count_is_unknown(unknown_deck):
    (cas,) = [s for s in unknown_deck if s.key == "casualties"]
    assert [set(t.text) for t in cas.figure.data] == [{"unknown"}, {"unknown"}]
    assert {t.textfont.size for t in cas.figure.data} == {canvas.CHART_TEXT_PX}


@pytest.mark.parametrize("deck", ["curated_deck", "unknown_deck"])
def test_slide_charts_leave_room_for_their_title_ticks_and_legend(deck, request):
    """Margins worked out at slide size: the title's lines above the plot (a two-line title sat on
    the top tick), the x ticks' lines and the legend's rows below it (the legend hid the years)."""
    line = round(canvas.CHART_TEXT_PX * 1.3)
    for s in request.getfixturevalue(deck):
        if s.figure is None:
            continue
        layout = s.figure.layout
        if layout.title.text is None:  # the policy slide's: the slide's headline names what it shows
            assert s.key == "policy" and layout.margin.t >= line  # the top tick label, half a line above
        else:
            title_lines = layout.title.text.count("<br>") + 1
            assert layout.title.yref == "container" and layout.title.yanchor == "top", s.key
            assert layout.margin.t >= 8 + title_lines * canvas.CHART_TITLE_PX * 1.3 + line, s.key
        x = layout.xaxis
        ticks = 0 if x.visible is False else (x.tickformat or "").count("<br>") + 1
        legend = layout.showlegend is not False and any(t.showlegend is not False and t.name for t in s.figure.data)
        if legend:
            assert (layout.legend.yref, layout.legend.y, layout.legend.yanchor) == ("container", 0, "bottom")
        assert layout.margin.b >= ticks * line + legend * canvas.LEGEND_ROW, s.key


@pytest.mark.parametrize("deck", ["curated_deck", "unknown_deck"])
def test_the_policy_slides_timeline_gives_each_measure_type_a_line_of_its_own(deck, request):
    """At slide size every row of the timeline is at least a line of chart text apart (seven rows
    of 18 px type 15.6 px apart ran into each other at 1280x720), the counts' row above it keeps at
    most three ticks a side, and nothing in the legend is greyed out: a slide is not clicked, so a
    trace hidden until shown from the legend (the context events) is left out."""
    (policy,) = [s for s in request.getfixturevalue(deck) if s.key == "policy"]
    layout, data = policy.figure.layout, policy.figure.data
    rows = {y for t in data if t.yaxis == "y3" for y in (t.y or ()) if y is not None}
    plot = layout.height - layout.margin.t - layout.margin.b
    bottom, top = layout.yaxis3.domain
    assert len(rows) >= 5 and (top - bottom) * plot / len(rows) >= canvas.CHART_TEXT_PX * 1.05
    assert layout.yaxis.nticks == layout.yaxis2.nticks == 3 and layout.yaxis2.tickmode == "auto"
    assert not [t.name for t in data if t.visible == "legendonly"]


def test_escalation_slide_title_is_one_line(curated_deck):
    (esc,) = [s for s in curated_deck if s.key == "escalation"]
    assert esc.figure.layout.title.text == "Incidents and deaths per month, 2011–2012"


@pytest.mark.parametrize("deck", ["curated_deck", "unknown_deck"])
def test_map_frame_holds_the_whole_outline(deck, request):
    """Issue 10: the whole outline inside the frame, with room round it, whatever the screen: the
    frame keeps its ranges and gives up width (constrain "domain"), never the other way round."""
    (where,) = [s for s in request.getfixturevalue(deck) if s.key == "where"]
    layout = where.figure.layout
    west, east, south, north = map_chart.outline_bounds(geo.outlines())
    (x0, x1), (y0, y1) = layout.xaxis.range, layout.yaxis.range
    pad = 0.04 * (east - west)  # degrees of longitude: ~20 px at 1280x720
    assert x0 <= west - pad and x1 >= east + pad
    assert y0 < south - pad * 0.6 and y1 > north + pad * 0.6  # cos(48°) ~ 0.67: the same margin on screen
    assert layout.xaxis.constrain == layout.yaxis.constrain == "domain"
    assert layout.yaxis.scaleanchor == "x"
    places = where.table
    assert places["x"].between(x0, x1).all() and places["y"].between(y0, y1).all()
    (frame,) = layout.shapes  # the frame drawn round the map, so its edge reads as a frame
    assert (frame.xref, frame.yref, frame.x0, frame.x1, frame.y0, frame.y1) == ("x domain", "y domain", 0, 1, 0, 1)
    kazakhstan, neighbours = where.figure.data[1], where.figure.data[0]
    assert kazakhstan.name == "Kazakhstan" and kazakhstan.line.width > neighbours.line.width


def test_slide_figures_leave_the_overview_figures_alone(curated_deck, data):
    fig = types_bar(content.aggregate.by_type(data.incidents, ["bombing"]), labels={})
    assert fig.layout.height == 300 and fig.layout.font.size == 14
    sized = canvas.for_slide(fig, 480)  # another height and the slide's text size: all on the copy
    assert sized.layout.height == 480 and sized.layout.font.size == canvas.CHART_TEXT_PX != 14
    assert fig.layout.height == 300 and fig.layout.font.size == 14


def test_export_has_a_presenter_window_print_pages_and_its_own_channel(curated_deck):
    first = html_deck.to_html(curated_deck, "B").decode("utf-8")
    second = html_deck.to_html(curated_deck, "B").decode("utf-8")
    assert 'id="presenter-notes"' in first and "BroadcastChannel" in first and "postMessage" in first
    assert re.search(r"@media print \{.*break-after: page", first, re.S)
    assert "@page { size: 1280px 720px" in first
    channel = re.compile(r"kz-briefing-([0-9a-f]{16})")
    assert channel.search(first).group(1) != channel.search(second).group(1)
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', first, re.S)
    assert len(notes) == len(curated_deck) and all(notes)


def test_slides_sized_one_at_a_time_are_the_decks(curated):
    """The page sizes only the slides it shows (room=False, then sized); the exports size all at once.
    Both must draw the same figures, and sizing skips plotly's validation, so check it here."""
    whole = content.build(curated, Filters(), today=TODAY)
    lazy = content.build(curated, Filters(), today=TODAY, room=False)
    assert [s.key for s in lazy] == [s.key for s in whole]
    assert any(
        a.figure is not None and a.figure.layout.width != b.figure.layout.width
        for a, b in zip(lazy, whole, strict=True)
    )
    for one, sized in zip(lazy, whole, strict=True):
        again = content.sized(one)
        assert again.figure is None if sized.figure is None else again.figure.to_json() == sized.figure.to_json()
        if sized.figure is not None:
            go.Figure(sized.figure.to_dict())  # raises on any invalid property or value


@pytest.mark.parametrize("room", [False, True])
def test_every_slide_is_drawn_with_the_charts_own_template(curated, room):
    """The policy slide's figure was copied with plotly's validation, which filled its empty template
    with plotly's default one: bars outlined in #E5ECF6 and axis titles moved, on that slide alone,
    in the app and the HTML deck."""
    for f in (Filters(), Filters(dates=(dt.date(2012, 1, 1), dt.date(2012, 12, 31)))):
        slides = content.build(curated, f, today=TODAY, room=room)
        drawn = {s.key: s.figure.layout.template.to_plotly_json() for s in slides if s.figure is not None}
        assert "policy" in drawn
        assert {k: t for k, t in drawn.items() if t != layout.TEMPLATE} == {}


def test_a_slide_writes_its_chart_once(data):
    slide = content.sized(slides(data)["escalation"])
    assert slide.spec is slide.spec  # kept: the page steps through the same slide objects
    assert json.loads(slide.spec)["layout"]["height"] == slide.figure.layout.height


def test_filter_states_keeping_the_same_incidents_share_all_but_their_title(curated):
    """content.build's memo: the slides after the title are drawn from the rows alone, so a view
    with other filters and the same incidents gets the same slide objects (each sized once for the
    page, Slide.for_room), with a title slide of its own naming its filters; other rows, other
    slides; and what the memo gives is what a build without it makes."""
    memo = Memo()
    whole = content.build(curated, Filters(), TODAY, room=False, memo=memo)
    spring = Filters(dates=(dt.date(2011, 5, 1), dt.date(2012, 12, 31)))  # every curated incident still
    same = content.build(curated, spring, TODAY, room=False, memo=memo)
    assert all(a is b for a, b in zip(whole[1:], same[1:], strict=True))
    assert same[3].for_room is whole[3].for_room and same[3].for_room.figure is not whole[3].figure
    assert whole[0].points != same[0].points and "May 2011" in same[0].points[0]
    fresh = content.build(curated, spring, TODAY, room=False)
    assert [(s.headline, s.points, s.notes) for s in fresh] == [(s.headline, s.points, s.notes) for s in same]
    assert [s.spec for s in fresh if s.figure] == [s.spec for s in same if s.figure]
    bombings = content.build(curated, Filters(types=("bombing",)), TODAY, room=False, memo=memo)
    assert not any(a is b for a, b in zip(whole[1:], bombings[1:], strict=False))


def test_a_decks_charts_are_made_when_first_read_not_with_the_deck(curated, monkeypatch):
    """A new filter state's deck makes every slide's text and table, and a slide's chart only when
    something reads it (the page: the slide shown and those drawn ahead; an export: all of them),
    once: making all seven up front was most of a new state's cost on the Briefing page."""
    made = []

    def counting(module, name):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, **k: made.append(name) or real(*a, **k))

    for name in ("escalation", "types_bar", "casualties_bar"):
        counting(content, name)
    counting(content.map_chart, "room_map")
    deck = content.build(curated, Filters(types=("bombing",)), TODAY, room=False)
    assert [s.key for s in deck][2] == "methods" and made == []
    shown = deck[2].for_room
    assert json.loads(shown.spec)["layout"]["height"] == shown.figure.layout.height
    assert made == ["types_bar"]
    assert deck[2].figure is deck[2].figure and made == ["types_bar"]
    figures = [s.for_room.figure for s in deck]
    assert made == ["types_bar", "escalation", "casualties_bar", "room_map", "escalation"]
    assert [f is not None for f in figures] == [False, True, True, True, True, True, False]
