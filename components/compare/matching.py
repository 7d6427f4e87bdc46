"""Triangulate: the curated note's incidents beside an imported GTD, ACLED or incidents file. This
module scores every curated-imported pair and pairs them one to one (`compare`); `comparison` holds
the Comparison and its tables, `wording` its sentences and `cli` the command line.

Pure (no Streamlit). Both sides are restricted to the overlap (a country and a period: by default
the curated data's), every curated-imported pair is scored, and each incident is paired with at
most one record and vice versa.

The score of a pair (0: not a candidate):

- **date**, judged at the coarser of the two precisions, else not a candidate: day and day: same day
  1.0, one day apart 0.7; week (ACLED time_precision 2): within 7 days 0.6; month: same month 0.5;
  year: same year 0.3.
- **place**: both have coordinates within 50 km: 1.0 − km/100 (1.0 at 0 km, 0.5 at 50 km); else the
  same region, names compared loosely ("Aktobe Region" = "Aktobe", Zhambyl = Jambyl): 0.4; else
  not a candidate.
- **type**, a tie-breaker only: +0.2 when both types are of one kind (explosions, armed attacks,
  security operations); it never makes a pair of incompatible dates or places.

The pairing maximises the total score: `scipy.optimize.linear_sum_assignment` (a Hungarian-type
algorithm) over the score matrix. Pairs rejected by hand score 0; pairs made by hand are kept as
given (with their score and reasons, even 0) and taken out before the assignment.

Counts are compared only where both sides know them: an unknown count is "unknown on one side",
never a difference. A count is compared when the import records it for at least one of its records
in the overlap (ACLED, for one, records no injuries: that is not reported pair by pair).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from components.compare.comparison import Comparison, pair_frame, records

MAX_KM = 50
DATE_SCORES = {"same day": 1.0, "a day apart": 0.7, "week": 0.6, "month": 0.5, "year": 0.3}
REGION_SCORE = 0.4
TYPE_BONUS = 0.2
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
COUNTS = ("killed_total", "killed_perpetrators", "injured_total", "injured_perpetrators", "arrested")

# Kinds of incident across vocabularies: the curated types, GTD attack types, ACLED event types.
KIND = {
    "bombing": "explosion",
    "suicide_bombing": "explosion",
    "premature_explosion": "explosion",
    "armed_assault": "armed",
    "security_operation": "security",
    "Bombing/Explosion": "explosion",
    "Armed Assault": "armed",
    "Assassination": "armed",
    "Hostage Taking (Barricade Incident)": "armed",
    "Hostage Taking (Kidnapping)": "armed",
    "Hijacking": "armed",
    "Unarmed Assault": "armed",
    "Explosions/Remote violence": "explosion",
    "Battles": "armed",
    "Violence against civilians": "armed",
}
KIND_WORDS = {"explosion": "explosions", "armed": "armed attacks", "security": "security operations"}

# Transliterations and renamings of Kazakhstan's regions in the GTD and ACLED, to one spelling.
REGION_ALIASES = {
    "zhambyl": "jambyl",
    "zhambil": "jambyl",
    "aqtobe": "aktobe",
    "aktyubinsk": "aktobe",
    "karagandy": "karaganda",
    "qaraghandy": "karaganda",
    "qyzylorda": "kyzylorda",
    "mangistau": "mangystau",
    "mangghystau": "mangystau",
    "nur-sultan": "astana",
    "nursultan": "astana",
    "akmola city": "astana",
    "qostanay": "kostanay",
    "turkestan": "south kazakhstan",
    "turkistan": "south kazakhstan",
}
_REGION_SUFFIX = re.compile(r"\s*(\(city\)|region|oblast|oblysy|province|city)$")


def region_key(name) -> str:
    """'Aktobe Region', 'Aktobe', 'Aqtobe oblast' -> 'aktobe'; unknown -> ''."""
    if name is None or pd.isna(name):
        return ""
    key = _REGION_SUFFIX.sub("", str(name).strip().casefold()).strip()
    return REGION_ALIASES.get(key, key)


def kind(incident_type, initiator) -> str | None:
    """The kind of incident for the type tie-breaker: a fight the state launched is a security
    operation in every source (ACLED's "Battles" with state forces as actor 1, say)."""
    found = KIND.get(str(incident_type)) if incident_type is not None and not pd.isna(incident_type) else None
    if str(initiator) == "security forces" and found in (None, "armed"):
        return "security"
    return found


def default_overlap(curated: pd.DataFrame, period: tuple[dt.date, dt.date]) -> tuple[str, tuple[dt.date, dt.date]]:
    """The curated data's country (its commonest) and period."""
    countries = curated["country"].dropna()
    return (countries.mode().iloc[0] if len(countries) else ""), period


def overlap(incidents: pd.DataFrame, country: str, period: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """The rows in `country` (any letter case) dated within `period`. Fast on a 200k-row import:
    the dates as one vectorised range test first, then the country on its distinct values."""
    lo, hi = (pd.Timestamp(d) for d in period)
    dates = incidents["date"]
    in_period = incidents[((dates >= lo) & (dates <= hi)).to_numpy()]  # first: it leaves a few thousand rows
    names = in_period["country"].astype("string")
    wanted = [c for c in names.dropna().unique() if str(c).strip().casefold() == country.strip().casefold()]
    return in_period[names.isin(wanted).fillna(False).to_numpy()]


@dataclass(frozen=True)
class _Side:
    """A side's columns as arrays, for scoring every pair at once."""

    ids: np.ndarray
    day: np.ndarray  # days since 1970
    month: np.ndarray  # year * 12 + month
    year: np.ndarray
    rank: np.ndarray  # date precision rank, PRECISION_RANK
    lat: np.ndarray
    lon: np.ndarray
    region: np.ndarray
    kind: np.ndarray

    @classmethod
    def of(cls, df: pd.DataFrame) -> _Side:
        dates = pd.DatetimeIndex(df["date"])
        return cls(
            df["incident_id"].astype(str).to_numpy(),
            dates.to_numpy().astype("datetime64[D]").astype(np.int64),
            (dates.year * 12 + dates.month).to_numpy(),
            dates.year.to_numpy(),
            df["date_precision"].astype(str).map(PRECISION_RANK).fillna(3).to_numpy(dtype=int),
            pd.to_numeric(df["latitude"], errors="coerce").to_numpy(dtype=float),
            pd.to_numeric(df["longitude"], errors="coerce").to_numpy(dtype=float),
            np.array([region_key(r) for r in df["region"]], dtype=object),
            np.array([kind(t, i) for t, i in zip(df["incident_type"], df["initiator"], strict=True)], dtype=object),
        )


def _km(a: _Side, b: _Side) -> np.ndarray:
    """Great-circle distances (haversine, km) between every pair; NaN where a point is missing."""
    lat1, lon1, lat2, lon2 = (np.radians(x) for x in (a.lat[:, None], a.lon[:, None], b.lat[None, :], b.lon[None, :]))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


@dataclass(frozen=True)
class Scores:
    date: np.ndarray
    place: np.ndarray
    km: np.ndarray
    same_region: np.ndarray
    same_kind: np.ndarray

    # Made once per overlap (which the page keeps, compare.ui.OVERLAPS), not on every read: each
    # decision and each pair made by hand read it. Shared: a reader that changes it copies it first.
    @functools.cached_property
    def total(self) -> np.ndarray:
        candidate = (self.date > 0) & (self.place > 0)
        return np.where(candidate, self.date + self.place + TYPE_BONUS * self.same_kind, 0.0).round(3)


def score(a: _Side, b: _Side) -> Scores:
    """Every pair's parts of the score (module docstring), as len(a) x len(b) matrices."""
    coarse = np.maximum(a.rank[:, None], b.rank[None, :])
    apart = np.abs(a.day[:, None] - b.day[None, :])
    date = np.select(
        [
            (coarse == 0) & (apart == 0),
            (coarse == 0) & (apart == 1),
            (coarse == 1) & (apart <= 7),
            (coarse == 2) & (a.month[:, None] == b.month[None, :]),
            (coarse == 3) & (a.year[:, None] == b.year[None, :]),
        ],
        [DATE_SCORES[k] for k in ("same day", "a day apart", "week", "month", "year")],
        0.0,
    )
    km = _km(a, b)
    near = np.where(km <= MAX_KM, 1.0 - km / (2 * MAX_KM), 0.0)  # NaN <= 50 is False: no point, no score
    same_region = (a.region[:, None] == b.region[None, :]) & (a.region[:, None] != "")
    place = np.maximum(near, np.where(same_region, REGION_SCORE, 0.0))
    same_kind = (a.kind[:, None] == b.kind[None, :]) & (a.kind[:, None] != None)  # noqa: E711 (elementwise)
    return Scores(date, place, km, same_region, same_kind)


def _date_reason(date: float, coarse: int) -> str:
    if date == DATE_SCORES["same day"]:
        return "same day"
    if date == DATE_SCORES["a day apart"]:
        return "a day apart"
    return {1: "within a week", 2: "same month", 3: "same year"}.get(coarse, "dates incompatible")


def reasons(a: _Side, b: _Side, s: Scores, i: int, j: int) -> str:
    """'same day, 3 km apart, both explosions' for the pair (i, j)."""
    parts = [_date_reason(s.date[i, j], max(a.rank[i], b.rank[j])) if s.date[i, j] else "dates incompatible"]
    km = s.km[i, j]
    if not np.isnan(km) and km <= MAX_KM:
        parts.append("under 1 km apart" if km < 1 else f"{km:.0f} km apart")
    elif s.same_region[i, j]:
        parts.append("same region" + (f", {km:.0f} km apart" if not np.isnan(km) else ""))
    else:
        parts.append(f"{km:.0f} km apart, different regions" if not np.isnan(km) else "places incompatible")
    if s.same_kind[i, j]:
        parts.append(f"both {KIND_WORDS[a.kind[i]]}")
    elif a.kind[i] and b.kind[j]:
        parts.append(f"{KIND_WORDS[a.kind[i]]} vs {KIND_WORDS[b.kind[j]]}")
    else:
        parts.append("types not comparable")
    return ", ".join(parts)


def parse_decision(text: str) -> tuple[str, str] | None:
    """'CURATED_ID:IMPORT_ID' -> the two ids (curated ids hold no colon); anything else -> None."""
    cur, sep, imp = str(text).partition(":")
    return (cur, imp) if sep and cur and imp else None


def score_doc() -> str:
    """How a pair is scored, for the page: this module's documentation of it, word for word."""
    return "The score of a pair" + __doc__.split("The score of a pair", 1)[1].rstrip()


@dataclass(frozen=True)
class Overlap:
    """Both sides restricted to the overlap, every pair scored: what no hand decision changes, made
    once for all of them (the Compare page keeps it, and a decision only assigns the pairs again:
    restricting and scoring anew were about a third of a rejection's CPU)."""

    source: str
    country: str
    period: tuple[dt.date, dt.date]
    curated: pd.DataFrame  # the curated incidents in the overlap
    imported: pd.DataFrame  # the imported records in the overlap
    a: _Side
    b: _Side
    scores: Scores
    counts: tuple[str, ...]  # the count columns compared
    records: tuple[list[dict], list[dict]]  # each side's comparison.records, for the pairs' table


def restrict(
    curated: pd.DataFrame, imported: pd.DataFrame, country: str, period: tuple[dt.date, dt.date], source: str
) -> Overlap:
    """Restrict both sides to the overlap and score every pair."""
    cur, imp = overlap(curated, country, period), overlap(imported, country, period)
    a, b = _Side.of(cur), _Side.of(imp)
    counts = tuple(c for c in COUNTS if c in imp and c in cur and imp[c].notna().any())
    sides = (records(cur, counts), records(imp, counts))
    return Overlap(source, country, (period[0], period[1]), cur, imp, a, b, score(a, b), counts, sides)


def decide(o: Overlap, rejected=(), paired=()) -> Comparison:
    """Pair the overlap's records one to one, with the hand decisions: `rejected` and `paired` are
    'CURATED_ID:IMPORT_ID' strings (or tuples)."""
    a, b, s = o.a, o.b, o.scores
    total = s.total.copy()
    for _, _, at in _decided(a, b, rejected):
        if at:
            total[at] = 0.0
    rows, ignored = _paired_by_hand(a, b, s, paired)
    rows += _assigned(a, b, s, total, rows)
    rows.sort(key=lambda r: (a.day[r[0]], a.ids[r[0]]))
    pairs = pair_frame(*o.records, rows, o.counts)
    return Comparison(o.source, o.country, o.period, o.curated, o.imported, pairs, o.counts, tuple(ignored))


def compare(
    curated: pd.DataFrame,
    imported: pd.DataFrame,
    country: str,
    period: tuple[dt.date, dt.date],
    source: str = "the import",
    rejected=(),
    paired=(),
) -> Comparison:
    """Restrict both sides to the overlap, score, assign one to one. `rejected` and `paired` are
    'CURATED_ID:IMPORT_ID' strings (or tuples) decided by hand."""
    return decide(restrict(curated, imported, country, period, source), rejected, paired)


def _decided(a: _Side, b: _Side, decisions: Iterable) -> Iterator[tuple[object, tuple | None, tuple | None]]:
    """Each hand decision ('CURATED_ID:IMPORT_ID' or a tuple) with its two ids (None: unreadable) and
    the pair's positions (None: not both in the overlap)."""
    pos_a = {v: i for i, v in enumerate(a.ids)}
    pos_b = {v: j for j, v in enumerate(b.ids)}
    for text in decisions:
        ids = text if isinstance(text, tuple) else parse_decision(text)
        yield text, ids, ((pos_a[ids[0]], pos_b[ids[1]]) if ids and ids[0] in pos_a and ids[1] in pos_b else None)


def _paired_by_hand(a: _Side, b: _Side, s: Scores, paired: Iterable) -> tuple[list[tuple], list[str]]:
    """The pairs made by hand, kept as given (with their score and reasons, even 0), and a sentence
    for each that cannot be applied. Rows: (curated position, import position, score, reasons, by hand)."""
    rows, ignored, taken_a, taken_b = [], [], set(), set()
    for text, ids, at in _decided(a, b, paired):
        if at is None:
            ignored.append(f"The pair {':'.join(ids) if ids else text} made by hand is not in the overlap.")
            continue
        i, j = at
        if i in taken_a or j in taken_b:
            ignored.append(f"The pair {ids[0]}:{ids[1]} made by hand reuses a record already paired by hand.")
            continue
        taken_a.add(i)
        taken_b.add(j)
        rows.append((i, j, float(s.total[i, j]), "paired by hand; " + reasons(a, b, s, i, j), True))
    return rows, ignored


def _assigned(a: _Side, b: _Side, s: Scores, total: np.ndarray, by_hand: list[tuple]) -> list[tuple]:
    """The assignment of highest total score among the records not paired by hand; only candidates
    (a score above 0 with some record) enter it."""
    taken_a, taken_b = {r[0] for r in by_hand}, {r[1] for r in by_hand}
    free_a = np.array([i for i in range(len(a.ids)) if i not in taken_a], dtype=int)
    free_b = np.array([j for j in range(len(b.ids)) if j not in taken_b], dtype=int)
    if not (len(free_a) and len(free_b)):
        return []
    sub = total[np.ix_(free_a, free_b)]
    ra, rb = free_a[sub.any(axis=1)], free_b[sub.any(axis=0)]
    if not (len(ra) and len(rb)):
        return []
    rows = []
    for x, y in zip(*linear_sum_assignment(total[np.ix_(ra, rb)], maximize=True), strict=True):
        i, j = ra[x], rb[y]
        if total[i, j] > 0:
            rows.append((i, j, float(total[i, j]), reasons(a, b, s, i, j), False))
    return rows
