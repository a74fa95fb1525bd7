"""The layout of a release folder (``dist/``), declared once.

The build writes it (:mod:`.release`), the store loads it (:mod:`.store`), the server lists and
serves it (:mod:`.server.downloads`, :mod:`.server.linked_data`), the query library and the
reports read it. Every file name, folder, download group and file media type they share is
defined here and nowhere else.

What the release owns: every entry of ``dist/`` except :data:`KEPT_ACROSS_BUILDS`. A build
replaces what it owns in one swap and carries the other entries over unchanged: ``dist/reports/``
is written by ``sens-graph report`` and survives ``sens-graph build`` (it keeps the build stamp
of the graph it was made from until the report is written again).
"""

from __future__ import annotations

from pathlib import PurePosixPath

# --- files and folders of dist/ ---------------------------------------------------------------

NQUADS = "sens-graph.nq"
"""The whole dataset as sorted N-Quads (byte-identical from run to run)."""
NQUADS_GZ = "sens-graph.nq.gz"
"""The N-Quads, gzipped without a timestamp."""
TRIG = "sens-graph.trig"
"""The whole dataset as TriG."""
DATASET_FILES = (NQUADS, NQUADS_GZ)
"""The dataset files a store can load, in order of preference."""
VOID_FILE = "void.ttl"
"""VoID + DCAT description: one subset per named graph, one distribution per file."""
BUILD_INFO = "build-info.json"
"""What the release says about itself (version, build date, base IRI, source digest, graphs)."""
CHECKSUMS = "SHA256SUMS"
"""``sha256sum`` lines of every file the release wrote (written last)."""
CONTEXT_FILE = "context.jsonld"
"""The published JSON-LD ``@context`` (written by :mod:`.jsonld`)."""
METADATA_FILES = (VOID_FILE, BUILD_INFO, CHECKSUMS, CONTEXT_FILE)
SEARCH_INDEX = "search.sqlite"
"""The full-text search index of every label (SQLite FTS5, written by :mod:`.search` with the build)."""

GRAPHS_DIR = "graphs"
"""One Turtle file per named graph (:func:`graph_file_name`)."""
ONTOLOGY_DIR = "ontology"
"""The ontology: ``sens`` (Turtle, RDF/XML, JSON-LD), ``sens-core`` and ``sens-align`` (Turtle)."""
MAPPINGS_DIR = "mappings"
"""The SSSOM mapping sets, copied byte for byte from ``data/mappings/``."""
REPORTS_DIR = "reports"
"""The accreditation reports, written by ``sens-graph report`` (not by the release)."""

EXPORT_DIRS = ("case", "ctdl-asn", "moodle")
"""The standard exports, one file per framework version (written by :mod:`.exports` with the build)."""

KEPT_ACROSS_BUILDS = (REPORTS_DIR,)
"""Entries of ``dist/`` the release does not own: a build carries them over unchanged."""

CASE_API_PATH = "ims/case/v1p0"
"""URL path of the read-only CASE 1.0 API (``<base>ims/case/v1p0/CFDocuments`` …), as the CASE OpenAPI says."""

BUILD_CACHE_DIR = "var/cache/build"
"""The build's content-hash cache (validation, reasoning and serialisation results), relative to the
project folder: git-ignored, outside ``dist/`` (a release never carries it), safe to delete."""

DOWNLOAD_SEGMENT = "download"
"""URL path segment of the files: ``<base>download/<path>`` in VoID, ``/download/<path>`` on the server."""


def graph_file_name(graph_iri: str, base_iri: str) -> str:
    """The release file of a named graph: ``<base>graph/referentiel/x`` → ``graphs/referentiel/x.ttl``."""
    return f"{GRAPHS_DIR}/" + graph_iri.removeprefix(f"{base_iri}graph/") + ".ttl"


def is_release_file(rel: str) -> bool:
    """True for a path of ``dist/`` the release wrote (not a kept entry, not a hidden temporary)."""
    parts = rel.split("/")
    return parts[0] not in KEPT_ACROSS_BUILDS and not any(p.startswith(".") for p in parts)


# --- downloads ----------------------------------------------------------------------------------

DOWNLOAD_GROUPS: tuple[tuple[str, str], ...] = (
    ("dataset", "Jeu de données complet (tous les graphes nommés)"),
    ("graphs", "Un fichier par graphe nommé (référentiels, sources, professions, correspondances…)"),
    ("ontology", "Ontologie"),
    ("mappings", "Jeux de correspondances SSSOM"),
    ("exports", "Exports standard : CASE 1.0 (case/), CTDL-ASN (ctdl-asn/), CSV Moodle (moodle/)"),
    ("metadata", "Métadonnées, contexte JSON-LD et sommes de contrôle"),
    ("other", "Autres fichiers"),
)
"""Download group key → French title (the downloads page), in page order."""


def download_group(rel: str) -> str:
    """The download group (a key of :data:`DOWNLOAD_GROUPS`) of a release file."""
    if rel.startswith("sens-graph."):
        return "dataset"
    top = rel.split("/", 1)[0]
    if top in {GRAPHS_DIR, ONTOLOGY_DIR, MAPPINGS_DIR} and "/" in rel:
        return top
    if top in EXPORT_DIRS and "/" in rel:
        return "exports"
    if rel in METADATA_FILES:
        return "metadata"
    return "other"


# --- media types --------------------------------------------------------------------------------

FILE_MEDIA_TYPES: dict[str, str] = {
    ".nq": "application/n-quads",
    ".gz": "application/gzip",
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".owl": "application/rdf+xml",
    ".rdf": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".tsv": "text/tab-separated-values",
    ".csv": "text/csv",
    ".html": "text/html",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".md": "text/markdown",
    ".txt": "text/plain",
    ".sqlite": "application/vnd.sqlite3",
}
"""File suffix → media type of the release files and the reports (DCAT ``mediaType``, HTTP)."""


def media_type_of(name: str | PurePosixPath) -> str:
    """The media type of a file of ``dist/`` by its name (``SHA256SUMS`` is plain text)."""
    path = PurePosixPath(str(name))
    if path.name == CHECKSUMS:
        return "text/plain"
    return FILE_MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
