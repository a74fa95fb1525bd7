"""The rows the standard exports and the search index are made of, computed per imported programme (issue 13).

Two release products are made by queries over the whole graph: the crosswalk mappings of each framework
version in the CASE, CTDL-ASN and Moodle exports (``queries/exports/export-mappings.rq``, one run per
version) and the entries of the search index (``queries/search/entrees-index.rq``). At national scale
their answers are mostly the imported programmes' coverage rows and courses, and running them on the
whole graph took ~7 s at 10^6 triples, after loading the whole graph into a store (~3.5 s), in every build.

As for the derived coverage graph (:func:`~.coverage.add_coverage_by_programme`), a programme's rows are
the rows of a store holding the core graphs and that programme alone that are not rows of the core
graphs: no programme's rows read another programme (an imported programme's graph states facts about its
own resources only, :mod:`.programmes.to_rdf`). They are cached by content (kind ``programme-rows``), so
that after one programme changes only its rows are computed again, on a store of ~3·10^4 quads.
``tests/test_programme_rows.py`` checks that the rows put together are those of the whole graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .buildcache import BuildCache, digest_of, files_digest
from .config import Settings
from .errors import ExportError
from .programme_graphs import GraphLines
from .queries import QueryLibrary
from .search import QUERY_FILE as SEARCH_QUERY_FILE
from .search import index_rows
from .workers import cached_forked_map

Record = dict[str, str | None]
"""One answer row: column → the value as text (IRIs and literals alike), None when unbound."""

EXPORT_VERSIONS, EXPORT_MAPPINGS = "export-framework-versions", "export-mappings"
"""The export queries (``queries/exports/``) that list the framework versions and give a version's mappings."""

_TOUCHED_VERSIONS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?version WHERE {
  { GRAPH <%(graph)s> { ?mapping owl:annotatedSource|owl:annotatedTarget ?item } ?item skos:inScheme ?version }
  UNION { GRAPH <%(graph)s> { ?item skos:inScheme ?version } }
}"""
"""The framework versions whose mappings a programme's graph can add to: those of its axioms' ends and those
its resources are said to be in."""


@dataclass(frozen=True)
class ReleaseRows:
    """What the exports and the search index are made of, for the whole graph.

    ``mappings``: framework version IRI → the records of ``export-mappings`` for it, in mapping IRI order
    (the query's ``ORDER BY``); ``search``: the records of ``entrees-index`` (in no particular order: the
    index sorts them)."""

    mappings: dict[str, list[Record]]
    search: list[Record]


def release_rows(core: ox.Store, settings: Settings, programmes: Mapping[str, GraphLines], cache: BuildCache,
                 core_key: str) -> ReleaseRows:
    """The export mappings and search entries of the core graphs (``core``: a store of every graph of the
    build but the imported programmes and their parts of the derived coverage graph) and of every imported
    programme (``programmes``: graph IRI → its lines).

    A programme's rows come from the build cache when its lines (their digest), the core graphs (``core_key``,
    the hash of the files they are read from) and the query files are those of an earlier build; the others
    are computed over forked processes (:func:`~.workers.cached_forked_map`). Raises
    :class:`~sens_graph.errors.ExportError` when a programme's graph changes a row of the core graphs or
    gives a mapping another programme gives too (the rows could not be put together faithfully)."""
    queries = _Queries(settings.queries_dir, settings.base_iri)
    versions = queries.versions(core)
    core_rows = ReleaseRows({v: queries.mappings(core, v) for v in versions}, queries.search(core))
    key_of = {iri: digest_of("programme-rows", core_key, queries.digest, iri, lines.digest)
              for iri, lines in programmes.items()}
    computer = _RowComputer(core.dump(format=ox.RdfFormat.N_QUADS), queries, versions, core_rows)
    entries = cached_forked_map(cache, "programme-rows", key_of, _entry, lambda iri: computer(programmes[iri]),
                                what="de calcul des lignes d'export des programmes")
    return _put_together(core_rows, entries)


def _put_together(core: ReleaseRows, parts: Mapping[str, dict]) -> ReleaseRows:
    """The core rows and each programme's (``parts``: graph IRI → cache entry), mappings in IRI order."""
    mappings = {version: list(rows) for version, rows in core.mappings.items()}
    owner = {(version, row["mapping"]): "les graphes du socle" for version, rows in mappings.items() for row in rows}
    for iri, entry in parts.items():
        for version, rows in entry["mappings"].items():
            for row in rows:
                other = owner.setdefault((version, row["mapping"]), iri)
                if other != iri:
                    raise ExportError(f"{row['mapping']} : la correspondance est exportée différemment selon "
                                      f"{iri} et {other} (version {version}) ; un programme importé ne peut "
                                      "décrire que ses propres ressources")
            mappings.setdefault(version, []).extend(rows)
    for rows in mappings.values():
        rows.sort(key=lambda row: row["mapping"] or "")
    search = list(core.search)
    for entry in parts.values():
        search.extend(entry["search"])
    return ReleaseRows(mappings, search)


