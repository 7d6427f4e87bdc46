"""The functions every reproduce.py and reproduce.ipynb carries, as their source text.

This module is copied into the generated script (script.py reads its text): it imports pandas and
plotly only, never this project, and says what it does in a reader's words. Each function mirrors
the app's own: a filter of components/state/filters.py and components/incidents/search.py, the
headline words of components/overview/narrative.py; tests/test_publish.py runs the generated
script and fails when the two disagree. Sections start at a line `# ## title`: the notebook puts
each in a cell of its own.
"""

# ## Reading the data
import pandas as pd
import plotly.graph_objects as go

COUNTS = ["killed_total", "injured_total", "arrested"]
PARTS = [
    "killed_perpetrators",
    "killed_security",
    "killed_civilians",
    "injured_perpetrators",
    "injured_security",
    "injured_civilians",
]


def read_incidents(path):
    """The incidents table: every cell as text, an empty cell as unknown (never 0), counts as numbers."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    for column in COUNTS + PARTS:
        df[column] = pd.to_numeric(df[column])
    return df


def read_measures(path):
    """The policy measures (the escalation chart marks them), dates as dates."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    return df


# ## Filters
# The casualty groups: an incident is in a group when one of these counts is above 0.
GROUPS = {
    "Militants": ("killed_perpetrators", "injured_perpetrators"),
    "Security forces": ("killed_security", "injured_security"),
    "Civilians": ("killed_civilians", "injured_civilians"),
    "Not attributed": ("killed_unattributed", "injured_unattributed"),
}
SEARCHED = ["summary", "location", "location_alias", "region", "perpetrators", "target", "incident_id"]


def with_unattributed(df):
    """Adds killed/injured_unattributed: the part of a known total that no known group accounts for."""
    out = df.copy()
    for kind in ("killed", "injured"):
        known = df[[f"{kind}_perpetrators", f"{kind}_security", f"{kind}_civilians"]].sum(axis=1)
        out[f"{kind}_unattributed"] = df[f"{kind}_total"] - known
    return out


def in_casualty_groups(df, groups):
    """True for incidents with people killed or injured in one of `groups`."""
    parts = with_unattributed(df)
    hit = pd.Series(False, index=df.index)
    for group in groups:
        for column in GROUPS[group]:
            hit |= parts[column].fillna(0).gt(0)
    return hit


def has_every_word(df, words):
    """True for incidents holding every word (lower case) in one of the SEARCHED columns, ignoring case.
    Column by column, vectorised: joining each row's cells in Python took 10 s on 200k rows."""
    columns = [df[c].astype("string").fillna("").str.lower() for c in SEARCHED]
    keep = pd.Series(True, index=df.index)
    for word in words:
        found = pd.Series(False, index=df.index)
        for column in columns:
            found |= column.str.contains(word, regex=False)
        keep &= found
    return keep


def kept(df, masks, but=None):
    """The incidents every filter keeps, except the filter named `but` (a chart ignores its own filter)."""
    keep = pd.Series(True, index=df.index)
    for name, mask in masks.items():
        if name != but:
            keep &= mask
    return df[keep]


# ## Headline figures
FIGURES = {"incidents": "Incidents", "killed_total": "Killed", "injured_total": "Injured", "arrested": "Arrested"}


def counted(n, one, many=None):
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def tally(df):
    """Per figure: (sum of the known counts, incidents whose count is unknown)."""
    out = {"incidents": (len(df), 0)}
    for column in COUNTS:
        out[column] = (int(df[column].sum()), int(df[column].isna().sum()))
    return out


def count_label(known, unknown, incidents):
    """'5'; '5 + 2 unknown' when some counts are unknown; 'unknown' when none is known."""
    if unknown and unknown >= incidents:
        return "unknown"
    return f"{known:,} + {unknown:,} unknown" if unknown else f"{known:,}"


def two_latest_years(df):
    """The two latest years with incidents, each with its tally (None for a view of one year)."""
    years = {int(y): tally(part) for y, part in df.groupby(df["date"].dt.year)}
    return [(y, years[y]) for y in sorted(years)[-2:]] if len(years) > 1 else None


def figure_line(df, key, label):
    """'Killed: ≥ 72 (+16, 2012 vs 2011)', the words of the page's figure."""
    known, unknown = tally(df)[key]
    exact = count_label(known, unknown, len(df))
    text = f"{label}: " + (exact if unknown in (0, len(df)) else f"≥ {known:,}")
    years = two_latest_years(df)
    if years and all(t["incidents"][0] > t[key][1] for _, t in years):
        (y0, a), (y1, b) = years
        text += f" ({b[key][0] - a[key][0]:+,}, {y1} vs {y0})"
    return text


