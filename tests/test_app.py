"""AppTest: every page renders with the curated data, with URL parameters seeded, and a corrupted
dataset shows its problem list instead of a traceback."""

import base64
import html
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.app import ui
from components.charts import linked_ui
from components.core.formatting import as_markdown_text, date_span
from components.data import catalog
from components.data.schema import DATASETS_ENV
from components.data.validation import Problem, Rule
from components.importing import importers
from components.incidents import listing
from components.state.filters import Filters
from components.state.keys import ACTIVE, CITE, REFUSED, REPRODUCE
from tests.conftest import set_cell

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture(autouse=True)
def curated_data(monkeypatch):
    monkeypatch.delenv(DATASETS_ENV, raising=False)


def linked_figures(at: AppTest) -> list[dict]:
    """The figures of the Overview's linked charts, as the browser is given them to draw."""
    charts = [e for e in at.get("bidi_component") if e.proto.component_name == linked_ui.NAME]
    return [json.loads(json.loads(e.proto.json)["spec"]) for e in charts]


def run_app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def test_the_favicon_is_the_shipped_png_as_a_data_url():
    head, _, data = ui.favicon().partition(",")
    assert head == "data:image/png;base64" and base64.b64decode(data) == ui.FAVICON.read_bytes()
    assert ui.FAVICON.read_bytes().startswith(b"\x89PNG")


def test_overview_is_the_default_page_with_computed_headline():
    at = run_app()
    assert not at.exception and not at.error
    assert at.title[0].value == "All incidents"
    # Incidents, killed, injured, arrested: known counts of the curated data (datasets/README.md),
    # lower bounds where some incidents' counts are unknown (never folded in as 0).
    assert [m.value for m in at.metric] == ["16", "≥ 72", "≥ 6", "≥ 22"]
    titles = [f["layout"]["title"]["text"] for f in linked_figures(at)]
    assert titles == [
        "Incidents by type",
        "Killed and injured, by group",
        "The escalation, 2011–2012, and the<br>policy response",
    ]


URL_STATES = [
    ({"types": ["Bombings", "Armed assaults"]}, "Bombings and armed assaults"),
    (
        {"types": "Security operations", "region": ["Almaty", "Atyrau Region"], "initiator": "security forces"},
        "Security operations initiated by security forces in Almaty or Atyrau Region",
    ),
    ({"dates": ["2012-01-01", "2012-12-31"]}, "All incidents, 2012"),
    (
        {"sel_type": "Security operations", "sel_span": ["2012-07-01", "2012-08-31"]},
        "Security operations, 1 Jul 2012 to 31 Aug 2012",
    ),
    ({"sel_group": "Civilians"}, "All incidents with civilians among the casualties"),
    # A link made before the one filter model: the sidebar's and the chart's types as one value.
    ({"types": ["Bombings", "Armed assaults"], "sel_type": "Bombings"}, "Bombings"),
    # Unknown values are left out, not fatal (and said: test_a_link_value_that_names_nothing_is_said).
    ({"types": "Nonsense", "sel_span": ["garbage", "2012-01-01"], "sel_group": "Aliens"}, "All incidents"),
    # A link typed by hand: a type's code, another case.
    ({"types": "bombing", "region": "atyrau region"}, "Bombings in Atyrau Region"),
    (
        {"types": ["SECURITY OPERATIONS", "Bombings"], "sel_group": "civilians"},
        "Security operations and bombings with civilians among the casualties",  # in the link's order
    ),
]


@pytest.mark.parametrize(("query", "title"), URL_STATES)
def test_overview_with_url_state(query, title):
    at = run_app(**query)
    assert not at.exception
    assert at.title[0].value == title


def test_an_old_chart_selection_link_presses_the_pill_and_shows_every_filter_as_a_chip():
    at = run_app(sel_type="Security operations", region="Almaty Region")
    assert at.sidebar.get("button_group")[0].value == ["security_operation"]  # the pill is pressed
    chips = [b.label for b in at.button]
    assert {"Security operations", "Almaty Region", "Clear all"} <= set(chips)  # sidebar filters too
    assert at.metric[0].value == "1"
    assert "sel_type" not in at.query_params  # the old name is dropped once read


