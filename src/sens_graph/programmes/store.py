"""Where imported programmes live: ``data/programmes/<identifiant>/<sheet>.csv`` (the hand-edited source).

:func:`store_programme` writes a checked programme atomically: the new folder is written beside
the old one and swapped in, so a failure leaves the previous source (or nothing) in place.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

from ..config import Settings
from .folders import (  # re-exported: programmes.store keeps its names
    PROGRAMMES_DIR,
    programmes_dir,
    stored_programme_folders,
    stored_programme_keys,
)
from .reader import ProgrammeSource, Table
from .schema import COLUMNS, PROGRAMME_SHEET, SHEETS


def table_csv(table: Table, columns: tuple[str, ...]) -> str:
    """The table as UTF-8 CSV text with the contract's columns in the contract's order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = [c for c in columns if c in table.header] if table.name != PROGRAMME_SHEET else list(columns)
    writer.writerow(header)
    for _, record in table.rows:
        writer.writerow([record.get(c, "") for c in header])
    return out.getvalue()


def store_programme(source: ProgrammeSource, settings: Settings) -> Path:
    """Write the programme's three tables as CSV under ``data/programmes/<identifiant>/``; return the folder."""
    root = programmes_dir(settings)
    root.mkdir(parents=True, exist_ok=True)
    target = root / source.key
    staging = Path(tempfile.mkdtemp(prefix=f".{source.key}-", dir=root))
    try:
        for name in SHEETS:
            (staging / f"{name}.csv").write_text(table_csv(source.tables[name], COLUMNS[name]), encoding="utf-8")
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{source.key}-old-", dir=root))
            os.replace(target, old / "previous")
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


__all__ = ["PROGRAMMES_DIR", "programmes_dir", "store_programme", "stored_programme_folders", "stored_programme_keys",
           "table_csv"]
