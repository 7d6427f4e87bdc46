"""The import store: accepted imports kept on disk so a reload, a restart, another replica or a shared
link brings them back without the upload. No Streamlit here (ui.py is the glue).

One folder (KZ_IMPORT_STORE; default `$XDG_CACHE_HOME/kz-dashboard/imports`, i.e.
`~/.cache/kz-dashboard/imports`; a shared volume when replicas run on several machines) holds one
sub-folder per import, named by its key: the SHA-256 of the file's SHA-256 and the options that
change the result (format choice, date reading), see `entry_key`. In it, the typed incidents, the
warnings and the rows left out as Parquet (a round trip keeps every dtype: categories in their order,
Int64, dates) and `meta.json` (title, format, stamp, date reading, data package digest).

Abuse: a key from a URL is used only if it is 64 lowercase hex characters (`valid_key`); no path is
built from anything else. Filling: past KZ_IMPORT_STORE_MB (default 2048) the least recently used
imports (folder mtime, touched on every load) are evicted. Crashes: an entry is written under a
temporary name in the same folder and renamed into place, so a half-written one is never under a
key; a rename onto an entry another writer finished first fails, and that writer's copy stands.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa

from components.data.loader import Dataset
from components.data.schema import PACKAGE_FILE, Table, datasets_dir
from components.importing.dates import DateReading
from components.importing.importers import imported_dataset
from components.importing.report import ImportReport

STORE_ENV, CAP_ENV = "KZ_IMPORT_STORE", "KZ_IMPORT_STORE_MB"
DEFAULT_CAP_MB = 2048
VERSION = 1  # of the entry layout: an entry written under another is not read (the file is asked for again)
META, INCIDENTS, WARNINGS, LEFT_OUT = "meta.json", "incidents.parquet", "warnings.parquet", "left_out.parquet"
_KEY = re.compile(r"[0-9a-f]{64}")
STALE_SECONDS = 3600  # a temporary folder this old belongs to a writer that died: swept at eviction


class StoreError(Exception):
    """The key names no usable import on this server (never stored, forgotten, evicted, unreadable)."""


def store_dir() -> Path:
    if folder := os.environ.get(STORE_ENV):
        return Path(folder)
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "kz-dashboard" / "imports"


def cap_bytes() -> int:
    """The store's size cap (KZ_IMPORT_STORE_MB, default 2048 MB); an unreadable value gives the default."""
    try:
        return max(0, int(float(os.environ.get(CAP_ENV) or DEFAULT_CAP_MB) * 2**20))
    except ValueError:
        return DEFAULT_CAP_MB * 2**20


def entry_key(content_digest: str, fmt: str | None, date_order: str | None) -> str:
    """What the URL carries: one key per file content and the options that change its import, so a
    link brings back the same reading (the other date order is another key)."""
    options = json.dumps([content_digest, fmt, date_order])
    return hashlib.sha256(options.encode()).hexdigest()


def valid_key(key: object) -> bool:
    """Only 64 lowercase hex characters: nothing else from a URL ever becomes part of a path."""
    return isinstance(key, str) and _KEY.fullmatch(key) is not None


def find(key: object, root: Path | None = None) -> Path | None:
    """The folder of a stored import (marked as just used), or None: invalid key, or not here."""
    if not valid_key(key):
        return None
    path = (root or store_dir()) / key
    try:
        os.utime(path)  # least recently used = oldest mtime
    except OSError:
        return None
    return path if (path / META).is_file() else None


def package_digest(directory: Path | None = None) -> str:
    """The data package's descriptor, hashed: an import made under another schema is not reused."""
    return hashlib.sha256((Path(directory or datasets_dir()) / PACKAGE_FILE).read_bytes()).hexdigest()


