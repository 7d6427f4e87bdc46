"""Triangulate: the curated note's incidents beside an imported GTD, ACLED or incidents file.

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

    python -m components.compare IMPORT_FILE [--format gtd|acled|native] [--country C] [--from D --to D]

prints one line of JSON and exits 1 only when the file is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from components.core import formatting
from components.core.formatting import counted, format_date

MAX_KM = 50
DATE_SCORES = {"same day": 1.0, "a day apart": 0.7, "week": 0.6, "month": 0.5, "year": 0.3}
REGION_SCORE = 0.4
TYPE_BONUS = 0.2
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
COUNTS = ("killed_total", "killed_perpetrators", "injured_total", "injured_perpetrators", "arrested")
COUNT_WORDS = {
    "killed_total": "deaths",
    "killed_perpetrators": "perpetrators killed",
    "injured_total": "injured",
    "injured_perpetrators": "perpetrators injured",
    "arrested": "arrests",
}
SOURCE_NAMES = {"gtd": "GTD", "acled": "ACLED"}  # anything else reads as "the import"

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

    @property
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


@dataclass(frozen=True)
class Comparison:
    source: str  # "GTD", "ACLED" or "the import"
    country: str
    period: tuple[dt.date, dt.date]
    curated: pd.DataFrame  # the curated incidents in the overlap
    imported: pd.DataFrame  # the imported records in the overlap
    pairs: pd.DataFrame  # one row per pair: ids, score, reasons, by_hand, each compared count and its check
    counts: tuple[str, ...]  # the count columns compared
    ignored: tuple[str, ...] = field(default=())  # hand decisions that could not be applied, as sentences

    @property
    def only_curated(self) -> pd.DataFrame:
        return self.curated[~self.curated["incident_id"].isin(self.pairs["curated_id"])]

    @property
    def only_import(self) -> pd.DataFrame:
        return self.imported[~self.imported["incident_id"].isin(self.pairs["import_id"])]

    def differing(self, column: str | None = None) -> pd.Series:
        """Per pair: does a count (any compared, or `column`) differ with both sides known?"""
        cols = [column] if column else self.counts
        checks = self.pairs[[f"{c}_check" for c in cols if f"{c}_check" in self.pairs]]
        return (checks == "differs").any(axis=1)

    def unknown_on_one_side(self, column: str | None = None) -> pd.Series:
        cols = [column] if column else self.counts
        checks = self.pairs[[f"{c}_check" for c in cols if f"{c}_check" in self.pairs]]
        return (checks == "unknown on one side").any(axis=1)


def _check(a, b) -> str:
    if pd.isna(a) and pd.isna(b):
        return "unknown on both"
    if pd.isna(a) or pd.isna(b):
        return "unknown on one side"
    return "same" if int(a) == int(b) else "differs"


ROW_COLUMNS = ("incident_id", "date", "date_precision", "location", "region", "incident_type")


def _pair_frame(cur: pd.DataFrame, imp: pd.DataFrame, rows: list[tuple], counts: tuple[str, ...]) -> pd.DataFrame:
    """rows: (curated position, import position, score, reasons, by hand)."""
    columns = ["curated_id", "import_id", "score", "reasons", "by_hand", "curated_date", "import_date"]
    columns += ["curated_place", "import_place", "curated_type", "import_type"]
    columns += [f"{side}_{c}" for c in counts for side in ("curated", "import")] + [f"{c}_check" for c in counts]
    columns.append("differences")
    out = []
    # Plain dicts: row access on the (Arrow-backed) frames costs ~5 ms a row.
    cur_rows, imp_rows = (df[[k for k in ROW_COLUMNS + counts if k in df]].to_dict("records") for df in (cur, imp))
    for i, j, s, why, by_hand in rows:
        a, b = cur_rows[i], imp_rows[j]
        record = {
            "curated_id": a["incident_id"],
            "import_id": b["incident_id"],
            "score": s,
            "reasons": why,
            "by_hand": by_hand,
            "curated_date": format_date(a["date"], a["date_precision"]),
            "import_date": format_date(b["date"], b["date_precision"]),
            "curated_place": _place(a),
            "import_place": _place(b),
            "curated_type": str(a["incident_type"]),
            "import_type": str(b["incident_type"]),
        }
        for c in counts:
            record[f"curated_{c}"], record[f"import_{c}"] = a.get(c), b.get(c)
            record[f"{c}_check"] = _check(a.get(c), b.get(c))
        record["differences"] = _differences(record, counts)
        out.append(record)
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({f"{side}_{c}": "Int64" for c in counts for side in ("curated", "import")})


def _differences(record: dict, counts: tuple[str, ...]) -> str:
    """'deaths 2 vs 3; unknown on one side: injured' (empty when every known count agrees)."""
    differ = [
        f"{COUNT_WORDS[c]} {record[f'curated_{c}']} vs {record[f'import_{c}']}"
        for c in counts
        if record[f"{c}_check"] == "differs"
    ]
    unknown = [COUNT_WORDS[c] for c in counts if record[f"{c}_check"] == "unknown on one side"]
    return "; ".join(differ + ([f"unknown on one side: {', '.join(unknown)}"] if unknown else []))


def score_doc() -> str:
    """How a pair is scored, for the page: this module's documentation of it, word for word."""
    return __doc__.split("The score of a pair", 1)[1].split("\n\n    python -m", 1)[0].join(["The score of a pair", ""])


