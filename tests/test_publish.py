"""Reproduce this view: the zip's reproduce.py, run with the project's Python but none of its code,
says what the page says word for word and keeps exactly the incidents the app keeps (a change to
Filters.apply or the search that the script does not follow fails here); the notebook runs."""

import io
import json
import zipfile

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from components.data.loader import load_dataset
from components.data.schema import DATASETS_DIR
from components.importing import importers
from components.publish import recipe, script
from components.publish.bundle import bundle, view_frame
from components.state.filters import DIMENSIONS, GROUPS, REGION_UNKNOWN, Filters
from tests.publish_helpers import (
    ROOT,
    assert_says_what_the_overview_says,
    imported,
    page,
    run_script,
    run_scripts,
    unescaped,
    unpacked,
    view,
)


@pytest.fixture(scope="module")
def curated():
    return load_dataset(DATASETS_DIR)


@pytest.fixture(scope="module")
def gtd():
    result = importers.import_file(ROOT / "tests" / "data" / "gtd_sample.csv", "gtd_sample.csv")
    return importers.as_dataset(result, "gtd_sample.csv", "sample")


def test_every_filter_dimension_is_written_into_the_script():
    assert set(script.WRITERS) == set(DIMENSIONS)
    # The casualty groups are mirrored (filters.py types its counts, the script reads them as floats).
    assert recipe.GROUPS == GROUPS


OVERVIEW_VIEWS = [
    ("curated", {}),
    ("curated", {"types": ["Bombings", "Armed assaults"]}),
    ("curated", {"dates": ["2011-06-01", "2012-06-30"]}),
    ("curated", {"sel_group": "Civilians", "initiator": "militants"}),
    ("gtd", {"types": "Armed Assault"}),
    ("curated", {"types": "Premature explosions", "region": "Astana"}),  # empty
]


def test_the_script_prints_the_overviews_words(curated, gtd, tmp_path):
    sets = {"curated": curated, "gtd": gtd}
    for i, (which, params) in enumerate(OVERVIEW_VIEWS):
        data = sets[which]
        printed = run_script(unpacked(view(data, params), tmp_path / str(i)))
        assert_says_what_the_overview_says(printed, page(data, params))
        assert printed[1] == f"{len(view_frame(view(data, params))):,} of {len(data.incidents):,} incidents."
    assert "No incident matches" in printed[2]  # the last view is empty, and says so


def test_the_script_prints_the_incidents_pages_count_with_the_search(curated, tmp_path):
    params = {"types": ["Bombings", "Armed assaults", "Suicide bombings"], "q": "Atyrau"}
    at = page(curated, params, "pages/incidents.py")
    printed = run_script(unpacked(view(curated, params, "Atyrau"), tmp_path))
    caption = next(unescaped(c.value) for c in at.caption if " of " in c.value)
    assert caption.startswith(f"{printed[0]}: {printed[1]}")
    assert "matching “Atyrau”" in printed[0]


# Quotes, a line break, a comment, a docstring's end, a NUL and a backslash: all must stay data.
ODD_REGION = 'O\'Brien "Oblast"\n# print("x") """\x00\\'


def _hostile(curated):
    """The curated incidents with quotes, line breaks, non-Latin letters and a formula in the
    columns the filters and the search read; one region emptied (region unknown)."""
    df = curated.incidents.copy()
    odd = {"region": ODD_REGION, "initiator": "сепаратисты «X»", "summary": "Ümit ß =1+1 \\n"}
    for column, value in odd.items():
        df[column] = df[column].astype("string")
        df.loc[df.index[::3], column] = value
    df.loc[df.index[[1, 3]], "region"] = pd.NA  # 3: also found by the search below
    df.loc[df.index[2], "incident_id"] = "=cmd|' /C calc'!A0"
    return imported(curated, df)


