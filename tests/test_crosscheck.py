"""One view, four outputs, the same numbers: the Overview's figures, the Incidents page's CSV download,
the view's reproduce.py and the Briefing's PowerPoint agree on the incidents and on killed, injured
and arrested (the sum of known counts and the incidents whose count is unknown) for each view."""

import io
import re

import pandas as pd
import pytest
from pptx import Presentation

from components.briefing import content, pptx_deck
from components.data import export
from components.data.loader import load_dataset
from components.data.schema import DATASETS_DIR
from components.importing import importers
from components.incidents.listing import incident_list
from tests.publish_helpers import ROOT, page, run_scripts, unpacked, view

COUNTS = ("killed_total", "injured_total", "arrested")
NOUNS = {"killed_total": "deaths", "injured_total": "injuries", "arrested": "arrests"}
LABELS = {"killed_total": "Killed", "injured_total": "Injured", "arrested": "Arrested"}
VIEWS = [
    ("curated", {}),
    ("curated", {"types": ["Bombings", "Armed assaults"]}),
    ("curated", {"dates": ["2011-07-01", "2012-07-31"], "region": ["Atyrau Region", "Almaty"]}),
    ("curated", {"sel_group": "Security forces"}),
    ("gtd", {"types": ["Armed Assault", "Bombing/Explosion"]}),
]


@pytest.fixture(scope="module")
def datasets():
    result = importers.import_file(ROOT / "tests" / "data" / "gtd_sample.csv", "gtd_sample.csv")
    return {"curated": load_dataset(DATASETS_DIR), "gtd": importers.as_dataset(result, "gtd_sample.csv", "sample")}


def _number(value: str) -> int:
    """A figure's known sum: '72', '≥ 72', or 'unknown' (nothing known: 0)."""
    return 0 if value == "unknown" else int(value.removeprefix("≥ ").replace(",", ""))


def from_page(at) -> dict:
    metrics = {m.label: m for m in at.metric}
    out = {"incidents": int(metrics["Incidents"].value.replace(",", ""))}
    for key, label in LABELS.items():
        m = metrics[label]
        unknown = re.search(r"unknown for ([\d,]+) of", m.help or "")
        out[key] = (_number(m.value), int(unknown[1].replace(",", "")) if unknown else 0)
    return out


def from_script(lines: list[str]) -> dict:
    figures = dict(line.split(": ", 1) for line in lines if line.split(":")[0] in {"Incidents", *LABELS.values()})
    note = next((line for line in lines if "Sums of known counts only" in line), "")
    out = {"incidents": int(figures["Incidents"].split(" (")[0].replace(",", ""))}
    for key, label in LABELS.items():
        unknown = re.search(rf"{NOUNS[key]} unknown for ([\d,]+) of", note)
        out[key] = (_number(figures[label].split(" (")[0]), int(unknown[1].replace(",", "")) if unknown else 0)
    return out


def from_csv(data: bytes) -> dict:
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[""])
    out = {"incidents": len(df)}
    for key in COUNTS:
        numbers = pd.to_numeric(df[key])
        out[key] = (int(numbers.sum()), int(numbers.isna().sum()))
    return out


def from_pptx(data: bytes) -> dict:
    title = Presentation(io.BytesIO(data)).slides[0]
    notes = title.notes_slide.notes_text_frame.text
    found = re.search(
        r"Killed (\d+) \(unknown for (\d+) incidents\), injured (\d+) \(unknown for (\d+)\), "
        r"arrested (\d+) \(unknown for (\d+)\)",
        notes,
    )
    boxes = [s.text_frame.text for s in title.shapes if s.has_text_frame]
    incidents = next(b.split("\n")[0] for b in boxes if b.endswith("\nIncidents"))
    numbers = [int(n) for n in found.groups()]
    pairs = zip(numbers[::2], numbers[1::2], strict=True)
    return {"incidents": int(incidents.replace(",", "")), **dict(zip(COUNTS, pairs, strict=True))}


def test_page_csv_script_and_powerpoint_agree_on_every_number(datasets, tmp_path):
    views = [(datasets[which], params) for which, params in VIEWS]
    printed = run_scripts([unpacked(view(data, params), tmp_path / str(i)) for i, (data, params) in enumerate(views)])
    for (data, params), lines in zip(views, printed, strict=True):
        v = view(data, params)
        shown = incident_list(data.incidents, v.filters, data.table, "", None, 10).shown
        (_, csv_bytes, *_), _ = export.downloads(shown, v.title)
        numbers = {
            "page": from_page(page(data, params)),
            "CSV": from_csv(csv_bytes()),
            "reproduce.py": from_script(lines),
            "PowerPoint": from_pptx(pptx_deck.to_pptx(content.build(data, v.filters))),
        }
        assert len(set(map(str, numbers.values()))) == 1, (params, numbers)
        assert numbers["page"]["incidents"] > 0
