"""The import store (components/importing/store.py): an accepted import written once to disk and
read back identical; keys from a URL accepted only as 64 lowercase hex; atomic writes; concurrent
writers of one import end with one good copy; least recently used imports evicted past the cap. And
in the app (AppTest): ?import=KEY brings an import back, an unknown key says so, Forget deletes it."""

import os
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.importing import importers, store
from components.state.keys import ACTIVE, IMPORT, STORED, UPLOADED

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def imported(name: str, order: str | None = None):
    result = importers.import_file(DATA / name, name, date_order=order)
    return importers.as_dataset(result, name, "digest-of-" + name)


def assert_same(a, b) -> None:
    for x, y in ((a.incidents, b.incidents), (a.report.warnings, b.report.warnings)):
        pd.testing.assert_frame_equal(x, y)
    pd.testing.assert_frame_equal(a.report.left_out, b.report.left_out)
    pd.testing.assert_frame_equal(a.policy_measures, b.policy_measures)
    assert (a.title, a.stamp, a.origin, a.table) == (b.title, b.stamp, b.origin, b.table)
    assert (a.report.source_rows, a.report.dates) == (b.report.source_rows, b.report.dates)


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(store.STORE_ENV, str(tmp_path / "store"))
    return tmp_path / "store"


KEY = store.entry_key("0" * 64, None, None)


@pytest.mark.parametrize(
    "name", ["gtd_sample.csv", "acled_sample.csv", "acled_resaved_ambiguous.csv", "acled_resaved_day_first.csv"]
)
def test_a_stored_import_comes_back_identical(root, name):
    dataset = imported(name)
    store.save(KEY, dataset, {"name": name})
    back, options = store.load(KEY)
    assert_same(dataset, back)
    assert options == {"name": name}
    assert dataset.incidents["incident_type"].cat.categories.tolist() == back.table.field("incident_type").enum


def test_the_key_names_the_bytes_and_the_options_that_change_the_import():
    keys = {store.entry_key(d, f, o) for d in ("a" * 64, "b" * 64) for f in (None, "gtd") for o in (None, "day/month")}
    assert len(keys) == 8 and all(store.valid_key(k) for k in keys)


@pytest.mark.parametrize(
    "key",
    [
        "../" + "a" * 61,
        "/etc/passwd",
        "a" * 63,
        "a" * 65,
        "A" * 64,
        "g" * 64,
        "a" * 63 + "\n",
        "",
        ".tmp-" + "a" * 59,
        None,
        42,
    ],
)
def test_a_key_is_64_lowercase_hex_or_nothing(root, key):
    store.save(KEY, imported("gtd_sample.csv"))
    assert not store.valid_key(key) and store.find(key) is None
    with pytest.raises(store.StoreError):
        store.load(key)
    assert store.forget(key) is False
    assert store.find(KEY) is not None  # nothing else was touched


def test_paths_outside_the_store_are_never_read(root, tmp_path):
    outside = tmp_path / ("b" * 64)  # a real entry, one folder up
    store.save("b" * 64, imported("gtd_sample.csv"), root=tmp_path)
    assert outside.is_dir()
    for key in ("../" + "b" * 64, str(outside), "b" * 64 + "/.."):
        assert store.find(key) is None
    with pytest.raises(store.StoreError):
        store.load("b" * 64)  # a valid key, but not in this store


def test_an_unknown_key_is_an_error_not_a_crash(root):
    with pytest.raises(store.StoreError):
        store.load("c" * 64)


def test_a_crash_mid_write_leaves_nothing_a_session_would_load(root, monkeypatch):
    def crash(folder, key, dataset, options):
        (folder / store.INCIDENTS).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write", crash)
    with pytest.raises(OSError):
        store.save(KEY, imported("gtd_sample.csv"))
    assert store.find(KEY) is None and list(root.iterdir()) == []


def test_a_dead_writers_temporary_folder_is_never_loaded_and_is_swept(root):
    store.save(KEY, imported("gtd_sample.csv"))
    stray = root / f".tmp-{KEY[:16]}-dead"
    stray.mkdir()
    (stray / store.META).write_text("{}")
    assert store.find(stray.name) is None
    old = time.time() - store.STALE_SECONDS - 1
    os.utime(stray, (old, old))
    store.evict()
    assert not stray.exists() and store.find(KEY) is not None


def test_concurrent_writers_of_one_import_end_with_one_good_copy(root):
    dataset = imported("acled_sample.csv")
    start = threading.Barrier(6)
    errors = []

    def write():
        start.wait()
        try:
            store.save(KEY, dataset)
        except Exception as e:  # any failure fails the test below
            errors.append(e)

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [p.name for p in root.iterdir()] == [KEY]  # no temporary folder left behind
    assert_same(dataset, store.load(KEY)[0])


