"""Write the release artefacts of a build into ``dist/``, atomically.

Everything is written into a fresh sibling folder first; only when every file is written is
it swapped in place of ``dist/``. A failed build therefore leaves the last good ``dist/``.
The file names are those of :mod:`.layout`; the entries of ``dist/`` the release does not own
(``reports/``, :data:`.layout.KEPT_ACROSS_BUILDS`) are carried over into the new folder.
The dataset files (N-Quads, TriG, per-graph Turtle) are byte-identical from run to run:
quads are sorted, blank nodes are canonically relabelled, gzip carries no timestamp.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from .buildcache import text_of, texts_of
from .graphs import sorted_graph, turtle, turtle_of_lines  # turtle re-exported: release.turtle keeps working
from .jsonld import compact_jsonld, context_document, jsonld_context
from .layout import (
    BUILD_INFO,
    CHECKSUMS,
    CONTEXT_FILE,
    KEPT_ACROSS_BUILDS,
    MAPPINGS_DIR,
    NQUADS,
    NQUADS_GZ,
    ONTOLOGY_DIR,
    TRIG,
    VOID_FILE,
    graph_file_name,
    is_release_file,
)
from .namespaces import PREFIXES
from .programme_graphs import GraphLines, graph_nquads  # graph_nquads re-exported

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


@dataclass(frozen=True)
class ReleaseInfo:
    """What a release says about itself (also written as build-info.json)."""

    version: str
    build_date: str
    base_iri: str
    source_digest: str
    graphs: dict[str, int]


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes relabelled canonically (deterministic across runs)."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    return to_canonical_graph(graph)


def sorted_nquads(graphs: Mapping[str, Graph | GraphLines], *, cache=None,
                  digests: dict[str, str] | None = None) -> str:
    """All quads as N-Quads, one per line, sorted.

    With a :class:`~.buildcache.BuildCache` and the graphs' digests, a graph whose digest is cached
    is not serialised again (its lines come from the cache); a graph held as
    :class:`~.programme_graphs.GraphLines` gives its lines as they are."""
    lines: list[str] = []
    for iri, g in graphs.items():
        if isinstance(g, GraphLines):
            lines.extend(g.lines)
            continue
        key = _writer_key("nquads", iri, digests)
        cached = cache.get("nquads", key, texts_of) if key and cache else None
        if cached is None:
            cached = graph_nquads(iri, g)
            if key and cache:
                cache.put("nquads", key, cached)
        lines.extend(cached)
    lines.sort()
    return "\n".join(lines) + "\n"


GZIP_LEVEL = 6
"""zlib level of ``sens-graph.nq.gz``: that of the ``gzip`` command. Level 9 made a file 18 % smaller at the
national scale (5.4 vs 6.6 MB for 280 MB of N-Quads) in four times the time (5.2 vs 1.3 s)."""


def compress_nquads(nquads: str) -> bytes:
    """``sens-graph.nq.gz``: the N-Quads text (UTF-8) gzipped at :data:`GZIP_LEVEL` (RFC 1952: no file name,
    no timestamp, operating system "Unix", so the same text gives the same bytes whatever the Python
    version), encoded a chunk at a time (the text is ~2.8 GB at 10^7 quads). zlib lets other threads run
    meanwhile."""
    deflate = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, zlib.DEF_MEM_LEVEL, 0)
    parts = [b"\x1f\x8b\x08\x00" + (0).to_bytes(4, "little") + b"\x00\x03"]  # deflate, no flags, mtime 0, Unix
    crc = size = 0
    for chunk in _text_chunks(nquads):
        data = chunk.encode("utf-8")
        crc, size = zlib.crc32(data, crc), size + len(data)
        parts.append(deflate.compress(data))
    parts.append(deflate.flush())
    parts.append(crc.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little"))
    return b"".join(parts)


def _text_chunks(text: str, size: int = 1 << 24) -> Iterator[str]:
    """``text`` in slices of ``size`` characters (to encode or write a large text without a copy of it whole)."""
    for start in range(0, len(text), size):
        yield text[start:start + size]


def _writer_key(kind: str, iri: str, digests: dict[str, str] | None, *extra: str) -> str | None:
    """The cache key of one graph's serialisation, or None without its digest."""
    if not digests or iri not in digests:
        return None
    from .buildcache import digest_of

    return digest_of(kind, iri, digests[iri], *extra)