def _place(row) -> str:
    region = row.get("region")
    region = "" if region is None or pd.isna(region) else str(region)
    location = str(row.get("location") or "")
    return location if not region or region in location else f"{location} ({region})"


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
    cur, imp = overlap(curated, country, period), overlap(imported, country, period)
    a, b = _Side.of(cur), _Side.of(imp)
    s = score(a, b)
    total = s.total.copy()
    pos_a = {v: i for i, v in enumerate(a.ids)}
    pos_b = {v: j for j, v in enumerate(b.ids)}
    ignored = []
    for text in rejected:
        ids = text if isinstance(text, tuple) else parse_decision(text)
        if ids and ids[0] in pos_a and ids[1] in pos_b:
            total[pos_a[ids[0]], pos_b[ids[1]]] = 0.0
    rows, taken_a, taken_b = [], set(), set()
    for text in paired:
        ids = text if isinstance(text, tuple) else parse_decision(text)
        if not ids or ids[0] not in pos_a or ids[1] not in pos_b:
            ignored.append(f"The pair {':'.join(ids) if ids else text} made by hand is not in the overlap.")
            continue
        i, j = pos_a[ids[0]], pos_b[ids[1]]
        if i in taken_a or j in taken_b:
            ignored.append(f"The pair {ids[0]}:{ids[1]} made by hand reuses a record already paired by hand.")
            continue
        taken_a.add(i)
        taken_b.add(j)
        rows.append((i, j, float(s.total[i, j]), "paired by hand; " + reasons(a, b, s, i, j), True))
    free_a = np.array([i for i in range(len(a.ids)) if i not in taken_a], dtype=int)
    free_b = np.array([j for j in range(len(b.ids)) if j not in taken_b], dtype=int)
    if len(free_a) and len(free_b):
        sub = total[np.ix_(free_a, free_b)]
        keep_a, keep_b = sub.any(axis=1), sub.any(axis=0)  # only candidates enter the assignment
        ra, rb = free_a[keep_a], free_b[keep_b]
        if len(ra) and len(rb):
            for x, y in zip(*linear_sum_assignment(total[np.ix_(ra, rb)], maximize=True), strict=True):
                i, j = ra[x], rb[y]
                if total[i, j] > 0:
                    rows.append((i, j, float(total[i, j]), reasons(a, b, s, i, j), False))
    rows.sort(key=lambda r: (a.day[r[0]], a.ids[r[0]]))
    counts = tuple(c for c in COUNTS if c in imp and c in cur and imp[c].notna().any())
    return Comparison(
        source, country, (period[0], period[1]), cur, imp, _pair_frame(cur, imp, rows, counts), counts, tuple(ignored)
    )


def period_text(period: tuple[dt.date, dt.date]) -> str:
    """'2011–2012' for whole years, else '17 May 2011 – 30 Jun 2012'."""
    return formatting.period_text(*period, between=" – ")


def headline(c: Comparison) -> str:
    """'GTD records 19 incidents in Kazakhstan in 2011–2012; 13 match the note; the note has 3 the
    GTD lacks; deaths differ in 4 pairs (unknown on one side in 2).'"""
    name = c.source
    lead = name[:1].upper() + name[1:]
    matched = len(c.pairs)
    parts = [
        f"{lead} records {counted(len(c.imported), 'incident')} in {c.country} in {period_text(c.period)}",
        f"{matched:,} match the note" if matched != 1 else "1 matches the note",
        f"the note has {len(c.only_curated):,} the {name.removeprefix('the ')} lacks",
    ]
    if "killed_total" in c.counts:
        differ, unknown = int(c.differing("killed_total").sum()), int(c.unknown_on_one_side("killed_total").sum())
        deaths = f"deaths differ in {counted(differ, 'pair')}"
        parts.append(deaths + (f" (unknown on one side in {unknown:,})" if unknown else ""))
    else:
        parts.append(f"the {name.removeprefix('the ')} records no deaths to compare")
    return "; ".join(parts) + "."


