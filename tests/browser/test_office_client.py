"""The PowerPoint briefing opened in a real client, not read back by the library that wrote it:
LibreOffice Impress converts the curated deck and an imported file's deck to PDF (headless), and the
PDF's text boxes (pdftotext -bbox-layout) and pixels (pdftoppm) are checked: one page per slide,
nothing off the page, no two lines of text on each other, no bare "0" where counts are unknown, the
policy lanes named and their markers in colour. The exported HTML deck printed by Chromium passes
the same text checks. Under tests/browser (the `browser` marker): they start processes.

Set KZ_OFFICE_SHOTS=/some/dir to keep the PDFs and page images of a run (outside the repository).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from components.briefing import content, html_deck, pptx_deck, pptx_shapes
from components.core.formatting import count_labels
from components.data.loader import load_dataset
from components.data.schema import DATASETS_DIR
from components.importing import importers
from components.state.filters import Filters
from tests.browser.helpers import in_ci

CONVERT_TIMEOUT = 180
HINT = (
    "run tests/install-browser.sh (Debian: apt-get install --no-install-recommends libreoffice-impress poppler-utils)"
)


def _require(*tools: str) -> None:
    """Skip locally; in CI fail, so the suite can never pass without the client."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        reason = f"{', '.join(missing)} not on PATH"
        if in_ci():
            pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip): {HINT}", pytrace=False)
        pytest.skip(f"{reason}: {HINT}")


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def pdf_pages(pdf: Path) -> list[Page]:
    """Each page's lines of text with their boxes, as pdftotext lays them out."""
    out = pdf.with_suffix(".bbox.html")
    subprocess.run(["pdftotext", "-bbox-layout", str(pdf), str(out)], check=True, timeout=60)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in ET.parse(out).getroot().iter(f"{{{ns['h']}}}page"):
        lines = []
        for line in page.iter(f"{{{ns['h']}}}line"):
            words = " ".join(w.text or "" for w in line.iter(f"{{{ns['h']}}}word"))
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(words, *box))
        pages.append(Page(float(page.get("width")), float(page.get("height")), lines))
    return pages


def _ink(line: Line) -> tuple[float, float]:
    """A line's box from pdftotext spans the font's ascent and descent (about 1.2 em); the letters
    themselves (capitals, digits, most descenders) stand in the middle of it: trimmed by a fifth at
    the top and a sixth at the bottom, two boxes meet only where letters would."""
    h = line.y1 - line.y0
    return line.y0 + h / 5, line.y1 - h / 6


def _overlap(a: Line, b: Line) -> float:
    """Area the two lines' letters share, as a share of the smaller."""
    (ay0, ay1), (by0, by1) = _ink(a), _ink(b)
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(ay1, by1) - max(ay0, by0)
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a.x1 - a.x0) * (ay1 - ay0), (b.x1 - b.x0) * (by1 - by0)) or 1
    return w * h / smaller


def assert_readable(pages: list[Page], slides: list[content.Slide]) -> None:
    """One page per slide, every line on its page, no two lines over each other, every headline there."""
    assert len(pages) == len(slides), f"{len(pages)} pages for {len(slides)} slides"
    for number, (page, slide) in enumerate(zip(pages, slides, strict=True), 1):
        for line in page.lines:
            assert line.x0 >= 0 and line.y0 >= 0, (number, line)
            assert line.x1 <= page.width + 0.5 and line.y1 <= page.height + 0.5, (number, line)
        for i, a in enumerate(page.lines):
            for b in page.lines[i + 1 :]:
                assert _overlap(a, b) < 0.15, f"slide {number}: {a.text!r} over {b.text!r}"
        words = " ".join(page.texts).split()
        assert slide.headline.split()[:3] == words[: len(slide.headline.split()[:3])] or all(
            w in words for w in slide.headline.split()[:3]
        ), (number, page.texts[:3])


def assert_counts_honest(page: Page, slide: content.Slide) -> None:
    """The casualty labels say what the app says: each of count_labels on the page, and a bare "0"
    only as the value axis's origin (one), never for a bar whose count is partly unknown."""
    cas = slide.table
    text = " ".join(page.texts)
    expected = [
        label
        for m in ("killed", "injured")
        for label in count_labels(cas[m], cas[f"{m}_unknown"], cas["in_view"])
        if label != "0"
    ]
    assert all(label in text for label in expected), (expected, page.texts)
    words = [w for line in page.lines for w in [*line.text.split(), ""]]  # "" ends each line
    zeros = sum(1 for w, after in itertools.pairwise(words) if w == "0" and after != "+")
    zero_labels = sum(
        1
        for m in ("killed", "injured")
        for label in count_labels(cas[m], cas[f"{m}_unknown"], cas["in_view"])
        if label == "0"
    )
    assert zeros <= 1 + zero_labels, page.texts


