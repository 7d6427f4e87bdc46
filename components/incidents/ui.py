"""Streamlit rendering of one incident's detail. Data text goes through as_markdown_text, so
nothing from the data is ever interpreted as markdown or HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.app.ui import TEXT_CHARS, long_text
from components.core.formatting import as_markdown_text, cut, format_date, label_text
from components.core.memo import Memo, per_dataset
from components.data.loader import Dataset
from components.data.schema import Table
from components.incidents import detail
from components.state.session_ui import open_incident


def _facts(facts: list[tuple[str, object]], lead: str = "") -> None:
    """`**name:** value` for each fact, in as few markdown elements as it takes: one for each run of
    facts that fit TEXT_CHARS, each longer one on its own with its "Show all" toggle (app.ui.long_text).
    An element is what the browser's React redraws on a click: the dozen facts each in its own were
    a dozen Streamlit markdown elements re-rendered whenever another incident is opened. `lead`:
    markdown put before the first fact, in its element (the casualty table)."""
    run: list[str] = [lead] if lead else []
    for name, value in facts:
        if value is None or pd.isna(value):
            run.append(f"**{name}:** unknown")
            continue
        shown, was_cut = cut(str(value), TEXT_CHARS)
        if not was_cut:
            run.append(f"**{name}:** {as_markdown_text(shown)}")
            continue
        _paragraphs(run)
        long_text(str(value), key=f"all_{name}", prefix=f"**{name}:** ")
    _paragraphs(run)


def _paragraphs(run: list[str]) -> None:
    """One markdown element of the paragraphs in `run` (each a separate paragraph, spaced as separate
    elements are), then `run` emptied."""
    if run:
        st.markdown("\n\n".join(run))
        run.clear()


# Kept per dataset and incident for every session: the detail is drawn on every rerun of the page
# (a filter, a search, a map step), and finding the row and counting its groups cost a fifth of
# the page's CPU per rerun (load_ws), more on a big import (the whole frame indexed by id each time).
OPENED = Memo(256)


def _opened(data: Dataset, incident_id: str) -> tuple[pd.Series, pd.DataFrame, list[tuple[str, str]]] | None:
    """The incident's row, its casualties by group and its related incidents; None if no such id."""
    return OPENED.get((*data.key, incident_id), lambda: _find(data, incident_id))


def _find(data: Dataset, incident_id: str):
    at = per_dataset(data, "incident positions", lambda: detail.positions(data.incidents))
    if (n := at.get(incident_id)) is None:
        return None
    counts = per_dataset(data, "incident counts", lambda: detail.counts(data.incidents))
    row = data.incidents.iloc[n]
    return row, detail.casualties(counts.iloc[n]), detail.related(row, data.incidents, at)


def render_detail(data: Dataset, shown: pd.DataFrame, table: Table, incident_id: str | None) -> None:
    if not incident_id:
        st.info("Select a row in the table or a point on the map to read that incident.", icon=":material/info:")
        return
    opened = _opened(data, incident_id)
    if opened is None:
        st.warning(
            f"There is no incident with the id “{as_markdown_text(incident_id)}” in this dataset. "
            "Pick one from the table.",
            icon=":material/search_off:",
        )
        return
    row, casualties, related = opened
    labels = table.field("incident_type").labels
    st.subheader(
        as_markdown_text(f"{format_date(row['date'], row['date_precision'])} · {row['location']}, {row['region']}"),
        anchor=False,
    )
    if not shown["incident_id"].eq(incident_id).any():
        st.caption("This incident is outside the current filters or search.")
    long_text("" if pd.isna(row["summary"]) else str(row["summary"]), key="all_summary")
    facts = [
        ("Type", labels.get(row["incident_type"], row["incident_type"])),
        ("Initiator", row["initiator"]),
        ("Perpetrators", row["perpetrators"]),
        ("Target", row["target"]),
        ("Attack type (GTD)", row["attack_type"]),
        ("Weapon (GTD)", row["weapon_type"]),
        ("Arrested", row["arrested"]),
        ("Source", row["source_ref"]),
        ("Id", row["incident_id"]),
    ]
    facts += [(f"Flag “{as_markdown_text(flag)}”", meaning) for flag, meaning in detail.flags(row, table)]
    if pd.notna(row["quality_note"]):
        facts.append(("Note", row["quality_note"]))
    _facts(facts, lead=detail.casualty_markdown(casualties))
    for related_id, text in related:
        st.button(
            label_text(f"Related: {text}"),
            key=f"related_{related_id}",
            on_click=open_incident,
            args=(related_id,),
            icon=":material/link:",
        )