def _unmatched(df: pd.DataFrame, side: str, counts: tuple[str, ...]) -> pd.DataFrame:
    """One side's unmatched records in the match table's columns."""
    return pd.DataFrame(
        {
            f"{side}_id": df["incident_id"].to_numpy(),
            f"{side}_date": [format_date(d, p) for d, p in zip(df["date"], df["date_precision"], strict=True)],
            f"{side}_place": [_place(r) for r in df[["location", "region"]].to_dict("records")],
            f"{side}_type": df["incident_type"].astype(str).to_numpy(),
            **{f"{side}_{k}": df[k].to_numpy() for k in counts},
        }
    )


def match_table(c: Comparison) -> pd.DataFrame:
    """Every pair, then the unmatched of each side, with a status column: the CSV download."""
    other = c.source.removeprefix("the ")
    frames = [
        c.pairs.assign(status="matched"),
        _unmatched(c.only_curated, "curated", c.counts).assign(status="only in the note"),
        _unmatched(c.only_import, "import", c.counts).assign(
            status=f"only in the {other}" if other == "import" else f"only in {other}"
        ),
    ]
    table = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    table = table.reindex(columns=["status", *c.pairs.columns])
    return table.astype({f"{side}_{k}": "Int64" for k in c.counts for side in ("curated", "import")})


def monthly_deaths(c: Comparison) -> pd.DataFrame:
    """Known deaths per month on each side (month, source, killed, incidents, unknown). Records
    known only to the year have no month and are left out (counted in `year_only`)."""
    out = []
    for name, df in (("the note", c.curated), (c.source, c.imported)):
        dated = df[df["date_precision"].astype(str) != "year"]
        month = dated["date"].dt.to_period("M").dt.to_timestamp().rename("month")
        g = dated.assign(month=month).groupby("month", observed=True)
        out.append(
            pd.DataFrame(
                {
                    "killed": g["killed_total"].sum(min_count=0),
                    "incidents": g.size(),
                    "unknown": dated["killed_total"].isna().groupby(month).sum(),
                }
            )
            .reset_index()
            .assign(source=name, year_only=int(len(df) - len(dated)))
        )
    frame = pd.concat(out, ignore_index=True).astype({"killed": "Int64", "incidents": "int64", "unknown": "int64"})
    # A month whose every count is unknown has unknown deaths, not 0.
    return frame.assign(killed=frame["killed"].mask(frame["unknown"] == frame["incidents"]))


def summary(c: Comparison) -> dict:
    """The CLI's JSON."""
    known = lambda v: None if pd.isna(v) else int(v)  # noqa: E731
    differ = c.differing()
    unknown = c.unknown_on_one_side()
    return {
        "source": c.source,
        "country": c.country,
        "period": [c.period[0].isoformat(), c.period[1].isoformat()],
        "matched": len(c.pairs),
        "only_curated": len(c.only_curated),
        "only_import": len(c.only_import),
        "count_differences": int(differ.sum()),
        "unknown_on_one_side": int(unknown.sum()),
        "pairs": [
            {
                "curated": r["curated_id"],
                "import": r["import_id"],
                "score": round(float(r["score"]), 3),
                "killed": [known(r.get("curated_killed_total")), known(r.get("import_killed_total"))],
                "differs": [k for k in c.counts if r[f"{k}_check"] == "differs"],
                "unknown_on_one_side": [k for k in c.counts if r[f"{k}_check"] == "unknown on one side"],
                "reasons": r["reasons"],
            }
            for r in c.pairs.to_dict("records")
        ],
    }


def _date_arg(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def main(argv=None) -> int:
    from components.data.loader import load_dataset
    from components.importing.importers import import_file

    ap = argparse.ArgumentParser(description="Compare a GTD, ACLED or incidents CSV with the curated incidents.")
    ap.add_argument("file", type=Path)
    ap.add_argument("--format", choices=["gtd", "acled", "native"], help="skip detection")
    ap.add_argument("--country", help="the overlap's country (default: the curated data's)")
    ap.add_argument("--from", dest="start", type=_date_arg, help="first day of the overlap, YYYY-MM-DD")
    ap.add_argument("--to", dest="end", type=_date_arg, help="last day of the overlap, YYYY-MM-DD")
    args = ap.parse_args(argv)
    result = import_file(args.file, args.file.name, args.format)
    if result.problems and not len(result.incidents):
        for p in result.problems[:20]:
            print(f"problem: {p}", file=sys.stderr)
        print(f"{args.file.name} was refused: {counted(len(result.problems), 'problem')}", file=sys.stderr)
        return 1
    curated = load_dataset()
    country, period = default_overlap(curated.incidents, curated.table.period)
    period = (args.start or period[0], args.end or period[1])
    c = compare(curated.incidents, result.incidents, args.country or country, period, source_name(result.format))
    print(json.dumps(summary(c), ensure_ascii=False))
    return 0


def source_name(fmt: str) -> str:
    return SOURCE_NAMES.get(fmt, "the import")

