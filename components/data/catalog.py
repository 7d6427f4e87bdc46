"""What the Data page says about the tables, derived from the schema and the data."""

from __future__ import annotations

import pandas as pd

from components.core.formatting import date_span
from components.data.downloads import README
from components.data.schema import Table, read_package, text_file


def column_guide(table: Table) -> pd.DataFrame:
    """One row per column: name, type, required, meaning, allowed values."""
    rows = []
    for f in table.fields:
        c = f.constraints
        if "minimum" in c or "maximum" in c:
            allowed = f"{c.get('minimum', '…')} to {c.get('maximum', '…')}"
        else:
            allowed = "; ".join(f.enum or list(f.meanings))
        rows.append(
            {
                "column": f.name,
                "type": f.type + (" list" if "listDelimiter" in f.extra else ""),
                "required": f.required,
                "meaning": f.description,
                "allowed values": allowed,
            }
        )
    return pd.DataFrame(rows)


def vocabulary(table: Table, column: str) -> pd.DataFrame:
    """A controlled vocabulary with each value's definition."""
    meanings = table.field(column).meanings
    return pd.DataFrame({"value": list(meanings), "meaning": list(meanings.values())})


def flagged(incidents: pd.DataFrame, table: Table) -> pd.DataFrame:
    """One row per (incident, quality flag), with the flag's definition and the incident's note."""
    meanings = table.field("quality_flags").meanings
    rows = incidents.dropna(subset=["quality_flags"])
    out = rows.assign(flag=rows["quality_flags"].str.split(";")).explode("flag")
    out["flag"] = out["flag"].str.strip()
    out["flag meaning"] = out["flag"].map(meanings)
    cols = ["incident_id", "date", "location", "flag", "flag meaning", "quality_note", "source_ref"]
    return out[cols].reset_index(drop=True)


def sources(directory) -> list[dict]:
    return read_package(directory).get("sources", [])


def table_summary(frame: pd.DataFrame) -> str:
    """'16 rows, 17 May 2011 to 12 Sep 2012', computed from the data for captions."""
    return f"{len(frame)} rows, {date_span(frame)}"


def readable(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The frame as people read it: controlled-vocabulary codes become their labels ('bombing' ->
    'Bombings'), or, where the package gives none, words ('security_forces' -> 'security forces').
    For tables on screen only; downloads keep the codes, which is what the schema validates."""
    out = {}
    for f in table.fields:
        if f.name not in frame or not (f.enum or f.meanings):
            continue
        labels = f.extra.get("enumLabels", {})
        column = frame[f.name].astype("string")
        if "listDelimiter" in f.extra:
            delimiter = f.extra["listDelimiter"]
            out[f.name] = column.map(
                lambda v, d=delimiter: ", ".join(x.strip().replace("_", " ") for x in v.split(d)), na_action="ignore"
            )
        else:
            out[f.name] = column.map(lambda v, labels=labels: labels.get(v, v.replace("_", " ")), na_action="ignore")
    return frame.assign(**out)


def type_help(table: Table) -> str:
    """One line per incident type from the vocabulary's own definitions (datapackage.json
    enumDescriptions, also tabled in datasets/README.md), as markdown for a widget's help."""
    field = table.field("incident_type")
    meanings = field.meanings
    lines = [f"**{label}**: {meanings[code]}" for code, label in field.labels.items() if meanings.get(code)]
    head = "Click a type to show only it; click more to add them."
    return "\n\n".join([head, *lines])


def methodology(directory) -> str | None:
    """The package's methodology (counting conventions, vocabularies, judgement calls) as markdown."""
    path = directory / README  # the package's methodology, next to datapackage.json
    return text_file(path) if path.is_file() else None
