import io
import zipfile

from components.data.downloads import package_files, package_zip
from components.data.schema import DATASETS_DIR


def test_zip_holds_every_package_file_byte_for_byte():
    files = package_files(DATASETS_DIR)
    names = {p.name for p in files}
    assert {"incidents.csv", "policy_measures.csv", "context_events.csv", "datapackage.json", "CITATION.cff"} <= names
    with zipfile.ZipFile(io.BytesIO(package_zip(DATASETS_DIR))) as z:
        assert sorted(z.namelist()) == sorted(f"kazakhstan-terrorism-2011-2012/{n}" for n in names)
        for p in files:
            assert z.read(f"kazakhstan-terrorism-2011-2012/{p.name}") == p.read_bytes()