def to_pdf(pptx: Path, outdir: Path) -> tuple[Path, float]:
    """The .pptx converted by LibreOffice in a profile of its own (no clash with another soffice)."""
    started = time.perf_counter()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(outdir / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(pptx),
        ],
        check=True,
        capture_output=True,
        timeout=CONVERT_TIMEOUT,
    )
    return pptx.with_suffix(".pdf"), time.perf_counter() - started


def _keep(path: Path) -> None:
    shots = os.environ.get("KZ_OFFICE_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(shots) / path.name)


def _decks():
    data = load_dataset(DATASETS_DIR)
    sample = DATASETS_DIR.parent / "tests" / "data" / "gtd_sample.csv"
    imported = importers.as_dataset(importers.import_file(sample, "gtd_sample.csv"), "gtd_sample.csv", "sample")
    return {
        "curated": content.build(data, Filters(), today=dt.date(2013, 3, 1)),
        "imported": content.build(imported, Filters(), today=dt.date(2013, 3, 1)),
    }


DECKS = _decks()


@pytest.mark.parametrize("name", list(DECKS))
def test_powerpoint_reads_in_libreoffice_impress(name, tmp_path):
    _require("soffice", "pdftotext", "pdftoppm")
    slides = DECKS[name]
    # CPU time, not wall time: the machine is shared, and waiting for a core is not the export's cost.
    started = time.process_time()
    raw = pptx_deck.to_pptx(slides)
    built = time.process_time() - started
    assert built < 2, f"the .pptx took {built:.2f} s of CPU to build"
    pptx = tmp_path / f"{name}.pptx"
    pptx.write_bytes(raw)
    pdf, seconds = to_pdf(pptx, tmp_path)
    print(f"{name}: built in {built:.2f} s CPU, converted by LibreOffice in {seconds:.1f} s")
    _keep(pdf)
    pages = pdf_pages(pdf)
    assert_readable(pages, slides)
    keys = [s.key for s in slides]
    assert_counts_honest(pages[keys.index("casualties")], slides[keys.index("casualties")])
    if "policy" in keys:
        page = pages[keys.index("policy")]
        lanes = set(slides[keys.index("policy")].table["measure_type"].astype(str).str.replace("_", " "))
        assert lanes <= set(page.texts), (lanes, page.texts)
        _assert_markers_in_colour(pdf, keys.index("policy") + 1, tmp_path)


def _assert_markers_in_colour(pdf: Path, number: int, tmp_path: Path) -> None:
    """The policy page rendered: every status's colour covers a visible share of the slide (a marker
    0.34 in wide is about 0.1% of it; the light-blue dots this replaced were 0.1% all together)."""
    prefix = tmp_path / "policy"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", str(number), "-l", str(number), str(pdf), str(prefix)],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("policy*.png")
    _keep(png)
    image = Image.open(png).convert("RGB")
    counts = image.getcolors(maxcolors=image.width * image.height)
    total, shares = image.width * image.height, {}
    for status, (_, hex_color, _) in pptx_shapes.STATUS_STYLE.items():
        target = tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
        near = sum(n for n, p in counts if sum(abs(a - b) for a, b in zip(p, target, strict=True)) < 40)
        shares[status] = near / total
    assert min(shares.values()) > 0.0008 and sum(shares.values()) > 0.008, shares


@pytest.mark.parametrize("name", list(DECKS))
def test_html_deck_prints_one_readable_slide_per_page(name, browser, tmp_path):
    """The exported HTML file printed by Chromium: the same text checks, page by page."""
    _require("pdftotext")
    slides = DECKS[name]
    path = tmp_path / f"{name}.html"
    path.write_bytes(html_deck.to_html(slides, "Briefing"))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        deck = context.new_page()
        deck.goto(path.as_uri())
        deck.wait_for_function("document.querySelectorAll('.slide .chart g.trace').length > 0", timeout=30_000)
        deck.emulate_media(media="print")
        pdf = tmp_path / f"{name}-html.pdf"
        pdf.write_bytes(deck.pdf(prefer_css_page_size=True, print_background=True))
    finally:
        context.close()
    _keep(pdf)
    pages = pdf_pages(pdf)
    assert_readable(pages, slides)
    keys = [s.key for s in slides]
    assert_counts_honest(pages[keys.index("casualties")], slides[keys.index("casualties")])