def change_sentence(df, key, noun):
    """'Deaths rose from 28 in 2011 to 44 in 2012.' (None for a view of one year)."""
    years = two_latest_years(df)
    if years is None:
        return None
    (y0, a), (y1, b) = years
    a, b = a[key][0], b[key][0]
    if a == b:
        return f"{noun} stayed at {a:,} in both {y0} and {y1}."
    return f"{noun} {'rose' if b > a else 'fell'} from {a:,} in {y0} to {b:,} in {y1}."


def unknown_note(df):
    """'Sums of known counts only: deaths unknown for 1 of 16 incidents.' (None when all are known)."""
    nouns = {"killed_total": "deaths", "injured_total": "injuries", "arrested": "arrests"}
    gaps = [f"{noun} unknown for {n:,} of {len(df):,}" for key, noun in nouns.items() if (n := tally(df)[key][1])]
    return f"Sums of known counts only: {', '.join(gaps)} incidents." if gaps else None


def join_words(words, last="and"):
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {last} " + words[-1]


def empty_view(incidents, masks, filter_words):
    """What the page says when nothing is left: which one filter to remove, and what that gives."""
    relax = [(words, len(kept(incidents, masks, but=name))) for name, words in filter_words.items() if name in masks]
    relax = sorted([r for r in relax if r[1]], key=lambda r: -r[1])
    if not relax:
        return "No incident matches these filters, and removing any one of them is not enough: use Clear all."
    options = [f"the {words} filter ({counted(n, 'incident')})" for words, n in relax]
    return "No incident matches these filters together. Remove " + join_words(options, "or") + "."


def headline(view):
    """The page's words for the view: its four figures and the caption under them."""
    lines = [figure_line(view, key, label) for key, label in FIGURES.items()]
    caption = [change_sentence(view, "killed_total", "Deaths"), change_sentence(view, "incidents", "Incidents")]
    caption = " ".join(filter(None, [*caption, unknown_note(view)]))
    return lines + ([caption] if caption else [])


# ## Charts
def types_chart(base, type_labels, selected):
    """Incidents by type (every type, in the data's order), the selected ones in a darker colour."""
    counts = base["incident_type"].value_counts().reindex(list(type_labels), fill_value=0)
    colours = ["#1f4e79" if not selected or t in selected else "#b8c7d9" for t in counts.index]
    bars = go.Bar(x=[type_labels[t] for t in counts.index], y=counts.values, marker_color=colours)
    return go.Figure(bars, layout={"title": "Incidents by type", "yaxis_title": "incidents"})


def casualties_chart(base):
    """Killed and injured by group: sums of the known counts."""
    parts = with_unattributed(base)
    killed = [int(parts[k].sum()) for k, _ in GROUPS.values()]
    injured = [int(parts[i].sum()) for _, i in GROUPS.values()]
    figure = go.Figure(layout={"title": "Killed and injured, by group (known counts)", "barmode": "group"})
    figure.add_bar(name="killed", x=list(GROUPS), y=killed)
    return figure.add_bar(name="injured", x=list(GROUPS), y=injured)


def escalation_chart(base, start, end, unit, span, measures):
    """Incidents and deaths per time bin from start to end, the cumulative death toll on the right
    axis, the date filter shaded, and the policy measures (if any) as markers."""
    freq = {"month": "M", "quarter": "Q", "year": "Y"}[unit]
    bins = pd.period_range(start, end, freq=freq)
    grouped = base.groupby(base["date"].dt.to_period(freq))
    incidents = grouped.size().reindex(bins, fill_value=0)
    killed = grouped["killed_total"].sum().reindex(bins, fill_value=0)
    x = bins.to_timestamp()
    figure = go.Figure(
        layout={"title": f"Incidents and deaths per {unit}", "yaxis2": {"overlaying": "y", "side": "right"}}
    )
    figure.add_bar(name="incidents", x=x, y=incidents.values)
    figure.add_bar(name="killed (known)", x=x, y=killed.values)
    figure.add_scatter(name="cumulative killed", x=x, y=killed.cumsum().values, yaxis="y2")
    if span:
        figure.add_vrect(x0=span[0], x1=span[1], fillcolor="#1f4e79", opacity=0.1, line_width=0)
    if measures is not None and len(measures):
        figure.add_scatter(
            name="policy measures",
            x=measures["date"],
            y=[0] * len(measures),
            mode="markers",
            text=measures["title"],
            marker_symbol="diamond",
        )
    return figure