def _entry(value: Any) -> dict:
    """A cached entry as stored (``{"mappings": {version: [record]}, "search": [record]}``), or KeyError."""
    if not isinstance(value["mappings"], dict) or not isinstance(value["search"], list):
        raise KeyError("mappings")
    return value


class _Queries:
    """The export and search queries of the project, run to :data:`Record` lists."""

    def __init__(self, queries_dir: Path, base_iri: str) -> None:
        self.base_iri = base_iri
        self.queries_dir = queries_dir
        self.exports = QueryLibrary.load(queries_dir / "exports")
        files = [*sorted((queries_dir / "exports").glob("*.rq")), queries_dir / SEARCH_QUERY_FILE]
        self.digest = files_digest(files, queries_dir)

    def versions(self, store: ox.Store) -> list[str]:
        return [str(r["version"]) for r in self.exports.run(store, EXPORT_VERSIONS, base_iri=self.base_iri).records()]

    def mappings(self, store: ox.Store, version: str) -> list[Record]:
        answer = self.exports.run(store, EXPORT_MAPPINGS, {"version": version}, base_iri=self.base_iri)
        return _as_text(answer.records())

    def search(self, store: ox.Store) -> list[Record]:
        return _as_text(index_rows(store, self.queries_dir, base_iri=self.base_iri))


def _as_text(records: list[dict[str, Any]]) -> list[Record]:
    return [{column: None if value is None else str(value) for column, value in record.items()} for record in records]


class _RowComputer:
    """Computes one programme's rows on a store of the core graphs, made once per process (a forked process
    makes its own from ``core_nquads``)."""

    def __init__(self, core_nquads: bytes, queries: _Queries, versions: list[str], core_rows: ReleaseRows) -> None:
        self.core_nquads, self.queries, self.versions = core_nquads, queries, versions
        self.core_mappings = {v: {_frozen(row) for row in rows} for v, rows in core_rows.mappings.items()}
        self.core_search = {_frozen(row) for row in core_rows.search}
        self.store: ox.Store | None = None

    def __call__(self, lines: GraphLines) -> dict:
        """The cache entry of the programme of ``lines``: its mapping records per framework version it adds to,
        and its search records (a changed row of the core graphs among them, which :func:`_put_together` refuses)."""
        if self.store is None:
            self.store = ox.Store()
            self.store.load(self.core_nquads, format=ox.RdfFormat.N_QUADS)
        self.store.load(lines.nquads(), format=ox.RdfFormat.N_QUADS)
        try:
            touched = {str(s["version"].value) for s in self.store.query(_TOUCHED_VERSIONS % {"graph": lines.iri},
                                                                     use_default_graph_as_union=True)}
            mappings = {}
            for version in (v for v in self.versions if v in touched):
                core_rows = self.core_mappings[version]
                # a row of a core mapping left here is one the programme changed: _put_together refuses it
                rows = [row for row in self.queries.mappings(self.store, version) if _frozen(row) not in core_rows]
                if rows:
                    mappings[version] = rows
            search = [row for row in self.queries.search(self.store) if _frozen(row) not in self.core_search]
        finally:
            self.store.remove_graph(ox.NamedNode(lines.iri))
        return {"mappings": mappings, "search": search}


def _frozen(record: Record) -> tuple[tuple[str, str | None], ...]:
    return tuple(record.items())


__all__ = ["EXPORT_MAPPINGS", "EXPORT_VERSIONS", "Record", "ReleaseRows", "release_rows"]
