"""Figures for publication (issue 23): each Overview chart downloads as an SVG and as a PNG at twice
its size, with the view's description and the data's source as a caption, made in the browser by
plotly.js, from a menu behind the toolbar's one button (one Tab stop, labelled, keyboard-driven)."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import assert_clean, goto, wait_drawn

pytestmark = pytest.mark.browser

CAPTION = ("Bombings", "Source: Kazakhstan terrorism 2011-2012 analysis note")
SVG_NS = "{http://www.w3.org/2000/svg}"
NAMESPACES = re.compile(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"')


def menu_download(page, chart: int, item: str):
    """Open the chart's download menu with its toolbar button and pick `item`: the Download."""
    holder = page.locator(".linked-chart").nth(chart)
    holder.hover()
    holder.locator('.modebar-btn[data-val="download"]').click()
    menu = holder.locator("xpath=..").get_by_role("menu", name="Download the chart")
    with page.expect_download(timeout=15_000) as info:
        menu.get_by_role("menuitem", name=item).click()
    return info.value


def svg_text(svg: ET.Element) -> str:
    return " ".join(t for e in svg.iter() for t in (e.text, e.tail) if t and t.strip())


def test_each_chart_downloads_as_svg_and_2x_png_with_its_caption(page, app_server):
    goto(page, app_server + "/?types=Bombings")
    wait_drawn(page, least=3)
    on_screen = page.evaluate("() => [...document.querySelectorAll('.linked-chart')].map(d => d.innerHTML.length)")
    for chart, name, label in (
        (0, "types", "Armed assaults"),
        (1, "casualties", "Civilians"),
        (2, "escalation", "Jul"),
    ):
        svg_file = menu_download(page, chart, "SVG vector image, with caption")
        assert svg_file.suggested_filename == f"kz-incidents_{name}-chart-bombings.svg"
        raw = svg_file.path().read_text(encoding="utf-8")
        svg = ET.fromstring(raw)  # well-formed XML
        assert svg.tag == f"{SVG_NS}svg"
        text = svg_text(svg)
        assert all(line in text for line in CAPTION) and label in text, text
        # Nothing outside the file: no address but the XML namespaces', no font or image to fetch.
        assert "http" not in NAMESPACES.sub("", raw) and "@import" not in raw and "<image" not in raw
        assert set(re.findall(r'font-family: ?"?([^;"]+)', raw)) <= {"sans-serif"}  # fontconfig resolves it

        png_file = menu_download(page, chart, "PNG image, twice the size, with caption")
        assert png_file.suggested_filename == f"kz-incidents_{name}-chart-bombings.png"
        png = Image.open(io.BytesIO(png_file.path().read_bytes()))
        png.load()  # decodes
        box = page.locator(".linked-chart").nth(chart).bounding_box()
        assert png.width == round(2 * box["width"]), (png.size, box)
        # The chart's own height, twice, and the caption band under it: the SVG's height, twice.
        assert png.height == round(2 * float(svg.get("height"))) and png.height > 2 * box["height"]
    # The charts on the page were not touched by the exports.
    assert (
        page.evaluate("() => [...document.querySelectorAll('.linked-chart')].map(d => d.innerHTML.length)") == on_screen
    )
    assert_clean(page)


def test_the_download_menu_is_one_tab_stop_and_works_from_the_keyboard(page, app_server):
    goto(page, app_server + "/")
    wait_drawn(page, least=3)
    holder = page.locator(".linked-chart").first
    holder.hover()
    button = holder.locator('.modebar-btn[data-val="download"]')
    expect(button).to_have_attribute("aria-label", "Download the chart…")
    expect(button).to_have_attribute("aria-haspopup", "menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu", name="Download the chart").first
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    items = menu.get_by_role("menuitem")
    expect(items.first).to_be_focused()
    assert items.evaluate_all("items => items.map(i => i.tabIndex)") == [-1, -1]  # no Tab stop of their own
    violations = Axe().run(page, context={"include": [[".linked-menu"]]}).response["violations"]
    assert not [(v["id"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
    page.keyboard.press("ArrowDown")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("ArrowDown")  # round to the first
    expect(items.first).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    with page.expect_download(timeout=15_000) as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "kz-incidents_types-chart-all-incidents.svg"
    expect(menu).to_be_hidden()
    assert_clean(page)


def test_the_incidents_map_downloads_with_its_caption_and_a_click_opens_an_incident(page, app_server):
    """The map is a linked chart too: the same menu, the Incidents page's view as its caption; and a
    click on a point still opens that incident (the map reports it as the Overview's charts do)."""
    goto(page, app_server + "/incidents?types=Bombings")
    wait_drawn(page, least=1)
    svg_file = menu_download(page, 0, "SVG vector image, with caption")
    assert svg_file.suggested_filename == "kz-incidents_map-chart-bombings.svg"
    text = svg_text(ET.fromstring(svg_file.path().read_text(encoding="utf-8")))
    assert "Bombings" in text and "Source:" in text, text
    png_file = menu_download(page, 0, "PNG image, twice the size, with caption")
    png = Image.open(io.BytesIO(png_file.path().read_bytes()))
    png.load()
    box = page.locator(".linked-chart").first.bounding_box()
    assert png.width == round(2 * box["width"]) and png.height > 2 * box["height"], (png.size, box)
    point = page.locator(".linked-chart").first.locator("g.trace.scatter path.point").first
    point.click(force=True)
    expect(page).to_have_url(re.compile(r"incident="))
    assert_clean(page)
