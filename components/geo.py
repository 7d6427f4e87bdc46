"""The country outlines drawn under the map, shipped in datasets/geo (see derive_outlines.py):
Kazakhstan and its neighbours in detail, and a coarse world for imported data beyond them."""

from __future__ import annotations

import json
from functools import cache

import pandas as pd

from components.schema import DATASETS_DIR

OUTLINES = DATASETS_DIR / "geo" / "kazakhstan_region.geojson"
WORLD_OUTLINES = DATASETS_DIR / "geo" / "world.geojson"
REGION_FRAME = {"lon": [45.5, 88.5], "lat": [39.5, 56.5]}  # the map's window onto the regional outlines


@cache
def outlines() -> dict:
    return json.loads(OUTLINES.read_text(encoding="utf-8"))


@cache
def world() -> dict:
    return json.loads(WORLD_OUTLINES.read_text(encoding="utf-8"))


def in_region(incidents: pd.DataFrame) -> bool:
    """Every located incident falls inside the regional map's window (all curated ones do)."""
    lon, lat = incidents["longitude"].dropna(), incidents["latitude"].dropna()
    return bool(lon.between(*REGION_FRAME["lon"]).all() and lat.between(*REGION_FRAME["lat"]).all())


def outlines_for(incidents: pd.DataFrame) -> dict:
    """The regional outlines, or the world's when the incidents reach beyond them."""
    return outlines() if in_region(incidents) else world()
