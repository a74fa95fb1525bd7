"""What a release says about itself and whether it is stale: the digest of the build's inputs,
``build-info.json`` and the build date.

The build writes them (:mod:`.build`); the query library (:func:`.queries.load_graph_store`), the
server and the reports read them to decide whether ``dist/`` still matches the sources. This module
sits below all of them: it knows the layout and the settings, not the build.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from .config import Settings
from .layout import BUILD_INFO
from .version import __version__


def input_files(settings: Settings) -> list[Path]:
    """Every file the build reads (its digest decides whether dist/ is stale), each root's in path order.

    ``rglob`` does not go through a symbolic link to a folder; the imported programme folders, which the
    build reads through their links, are listed as the build lists them
    (:func:`~.programmes.folders.programme_folder_entries`: every file of a folder, whatever its name,
    since the build refuses those it does not read)."""
    from .programmes.folders import programme_folder_entries, stored_programme_folders

    roots = [settings.ontology_dir, settings.data_dir, settings.shapes_dir, settings.qc_dir]
    files: list[Path] = []
    for root in roots:
        found = {p for p in root.rglob("*") if p.is_file() and p.suffix in {".ttl", ".tsv", ".rq", ".csv"}}
        if root == settings.data_dir:
            found |= {p for folder in stored_programme_folders(settings) for p in programme_folder_entries(folder)
                      if p.is_file()}
        files += sorted(found)
    return files


def source_digest(settings: Settings) -> str:
    """SHA-256 over the inputs' paths and contents, the package version and the base IRI."""
    digest = hashlib.sha256(f"{__version__}\n{settings.base_iri}\n".encode())
    for path in input_files(settings):
        digest.update(path.relative_to(settings.project_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_build_info(settings: Settings) -> dict | None:
    """The build-info.json of the current dist/, or None if there is no complete build."""
    path = settings.dist_dir / BUILD_INFO
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def is_stale(settings: Settings) -> bool:
    """True when dist/ is missing or was built from other inputs than the current ones."""
    info = read_build_info(settings)
    return info is None or info.get("source_digest") != source_digest(settings)


def build_date() -> str:
    """Now in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


__all__ = ["build_date", "input_files", "is_stale", "read_build_info", "source_digest"]