def cached_turtle(iri: str, g: Graph | GraphLines, base_iri: str, *, cache=None,
                  digests: dict[str, str] | None = None) -> str:
    """:func:`turtle` of one named graph, from the build cache when its digest is there; a graph held as
    lines (:class:`~.programme_graphs.GraphLines`: the imported programmes and their parts of the coverage
    graph) is written from its lines by :func:`~.graphs.turtle_of_lines`."""
    writer = "turtle_of_lines" if isinstance(g, GraphLines) else "rdflib"
    key = _writer_key("turtle", iri, digests, base_iri, repr(sorted(PREFIXES.items())), writer)
    text = cache.get("turtle", key, text_of) if key and cache else None
    if text is None and isinstance(g, GraphLines) and g.turtle is not None:
        text = g.turtle  # made when the programme was read (programme_graphs), with the same writer
    if text is None:
        text = turtle_of_lines(g.lines) if isinstance(g, GraphLines) else turtle(g, base_iri)
        if key and cache:
            cache.put("turtle", key, text)
    return text


def _prefixes_and_statements(text: str) -> tuple[list[str], str]:
    """A Turtle document's ``@prefix`` lines, and the rest of it (its statements), stripped."""
    lines = text.split("\n")  # not splitlines(): a literal may hold U+2028 or U+0085
    prefixes = [ln for ln in lines if ln.startswith("@prefix")]
    return prefixes, "\n".join(ln for ln in lines if not ln.startswith("@prefix")).strip()


def concatenated_turtle(texts: Iterable[str]) -> str:
    """One Turtle document from several (the parts of one graph computed apart, with no subject in two of
    them): their ``@prefix`` lines once each, sorted, then each document's statements in the given order."""
    prefix_lines: set[str] = set()
    bodies = []
    for text in texts:
        prefixes, statements = _prefixes_and_statements(text)
        prefix_lines.update(prefixes)
        if statements:
            bodies.append(statements)
    return "\n".join(sorted(prefix_lines)) + "\n\n" + "\n\n".join(bodies) + "\n"


def trig(turtles: dict[str, str]) -> str:
    """TriG of all named graphs from their Turtle serializations, graphs in IRI order."""
    prefix_lines: set[str] = set()
    blocks = []
    for iri in sorted(turtles):
        prefixes, statements = _prefixes_and_statements(turtles[iri])
        prefix_lines.update(prefixes)
        indented = "\n".join(("    " + ln) if ln else ln for ln in statements.split("\n"))
        blocks.append(f"<{iri}> {{\n{indented}\n}}")
    return "\n".join(sorted(prefix_lines)) + "\n\n" + "\n\n".join(blocks) + "\n"


def void_description(info: ReleaseInfo, files: Iterable[Path], root: Path,
                     graphs: Mapping[str, Graph | GraphLines] | None = None, *, nquads: str | None = None,
                     checksums: Mapping[Path, str] | None = None) -> Graph:
    """VoID + DCAT-AP 3 description of the release (see :mod:`sens_graph.catalog`); ``nquads``: the
    release's sorted N-Quads, from which the class and property partitions are counted; ``checksums``: the
    files' hex SHA-256, when known."""
    from .catalog import void_description as describe

    return describe(info, files, root, graphs, nquads=nquads, checksums=checksums)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (a text as UTF-8, encoded a chunk at a time: the N-Quads are gigabytes at 10^7) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
        return path
    with path.open("wb") as fh:
        for chunk in _text_chunks(data):
            fh.write(chunk.encode("utf-8"))
    return path


