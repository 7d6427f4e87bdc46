"""The country outlines drawn under the map, shipped in datasets/geo (see derive_outlines.py)."""

from __future__ import annotations

import json
from functools import cache

from components.schema import DATASETS_DIR

OUTLINES = DATASETS_DIR / "geo" / "kazakhstan_region.geojson"


@cache
def outlines() -> dict:
    return json.loads(OUTLINES.read_text(encoding="utf-8"))
