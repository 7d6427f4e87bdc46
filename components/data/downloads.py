"""Files offered for download, taken byte for byte from the data folder (never re-serialised)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from components.data.schema import PACKAGE_FILE, tables

README = "README.md"
CITATION = "CITATION.cff"  # how to cite the package (Citation File Format)


def package_files(directory: Path) -> list[Path]:
    """The data package's files: every table, the descriptor, and the methodology and citation if present."""
    files = [directory / t.path for t in tables(directory).values()]
    files += [directory / PACKAGE_FILE]
    return files + [p for p in [directory / README, directory / CITATION] if p.exists()]


def package_zip(directory: Path, folder: str = "kazakhstan-terrorism-2011-2012") -> bytes:
    """One zip of the whole package, inside a folder so it unpacks tidily."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in package_files(directory):
            z.write(path, f"{folder}/{path.name}")
    return buf.getvalue()
