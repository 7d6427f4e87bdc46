"""Incidents grouped into places for a map read from across a room: incidents that would sit on top
of each other become one marker per type with a count, and types sharing a place are set around
it, so no incident (the one suicide bombing, say) hides under another. Pure: no Streamlit.

The same table feeds the slide's plotly map and the PowerPoint map, so both show the same markers.
"""

from __future__ import annotations

import math
from collections import Counter

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
    how many incidents have each known, and the locations' names.

    Grouped in plain Python: a briefing's map has a few dozen rows, and a pandas groupby with named
    aggregations cost ~17 ms a deck, a fifth of a new filter state's slides (_clusters is a loop
    over every row anyway)."""
    located = incidents.dropna(subset=["longitude", "latitude"])
    columns = ["place", "incident_type", "label", "color", "x", "y", "centre_x", "centre_y", "n", "killed", "injured"]
    if located.empty:
        return pd.DataFrame(columns=[*columns, "killed_known", "injured_known", "locations", "ids"])
    lon, lat = (located[c].astype(float).tolist() for c in ("longitude", "latitude"))
    place = _clusters(lon, lat, near)
    groups: dict[tuple[int, str], list[int]] = {}  # row positions by place and type
    for i, key in enumerate(zip(place, located["incident_type"].astype(str).tolist(), strict=True)):
        groups.setdefault(key, []).append(i)
    members: dict[int, list[int]] = {}
    for i, p in enumerate(place):
        members.setdefault(p, []).append(i)
    centres = {
        p: (math.fsum(lon[i] for i in at) / len(at), math.fsum(lat[i] for i in at) / len(at))
        for p, at in members.items()
    }
    values = {
        "location": located["location"].astype(str).tolist(),
        "id": located["incident_id"].tolist(),
        # Known counts as numbers, and whether each is known: an unknown count adds nothing to a sum.
        **{
            c: (located[c].to_numpy(dtype=float, na_value=0.0).tolist(), located[c].notna().tolist())
            for c in ("killed_total", "injured_total")
        },
    }
    share, rank = Counter(p for p, _ in groups), Counter()
    out = []
    for (p, kind), at in sorted(groups.items()):
        out.append(_marker(kind, at, centres[p], rank[p], share[p], values, labels) | {"place": p})
        rank[p] += 1
    return pd.DataFrame(out)[[*columns, "killed_known", "injured_known", "locations", "ids"]]


def _marker(
    kind: str, at: list[int], centre: tuple[float, float], rank: int, share: int, values: dict, labels: dict
) -> dict:
    """The row of one type at one place: the incidents at positions `at`, the `rank`-th of the
    `share` types there; `values`: places()'s per-row lists."""
    # Types sharing a place go round it, the first at twelve o'clock; a lone type stays on its place.
    angle, offset = 2 * math.pi * rank / share, SPREAD if share > 1 else 0.0
    (killed, killed_known), (injured, injured_known) = values["killed_total"], values["injured_total"]
    return {
        "incident_type": kind,
        "label": labels.get(kind, kind),
        "color": type_color(kind, labels),  # as every chart colours it
        # Longitude degrees are shorter than latitude ones at 48°N: stretch x so the ring looks round.
        "x": centre[0] + offset * math.sin(angle) / math.cos(math.radians(48)),
        "y": centre[1] + offset * math.cos(angle),
        "centre_x": centre[0],
        "centre_y": centre[1],
        "n": len(at),
        "killed": int(sum(killed[i] for i in at)),
        "injured": int(sum(injured[i] for i in at)),
        "killed_known": sum(killed_known[i] for i in at),
        "injured_known": sum(injured_known[i] for i in at),
        "locations": ", ".join(dict.fromkeys(values["location"][i] for i in at)),
        "ids": [values["id"][i] for i in at],
    }
