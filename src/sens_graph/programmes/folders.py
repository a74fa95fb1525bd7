"""Where imported programmes are kept: ``data/programmes/<identifier>/*.csv``.

Only paths, no parsing: below the reader, the catalogue and the store of programmes, so the
catalogue can list the stored identifiers without importing the reader.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..config import Settings
from ..errors import ProgrammeFileError
from .schema import SHEETS

PROGRAMMES_DIR = "programmes"
PROGRAMME_FILES = tuple(f"{name}.csv" for name in SHEETS)
"""The files ``sens-graph import`` writes into a programme folder, and the only ones it may hold."""


def programmes_dir(settings: Settings) -> Path:
    """``data/programmes/``."""
    return settings.data_dir / PROGRAMMES_DIR


def stored_programme_folders(settings: Settings) -> list[Path]:
    """Folders of ``data/programmes/`` (one per imported programme), in name order.

    Every folder is one, whether or not it holds its ``programme.csv`` (the reader refuses a folder
    without it, naming the missing file, rather than leaving a programme out without a word); hidden
    folders (a name starting with ``.``: the importer's staging folders) are not. A symbolic link to a folder
    is one; a link that leads nowhere is listed too (:func:`check_programme_folder` refuses it, named)."""
    root = programmes_dir(settings)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if not p.name.startswith(".") and (p.is_dir() or (p.is_symlink() and not p.exists())))


def programme_folder_entries(folder: Path) -> list[Path]:
    """The entries of one programme folder (files, and any sub-folder), hidden names (``.``) left out, in name
    order; through symbolic links (a linked folder or file is listed and read like the one it points to).
    Empty for a link that leads nowhere."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def check_programme_folder(folder: Path, display: str) -> list[Path]:
    """The files of one programme folder (:func:`programme_folder_entries`), once every entry is one of
    :data:`PROGRAMME_FILES` (``display``: the folder as messages name it, ``data/programmes/<key>``).

    Raises :class:`~sens_graph.errors.ProgrammeFileError` naming each other entry (a stray ``notes.ttl`` would
    otherwise be taken for a data file, a sub-folder for part of the programme): nothing else is read."""
    if not folder.is_dir():
        raise ProgrammeFileError(display, [f"{display} — attendu : un dossier de programme ; lien symbolique vers "
                                           f"{os.readlink(folder)}, introuvable"])
    entries = programme_folder_entries(folder)
    stray = [p for p in entries if p.name not in PROGRAMME_FILES or not p.is_file()]
    if stray:
        raise ProgrammeFileError(display, [
            f"{display}/{p.name} — attendu : rien d'autre dans un dossier de programme que les fichiers qu'écrit "
            f"sens-graph import ({', '.join(PROGRAMME_FILES)}) : le retirer du dossier" for p in stray])
    return entries


def check_programmes_root(settings: Settings) -> None:
    """Refuse what ``data/programmes/`` holds beside the programme folders and the hand-written programmes
    (``*.ttl``, SSSOM ``*.sssom.tsv``): a CSV file or a workbook left there (a programme copied one level too
    high, a workbook not imported) would otherwise be left out of the build without a word. Hidden names
    (``.``) are ignored. Raises :class:`~sens_graph.errors.ProgrammeFileError` naming each such file."""
    root = programmes_dir(settings)
    if not root.is_dir():
        return
    stray = [p for p in sorted(root.iterdir())
             if not p.name.startswith(".") and not p.is_dir() and not (p.is_symlink() and not p.exists())
             and not p.name.endswith((".ttl", ".sssom.tsv"))]
    if stray:
        raise ProgrammeFileError(f"data/{PROGRAMMES_DIR}", [
            f"data/{PROGRAMMES_DIR}/{p.name} — attendu : dans data/{PROGRAMMES_DIR}/, un dossier par programme "
            "importé ou un programme écrit en Turtle (.ttl) : le retirer, ou importer le programme avec "
            "sens-graph import" for p in stray])


def stored_programme_keys(settings: Settings) -> dict[str, Path]:
    """Identifier → folder of every stored programme (the folder is named after the identifier)."""
    return {p.name: p for p in stored_programme_folders(settings)}


__all__ = ["PROGRAMMES_DIR", "PROGRAMME_FILES", "check_programme_folder", "check_programmes_root",
           "programme_folder_entries", "programmes_dir", "stored_programme_folders", "stored_programme_keys"]
