"""The country outlines drawn under the map, shipped in datasets/geo (see derive_outlines.py):
Kazakhstan and its neighbours in detail, and a coarse world for imported data beyond them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

from components.data.schema import datasets_dir

REGION_OUTLINES = "geo/kazakhstan_region.geojson"  # in the data folder
WORLD_OUTLINES = "geo/world.geojson"
REGION_FRAME = {"lon": [45.5, 88.5], "lat": [39.5, 56.5]}  # the map's window onto the regional outlines


@cache
def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def outlines() -> dict:
    """Kazakhstan and its neighbours, from the data folder (KZ_DATASETS_DIR honoured)."""
    return _read(datasets_dir() / REGION_OUTLINES)


def world() -> dict:
    return _read(datasets_dir() / WORLD_OUTLINES)


def in_region(incidents: pd.DataFrame) -> bool:
    """Every located incident falls inside the regional map's window (all curated ones do)."""
    lon, lat = incidents["longitude"].dropna(), incidents["latitude"].dropna()
    return bool(lon.between(*REGION_FRAME["lon"]).all() and lat.between(*REGION_FRAME["lat"]).all())


def outlines_for(incidents: pd.DataFrame) -> dict:
    """The regional outlines, or the world's when the incidents reach beyond them."""
    return outlines() if in_region(incidents) else world()
