"""The presenter window shows the audience's deck: its link keeps every filter of the audience's
URL, repeated keys included (it once kept only the last type, so the presenter's deck was built from
one type and the audience's from two, while both followed one slide number)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import goto

pytestmark = pytest.mark.browser
TYPES = ["Bombings", "Suicide bombings"]


def test_presenter_link_keeps_both_types_and_shows_the_same_slide(page, app_server):
    goto(page, app_server + "/briefing?slide=2&" + "&".join(f"types={t.replace(' ', '+')}" for t in TYPES))
    audience = page.get_by_role("heading", level=1).inner_text()
    href = page.get_by_role("link", name="Presenter view").get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert query["types"] == TYPES
    assert query["view"] == ["presenter"] and query["room"] and query["slide"] == ["2"]

    speaker = page.context.new_page()
    goto(speaker, app_server + "/briefing" + href[href.index("?") :])
    expect(speaker.locator(".st-key-deck_current h1")).to_have_text(audience)  # beside it: the next slide
    assert parse_qs(urlsplit(speaker.url).query)["types"] == TYPES
    speaker.close()
