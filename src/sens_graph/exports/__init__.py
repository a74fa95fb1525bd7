"""Standard exports that other tools import: CASE 1.0, CTDL-ASN JSON-LD, Moodle competency CSV.

One module per format (:mod:`.case`, :mod:`.ctdlasn`, :mod:`.moodle`), each a
:class:`~.base.Generator` with declared ``formats`` and a ``serialize(framework)``; the graph is
read once by :func:`~.base.load_frameworks` through the SPARQL files of ``queries/exports/``.
:func:`export_files` gives every file (path under ``dist/`` → text) for the release to write.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .base import Framework, Generator, Item, load_frameworks, uuid_for
from .case import CaseGenerator
from .ctdlasn import CtdlAsnGenerator, read_ctdlasn
from .moodle import MoodleGenerator

GENERATORS: tuple[type[Generator], ...] = (CaseGenerator, CtdlAsnGenerator, MoodleGenerator)
"""Every export format, in the order their folders appear under ``dist/``."""


def export_files(store: ox.Store, queries_dir: Path, *, base_iri: str, build_date: str,
                 version: str, mappings: Mapping[str, list[Mapping[str, Any]]] | None = None) -> dict[str, str]:
    """Every export file as ``{"case/<key>.json": text, "ctdl-asn/<key>.jsonld": …, "moodle/<key>.csv": …}``.

    ``store`` holds the whole graph (derived graphs included), ``queries_dir`` is ``queries/exports``,
    ``build_date`` an RFC 3339 UTC date-time (the CASE ``lastChangeDateTime``), ``version`` the
    package version; ``mappings`` as :func:`~.base.load_frameworks` takes them (then ``store`` need hold
    the core graphs only). Raises :class:`~sens_graph.errors.ExportError` naming the resource that cannot
    be exported faithfully.
    """
    frameworks = load_frameworks(store, queries_dir, base_iri=base_iri, mappings=mappings)
    files: dict[str, str] = {}
    for generator_class in GENERATORS:
        generator = generator_class(build_date=build_date, version=version)
        for framework in frameworks:
            files[generator.path_for(framework)] = generator.serialize(framework, frameworks)
    return files


__all__ = [
    "GENERATORS", "CaseGenerator", "CtdlAsnGenerator", "Framework", "Generator", "Item", "MoodleGenerator",
    "export_files", "load_frameworks", "read_ctdlasn", "uuid_for",
]