def _id_views(curated, gtd, hostile):
    every = Filters(
        types=("bombing", "security_operation"),
        # Incidents on both end days: an end left out would show.
        dates=(pd.Timestamp("2011-05-24").date(), pd.Timestamp("2012-09-05").date()),
        regions=("Atyrau Region", "Almaty", "Aktobe Region"),
        initiators=("militants",),
        groups=("Militants", "Not attributed"),
    )
    one_each = [Filters(**{n: getattr(every, n)}) for n in DIMENSIONS]
    return [
        *((curated, f, "") for f in one_each),
        (curated, every.without("regions", "initiators"), ""),
        (curated, every.without("types", "groups", "dates"), ""),
        (
            curated,
            Filters(groups=tuple(g for g in DIMENSIONS["groups"].decode(("Civilians", "Security forces"), {}))),
            "",
        ),
        (curated, Filters(types=("bombing",)), "NATIONAL   security"),
        (curated, Filters(), "no such words anywhere"),
        (gtd, Filters(regions=("Aktobe", REGION_UNKNOWN)), ""),
        (hostile, Filters(regions=(ODD_REGION, REGION_UNKNOWN)), "ümit"),
        (hostile, Filters(initiators=("сепаратисты «X»",)), '"oblast" =1+1'),
        (hostile, Filters(), "=cmd|'"),
        (hostile, Filters(regions=(REGION_UNKNOWN,)), ""),
    ]


def test_the_script_keeps_the_incidents_the_app_keeps(curated, gtd, tmp_path):
    """For views over every dimension, combinations, the search and hostile values: the incident ids
    reproduce.py writes are Filters.apply's and the search's."""
    views = [script.View(data, f, q) for data, f, q in _id_views(curated, gtd, _hostile(curated))]
    folders = [unpacked(v, tmp_path / str(i)) for i, v in enumerate(views)]
    printed = run_scripts(folders)
    for v, folder, lines in zip(views, folders, printed, strict=True):
        written = pd.read_csv(folder / script.VIEW_CSV, dtype=str, keep_default_na=False)
        expected = view_frame(v)["incident_id"].astype(str)
        assert sorted(written["incident_id"]) == sorted(expected), (v.filters, v.query)
        # The title may span lines (a region named with a line break): the count line follows it.
        assert f"{len(expected):,} of {len(v.data.incidents):,} incidents." in lines
    sizes = [len(view_frame(v)) for v in views]
    assert 0 in sizes and all(0 < n < len(curated.incidents) for n in sizes[:7]), sizes  # each view tells


def test_the_zip_holds_the_package_the_scripts_and_a_readme(curated, gtd):
    v = script.View(
        curated, Filters(types=("bombing",)), link="http://h/?types=Bombings", taken=pd.Timestamp("2026-12-06").date()
    )
    names = zipfile.ZipFile(io.BytesIO(bundle(v))).namelist()
    assert {"reproduce-view/reproduce.py", "reproduce-view/reproduce.ipynb", "reproduce-view/README.txt",
            "reproduce-view/data/datapackage.json", "reproduce-view/data/incidents.csv"} <= set(names)  # fmt: skip
    readme = zipfile.ZipFile(io.BytesIO(bundle(v))).read("reproduce-view/README.txt").decode()
    assert "http://h/?types=Bombings" in readme and "version 1.0.0" in readme and "2026-12-06" in readme
    assert "python reproduce.py" in readme
    text = zipfile.ZipFile(io.BytesIO(bundle(v))).read("reproduce-view/reproduce.py").decode()
    assert "components" not in text.replace("# ", "") and "cdn" not in text
    imported_zip = zipfile.ZipFile(io.BytesIO(bundle(script.View(gtd, Filters()))))
    assert {"reproduce-view/data/incidents.csv", "reproduce-view/data/import_report.txt"} <= set(
        imported_zip.namelist()
    )


def test_the_notebook_runs_and_says_what_the_script_says(curated, tmp_path):
    folder = unpacked(view(curated, {"types": ["Bombings", "Armed assaults"]}), tmp_path)
    nb = nbformat.read(folder / "reproduce.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert printed.splitlines()[:-1] == run_script(folder)[:-1]
    assert json.loads((folder / "reproduce.ipynb").read_text())["nbformat"] == 4