def test_the_least_recently_used_imports_go_past_the_cap(root):
    dataset = imported("gtd_sample.csv")
    keys = [store.entry_key(str(i), None, None) for i in range(4)]
    for i, key in enumerate(keys):
        store.save(key, dataset)
        os.utime(root / key, (1000 + i, 1000 + i))
    store.load(keys[0])  # used: now the most recent
    size = sum(f.stat().st_size for f in (root / keys[0]).iterdir())
    assert store.evict(cap=2 * size) == [keys[1], keys[2]]
    assert sorted(p.name for p in root.iterdir()) == sorted([keys[0], keys[3]])
    assert store.evict(cap=0, keep=keys[3]) == [keys[0]]  # the one just written stays


def test_the_cap_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(store.CAP_ENV, raising=False)
    assert store.cap_bytes() == 2048 * 2**20
    monkeypatch.setenv(store.CAP_ENV, "1.5")
    assert store.cap_bytes() == int(1.5 * 2**20)
    monkeypatch.setenv(store.CAP_ENV, "lots")
    assert store.cap_bytes() == 2048 * 2**20


def test_the_default_folder_is_under_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(store.STORE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert store.store_dir() == tmp_path / "kz-dashboard" / "imports"


def test_an_import_made_under_another_data_package_is_not_reused(root, monkeypatch):
    store.save(KEY, imported("gtd_sample.csv"))
    monkeypatch.setattr(store, "package_digest", lambda directory=None: "another")
    with pytest.raises(store.StoreError, match="data package"):
        store.load(KEY)


def test_forget_deletes_it(root):
    store.save(KEY, imported("gtd_sample.csv"))
    assert store.forget(KEY) is True and store.find(KEY) is None and list(root.iterdir()) == []
    assert store.forget(KEY) is False


# -- in the app -------------------------------------------------------------------------------------
def run_app(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page(page).run() if page else at


def test_a_link_with_the_key_brings_the_import_back_with_its_view(root):
    dataset = imported("gtd_sample.csv")
    store.save(KEY, dataset)
    at = run_app(**{IMPORT: KEY, "types": "Armed Assault"})
    assert not at.exception and at.session_state[ACTIVE].title == dataset.title
    assert "gtd\\_sample\\.csv \\(GTD\\)" in at.info[0].value and "anyone opening this page's link" in at.info[0].value
    shown = dataset.incidents[dataset.incidents["incident_type"] == "Armed Assault"]
    assert at.metric[0].value == str(len(shown))  # the link's filter applies to the import it names
    assert at.query_params[IMPORT] == KEY


@pytest.mark.parametrize("key", ["d" * 64, "../../etc/passwd", "XYZ"])
def test_a_key_this_server_does_not_have_says_so_and_shows_the_curated_data(root, curated, key):
    at = run_app(**{IMPORT: key})
    assert not at.exception and ACTIVE not in at.session_state
    assert "no longer on this server: upload the file again" in at.warning[0].value
    assert at.metric[0].value == str(len(curated.incidents))
    assert IMPORT not in at.query_params


def test_forget_deletes_the_import_and_drops_it_from_the_url(root, curated):
    store.save(KEY, imported("gtd_sample.csv"))
    at = run_app("pages/data.py", **{IMPORT: KEY})
    assert any("anyone with the link on this server" in c.value for c in at.caption)
    next(b for b in at.button if b.label == "Forget this import").click().run()
    assert not at.exception and ACTIVE not in at.session_state and STORED not in at.session_state
    assert IMPORT not in at.query_params and store.find(KEY) is None


def test_back_to_the_curated_data_drops_the_key_but_keeps_the_import_stored(root):
    store.save(KEY, imported("gtd_sample.csv"))
    at = run_app(**{IMPORT: KEY})
    next(b for b in at.button if b.label == "Back to the curated data").click().run()
    assert ACTIVE not in at.session_state and IMPORT not in at.query_params
    assert store.find(KEY) is not None


def test_the_other_date_reading_comes_from_the_store_when_the_file_is_no_longer_held(root):
    month_first = imported("acled_resaved_ambiguous.csv")
    day_first = imported("acled_resaved_ambiguous.csv", "day/month")
    digest = "e" * 64  # a file this process never held: after a restart, or uploaded on another replica
    store.save(store.entry_key(digest, None, "day/month"), day_first)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.session_state[ACTIVE] = month_first
    at.session_state[UPLOADED] = ("acled_resaved_ambiguous.csv", digest, None)
    at.run().switch_page("pages/data.py").run()
    reading = next(b for b in at.get("button_group") if b.label == "Read all-numeric dates as")
    reading.set_value("day/month").run()
    assert not at.exception and not at.error
    assert_same(at.session_state[ACTIVE], day_first)
    assert at.query_params[IMPORT] == store.entry_key(digest, None, "day/month")
