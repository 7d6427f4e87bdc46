"""Citing a view: one record (the dataset, its version and source, the view's link and the access
date) written as BibTeX, RIS, CSL-JSON (what reference managers import) and plain text (APA-like).

The curated record is read from datapackage.json, as datasets/CITATION.cff says it (a test keeps
the two agreeing): the title, version, licence and the analysis note the data was curated from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from components.core.formatting import format_date
from components.data.schema import read_package
from components.publish.script import View, one_line

# Who the citation names: the package names no person, so the curators as a group (CITATION.cff too).
AUTHOR = "Kazakhstan terrorism 2011-2012 dashboard curators"
KEY = "kz_terrorism_2011_2012"


@dataclass(frozen=True)
class Citation:
    title: str
    version: str
    note: str  # where the data comes from, and the view
    url: str | None
    accessed: dt.date
    license: str = ""
    author: str = AUTHOR


def citation(view: View) -> Citation:
    """The record for a view: the curated package's (from datapackage.json), or the imported file's."""
    accessed = view.taken or dt.date.today()
    shown = f"View: {one_line(view.title)}."
    if view.data.imported:
        return Citation(
            one_line(view.data.title), "imported", f"Data imported into the dashboard. {shown}", view.link, accessed
        )
    package = read_package(view.data.directory)
    sources = "; ".join(one_line(s.get("title", "")) for s in package.get("sources", []))
    licenses = ", ".join(lic.get("name", "") for lic in package.get("licenses", []))
    return Citation(
        one_line(package.get("title", view.data.title)),
        str(package.get("version", "")),
        f"Curated from: {sources}. {shown}",
        view.link,
        accessed,
        licenses,
    )


def _tex(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped."""
    specials = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
    return re.sub(r"[\\{}&%$#_~^]", lambda m: specials[m.group()], text)


def bibtex(c: Citation) -> str:
    fields = [
        ("title", "{" + _tex(c.title) + "}"),
        ("author", "{" + _tex(c.author) + "}"),
        ("version", _tex(c.version)),
        ("note", _tex(c.note + (f" Licence: {c.license}." if c.license else ""))),
        ("url", (c.url or "").replace("{", "%7B").replace("}", "%7D")),
        ("urldate", c.accessed.isoformat()),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{KEY},\n{body}\n}}\n"


def ris(c: Citation) -> str:
    tags = [
        ("TY", "DATA"),
        ("TI", c.title),
        ("AU", c.author),
        ("ET", c.version),
        ("N1", c.note),
        ("UR", c.url or ""),
        ("Y2", c.accessed.strftime("%Y/%m/%d")),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in tags if value or tag == "ER")


def csl_json(c: Citation) -> str:
    item = {
        "id": KEY,
        "type": "dataset",
        "title": c.title,
        "author": [{"literal": c.author}],
        "version": c.version,
        "note": c.note,
        "URL": c.url,
        "accessed": {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]},
    }
    return json.dumps([{k: v for k, v in item.items() if v}], ensure_ascii=False, indent=2) + "\n"


def plain(c: Citation) -> str:
    """APA-like: 'Author. (n.d.). Title (Version 1.0.0) [Data set]. Note. Retrieved 6 Dec 2026, from URL'."""
    version = f" (Version {c.version})" if c.version else ""
    where = f", from {c.url}" if c.url else ""
    return f"{c.author}. (n.d.). {c.title}{version} [Data set]. {c.note} Retrieved {format_date(c.accessed)}{where}"


# (label, file name, MIME type, writer): the formats the Cite control offers.
FORMATS = [
    ("BibTeX", "citation.bib", "application/x-bibtex", bibtex),
    ("RIS", "citation.ris", "application/x-research-info-systems", ris),
    ("CSL-JSON", "citation.json", "application/vnd.citationstyles.csl+json", csl_json),
    ("Plain text", "citation.txt", "text/plain", plain),
]
