"""Where imported programmes are kept: ``data/programmes/<identifier>/*.csv``.

Only paths, no parsing: below the reader, the catalogue and the store of programmes, so the
catalogue can list the stored identifiers without importing the reader.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Settings

PROGRAMMES_DIR = "programmes"


def programmes_dir(settings: Settings) -> Path:
    """``data/programmes/``."""
    return settings.data_dir / PROGRAMMES_DIR


def stored_programme_folders(settings: Settings) -> list[Path]:
    """Folders of ``data/programmes/`` (one per imported programme), in name order.

    Every folder is one, whether or not it holds its ``programme.csv`` (the reader refuses a folder
    without it, naming the missing file, rather than leaving a programme out without a word); hidden
    folders (a name starting with ``.``: the importer's staging folders) are not."""
    root = programmes_dir(settings)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def stored_programme_keys(settings: Settings) -> dict[str, Path]:
    """Identifier → folder of every stored programme (the folder is named after the identifier)."""
    return {p.name: p for p in stored_programme_folders(settings)}


__all__ = ["PROGRAMMES_DIR", "programmes_dir", "stored_programme_folders", "stored_programme_keys"]