def test_a_hand_typed_link_presses_the_pill_it_means_and_says_nothing():
    at = run_app(types="bombing", region="atyrau region")
    assert at.sidebar.get("button_group")[0].value == ["bombing"]
    assert not at.warning and at.metric[0].value == "1"
    # The URL now spells them as the widgets do: the link shared from here opens the same view.
    assert (at.query_params["types"], at.query_params["region"]) == ("Bombings", "Atyrau Region")


def test_a_link_value_that_names_nothing_is_said_until_the_filters_change():
    at = run_app(types=["Bombings", "Bombing raid"], initiator="nobody", dates=["2012-13-01", "2012-12-31"])
    assert at.title[0].value == "Bombings"  # what it names is applied
    notes = at.warning[0].value
    for said in ("incident type “Bombing raid”", "initiator “nobody”", "“2012\\-13\\-01”", "the whole period"):
        assert said in notes, said
    assert at.run().warning[0].value == notes  # a rerun that changes nothing keeps it
    at.sidebar.get("button_group")[0].set_value(["bombing", "armed_assault"]).run()
    assert not at.warning  # another view: the link's words are done


@pytest.mark.parametrize(
    ("dates", "shown", "said"),
    [
        (
            ["2012-06-01", "2013-06-30"],
            ["2012-06-01", "2012-12-31"],
            "reach beyond this data's period (2011–2012): the view shows 1 Jun 2012 to 31 Dec 2012.",
        ),
        (["2010-07-01", "2011-05-31"], ["2011-01-01", "2011-05-31"], "the view shows 1 Jan 2011 to 31 May 2011."),
        (
            ["2015-01-01", "2015-06-30"],
            None,
            "lie outside this data's period (2011–2012): the view shows the whole period.",
        ),
    ],
)
def test_a_links_dates_beyond_the_period_keep_their_part_within_it_and_say_so(dates, shown, said):
    at = run_app(dates=dates)
    assert not at.exception
    # The slider holds the part within the period, the URL shares it, and the page says what became of them.
    assert at.query_params.get("dates") == shown
    first, last = at.sidebar.get("slider")[0].value
    assert [first.isoformat(), last.isoformat()] == (shown or ["2011-01-01", "2012-12-31"])
    assert as_markdown_text(said) in at.warning[0].value
    at.sidebar.get("button_group")[0].set_value(["bombing"]).run()
    assert not at.warning  # another view: the link's words are done


def test_filters_that_leave_nothing_say_which_to_relax():
    at = run_app(types="Bombings", region="Almaty Region")
    assert not at.exception
    assert at.info[0].value == as_markdown_text(  # region names are data: shown as text
        "No incident matches these filters together. Remove the incident type filter (3 incidents) "
        "or the region filter (2 incidents)."  # the two bombings are in Astana and Atyrau
    )
    assert not at.get("bidi_component") and not at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page):
    at = run_app()
    at.switch_page(page).run()
    assert not at.exception, page


def test_data_page_shows_tables_and_flags():
    at = run_app()
    at.switch_page("pages/data.py").run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Data"
    # Three tables, each with its column guide, plus the flag list and flag definitions.
    assert len(at.dataframe) == 8
    assert len(at.dataframe[0].value) == 16
    assert any("16 rows, 17 May 2011 to 12 Sep 2012" in c.value for c in at.caption)
    # Labels on screen, codes in the downloads (and the page says so).
    assert "Bombings" in set(at.dataframe[0].value["incident_type"]) and "bombing" not in set(
        at.dataframe[0].value["incident_type"]
    )
    assert any("keep the codes" in c.value for c in at.caption)
    assert any(m.value.startswith("# Methodology") for m in at.markdown)


