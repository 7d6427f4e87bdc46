"""reproduce.ipynb: the script's pieces (script.pieces), one cell each under its title, built with nbformat."""

from __future__ import annotations

import nbformat
from nbformat import v4

from components.publish.script import NOTEBOOK_HERE, View, header, pieces


def notebook(view: View, source: str) -> str:
    """The notebook's JSON: the script's docstring as its first cell, then the same code."""
    intro = header(view, source, "in the unzipped folder: Run All").strip().strip('"').strip()
    cells = [v4.new_markdown_cell(intro.replace("\n", "  \n"))]
    for title, code in pieces(view, NOTEBOOK_HERE):
        cells += [v4.new_markdown_cell(f"## {title}"), v4.new_code_cell(code.rstrip("\n"))]
    nb = v4.new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    nbformat.validate(nb)
    return nbformat.writes(nb)