def write_release(
    dist_dir: Path,
    graphs: Mapping[str, Graph | GraphLines],
    ontology_files: dict[str, Graph],
    mapping_files: Iterable[Path],
    info: ReleaseInfo,
    writers: Mapping[str, Callable[[Path], object]] | None = None,
    *,
    cache=None,
    digests: dict[str, str] | None = None,
    nquads: str | None = None,
    nquads_gz: Future[bytes] | None = None,
) -> list[Path]:
    """Write every artefact into a new folder, then swap it in place of ``dist_dir``.

    ``writers`` maps a relative file name to a function that writes that file (given its path in
    the staging folder): artefacts made by other modules (the search index), written before the
    description and the checksums so that these list them.

    ``cache`` (a :class:`~.buildcache.BuildCache`) and ``digests`` (graph IRI →
    :func:`~.buildcache.graph_digest` of the canonicalised graph) let unchanged graphs reuse their
    N-Quads and Turtle from an earlier build: the bytes are those the writers gave then. ``nquads``:
    the :func:`sorted_nquads` of ``graphs`` when the caller has made it already, and ``nquads_gz`` its
    :func:`compress_nquads` when the caller started it already (in a thread, beside its other work).

    A graph may be held as :class:`~.programme_graphs.GraphLines` (the imported programmes of a
    build): its lines are written as they are and its Turtle comes from the cache when it is there.

    Returns the files the release wrote (the entries it carried over, such as ``reports/``, excepted).
    """
    # graphs that come with their digests were canonicalised by the build already
    graphs = {iri: g if isinstance(g, GraphLines) or (digests and iri in digests) else canonical(g)
              for iri, g in sorted(graphs.items())}
    staging = dist_dir.with_name(f".{dist_dir.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    _remove_abandoned_staging(dist_dir)
    staging.mkdir(parents=True)
    try:
        nq = nquads if nquads is not None else sorted_nquads(graphs, cache=cache, digests=digests)
        _write(staging / NQUADS, nq)
        with ThreadPoolExecutor(max_workers=1) as background:  # zlib releases the GIL: gzip beside the Turtle
            compressed = nquads_gz if nquads_gz is not None else background.submit(compress_nquads, nq)
            turtles = {iri: cached_turtle(iri, g, info.base_iri, cache=cache, digests=digests)
                       for iri, g in graphs.items()}
            _write(staging / NQUADS_GZ, compressed.result())
        _write(staging / TRIG, trig(turtles))
        for iri, text in turtles.items():
            _write(staging / graph_file_name(iri, info.base_iri), text)
        for name, g in ontology_files.items():
            g = canonical(g)
            stem = staging / ONTOLOGY_DIR / name
            _write(stem.with_suffix(".ttl"), turtle(g, info.base_iri))
            if name == "sens":
                _write(stem.with_suffix(".owl"), sorted_graph(g).serialize(format="xml"))
                context = jsonld_context(g, info.base_iri)
                _write(stem.with_suffix(".jsonld"), compact_jsonld(g, context))
                _write(staging / CONTEXT_FILE, context_document(g, info.base_iri))
        for path in mapping_files:
            _write(staging / MAPPINGS_DIR / path.name, path.read_bytes())
        for rel, writer in sorted((writers or {}).items()):
            writer(staging / rel)
        _write(staging / BUILD_INFO, json.dumps(info.__dict__, indent=2, ensure_ascii=False) + "\n")
        artefacts = sorted(p for p in staging.rglob("*") if p.is_file())
        checksums = {p: sha256_file(p) for p in artefacts}  # once, for the VoID and SHA256SUMS
        _write(staging / VOID_FILE, turtle(void_description(info, artefacts, staging, graphs, nquads=nq,
                                                            checksums=checksums), info.base_iri))
        artefacts = sorted(p for p in staging.rglob("*") if p.is_file())
        sums = "".join(f"{checksums.get(p) or sha256_file(p)}  {p.relative_to(staging).as_posix()}\n"
                       for p in artefacts)
        _write(staging / CHECKSUMS, sums)
        _swap_in(staging, dist_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in dist_dir.rglob("*")
                  if p.is_file() and is_release_file(p.relative_to(dist_dir).as_posix()))


def _remove_abandoned_staging(dist_dir: Path) -> None:
    """Delete the staging folders (``.dist.partial-<pid>``) of builds that were killed while writing: those
    whose process no longer runs (a running build's folder is left alone)."""
    for folder in dist_dir.parent.glob(f".{dist_dir.name}.partial-*"):
        pid = folder.name.rsplit("-", 1)[1]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # another user's running process
            continue


def _swap_in(staging: Path, dist_dir: Path) -> None:
    """Replace ``dist_dir`` by ``staging`` with two renames, carry the entries the release does not
    own (:data:`~.layout.KEPT_ACROSS_BUILDS`) over from the old folder, and remove the old folder last.

    The kept entries move by rename (same file system), so they are never copied or rewritten."""
    previous = dist_dir.with_name(f".{dist_dir.name}.previous-{os.getpid()}")
    if dist_dir.exists():
        os.replace(dist_dir, previous)
    os.replace(staging, dist_dir)
    for name in KEPT_ACROSS_BUILDS:
        if (previous / name).exists() and not (dist_dir / name).exists():
            os.replace(previous / name, dist_dir / name)
    shutil.rmtree(previous, ignore_errors=True)
