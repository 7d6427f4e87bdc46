"""The "Reproduce this view" zip: the data package the view came from, reproduce.py, reproduce.ipynb
and a README.txt saying what the view is and how to run it.

The curated view carries the curated package byte for byte (components/data/downloads.py); an
imported one its incidents in this project's own incidents format (the native import format:
`python -m components.importing data/incidents.csv` reads it back) with the import report.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from components.data import export
from components.data.downloads import package_files
from components.data.schema import read_package
from components.incidents.search import search
from components.publish import notebook
from components.publish.script import CHARTS, VIEW_CSV, View, one_line, script

FOLDER = "reproduce-view"


def source(view: View) -> str:
    """The data in words: the curated package with its version, or the imported file."""
    data = view.data
    if not data.imported:
        package = read_package(data.directory)
        name, version = package.get("name"), package.get("version")
        return f"{package.get('title', data.title)}, data package {name} version {version}"
    # The stamp ends with the file's SHA-256 (and the date reading, when the user chose it).
    digest = str(data.stamp[-1])[:16] if data.stamp else "unknown"
    return (
        f"imported file {data.title} (SHA-256 {digest}…), {len(data.incidents):,} incidents, "
        "in this project's incidents format"
    )


def readme(view: View) -> str:
    taken = view.taken.isoformat() if view.taken else "not known"
    return "\n".join(
        [
            f"This view: {one_line(view.title)}",
            f"Its link: {one_line(view.link or 'not known (made outside a browser)')}",
            f"The data: {one_line(source(view))}",
            f"Taken on: {taken}",
            "",
            "To reproduce it, from this folder (needs Python 3 with pandas and plotly):",
            "",
            "    python reproduce.py",
            "",
            "It prints the view's figures in the page's words, writes the view's incidents to",
            f"{VIEW_CSV} and its three charts to {', '.join(CHARTS.values())}",
            "(plotly.js inside each: they open offline). reproduce.ipynb is the same code as a Jupyter",
            "notebook. Empty cells in the data are unknown, never 0.",
            "",
            "data/ holds "
            + (
                "the imported incidents (incidents.csv) and the import report."
                if view.data.imported
                else "the curated data package (datapackage.json describes it)."
            ),
            "",
        ]
    )


def _import_files(view: View) -> dict[str, bytes]:
    """An import's incidents as written (not made spreadsheet-safe: the script must read what the
    app filtered), and its report: warnings, rows left out, and the counts and date reading."""
    data, report = view.data, view.data.report
    files = {"incidents.csv": export.to_csv(data.incidents, safe=False)}
    if report is not None:
        files["import_warnings.csv"] = export.to_csv(report.warnings)
        files["import_left_out.csv"] = export.to_csv(report.left_out)
        lines = [f"{data.title}: {report.counts(len(data.incidents))} (of {report.source_rows:,} rows in the file)."]
        lines += [f"Dates: {report.dates.describe()}."] if report.dates.order else []
        files["import_report.txt"] = ("\n".join(lines) + "\n").encode("utf-8")
    return files


def bundle(view: View) -> bytes:
    """The zip, inside one folder so it unpacks tidily."""
    text = script(view, source(view))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{FOLDER}/README.txt", readme(view))
        z.writestr(f"{FOLDER}/reproduce.py", text)
        z.writestr(f"{FOLDER}/reproduce.ipynb", notebook.notebook(view, source(view)))
        if view.data.imported:
            for name, content in _import_files(view).items():
                z.writestr(f"{FOLDER}/data/{name}", content)
        else:
            for path in package_files(view.data.directory):
                z.write(path, f"{FOLDER}/data/{path.name}")
    return buf.getvalue()


def view_frame(view: View) -> pd.DataFrame:
    """The view's incidents as the app filters them: the filters, then the search."""
    return search(view.filters.apply(view.data.incidents), view.query)