def test_the_app_says_what_it_is():
    at = run_app()
    assert any(m.value == "**Terrorism in Kazakhstan, 2011–2012**" for m in at.markdown)
    help_text = at.sidebar.get("button_group")[0].proto.help
    assert "**Premature explosions**: Explosion of a device while militants were building" in help_text


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
    assert not at.title  # no page content below the problem list


def test_the_overviews_charts_keep_their_places_when_the_first_filter_is_set():
    # The row of chips comes with the first filter. Drawn nowhere before it, it moved every element
    # after it a place on, and under load the browser now and then made the two charts side by side
    # anew (3-5 of 20 type clicks with both cores busy): each drawn again from nothing. An empty
    # placeholder holds its place, as a slide without a chart keeps an empty one (below).
    def places(at: AppTest) -> list[tuple[int, str]]:
        return [(i, (getattr(c.proto, "id", "") or "").rsplit("-", 1)[-1]) for i, c in at.main.children.items()]

    plain, filtered = places(run_app()), places(run_app(types="Bombings"))
    assert len(plain) == len(filtered) and (2, "chips") in filtered
    for keyed in ("chart_pair", "chart_escalation"):
        assert [i for i, name in plain if name == keyed] == [i for i, name in filtered if name == keyed] != []


def run_page(page: str, **query) -> AppTest:
    at = run_app(**query)
    at.switch_page(page).run()
    return at


def test_incidents_page_without_selection():
    at = run_page("pages/incidents.py")
    assert not at.exception and not at.warning
    assert at.title[0].value == "Incidents"
    assert any("16 of 16 incidents" in c.value for c in at.caption)
    assert "Select a row" in at.info[0].value


def test_a_view_too_big_to_keep_is_listed_once_per_run_and_the_map_drawn_from_that_listing(monkeypatch):
    # Above CACHED_ROWS nothing is kept (a 40,000-row import: 3 listings per run before, 0.46 -> 0.33 s).
    monkeypatch.setattr(ui, "CACHED_ROWS", 0)
    listed = []
    real = listing.incident_list
    monkeypatch.setattr(listing, "incident_list", lambda *a, **k: listed.append(real(*a, **k)) or listed[-1])
    at = run_page("pages/incidents.py", types="Bombings", incident="2011-11-12-taraz")
    listed.clear()
    at.run()
    assert not at.exception and len(listed) == 1
    (figure,) = linked_figures(at)
    drawn = {value for trace in figure["data"] for _, value in trace.get("customdata") or []}
    assert drawn == set(listed[0].shown["incident_id"])  # the map is the run's listing: the bombings


def test_incidents_page_opens_the_incident_in_the_url():
    at = run_page("pages/incidents.py", incident="2011-11-12-taraz")
    assert not at.exception
    assert at.subheader[0].value == "12 Nov 2011 · Taraz, Jambyl Region"
    assert any("Maksat Kariev" in m.value for m in at.markdown)
    # The casualties are a table in the facts' markdown, first (no st.table element of their own).
    facts = next(m.value for m in at.markdown if "**Type:**" in m.value)
    assert (
        facts.startswith("| | killed | injured |")
        and "| Civilians | 3 | unknown |\n| Not attributed | 0 | 0 |" in facts
    )
    assert not at.table


def test_incidents_page_unknown_id_says_so():
    at = run_page("pages/incidents.py", incident="1999-01-01-nowhere")
    assert not at.exception
    assert "no incident with the id" in at.warning[0].value


def test_incidents_page_search_and_filters_from_url():
    at = run_page("pages/incidents.py", q="atyrau", types="Bombings")
    assert not at.exception
    assert any("Bombings matching “atyrau”: 1 of 16 incidents" in c.value for c in at.caption)


def test_filters_carry_over_to_the_incidents_page():
    at = run_app(sel_type="Security operations")
    at.switch_page("pages/incidents.py").run()
    assert any("Security operations: 6 of 16 incidents" in c.value for c in at.caption)
    assert "Security operations" in [b.label for b in at.button]  # its chip, removable here too


