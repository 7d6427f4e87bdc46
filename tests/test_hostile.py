"""Hostile and odd data: nothing from a file or a URL becomes markup, a link, an icon, a request, a
formula or a crash (issue 15). Browser checks of the same corpus: tests/browser/test_hostile.py."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.app.paths import redirect_target
from components.briefing import content, pptx_deck
from components.core.formatting import WORD_JOINER, as_markdown_text, cut, html_text, label_text
from components.data import export
from components.data.schema import package_stamp
from components.importing import cli, importers, ui
from components.importing.dates import DAY_FIRST, MONTH_FIRST
from components.state.filters import Filters
from components.state.keys import ACTIVE
from tests import hostile

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
# The corpus's strings in a form markdown or Streamlit would make live (a link, image, tag, autolink
# or icon). Escaped text has a backslash before each bracket or angle bracket and a word joiner
# inside each scheme, www., address and shortcode.
LIVE = re.compile(r"(?<!\\)\[x(?<!\\)\]|(?i:https?)\\?:|(?i:www)\\?\.|@host|:\\?material|(?<!\\)<(?:a |img)")


def live(markdown: str) -> list[str]:
    return LIVE.findall(markdown)


@pytest.mark.parametrize("text", [*hostile.HOSTILE, "a [link](x) and **bold** #1 `code` $x$ ~~s~~ |t|"])
@pytest.mark.parametrize("escape", [as_markdown_text, label_text])
def test_markdown_escapes_leave_nothing_live_and_read_the_same(text, escape):
    escaped = escape(text)
    assert not live(escaped), escaped
    shown = re.sub(r"\\(.)", r"\1", escaped.replace(WORD_JOINER, ""))
    if escape is label_text:
        assert shown == " ".join(text.split())  # one line
    else:
        assert shown.replace("  \n", "\n") == text.replace("\r\n", "\n").replace("\r", "\n")


# What Streamlit 1.67's markdown draws as a picture in text (its frontend bundle: ":material/" is
# rewritten to ":material_" in the source, then remark-emoji and its own icon and logo plugins run on
# the text with the escapes resolved). JavaScript's \w is ASCII.
STREAMLIT_PICTURES = re.compile(r"(?a):material_\w+:|:streamlit:|:\+1:|:-1:|:[\w-]+:")


@pytest.mark.parametrize(
    ("text", "joiners"),
    [
        (":material/home:", 1),
        (":smile:", 1),
        (":+1: and :-1:", 2),
        (":streamlit:", 1),
        (":material_home:", 1),
        ("a:b:c", 1),  # ":b:" would be a shortcode
        ("::smile::", 1),
        ("2011-10-31-atyrau:gtd-201110310001", 0),  # one colon: nothing to close it
        ("10:30", 0),
        (":a b:", 0),  # a space never sits inside a shortcode
        ("Sort: by date", 0),
    ],
)
def test_a_colon_gets_a_joiner_only_where_streamlit_would_draw_a_picture(text, joiners):
    escaped = as_markdown_text(text)
    source = escaped.replace(":material/", ":material_")
    assert not STREAMLIT_PICTURES.search(re.sub(r"\\(.)", r"\1", source)), escaped
    assert escaped.count(WORD_JOINER) == joiners, escaped


def test_labels_are_cut_and_html_is_entities():
    assert len(label_text("y" * 500)) == 120 and label_text("y" * 500).endswith("…")
    assert html_text('<a href="https://host">T</a>') == '&lt;a href="https://host"&gt;T&lt;/a&gt;'
    assert html_text(None) == html_text(float("nan")) == ""
    assert cut("word " * 10, 12) == ("word word…", True) and cut("short", 12) == ("short", False)
    assert cut(hostile.HUGE_WORD, 2000)[0] == "W" * 2000 + "…"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" =1+1", "' =1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\r\n @x", "'\r\n @x"),
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("\u3000=1", "'\u3000=1"),
        ("a =1", "a =1"),
    ],
)
def test_formulas_are_neutralised_after_blanks_and_in_full_width(value, expected):
    assert export.neutralise(value) == expected


def test_csv_download_of_the_hostile_corpus_keeps_every_record():
    result = importers.import_file(hostile.hostile_csv(), "hostile.csv")
    assert not result.problems
    raw = export.to_csv(result.incidents)
    back = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    assert len(back) == len(result.incidents) == len(hostile.HOSTILE) + 1
    for line in raw.decode("utf-8").split("\r\n")[1:]:
        assert not re.match(r"\s*[=+\-@＝＋－＠]", line), line  # no record starts with a formula
    summary = back["summary"].tolist()
    assert all(s == t or s == "'" + t for s, t in zip(summary, result.incidents["summary"], strict=True))


@pytest.mark.parametrize("make", [hostile.hostile_frame, hostile.bare_frame])
def test_the_powerpoint_keeps_data_as_text_in_its_charts_sheets(make):
    result = importers.import_file(hostile.to_bytes(make()), "deck.csv")
    slides = content.build(importers.as_dataset(result, "deck.csv", "deck.csv"), Filters())
    raw = pptx_deck.to_pptx(slides)
    assert hostile.pptx_live(raw) == []
    if make is hostile.bare_frame:  # the labels are in the methods chart's sheet, as text
        with zipfile.ZipFile(io.BytesIO(raw)) as deck:
            sheets = [zipfile.ZipFile(io.BytesIO(deck.read(n))) for n in deck.namelist() if n.endswith(".xlsx")]
            strings = b"".join(s.read("xl/sharedStrings.xml") for s in sheets)
        assert all(t.encode() in strings for t in ("=1+1", "https://host/x", "mailto:user@host.example"))


def _run_cli(*args) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "components.importing", *map(str, args)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_cli_on_a_malformed_file_prints_one_json_line_and_exits_1(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(hostile.LONG_LINE)
    done = _run_cli(path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line)["problems"] == 1
    assert "header is 200,000 bytes: too long" in done.stderr


@pytest.mark.parametrize(
    ("make", "code", "problem"),
    [
        (lambda: hostile.LONG_LINE, 1, "row 1: the header is 200,000 bytes: too long"),
        (hostile.edge_dates_csv, 0, "'9999-12-31' is after the allowed maximum 2255-12-31"),  # left out, listed
        (hostile.cr_only_csv, 0, None),
        (hostile.one_row_csv, 0, None),
        (hostile.one_date_csv, 0, None),
        (hostile.hostile_csv, 0, None),
    ],
)
def test_cli_table(tmp_path, capsys, make, code, problem):
    path = tmp_path / "file.csv"
    path.write_bytes(make())
    assert cli.main([str(path)]) == code
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert json.loads(line)["problems"] == (0 if code == 0 else json.loads(line)["problems"])
    if problem:
        assert problem in err
    if make is hostile.cr_only_csv:
        assert json.loads(line)["rows"] == len(hostile.curated())


def test_a_shared_import_carries_each_sessions_own_name():
    content, package = ui.Upload(hostile.one_row_csv()), package_stamp()
    first, _ = ui._named(*ui._imported(content, None, package), "mine.csv")
    second, _ = ui._named(*ui._imported(content, None, package), "theirs.csv")
    assert first.title == "mine.csv (incidents CSV)" and second.title == "theirs.csv (incidents CSV)"
    assert first.incidents is second.incidents  # one copy of the rows for both sessions
    refused = ui.Upload(b"not,a,known\nheader,x,y\n")
    _, problems = ui._named(*ui._imported(refused, None, package), "e.csv")
    assert problems and {p.table for p in problems} == {"e.csv"}


def test_the_two_date_readings_of_a_file_are_two_datasets():
    """The caches keyed on a dataset's stamp must never serve one reading's figures for the other."""
    content, package = ui.Upload((DATA / "acled_resaved_ambiguous.csv").read_bytes()), package_stamp()
    day, _ = ui._imported(content, None, package, DAY_FIRST)
    month, _ = ui._imported(content, None, package, MONTH_FIRST)
    assert not day.incidents["date"].equals(month.incidents["date"])
    assert day.stamp != month.stamp


def _imported(make, name: str):
    result = importers.import_file(make(), name)
    assert not result.problems, result.problems[:3]
    return importers.as_dataset(result, name, name)


def _markdown(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "title", "subheader", "header", "info", "warning", "error", "success")
    return [e.value for kind in kinds for e in at.get(kind)]


@pytest.mark.parametrize("make", [hostile.hostile_csv, hostile.one_row_csv, hostile.one_date_csv])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_and_shows_data_as_text(make, page):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state[ACTIVE] = _imported(make, "[x](https://host) www.host.csv")
    at.run()
    at = at.switch_page(page).run()
    assert not at.exception, page
    labels = [str(o) for g in at.get("button_group") for o in g.options] + [b.label for b in at.button]
    for text in _markdown(at) + labels:
        assert not live(text), text[:300]
    # plotly draws <a> and <img>-like markup in its text, in Streamlit's charts and the linked ones
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    specs += [json.loads(e.proto.json)["spec"] for e in at.get("bidi_component")]
    for spec in specs:
        assert "<a " not in spec and "<img" not in spec


# The URL values a page echoes back: a link someone sent must not make a link, an image or an icon.
URL_FUZZ = [
    {"q": "see https://host/login"},
    {"q": "![x](http://host/img.png)"},
    {"q": "www.host :material/home: user@host.example"},
    {"q": "<img src=x> [x](https://host)"},
    {"incident": "www.host"},
    {"incident": "[x](https://host)"},
    {"incident": ":material/home:"},
    {"incident": "user@host.example <a href=x>T</a>"},
    {"region": "[x](https://host)"},
    {"types": "www.host"},
]


@pytest.mark.parametrize("query", URL_FUZZ)
def test_url_values_are_echoed_as_text(query):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    for k, v in query.items():
        at.query_params[k] = v
    at = at.switch_page("pages/incidents.py").run()
    assert not at.exception
    texts = _markdown(at)
    for text in texts:
        assert not live(text), text
    value = next(iter(query.values()))
    if "q" in query or "incident" in query:  # echoed in the caption or the warning
        assert any(value.split()[0] in re.sub(r"\\(.)", r"\1", t.replace(WORD_JOINER, "")) for t in texts)


@pytest.mark.parametrize(
    ("path", "query", "target"),
    [
        ("/incidents/extra", "", "/incidents"),
        ("/nope/deeper/still", "q=1", "/nope?q=1"),
        ("/incidents", "", None),
        ("/", "", None),
        ("/static/js/index.js", "", None),
        ("/_stcore/health", "", None),
        ("/data/_stcore/health", "", None),  # the frontend's own probe: Streamlit answers 404
        ("/media/abc.png", "", None),
        ("/component/x/index.html", "", None),
        ("/app/static/x.png", "", None),
    ],
)
def test_nested_paths_redirect_to_their_first_segment(path, query, target):
    assert redirect_target(path, query) == target
