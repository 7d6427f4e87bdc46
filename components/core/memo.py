"""A small shared cache for values made from plain, hashable keys (no Streamlit): what the pages keep
across sessions where st.cache_resource would hash every argument on every call (~0.75 ms for a
Dataset and a Filters, several times per rerun)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Memo:
    """Values by key, at most `size` of them, shared by every session (thread-safe); the least
    recently used go. The Overview keeps its parts in one by what they are drawn from (the rows a
    part counts, the selection it shows: overview.model.PARTS), the pages their views by filter
    state (overview.model.VIEWS, app.ui.per_view), an opened incident (incidents.ui.OPENED), a
    comparison (compare.ui.COMPARISONS), what every page derives from a dataset (per_dataset)."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._parts: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], object]):
        with self._lock:
            if key in self._parts:
                self._parts.move_to_end(key)
                return self._parts[key]
        value = make()  # outside the lock: two sessions may build the same part once each, never wait
        with self._lock:
            self._parts[key] = value
            while len(self._parts) > self.size:
                self._parts.popitem(last=False)
        return value


DATASETS = Memo(64)


def per_dataset(data, what: str, make: Callable[[], object]):
    """make() kept per dataset (loader.Dataset.key) for every session: what every rerun would
    otherwise derive again from the whole table (the app's title, the region choices), ~1 ms on the
    curated rows and far more on a 200,000-row import."""
    return DATASETS.get((*data.key, what), make)