def test_search_text_from_a_link_is_shown_as_text():
    at = run_page("pages/incidents.py", q="![x](http://example.com/x.png) *bold*")
    caption = next(c.value for c in at.caption if "matching" in c.value)
    assert "\\!\\[x\\]\\(http" in caption and "\\*bold\\*" in caption  # escaped: no image, no emphasis


@pytest.mark.parametrize(
    ("query", "headline"),
    [
        ({}, "Terrorism in Kazakhstan, 2011–2012"),
        ({"slide": "2"}, "Deaths rose from 28 in 2011 to 44 in 2012."),
        ({"slide": "99"}, "Terrorism in Kazakhstan, 2011–2012"),  # dropped
        ({"types": "Bombings", "region": "Almaty Region"}, "No incident matches this view: Bombings in Almaty Region."),
    ],
)
def test_briefing_page(query, headline):
    at = run_page("pages/briefing.py", **query)
    assert not at.exception
    (slide,) = [h.proto.body for h in at.get("html") if "<h1>" in h.proto.body]
    assert f"<h1>{html.escape(headline)}</h1>" in slide
    assert at.query_params["room"]  # a room for a presenter window to join


def test_a_briefing_link_value_that_names_nothing_is_a_toast_not_a_box_on_the_slide():
    at = run_page("pages/briefing.py", initiator="nobody")
    assert not at.warning
    assert [t.value for t in at.toast] == [
        as_markdown_text(
            "The link's initiator “nobody” is not in this data, so the view leaves it out. "
            "The initiators here: militants, security forces and unknown."
        )
    ]
    assert not at.run().toast  # said once


def test_briefing_presenter_view_shows_notes_and_the_next_slide():
    audience = run_page("pages/briefing.py")
    room = audience.query_params["room"]
    presenter = run_page("pages/briefing.py", room=room, view="presenter")
    assert not presenter.exception
    bodies = [h.proto.body for h in presenter.get("html")]
    assert any("<h1>Terrorism in Kazakhstan" in b for b in bodies)  # the current slide
    assert any("<h1>Deaths rose from 28" in b for b in bodies)  # the next one
    assert any("16 incidents across 7 regions" in m.value for m in presenter.markdown)  # its notes


def _deck_shape(at: AppTest) -> list:
    """The deck's parts, nested, by key (an element without one by its kind)."""
    blocks = [at.main]
    while not blocks[0].proto or not blocks[0].proto.id.endswith("-briefing_frame"):
        blocks = blocks[1:] + [c for c in blocks[0].children.values() if hasattr(c, "children")]

    def shape(node) -> list:
        out = []
        for child in node.children.values():
            name = child.proto.id.rsplit("-", 1)[-1] if getattr(child.proto, "id", "") else type(child).__name__
            out.append((name, shape(child)) if hasattr(child, "children") else name)
        return out

    return shape(blocks[0])


@pytest.mark.parametrize("presenter", [False, True])
def test_briefing_parts_keep_their_places_on_every_slide(presenter):
    # A part that comes and goes moves those after it in Streamlit's tree, and a step now and then
    # leaves the old ones behind where they were: a CI run found two full-screen buttons, a
    # presenter's next-slide pane kept a chart of a slide long gone. A slide without a chart has
    # an empty one (hidden).
    at = run_page("pages/briefing.py")
    if presenter:
        at = run_page("pages/briefing.py", room=at.query_params["room"], view="presenter")
    seen = []
    for number in range(1, 20):
        assert not at.exception and at.query_params.get("slide", "1") == str(number)
        seen.append(_deck_shape(at))
        if at.button(key="deck_next").disabled:
            break
        at.button(key="deck_next").click().run()
    assert number == len(seen) > 2 and all(parts == seen[0] for parts in seen), seen
    if presenter:
        shown = [h.proto.body for h in at.get("html") if h.proto.body != ui.APP_HEAD]  # the page's own
        assert "End of the briefing" in shown[1]


