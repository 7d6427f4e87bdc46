"""Incidents grouped into places for a map read from across a room: incidents that would sit on top
of each other become one marker per type with a count, and types sharing a place are set around
it, so no incident (the one suicide bombing, say) hides under another. Pure: no Streamlit.

The same table feeds the slide's plotly map and the PowerPoint map, so both show the same markers.
"""

from __future__ import annotations

import math

import pandas as pd

from components.core.theme import type_color

NEAR = 0.35  # degrees: closer than this, two markers overlap on a slide-sized map of Kazakhstan
SPREAD = 0.75  # degrees from the place's centre to each type's marker when several types share it


def _clusters(lon: list[float], lat: list[float], near: float) -> list[int]:
    """Greedy clustering: each point joins the first earlier cluster centre within `near` degrees."""
    centres: list[tuple[float, float]] = []
    out = []
    for x, y in zip(lon, lat, strict=True):
        for i, (cx, cy) in enumerate(centres):
            if abs(cx - x) <= near and abs(cy - y) <= near:
                out.append(i)
                break
        else:
            centres.append((x, y))
            out.append(len(centres) - 1)
    return out


def places(incidents: pd.DataFrame, labels: dict, near: float = NEAR) -> pd.DataFrame:
    """One row per place and incident type: x/y where the marker goes (offset around the place
    when several types share it), the place's centre, the count, known deaths and injuries and
    how many incidents have each known, and the locations' names."""
    located = incidents.dropna(subset=["longitude", "latitude"])
    columns = ["place", "incident_type", "label", "color", "x", "y", "centre_x", "centre_y", "n", "killed", "injured"]
    if located.empty:
        return pd.DataFrame(columns=[*columns, "killed_known", "injured_known", "locations", "ids"])
    located = located.assign(
        place=_clusters(located["longitude"].astype(float).tolist(), located["latitude"].astype(float).tolist(), near),
        incident_type=located["incident_type"].astype(str),
    )
    grouped = located.groupby(["place", "incident_type"], sort=True)
    out = grouped.agg(
        n=("incident_id", "size"),
        killed=("killed_total", lambda s: int(s.sum())),
        injured=("injured_total", lambda s: int(s.sum())),
        killed_known=("killed_total", "count"),
        injured_known=("injured_total", "count"),
        locations=("location", lambda s: ", ".join(dict.fromkeys(s.astype(str)))),
        ids=("incident_id", list),
    ).reset_index()
    centres = located.groupby("place")[["longitude", "latitude"]].mean()
    out["centre_x"] = out["place"].map(centres["longitude"]).astype(float)
    out["centre_y"] = out["place"].map(centres["latitude"]).astype(float)
    # Types sharing a place go round it, the first at twelve o'clock; a lone type stays on its place.
    rank = out.groupby("place").cumcount()
    share = out.groupby("place")["incident_type"].transform("size")
    angle = 2 * math.pi * rank / share
    offset = (share > 1).astype(float) * SPREAD
    # Longitude degrees are shorter than latitude ones at 48°N: stretch x so the ring looks round.
    out["x"] = out["centre_x"] + offset * angle.map(math.sin) / math.cos(math.radians(48))
    out["y"] = out["centre_y"] + offset * angle.map(math.cos)
    out["label"] = [labels.get(t, t) for t in out["incident_type"]]
    out["color"] = [type_color(t, labels) for t in out["incident_type"]]  # as every chart colours it
    return out[[*columns, "killed_known", "injured_known", "locations", "ids"]]
