"""The build: sources → graph → validation → reasoning → release (``dist/``).

``build(settings)`` is the one entry point; each step lives in its own module:
:mod:`.sources` (load), :mod:`.derive` (computed graphs), :mod:`.validation` (SHACL + QC),
:mod:`.reasoning` (HermiT), :mod:`.release` (atomic write of ``dist/``).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rich.console import Console

from .config import Settings
from .derive import add_derived_graphs
from .exports import export_files
from .graphs import union_graph
from .memstore import to_oxigraph
from .reasoning import ReasoningResult, check_consistency
from .release import ReleaseInfo, write_release
from .release_info import (  # the staleness helpers, re-exported where they used to live
    build_date,
    input_files,
    is_stale,
    read_build_info,
    source_digest,
)
from .search import SEARCH_INDEX, index_rows, write_search_index
from .sources import data_files, load_dataset, load_ontology, parse_turtle
from .validation import triple_file, validate_dataset
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
          on_step: Callable[[str], None] | None = None) -> BuildResult:
    """Load, derive, validate, reason, and write dist/; raise (leaving dist/ as it was) on failure."""
    started = time.perf_counter()
    steps = _Steps(console)
    with steps.step("load ontology and data"):
        ds = load_dataset(settings)
    with steps.step("compute derived graphs"):
        add_derived_graphs(ds, settings)
    with steps.step("validate (SHACL + QC)"):
        report = validate_dataset(ds, settings)
        report.raise_for_violations()
    reasoning = None
    if reason:
        with steps.step("check OWL consistency (HermiT)"):
            reasoning = check_consistency(union_graph(ds), locate=lambda triple: triple_file(ds, settings, triple))
    stamp = build_date()
    with steps.step("standard exports (CASE, CTDL-ASN, Moodle)"):
        graph_store = to_oxigraph(ds)
        exports = export_files(graph_store, settings.queries_dir / "exports", base_iri=settings.base_iri,
                               build_date=stamp, version=__version__)
    with steps.step("write dist/"):
        graphs = {str(g.identifier): g for g in ds.graphs() if len(g)}
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
        search_rows = index_rows(graph_store, settings.queries_dir, base_iri=settings.base_iri)
        writers = {SEARCH_INDEX: lambda path: write_search_index(search_rows, path, source_digest=info.source_digest)}
        writers.update({rel: export_writer(text) for rel, text in exports.items()})
        with tempfile.TemporaryDirectory(prefix="sens-graph-programmes-") as generated:
            mapping_files += programme_mapping_files(ds, settings, Path(generated))
            write_release(settings.dist_dir, graphs, ontology_files, mapping_files, info, writers=writers)
    return BuildResult(
        dist_dir=settings.dist_dir,
        graphs=info.graphs,
        triples=sum(info.graphs.values()),
        seconds=time.perf_counter() - started,
        timings=steps.timings,
        reasoning=reasoning,
    )


def export_writer(text: str) -> Callable[[Path], None]:
    """A release writer that writes ``text`` (UTF-8) to the path it is given, creating its folder."""

    def write(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return write


def programme_mapping_files(ds, settings: Settings, folder: Path) -> list[Path]:
    """Write each imported programme's coverage as ``programme-<key>.sssom.tsv`` into ``folder``."""
    from .programmes.to_sssom import programme_sssom_tsv, set_name
    from .sources import programme_sources

    paths = []
    for _, source in programme_sources(ds, settings):
        path = folder / f"{set_name(source.key)}.sssom.tsv"
        path.write_text(programme_sssom_tsv(source, settings.base_iri), encoding="utf-8")
        paths.append(path)
    return paths


def union_of(graphs: dict[str, Graph]) -> Graph:
    """Helper for callers that need one graph of a release's named graphs."""
    g = Graph()
    for part in graphs.values():
        g += part
    return g


__all__ = ["BuildResult", "build", "build_date", "input_files", "is_stale", "read_build_info", "source_digest"]