def test_briefing_presenter_link_of_a_closed_room_says_so():
    at = run_page("pages/briefing.py", room="no-such-room", view="presenter")
    assert "room has closed" in at.error[0].value


# An import as this session's data (the upload itself is driven in tests/browser/test_import.py).
@pytest.fixture(scope="module")
def gtd_import():
    result = importers.import_file(ROOT / "tests" / "data" / "gtd_sample.csv", "gtd_sample.csv")
    return importers.as_dataset(result, "gtd_sample.csv", "sample")


def run_imported(dataset, page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.session_state[ACTIVE] = dataset
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page(page).run() if page else at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_on_imported_data_under_a_banner(gtd_import, page):
    at = run_imported(gtd_import, page)
    assert not at.exception and not at.error, page
    banner = at.info[0].value.replace("\\", "")  # shown escaped, as text
    assert "gtd_sample.csv (GTD)" in banner and f"{len(gtd_import.incidents)} incidents" in banner
    assert date_span(gtd_import.incidents) in banner


def test_the_title_names_the_imported_file(gtd_import):
    at = run_imported(gtd_import)
    titles = [m.value for m in at.markdown if m.value.startswith("**Terrorism")]
    assert len(titles) == 1 and "imported from gtd\\_sample\\.csv \\(GTD\\)" in titles[0]


def test_overview_counts_the_imported_rows_and_back_restores_the_curated_data(gtd_import):
    at = run_imported(gtd_import, types="Armed Assault")
    shown = Filters(types=("Armed Assault",)).apply(gtd_import.incidents)
    assert at.metric[0].value == str(len(shown))
    assert next(p.options for p in at.get("button_group")) == list(gtd_import.table.field("incident_type").labels)
    next(b for b in at.button if b.label == "Back to the curated data").click().run()
    assert not at.exception and not at.info
    assert at.title[0].value == "All incidents"  # the import's type filter went with it
    assert at.metric[0].value == "16"  # the curated incidents
    assert "types" not in at.query_params and ACTIVE not in at.session_state


def test_data_page_shows_the_imported_rows_not_the_curated_tables(gtd_import):
    at = run_imported(gtd_import, "pages/data.py")
    assert at.subheader[0].value == "Imported: " + as_markdown_text("gtd_sample.csv (GTD)")  # escaped: a name is data
    assert len(at.dataframe[0].value) == len(gtd_import.incidents)
    assert not at.tabs  # the curated tables are back one click away, not mixed in


def test_a_refused_upload_is_listed_and_the_data_stays(gtd_import):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.session_state[ACTIVE] = gtd_import
    refused = Problem("bad.csv", 7, "nkill", "-5 is below the minimum 0", Rule.MINIMUM)
    at.session_state[REFUSED] = ("bad.csv", (refused,))
    at.run().switch_page("pages/data.py").run()
    message = at.error[0].value.replace("\\", "")
    assert "bad.csv" in message and "The data shown is unchanged: gtd_sample.csv (GTD)" in message
    problems = at.dataframe[0].value
    assert problems.iloc[0].tolist() == ["bad.csv", 7, "nkill", "-5 is below the minimum 0"]
    assert at.subheader[0].value == "Imported: " + as_markdown_text("gtd_sample.csv (GTD)")  # escaped: a name is data


def test_big_tables_are_cut_and_say_so(gtd_import, monkeypatch):
    monkeypatch.setattr(ui, "TABLE_ROWS", 2)
    at = run_imported(gtd_import, "pages/data.py")
    assert len(at.dataframe[0].value) == 2
    assert any(f"The first 2 of {len(gtd_import.incidents)} rows" in c.value for c in at.caption)


def test_the_imported_rows_are_made_readable_once_per_import_not_on_every_rerun(monkeypatch):
    """A rerun of the Data page (a filter moved in the sidebar) shows the import's table as made the
    first time: made on every rerun, the first 2,000 rows of a 200,000-row import cost ~47 ms."""
    result = importers.import_file(ROOT / "tests" / "data" / "gtd_sample.csv", "gtd_sample.csv")
    fresh = importers.as_dataset(result, "gtd_sample.csv", "made once")  # a key no other test has kept
    made, grid = [], catalog.grid
    for module in (catalog, ui):  # the page's own call and show_table's, given a frame
        monkeypatch.setattr(module, "grid", lambda *a, **k: made.append(1) or grid(*a, **k))
    at = run_imported(fresh, "pages/data.py")
    first = at.dataframe[0].value
    at.run().run()
    assert len(made) == 1 and not at.exception
    assert at.dataframe[0].value.equals(first) and len(first) == len(fresh.incidents)


def test_incidents_order_from_a_link_sorts_before_the_table_is_cut(monkeypatch, curated):
    monkeypatch.setattr(ui, "TABLE_ROWS", 3)
    at = run_page("pages/incidents.py", order="Most killed")
    assert not at.exception
    table = at.dataframe[0].value
    top = curated.incidents["killed_total"].dropna().sort_values(ascending=False)
    assert table["killed"].tolist() == top.head(3).tolist()


@pytest.fixture(scope="module")
def faulty_import():
    """An import whose rows have faults: two with no region (empty and 'Unknown' provstate)."""
    path = ROOT / "tests" / "data" / "bad" / "gtd_unknown_region.csv"
    return importers.as_dataset(importers.import_file(path, path.name), path.name, "faulty")


@pytest.mark.parametrize("page", PAGES)
def test_rows_with_no_region_work_on_every_page(faulty_import, page):
    """Region unknown is a value of the region filter, on every page; filtering on it keeps those rows."""
    at = run_imported(faulty_import, page, region="region unknown")
    assert not at.exception and not at.error, page
    if page == "pages/data.py":
        assert any("3 imported, 2 with warnings, 0 left out" in m.value for m in at.markdown)


def test_region_unknown_filters_the_overview(faulty_import):
    at = run_imported(faulty_import, region="region unknown")
    assert "region unknown" in at.sidebar.multiselect[0].options
    assert at.sidebar.multiselect[0].value == ["region unknown"]
    assert at.metric[0].value == "2"


def test_views_are_kept_for_small_data_and_made_afresh_for_big(curated, monkeypatch):
    """app.ui.per_view: the Incidents page's listing and map, kept per view for every session, unless
    the dataset is big enough that its views would hold gigabytes."""
    made = []

    def view(f, data, n):
        made.append(n)
        return n

    kept = ui.per_view(view)
    assert [kept(Filters(), curated, 1), kept(Filters(), curated, 1), kept(Filters(), curated, 2)] == [1, 1, 2]
    assert made == [1, 2]  # the same view again was not made again
    monkeypatch.setattr(ui, "CACHED_ROWS", len(curated.incidents) - 1)
    kept(Filters(), curated, 1)
    assert made == [1, 2, 1]  # over the limit: made afresh


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/incidents.py"])
def test_the_publish_popovers_are_filled_only_while_open(page):
    """Reproduce and Cite draw nothing inside until opened (their state is in the session, and
    opening reruns their fragment): filled on every run they were 19 of the Overview's elements."""
    at = run_page(page)
    assert not at.tabs and not [b for b in at.get("download_button") if "Reproduce" in b.proto.label]
    at.session_state[CITE] = True
    at.run()
    assert [t.label for t in at.tabs] == ["BibTeX", "RIS", "CSL-JSON", "Plain text"]
    assert at.code[0].value.startswith("@misc{") and not at.exception
    at.session_state[CITE], at.session_state[REPRODUCE] = False, True
    at.run()
    assert not at.tabs
    assert [b.proto.label for b in at.get("download_button")][-2:] == ["Reproduce (.zip)", "Notebook (.ipynb)"]
