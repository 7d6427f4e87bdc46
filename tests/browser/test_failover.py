"""Through nginx in front of two replicas under supervisord (deploy/serve.py): a viewer's imported
view survives the loss of every replica, because imports are kept in the shared store
(KZ_IMPORT_STORE) and named in the URL; while no replica answers, a reload gets a page that says so
and reloads itself. nginx comes from tests/install-browser.sh."""

import os
import signal
import time

from playwright.sync_api import expect

from deploy import serve
from tests.browser.helpers import goto
from tests.browser.test_import import BANNER, GTD, upload

RESTART_LIMIT = 30  # seconds for both killed replicas to serve again (a few each, on a busy machine)


def kill_replicas(c: serve.Cluster) -> None:
    """SIGKILL every replica, then wait until supervisord has each serving again under a new pid."""
    killed = [pid for pid, name in c.names().items() if name.startswith("replica")]
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + RESTART_LIMIT
    while not all(serve.replica_serving(c, i) for i in range(len(c.ports))) or set(killed) & set(c.names()):
        assert time.monotonic() < deadline, f"replicas not serving again within {RESTART_LIMIT} s"
        time.sleep(0.2)


def test_an_imported_view_comes_back_after_every_replica_was_killed(page, tmp_path):
    store = tmp_path / "store"
    with serve.cluster(2, env={serve.STORE_ENV: str(store)}) as c:
        goto(page, c.url + "/data")
        upload(page, GTD)
        expect(page.locator(BANNER)).to_contain_text("gtd_sample.csv (GTD)")
        assert any(store.iterdir()), "the import was not written to the shared store"
        url = page.url  # names the import, as a bookmark or a shared link would
        kill_replicas(c)
        goto(page, url)  # the reload lands on whichever replica the cookie hashes to now
        expect(page.locator(BANNER)).to_contain_text("gtd_sample.csv (GTD)")
        assert page.locator('[data-testid="stException"]').count() == 0

        # No replica at all: a reload says so, and the page comes back by itself once one answers.
        replicas = [name for name in c.names().values() if name.startswith("replica")]
        for name in replicas:
            c.rpc().stopProcess(name)
        reply = page.goto(url)
        assert reply.status == 503 and reply.headers["retry-after"] == "2"
        expect(page.get_by_role("heading", name="The dashboard is restarting")).to_be_visible()
        for name in replicas:
            c.rpc().startProcess(name, False)
        expect(page.locator(BANNER)).to_contain_text("gtd_sample.csv (GTD)", timeout=RESTART_LIMIT * 1000)
        assert page.url == url  # the same address: the view and the import with it
