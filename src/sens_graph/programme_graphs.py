"""Imported programmes as N-Quads lines, cached by the hash of their folder: the build's national path.

At national scale (hundreds of imported programmes, 10^6 triples) the imported programme graphs are
most of the data, and holding them in rdflib costs the build minutes per pass (issue 13). The build
therefore keeps each imported programme graph as the N-Quads lines rdflib's writer gave it
(:class:`GraphLines`: sorted lines, canonical digest, triple count) and turns them into an rdflib
graph only where a step needs one (the programme's validation or its Turtle, when they are not in the
build cache). The lines and the programme's SSSOM TSV are stored in the build cache
(:mod:`.buildcache`, kind ``programme-graph``) under the SHA-256 of:

* the programme folder's files (names and bytes),
* every data file the check of a programme reads (the frameworks, professions and hand-written
  programmes: :func:`~.sources.data_files`), the public base IRI and the Turtle prefixes,
* the package version;

so a programme is read, checked (:func:`~.programmes.reader.read_programme`) and converted
(:func:`~.programmes.to_rdf.programme_to_rdf`) again only when one of these changed; its Turtle
(:func:`~.graphs.turtle_of_lines`) is made then too, from its lines, so that no later step parses them
again. The bytes of the
release are those of the uncached path (``tests/test_build_hash.py``).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import multiprocessing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.plugins.serializers.nquads import _nq_row
from rdflib.term import Node

from .buildcache import BuildCache, digest_of, files_digest, graph_digest, text_of, texts_of
from .config import Settings
from .errors import ProgrammeFileError
from .graphs import turtle_of_lines
from .iri import graph_iri_for, source_file_for
from .namespaces import PREFIXES
from .workers import forked_map


@dataclass(frozen=True)
class GraphLines:
    """One named graph held as its N-Quads lines (rdflib's writer, sorted, blank nodes canonical).

    ``digest`` is :func:`~.buildcache.graph_digest` of the canonical graph (the key of the build
    cache's validation, N-Quads and Turtle entries), ``iri`` the graph's IRI."""

    iri: str
    lines: tuple[str, ...]
    digest: str
    turtle: str | None = None
    """Its Turtle (:func:`~.graphs.turtle_of_lines`), when it was made with the lines (an imported programme)."""
    parsed: Graph | None = field(default=None, compare=False, repr=False)
    """The rdflib graph the lines were made from, when this build made them (not cached)."""

    def __len__(self) -> int:
        return len(self.lines)

    @classmethod
    def of_graph(cls, iri: str, graph: Graph, *, with_turtle: bool = False) -> GraphLines:
        """The lines of ``graph`` (blank nodes relabelled canonically first, as the release does), with
        its Turtle (:func:`~.graphs.turtle_of_lines`) when ``with_turtle``; keeps the graph as ``parsed``."""
        if any(isinstance(t, BNode) for triple in graph for t in triple):
            graph = to_canonical_graph(graph)
        lines = tuple(sorted(graph_nquads(iri, graph)))
        return cls(iri, lines, graph_digest(graph), turtle_of_lines(lines) if with_turtle else None, graph)

    @classmethod
    def of_triples(cls, iri: str, triples: Iterable[tuple[Node, Node, Node]]) -> GraphLines:
        """The lines and digest of the graph ``iri`` holding ``triples`` (rdflib terms, no blank node), as
        :meth:`of_graph` makes them (rdflib's N-Quads writer, :func:`~.buildcache.graph_digest`), without
        building an rdflib graph."""
        context = URIRef(iri)
        unique = set(triples)
        lines = tuple(sorted(_nq_row(triple, context).rstrip("\n") for triple in unique))
        digest = hashlib.sha256()
        for line in sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in unique):
            digest.update(line.encode("utf-8") + b"\n")
        return cls(iri, lines, digest.hexdigest())

    @classmethod
    def merged(cls, iri: str, groups: Iterable[Iterable[str]]) -> GraphLines:
        """One graph from groups of its sorted N-Quads lines (the parts of a graph computed apart, each
        sorted): the lines merged in order, once each. Its ``digest`` is the SHA-256 of those lines
        (a key of the build cache's serialisations, not a :func:`~.buildcache.graph_digest`)."""
        lines = tuple(line for line, _ in itertools.groupby(heapq.merge(*groups)))
        if any(a > b for a, b in itertools.pairwise(lines)):
            raise ValueError(f"<{iri}>: a group of lines to merge is not sorted")
        digest = hashlib.sha256(b"merged N-Quads lines\n")
        for line in lines:
            digest.update(line.encode("utf-8") + b"\n")
        return cls(iri, lines, digest.hexdigest())

    def nquads(self) -> bytes:
        """The lines as one N-Quads document (UTF-8), to load into a pyoxigraph store."""
        return ("\n".join(self.lines) + "\n").encode("utf-8")

    def ntriples(self) -> str:
        """The graph as N-Triples (each line without its graph name)."""
        suffix = f" <{self.iri}> ."
        return "".join(line[: -len(suffix)] + " .\n" for line in self.lines if line.endswith(suffix))

    def graph(self) -> Graph:
        """An rdflib graph of the lines: the graph they were made from in this build, else parsed again
        (for the steps whose cache entry is missing)."""
        if self.parsed is not None:
            return self.parsed
        return Graph(identifier=URIRef(self.iri)).parse(data=self.ntriples(), format="nt")

    def subject_iris(self) -> set[str]:
        """The IRIs of the graph's subjects (blank nodes left out)."""
        return {line[1: line.index(">")] for line in self.lines if line.startswith("<")}


def programme_owner(iri: str, base_iri: str, keys: dict[str, str]) -> str | None:
    """The graph IRI of the imported programme a resource IRI belongs to, or None.

    ``keys``: programme identifier → its graph IRI. A programme owns ``<base>programme/<key>`` and
    everything under it (courses, units, teachers, the derived ``…/couverture/…`` nodes) and its
    mapping set ``<base>mapping/programme-<key>`` with its rows (``…/<n>``)."""
    for prefix in (f"{base_iri}programme/", f"{base_iri}mapping/programme-"):
        if iri.startswith(prefix):
            return keys.get(iri[len(prefix):].split("/", 1)[0])
    return None


def graph_nquads(iri: str, g: Graph) -> list[str]:
    """The N-Quads lines of one named graph, unsorted: rdflib's N-Quads writer's rows (``_nq_row``, characters
    UTF-8 cannot encode replaced as it does), one per triple, without copying the graph into a dataset first
    and without splitting its output at the line separators a literal may hold (U+2028…)."""
    context = URIRef(iri)
    rows = [_nq_row(triple, context)[:-1] for triple in g]
    return [row.encode("utf-8", "replace").decode("utf-8") for row in rows]


@dataclass(frozen=True)
class ImportedProgramme:
    """One imported programme of ``data/programmes/<key>/`` as the build uses it."""

    relative: str
    """The folder relative to ``data/`` (``programmes/<key>``)."""
    key: str
    """The programme's identifier (``dcterms:identifier``, the folder's name)."""
    graph: GraphLines
    """Its named graph (``<base>graph/programmes/<key>``)."""
    sssom: str
    """The SSSOM TSV of its coverage rows (``dist/mappings/programme-<key>.sssom.tsv``)."""


def load_imported_programmes(ds: Dataset, settings: Settings, cache: BuildCache,
                             data_paths: Iterable[Path]) -> tuple[list[ImportedProgramme], list[str]]:
    """Every imported programme of ``data/programmes/``, from the build cache when its inputs are unchanged.

    ``ds``: the dataset of the ontology and the data files (what a programme is checked against);
    ``data_paths``: those data files (their bytes are part of each programme's key). Returns the
    programmes in folder order and the relative folders that were read and checked in this build (the
    others came from the cache). Raises :class:`~sens_graph.errors.ProgrammeFileError` naming the
    folder, sheet, row and column of every problem (nothing is cached for a faulty programme)."""
    from .programmes.folders import check_programme_folder, check_programmes_root, stored_programme_folders

    check_programmes_root(settings)
    folders = stored_programme_folders(settings)
    if not folders:
        return [], []
    context = digest_of("programme-context", settings.base_iri, repr(sorted(PREFIXES.items())), "turtle_of_lines",
                        files_digest(sorted(data_paths), settings.data_dir))
    entries: dict[str, dict] = {}
    pending: list[tuple[Path, str, str]] = []  # folder, relative folder, cache key
    for folder in folders:
        relative = folder.relative_to(settings.data_dir).as_posix()
        files = check_programme_folder(folder, f"data/{relative}")
        key = digest_of("programme-graph", context, relative, files_digest(files, settings.data_dir))
        entry = cache.get("programme-graph", key, _cached_entry)
        if entry is not None:
            entries[relative] = entry
        else:
            pending.append((folder, relative, key))
    taken = {str(g.identifier) for g in ds.graphs() if len(g)}
    for folder in folders:  # a folder named like a hand-written programme would replace its graph
        relative = folder.relative_to(settings.data_dir).as_posix()
        iri = graph_iri_for(relative, settings.base_iri)
        if iri in taken:
            raise ProgrammeFileError(f"data/{relative}", [
                f"l'identifiant « {folder.name} » (nom du dossier) nomme déjà le graphe <{iri}> de "
                f"{source_file_for(iri, settings.base_iri)} — attendu : un identifiant qu'aucun autre programme n'a"])
    read: list[str] = []
    if pending:
        catalogue = _catalogue(ds, settings, {graph_iri_for(f.relative_to(settings.data_dir).as_posix(),
                                                            settings.base_iri) for f in folders})
        faults: list[ProgrammeFileError] = []
        for (folder, relative, key), entry in zip(pending, _read_all(pending, catalogue, settings), strict=True):
            if entry is None:  # it failed: read it again here, to get its located problems
                try:
                    entry = _read(folder, relative, catalogue, settings)
                except ProgrammeFileError as fault:
                    faults.append(fault)
                    continue
            cache.put("programme-graph", key, {k: v for k, v in entry.items() if k != "parsed"})
            entries[relative] = entry
            read.append(relative)
        if len(faults) == 1:
            raise faults[0]
        if faults:  # every faulty programme at once, each with its located problems
            raise ProgrammeFileError("data/programmes", [str(fault) for fault in faults])
    found: list[ImportedProgramme] = []
    for folder in folders:
        relative = folder.relative_to(settings.data_dir).as_posix()
        entry = entries[relative]
        iri = graph_iri_for(relative, settings.base_iri)
        lines = GraphLines(iri, tuple(entry["lines"]), entry["digest"], entry["turtle"], entry.get("parsed"))
        found.append(ImportedProgramme(relative, entry["key"], lines, entry["sssom"]))
    return found, read


def _read_all(pending: list[tuple[Path, str, str]], catalogue, settings: Settings) -> list[dict | None]:
    """:func:`_read` of each pending folder, in order, over forked processes (:func:`~.workers.forked_map`).
    A programme that fails gives None (its error, which carries every located problem, is raised again by
    the caller in the build's process)."""

    def read(item: tuple[Path, str, str]) -> dict | None:
        folder, relative, _ = item
        entry = _read_or_none(folder, relative, catalogue, settings)
        if entry is not None and multiprocessing.parent_process() is not None:
            entry.pop("parsed", None)  # an rdflib graph is not worth pickling: the lines are parsed where needed
        return entry

    return forked_map(read, pending, what="de lecture des programmes")


def _read_or_none(folder: Path, relative: str, catalogue, settings: Settings) -> dict | None:
    """:func:`_read`, or None for a programme with problems (read again by the caller, which reports them
    all at once)."""
    try:
        return _read(folder, relative, catalogue, settings)
    except ProgrammeFileError:
        return None


def _cached_entry(value: dict) -> dict:
    """A programme-graph cache entry as :func:`_read` makes it (without ``parsed``); raises KeyError or
    TypeError for a value of another shape (:meth:`~.buildcache.BuildCache.get` then reads it as a miss)."""
    texts_of(value["lines"])
    for name in ("key", "digest", "sssom"):
        text_of(value[name])
    if value["turtle"] is not None:
        text_of(value["turtle"])
    return value


def _catalogue(ds: Dataset, settings: Settings, imported: set[str]):
    """The catalogue a programme is checked against: frameworks, professions, hand-written programmes."""
    from .programmes.catalogue import Catalogue

    known = Graph()
    for g in ds.graphs():
        name = str(g.identifier)
        if name in imported:
            continue
        if "/graph/referentiel/" in name or name.endswith("/graph/professions") or "/graph/programmes/" in name:
            known += g
    return Catalogue.from_graph(known, settings.base_iri)


def _read(folder: Path, relative: str, catalogue, settings: Settings) -> dict:
    """Read, check and convert one programme folder: the cache entry (key, lines, digest, SSSOM TSV)."""
    from .programmes.reader import read_programme
    from .programmes.to_rdf import programme_to_rdf
    from .programmes.to_sssom import programme_sssom_tsv

    source = read_programme(folder, catalogue, expected_key=folder.name, display=f"data/{relative}")
    graph = programme_to_rdf(source, settings.base_iri, display=f"data/{relative}")
    lines = GraphLines.of_graph(graph_iri_for(relative, settings.base_iri), graph, with_turtle=True)
    return {"key": source.key, "lines": list(lines.lines), "digest": lines.digest, "turtle": lines.turtle,
            "sssom": programme_sssom_tsv(source, settings.base_iri), "parsed": lines.parsed}
