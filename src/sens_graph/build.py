"""The build: sources → graph → validation → reasoning → release (``dist/``).

``build(settings)`` is the one entry point; each step lives in its own module:
:mod:`.sources` (load), :mod:`.derive` (computed graphs), :mod:`.validation` (SHACL + QC),
:mod:`.reasoning` (HermiT), :mod:`.release` (atomic write of ``dist/``).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rich.console import Console

from .buildcache import BuildCache, digest_of, flag_of, graph_digest
from .config import Settings
from .coverage import coverage_graph_iri
from .derive import add_derived_graphs
from .exports import export_files
from .memstore import to_oxigraph
from .programme_graphs import GraphLines, ImportedProgramme, graph_nquads, load_imported_programmes
from .programme_rows import release_rows
from .reasoning import ReasoningResult, adds_terminology, check_consistency
from .release import (
    ReleaseInfo,
    cached_turtle,
    canonical,
    compress_nquads,
    concatenated_turtle,
    sorted_nquads,
    write_release,
)
from .release_info import (  # the staleness helpers, re-exported where they used to live
    build_date,
    input_files,
    is_stale,
    read_build_info,
    source_digest,
)
from .search import SEARCH_INDEX, write_search_index
from .sources import core_digest, data_files, load_core_dataset, load_ontology, parse_turtle
from .validation import triple_file, validate_by_unit
from .version import __version__


@dataclass
class BuildResult:
    """What a successful build produced and how long each step took."""

    dist_dir: Path
    graphs: dict[str, int]
    triples: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    reasoning: ReasoningResult | None = None
    validated: list[str] = field(default_factory=list)
    """Validation units checked by this build (``"core"`` or a programme graph IRI), not taken from the cache."""
    validation_cached: list[str] = field(default_factory=list)
    """Validation units whose findings came from the build cache (their inputs had not changed)."""
    reasoned: list[str] | None = None
    """Graphs HermiT read in this build; ``[]`` when its result came from the cache, None without HermiT."""
    programmes_read: list[str] = field(default_factory=list)
    """Imported programme folders (``programmes/<key>``) read and checked by this build; the others'
    graphs came from the build cache (:mod:`.programme_graphs`)."""


class _Steps:
    """Prints each step with its duration (rich) and records the timings."""

    def __init__(self, console: Console | None) -> None:
        self.console = console
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        if self.console is not None:
            with self.console.status(f"{name}…"):
                yield
        else:
            yield
        self.timings[name] = round(time.perf_counter() - start, 3)
        if self.console is not None:
            self.console.print(f"[green]✓[/] {name} [dim]({self.timings[name]:.2f} s)[/]")


def build(settings: Settings, *, console: Console | None = None, reason: bool = True,
          on_step: Callable[[str], None] | None = None, use_cache: bool = True) -> BuildResult:
    """Load, derive, validate, reason, and write dist/; raise (leaving dist/ as it was) on failure.

    Validation (per programme graph), HermiT and the serialisation of each named graph reuse the
    results of earlier builds whose inputs are byte for byte the same (:mod:`.buildcache`, in
    ``var/cache/build/``); ``use_cache=False`` computes everything and stores nothing. The output is
    the same either way."""
    started = time.perf_counter()
    steps = _Steps(console)
    cache = BuildCache.for_project(settings.project_dir) if use_cache else BuildCache(None)
    with steps.step("load ontology and data"):
        ds = load_core_dataset(settings)
        programmes, read = load_imported_programmes(ds, settings, cache, [f.path for f in data_files(settings)])
        lines = {p.graph.iri: p.graph for p in programmes}
    with steps.step("compute derived graphs"):
        keys = {p.key: p.graph.iri for p in programmes}
        coverage_parts = add_derived_graphs(ds, settings, lines, keys=keys, cache=cache)
        digests = canonicalise(ds) | {iri: g.digest for iri, g in lines.items()}
        coverage_iri = str(coverage_graph_iri(settings))
    with steps.step("validate (SHACL + QC)"):
        checked = validate_by_unit(ds, settings, programme_iris=set(lines), cache=cache, digests=digests,
                                   programme_graphs=lines, programme_keys=keys,
                                   derived_parts={coverage_iri: coverage_parts})
        checked.report.raise_for_violations()
    reasoning = reasoned = None
    if reason:
        with steps.step("check OWL consistency (HermiT)"):
            reasoning, reasoned = consistency(ds, settings, lines, digests, cache)
    stamp = build_date()
    with ThreadPoolExecutor(max_workers=1) as background:  # gzips the N-Quads beside the exports and writing
        with steps.step("standard exports (CASE, CTDL-ASN, Moodle)"):
            graphs: dict[str, Graph | GraphLines] = {str(g.identifier): g for g in ds.graphs() if len(g)}
            if coverage_parts:  # the whole coverage graph: its core part and every programme's part
                graphs[coverage_iri] = whole_coverage_graph(coverage_iri, graphs[coverage_iri], coverage_parts,
                                                            settings.base_iri, cache, digests)
                digests[coverage_iri] = graphs[coverage_iri].digest
            graphs = dict(sorted({**graphs, **lines}.items()))
            nquads = sorted_nquads(graphs, cache=cache, digests=digests)  # the N-Quads of dist/, made once
            nquads_gz = background.submit(compress_nquads, nquads)  # beside the exports (zlib lets them run)
            core_store = to_oxigraph(ds)  # the imported programmes' rows are computed apart (programme_rows)
            rows = release_rows(core_store, settings, lines, cache, core_digest(settings))
            exports = export_files(core_store, settings.queries_dir / "exports", base_iri=settings.base_iri,
                                   build_date=stamp, version=__version__, mappings=rows.mappings)
        with steps.step("write dist/"):
            ontology_files = {
                "sens": load_ontology(settings),
                "sens-core": parse_turtle(settings.ontology_dir / "sens.ttl"),
                "sens-align": parse_turtle(settings.ontology_dir / "sens-align.ttl"),
            }
            info = ReleaseInfo(
                version=__version__,
                build_date=stamp,
                base_iri=settings.base_iri,
                source_digest=source_digest(settings),
                graphs={iri: len(g) for iri, g in sorted(graphs.items())},
            )
            mapping_files = [f.path for f in data_files(settings) if f.relative.endswith(".sssom.tsv")]
            digest = info.source_digest
            writers = {SEARCH_INDEX: lambda path: write_search_index(rows.search, path, source_digest=digest)}
            writers.update({rel: export_writer(text) for rel, text in exports.items()})
            with tempfile.TemporaryDirectory(prefix="sens-graph-programmes-") as generated:
                mapping_files += programme_mapping_files(Path(generated), programmes)
                write_release(settings.dist_dir, graphs, ontology_files, mapping_files, info, writers=writers,
                              cache=cache, digests=digests, nquads=nquads, nquads_gz=nquads_gz)
    return BuildResult(
        dist_dir=settings.dist_dir,
        graphs=info.graphs,
        triples=sum(info.graphs.values()),
        seconds=time.perf_counter() - started,
        timings=steps.timings,
        reasoning=reasoning,
        validated=checked.validated,
        validation_cached=checked.cached,
        reasoned=reasoned,
        programmes_read=read,
    )


def whole_coverage_graph(iri: str, core_part: Graph, parts: dict[str, GraphLines], base_iri: str,
                         cache: BuildCache, digests: dict[str, str]) -> GraphLines:
    """The derived coverage graph as the release writes it: the lines of its core part (``core_part``, whose
    digest is ``digests[iri]``) and of each imported programme's part (``parts``: programme graph IRI →
    lines) merged in order, with its Turtle made of each part's Turtle (:func:`~.release.concatenated_turtle`;
    each from the build cache when that part did not change), so that a changed programme serialises its own
    part only (the whole graph's Turtle took ~10 s at 10^6)."""
    merged = GraphLines.merged(iri, [sorted(graph_nquads(iri, core_part)), *(part.lines for part in parts.values())])
    texts = [cached_turtle(iri, core_part, base_iri, cache=cache, digests=digests)]
    for programme, part in parts.items():
        name = f"{iri}#{programme}"
        texts.append(cached_turtle(name, part, base_iri, cache=cache, digests={name: part.digest}))
    return replace(merged, turtle=concatenated_turtle(texts))


def canonicalise(ds: Dataset) -> dict[str, str]:
    """Relabel the blank nodes of each graph of ``ds`` canonically, in place; return each non-empty
    graph's :func:`~.buildcache.graph_digest` (graph IRI → hex), stable from run to run."""
    digests = {}
    for g in list(ds.graphs()):
        if not len(g):
            continue
        if any(isinstance(t, BNode) for triple in g for t in triple):
            triples = list(canonical(g))
            ds.remove_graph(g)
            g = ds.graph(g.identifier)
            g.addN((s, p, o, g) for s, p, o in triples)
        digests[str(g.identifier)] = graph_digest(g)
    return digests


def consistency(ds: Dataset, settings: Settings, programmes: dict[str, GraphLines], digests: dict[str, str],
                cache: BuildCache) -> tuple[ReasoningResult, list[str]]:
    """HermiT on the ontology and every graph of ``ds`` (all but the imported programmes), cached by
    their digests.

    An imported programme (``programmes``: graph IRI → its lines) adds individuals only (its coverage
    axioms are annotations): it is added to HermiT's input only if
    :func:`~.reasoning.terminology_triples` finds a class or property axiom in it (looked for once
    per programme content, cached); its individuals are checked against the ontology's disjointness
    axioms with the programme's validation unit (:func:`~.reasoning.disjointness_clashes`), and so are their
    parts of the derived coverage graph, which ``ds`` does not hold
    (:func:`~.coverage.add_coverage_by_programme`), so that a changed programme does not run HermiT again.
    Returns HermiT's result and the graphs it read in this build (``[]`` when the result came from
    the cache). Raises like :func:`~.reasoning.check_consistency`; a failure is never cached."""
    graphs: dict[str, Graph] = {str(g.identifier): g for g in ds.graphs() if len(g)}
    for iri, lines in programmes.items():
        key = digest_of("terminology", lines.digest)
        adds_terms = cache.get("terminology", key, flag_of)
        if adds_terms is None:
            adds_terms = adds_terminology(lines.lines)
            cache.put("terminology", key, adds_terms)
        if adds_terms:
            graphs[iri] = lines.graph()
    read = sorted(graphs)
    key = digest_of("hermit", *[f"{iri} {digests[iri]}" for iri in read])
    cached = cache.get("reasoning", key, lambda value: ReasoningResult(**value))
    if cached is not None:
        return cached, []
    merged = Graph()
    for iri in read:
        merged += graphs[iri]
    located = Dataset()
    for iri in read:
        target = located.graph(URIRef(iri))
        target.addN((s, p, o, target) for s, p, o in graphs[iri])
    result = check_consistency(merged, locate=lambda triple: triple_file(located, settings, triple))
    cache.put("reasoning", key, result.__dict__)
    return result, read


def export_writer(text: str) -> Callable[[Path], None]:
    """A release writer that writes ``text`` (UTF-8) to the path it is given, creating its folder."""

    def write(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return write


def programme_mapping_files(folder: Path, programmes: list[ImportedProgramme]) -> list[Path]:
    """Write each imported programme's coverage as ``programme-<key>.sssom.tsv`` into ``folder``; returns
    the paths (the texts come with the programmes, from :mod:`.programme_graphs`)."""
    from .programmes.to_sssom import set_name

    paths = []
    for programme in programmes:
        path = folder / f"{set_name(programme.key)}.sssom.tsv"
        path.write_text(programme.sssom, encoding="utf-8")
        paths.append(path)
    return paths


def union_of(graphs: dict[str, Graph]) -> Graph:
    """Helper for callers that need one graph of a release's named graphs."""
    g = Graph()
    for part in graphs.values():
        g += part
    return g


__all__ = ["BuildResult", "build", "build_date", "input_files", "is_stale", "read_build_info", "source_digest"]
