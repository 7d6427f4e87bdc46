"""At most a few script runs at once (components/app/runs.py): the slots, their setting, and that
every run of the app takes one and gives it back."""

import contextlib
import re
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.app import runs, ui
from components.app.runs import RUNS, Slots, SlotsError, slots_from
from components.data.schema import DATASETS_ENV

ROOT = Path(__file__).resolve().parent.parent
WAIT = 10  # seconds: a thread not done by then is stuck, and the test says so instead of hanging


def in_threads(count: int, work) -> list[threading.Thread]:
    threads = [threading.Thread(target=work, daemon=True) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    assert not any(t.is_alive() for t in threads), "a thread never got through"
    return threads


def most_at_once(slots: Slots, count: int) -> int:
    """How many of `count` threads were inside a slot at the same time, at most."""
    inside, most, lock = 0, 0, threading.Lock()
    # Each thread stays until `count` have arrived or a moment has passed: enough for all of them
    # to pile in if nothing stops them.
    arrived = threading.Barrier(count)

    def work():
        nonlocal inside, most
        with slots.held():
            with lock:
                inside += 1
                most = max(most, inside)
            with contextlib.suppress(threading.BrokenBarrierError):
                arrived.wait(0.3)
            with lock:
                inside -= 1

    in_threads(count, work)
    return most


def all_free(slots: Slots) -> bool:
    """Every slot can be taken at once by as many other threads: none was kept by a finished run."""
    together = threading.Barrier(slots.n)
    reached = []

    def work():
        with slots.held():
            try:
                together.wait(WAIT / 2)
                reached.append(True)
            except threading.BrokenBarrierError:
                pass

    in_threads(slots.n, work)
    return len(reached) == slots.n


def test_the_setting_is_a_whole_number_and_unset_gives_two():
    assert slots_from(None) == slots_from("") == slots_from("  ") == runs.DEFAULT_SLOTS == 2
    assert slots_from("0") == 0
    assert slots_from(" 3 ") == 3
    for bad in ["abc", "-1", "1.5", "two"]:
        with pytest.raises(SlotsError, match=rf"KZ_RUN_SLOTS='{re.escape(bad)}': expected a whole number"):
            slots_from(bad)


def test_no_more_runs_than_slots_at_once_and_every_one_gets_through():
    assert most_at_once(Slots(2), 6) == 2
    assert most_at_once(Slots(1), 4) == 1
    assert most_at_once(Slots(0), 5) == 5  # 0: no limit


def test_a_thread_holding_a_slot_takes_none_again():
    slots, nested = Slots(1), []

    def work():
        with slots.held():
            with slots.held():  # a fragment called within a full run
                nested.append(slots.holding())
            nested.append(slots.holding())
        nested.append(slots.holding())

    in_threads(1, work)
    assert nested == [True, True, False]
    assert all_free(slots)


def test_a_run_that_fails_gives_its_slot_back():
    slots = Slots(1)

    def work():
        with pytest.raises(RuntimeError), slots.held():
            raise RuntimeError("the page failed")

    in_threads(3, work)
    assert all_free(slots)


def test_a_run_waits_for_a_slot_no_longer_than_its_patience():
    """Runs that never end must not stop every other viewer's: after `patience` seconds the waiting
    run goes ahead without a slot, and gives back none it did not take."""
    slots, release, waited, errors = Slots(1, patience=0.3), threading.Event(), [], []

    def stuck():
        with slots.held():
            release.wait(WAIT)

    def late():
        start = time.monotonic()
        try:
            with slots.held():
                waited.append((time.monotonic() - start, slots.holding()))
        except Exception as e:  # a slot given back that was never taken: BoundedSemaphore refuses it
            errors.append(e)

    holder = threading.Thread(target=stuck, daemon=True)
    holder.start()
    time.sleep(0.05)
    in_threads(2, late)
    release.set()
    holder.join(WAIT)
    assert errors == []
    assert [inside for _, inside in waited] == [True, True]
    assert all(0.25 <= seconds < 2 for seconds, _ in waited), waited
    assert all_free(slots)


def test_a_fragment_runs_in_a_slot_of_its_own_or_in_its_callers():
    def show_the_data():
        return RUNS.holding()

    decorated = runs.fragment(show_the_data)
    # Streamlit keys a fragment by its function's module and name: the wrapper keeps both.
    assert (decorated.__module__, decorated.__qualname__) == (show_the_data.__module__, show_the_data.__qualname__)
    seen = []
    in_threads(1, lambda: seen.append((runs.in_slot(show_the_data)(), RUNS.holding())))
    assert seen == [(True, False)]
    with RUNS.held():  # called within a full run: in the run's slot (with one slot, it would wait forever)
        assert runs.in_slot(show_the_data)()


def test_every_fragment_of_the_app_takes_a_slot():
    """A fragment made with st.fragment itself would rerun outside the slots."""
    sources = [*ROOT.glob("pages/*.py"), ROOT / "dashboard.py", *ROOT.glob("components/**/*.py")]
    direct = [p.relative_to(ROOT).as_posix() for p in sources if p.name != "runs.py" and "st.fragment" in p.read_text()]
    assert direct == []


def test_the_entrypoints_run_holds_a_slot():
    seen = []

    def work():
        with ui.entrypoint_run():
            seen.append(RUNS.holding())
        seen.append(RUNS.holding())

    in_threads(1, work)
    assert seen == [True, False]


@pytest.mark.parametrize("broken", [False, True])
def test_the_apps_runs_give_their_slots_back(monkeypatch, tmp_path, broken):
    """A run that ends normally, and one stopped on invalid data (st.stop), leave every slot free."""
    if broken:
        (tmp_path / "incidents.csv").write_text("not,the,curated,columns\n", encoding="utf-8")
        monkeypatch.setenv(DATASETS_ENV, str(tmp_path))
    else:
        monkeypatch.delenv(DATASETS_ENV, raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30).run()
    assert bool(at.error) == broken
    assert RUNS.n == runs.DEFAULT_SLOTS
    assert all_free(RUNS)
