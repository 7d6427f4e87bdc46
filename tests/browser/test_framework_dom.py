"""The Streamlit DOM test ids the app's CSS and JS select (components/app/edges.py) are still on the
pages that use them: after a Streamlit upgrade this is the test that says which selector went stale,
where the page itself would only fall back to Streamlit's own layout without an error."""

import pytest

from components.app.edges import DOM_TEST_IDS
from tests.browser.helpers import goto

pytestmark = pytest.mark.browser
PATHS = {"overview": "/", "incidents": "/incidents", "briefing": "/briefing", "popovers": "/"}
# What brings a page's selected parts out: a popover's body is drawn only while it is open.
SHOW = {"popovers": lambda page: page.get_by_role("button", name="Cite").click()}
PRESENT = 'ids => ids.filter(id => !document.querySelector(`[data-testid="${id}"]`))'


@pytest.mark.parametrize("page_name", list(DOM_TEST_IDS))
def test_every_selected_test_id_is_on_its_page(page, app_server, page_name):
    goto(page, app_server + PATHS[page_name])
    if show := SHOW.get(page_name):
        show(page)
        page.get_by_role("dialog").wait_for()
    assert page.evaluate(PRESENT, list(DOM_TEST_IDS[page_name])) == []
