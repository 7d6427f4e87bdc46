"""reproduce.py: a short script, pandas and plotly only, that rebuilds one view from its data package.

The view's filters are written out as plain pandas with their values as literals, one line per
filter of the view (WRITERS: one entry per dimension of components/state/filters.py, a test fails
when a dimension has none); the functions they call are recipe.py's source, copied in. The script
and the notebook are the same pieces (`pieces`), joined or one cell each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components.core.formatting import format_date, join_words
from components.data.loader import Dataset
from components.overview.aggregate import time_unit
from components.state.filters import DIMENSIONS, REGION_UNKNOWN, Filters

RECIPE = Path(__file__).with_name("recipe.py")
CHARTS = {"types": "chart_types.html", "groups": "chart_casualties.html", "dates": "chart_escalation.html"}
VIEW_CSV = "view_incidents.csv"


@dataclass(frozen=True)
class View:
    """One view of the app, as the page shows it: its data, filters and search, and where it came from."""

    data: Dataset
    filters: Filters
    query: str = ""  # the Incidents page's search ("" on the Overview)
    link: str | None = None  # the view's permalink
    taken: dt.date | None = None  # the access date

    @property
    def title(self) -> str:
        """The page's words for the view: Filters.describe, and the search as the Incidents page says it."""
        text = self.filters.describe(self.data.table)
        return text + (f" matching “{self.query.strip()}”" if self.query.strip() else "")

    @property
    def words(self) -> list[str]:
        """The search words, as components/incidents/search.py splits them."""
        return self.query.lower().split()


def one_line(text: object) -> str:
    """Text safe inside a comment: every line break (any Unicode one) and control character a space,
    any lone surrogate (not UTF-8) a replacement character."""
    text = str(text).encode("utf-8", "replace").decode("utf-8")
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", " ", " ".join(text.splitlines())).strip()


def _doc(text: object) -> str:
    """Text safe inside the script's docstring: one line, no backslash or quote to end it early."""
    return one_line(text).replace("\\", "/").replace('"', "'")


def _in(column: str, values) -> str:
    return f'incidents["{column}"].isin({list(values)!r})'


def _types(f: Filters, labels) -> list[str]:
    names = join_words([labels.get(t, t) for t in f.types], "or")
    return [
        f"# Incident type: {one_line(names)} (the table holds their codes)",
        f'masks["types"] = {_in("incident_type", f.types)}',
    ]


def _dates(f: Filters, labels) -> list[str]:
    start, end = (d.isoformat() for d in f.dates)
    return [
        f"# Dates: {format_date(f.dates[0])} to {format_date(f.dates[1])}, both days included",
        f'masks["dates"] = incidents["date"].between(pd.Timestamp({start!r}), pd.Timestamp({end!r}))',
    ]


def _regions(f: Filters, labels) -> list[str]:
    named = [r for r in f.regions if r != REGION_UNKNOWN]
    code = _in("region", named) + (' | incidents["region"].isna()' if REGION_UNKNOWN in f.regions else "")
    unknown = " (an empty region cell is “region unknown”)" if REGION_UNKNOWN in f.regions else ""
    return [f"# Region: {one_line(join_words(list(f.regions), 'or'))}{unknown}", f'masks["regions"] = {code}']


def _initiators(f: Filters, labels) -> list[str]:
    return [
        f"# Initiated by {one_line(join_words(list(f.initiators), 'or'))}",
        f'masks["initiators"] = {_in("initiator", f.initiators)}',
    ]


def _groups(f: Filters, labels) -> list[str]:
    return [
        f"# Casualty group: {one_line(join_words(list(f.groups), 'or'))} among the killed or injured",
        f'masks["groups"] = in_casualty_groups(incidents, {list(f.groups)!r})',
    ]


# How each dimension of Filters is written as pandas: Filters.apply's match, for the script.
WRITERS: dict[str, Callable[[Filters, dict], list[str]]] = {
    "types": _types,
    "dates": _dates,
    "regions": _regions,
    "initiators": _initiators,
    "groups": _groups,
}


def recipe_sections() -> dict[str, str]:
    """recipe.py's code by section title (its docstring left out)."""
    text = RECIPE.read_text(encoding="utf-8")
    body = text[text.index('"""', 3) + 3 :]
    parts = re.split(r"^# ## (.+)\n", body, flags=re.M)[1:]
    return {title: code.strip() + "\n" for title, code in zip(parts[::2], parts[1::2], strict=True)}