def save(key: str, dataset: Dataset, options: dict | None = None, root: Path | None = None) -> Path:
    """Write an accepted import once (a second save of the key only marks it used), with `options`
    (JSON: what the upload chose, given back by `load`). Raises OSError when the store cannot be
    written: the import then stays in the session only."""
    if not valid_key(key):
        raise ValueError(f"not a store key: {key!r}")
    root = root or store_dir()
    if found := find(key, root):
        return found
    root.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:16]}-", dir=root))
    try:
        _write(temporary, key, dataset, options or {})
        try:
            os.rename(temporary, root / key)  # atomic; fails onto an existing (non-empty) entry
        except OSError:
            if not (root / key / META).is_file():
                raise
            # Another writer (thread, replica) finished the same import first: its copy stands.
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return root / key


def _write(folder: Path, key: str, dataset: Dataset, options: dict) -> None:
    report = dataset.report or ImportReport()
    for name, frame in ((INCIDENTS, dataset.incidents), (WARNINGS, report.warnings), (LEFT_OUT, report.left_out)):
        frame.to_parquet(folder / name)
    meta = {
        "version": VERSION,
        "key": key,
        "title": dataset.title,
        "format": dataset.origin,
        "stamp": list(dataset.stamp),
        "source_rows": report.source_rows,
        "dates": {"order": report.dates.order, "decided": report.dates.decided},
        "package": package_digest(),
        "options": options,
    }
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")
    for name in (INCIDENTS, WARNINGS, LEFT_OUT, META):  # on disk before the rename makes them visible
        with open(folder / name, "rb") as f:
            os.fsync(f.fileno())


def load(key: object, package: dict[str, Table] | None = None, root: Path | None = None) -> tuple[Dataset, dict]:
    """The stored import as the Dataset its upload gave, and the options it was saved with;
    StoreError if there is none usable."""
    path = find(key, root)
    if path is None:
        raise StoreError("no such import")
    try:
        meta = json.loads((path / META).read_text(encoding="utf-8"))
        if meta.get("version") != VERSION or meta.get("key") != key:
            raise StoreError("written by another version of the app")
        if meta.get("package") != package_digest():
            raise StoreError("imported under another version of the data package")
        frames = [pd.read_parquet(path / name) for name in (INCIDENTS, WARNINGS, LEFT_OUT)]
        dates = DateReading(meta["dates"]["order"], meta["dates"]["decided"])
        report = ImportReport(int(meta["source_rows"]), frames[1], frames[2], dates)
        stamp, fmt = tuple(meta["stamp"]), str(meta["format"])
        dataset = imported_dataset(frames[0], str(meta["title"]), stamp, fmt, report, package)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pa.ArrowException) as e:
        raise StoreError(f"unreadable: {e}") from e
    if list(dataset.incidents.columns) != list(dataset.table.columns):
        raise StoreError("its columns are not the incident schema's")
    return dataset, dict(meta.get("options") or {})


def forget(key: object, root: Path | None = None) -> bool:
    """Delete a stored import. Renamed away first, so no reader ever sees half of it deleted."""
    path = find(key, root)
    if path is None:
        return False
    doomed = path.with_name(f".del-{path.name[:16]}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(path, doomed)
    except OSError:  # deleted meanwhile by another session or replica
        return False
    shutil.rmtree(doomed, ignore_errors=True)
    return True


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


def evict(cap: int | None = None, keep: str | None = None, root: Path | None = None) -> list[str]:
    """Delete the least recently used imports until the store fits its cap (never `keep`, the one
    just written), and temporary folders left by writers that died. Returns the keys deleted."""
    root, cap = root or store_dir(), cap_bytes() if cap is None else cap
    entries = []
    try:
        for path in root.iterdir():
            if valid_key(path.name):
                entries.append((path.stat().st_mtime, _size(path), path.name))
            elif path.name.startswith((".tmp-", ".del-")) and time.time() - path.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
    except OSError:  # the folder or an entry went away meanwhile: the next write evicts again
        return []
    total, gone = sum(size for _, size, _ in entries), []
    for _, size, key in sorted(entries):
        if total <= cap:
            break
        if key != keep and forget(key, root):
            total -= size
            gone.append(key)
    return gone
