"""A brand-new server's very first visitor arriving on a deep link gets the page through the
entrypoint: navigation at the top, the sidebar filters, the page's own content.

Streamlit 1.67 treats a `pages/` folder beside the entrypoint as a legacy multipage app until any
session has called st.navigation, so that first run executes pages/incidents.py alone; the page's
dataset_or_stop() re-runs the entrypoint then (components/app/ui.py). This test guards that path."""

import ast

from playwright.sync_api import expect

from tests.browser.helpers import ROOT, assert_clean, goto


def page_titles() -> list[str]:
    """The titles of the st.Page(...) calls in dashboard.py, in order: the navigation the app declares
    (read from the source, since the entrypoint only runs inside Streamlit)."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    return [
        keyword.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"
        for keyword in node.keywords
        if keyword.arg == "title"
    ]


def test_first_deep_link_on_a_new_server_shows_navigation_and_filters(page, serve_app):
    url = serve_app()  # a server no session has visited yet
    goto(page, url + "/incidents")
    expect(page.get_by_role("heading", name="Incidents")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]')).to_have_count(1)
    titles = page_titles()
    assert len(titles) >= 2, titles  # the parse found the page list
    links = page.locator('[data-testid="stTopNavLink"]')
    expect(links).to_have_count(len(titles))
    for title in titles:  # by accessible name: the link's text also holds its icon's ligature name
        expect(links.and_(page.get_by_role("link", name=title, exact=True))).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNavLink"]')).to_have_count(0)  # no legacy file menu
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert_clean(page)