def filters_code(view: View) -> str:
    labels = view.data.table.field("incident_type").labels
    lines = ["# The view's filters: for each, True for the incidents it keeps.", "masks = {}"]
    for name in view.filters.active():
        lines += WRITERS[name](view.filters, labels)
    if view.words:
        lines += [
            f"# Search: {one_line(view.query.strip())!r}, every word in one of the SEARCHED columns, ignoring case",
            f'masks["search"] = has_every_word(incidents, {view.words!r})',
        ]
    return "\n".join([*lines, "view = kept(incidents, masks)"]) + "\n"


def data_code(view: View, here: str) -> str:
    measures = (
        "measures = None  # an import has no policy measures"
        if view.data.imported
        else 'measures = read_measures(HERE / "data" / "policy_measures.csv")'
    )
    return f'{here}\nincidents = read_incidents(HERE / "data" / "incidents.csv")\n{measures}\n'


def figures_code(view: View) -> str:
    words = {n: d.words for n, d in DIMENSIONS.items()}
    return (
        f"FILTER_WORDS = {words!r}  # how the page names each filter\n"
        f"print({view.title!r})\n"
        'print(f"{len(view):,} of {len(incidents):,} incidents.")\n'
        'print(empty_view(incidents, masks, FILTER_WORDS) if view.empty else "\\n".join(headline(view)))\n'
    )


def charts_code(view: View) -> str:
    table, f = view.data.table, view.filters
    labels = {str(k): v for k, v in table.field("incident_type").labels.items()}
    start, end = (d.isoformat() for d in table.period)
    unit = time_unit(pd.Timestamp(start), pd.Timestamp(end))  # the page's bin: month, quarter or year
    span = [d.isoformat() for d in f.dates] if f.dates else None
    return (
        f"TYPE_LABELS = {labels!r}\n"
        "# Each chart leaves out its own filter, as on the page (its bars stay clickable there).\n"
        "charts = {\n"
        f'    {CHARTS["types"]!r}: types_chart(kept(incidents, masks, but="types"), TYPE_LABELS, {list(f.types)!r}),\n'
        f'    {CHARTS["groups"]!r}: casualties_chart(kept(incidents, masks, but="groups")),\n'
        f"    {CHARTS['dates']!r}: escalation_chart(\n"
        f'        kept(incidents, masks, but="dates"), {start!r}, {end!r}, {unit!r}, {span!r}, measures\n'
        "    ),\n"
        "}\n"
        "for name, figure in charts.items():\n"
        "    figure.write_html(HERE / name, include_plotlyjs=True)  # plotly.js inside: opens offline\n"
        f"view.to_csv(HERE / {VIEW_CSV!r}, index=False)  # the view's incidents\n"
        f'print("Wrote {", ".join(CHARTS.values())} and {VIEW_CSV}.")\n'
    )


def header(view: View, source: str, run: str = "from this folder: python reproduce.py") -> str:
    """The script's docstring: what the view is, where it came from, how to run it."""
    return (
        f'"""Reproduce one view of the dashboard: {_doc(view.title)}.\n\n'
        f"Link: {_doc(view.link or 'not known (made outside a browser)')}\n"
        f"Data: {_doc(source)}, in data/\n"
        f"Taken: {(view.taken or dt.date.today()).isoformat()}\n\n"
        f"Run it {run} (needs pandas and plotly, nothing else). It prints\n"
        "the view's figures in the page's words, writes the view's incidents to "
        f"{VIEW_CSV} and its three\ncharts as HTML files that open offline.\n"
        '"""\n'
    )


SCRIPT_HERE = (
    "HERE = Path(__file__).resolve().parent  # the unzipped folder\n"
    'sys.stdout.reconfigure(encoding="utf-8")  # the figures use ≥ and “ ”'
)
NOTEBOOK_HERE = "from pathlib import Path\n\nHERE = Path.cwd()  # the notebook's folder"


def pieces(view: View, here: str = SCRIPT_HERE) -> list[tuple[str, str]]:
    """(title, code) of each step, in order: the functions, then the view's data, filters, figures
    and charts. The script joins them; the notebook gives each a cell under its title."""
    functions = list(recipe_sections().items())
    return [
        *functions,
        ("The data", data_code(view, here)),
        ("The view's filters", filters_code(view)),
        ("The figures, in the page's words", figures_code(view)),
        ("The charts and the view's incidents", charts_code(view)),
    ]


def script(view: View, source: str) -> str:
    """reproduce.py's text."""
    body = "\n\n".join(f"# ## {title}\n{code}" for title, code in pieces(view))
    return header(view, source) + "import sys\nfrom pathlib import Path\n\n" + body
