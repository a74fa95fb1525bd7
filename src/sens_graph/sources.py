"""Load the hand-edited sources (ontology/, data/) into one RDF dataset of named graphs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from .buildcache import digest_of, files_digest
from .config import Settings
from .iri import graph_iri_for, rebase
from .namespaces import DEFAULT_BASE_IRI
from .sssom import mapping_set_to_rdf, read_sssom_tsv
from .turtle import parse_turtle  # re-exported: sources.parse_turtle keeps working

ONTOLOGY_FILES = ("sens.ttl", "sens-align.ttl")


@dataclass(frozen=True)
class SourceFile:
    """One hand-edited file and the named graph it fills."""

    path: Path
    relative: str
    graph_iri: str


def data_files(settings: Settings) -> list[SourceFile]:
    """Every data file (Turtle and SSSOM TSV), in a stable order; none of an imported programme's folder
    (``data/programmes/<key>/``: CSV files only, read by :func:`programme_sources`, which refuses any other)."""
    files: list[SourceFile] = []
    for path in sorted(settings.data_dir.rglob("*")):
        rel = path.relative_to(settings.data_dir).as_posix()
        if rel.startswith("programmes/") and rel.count("/") > 1:
            continue
        if path.suffix == ".ttl" or rel.endswith(".sssom.tsv"):
            files.append(SourceFile(path, rel, graph_iri_for(rel, settings.base_iri)))
    return files


def ontology_graph_iri(settings: Settings) -> str:
    return f"{settings.base_iri}graph/ontology"


def load_ontology(settings: Settings) -> Graph:
    """The ontology and its alignment module as one graph."""
    g = Graph()
    for name in ONTOLOGY_FILES:
        path = settings.ontology_dir / name
        g += parse_turtle(path, f"ontology/{name}")
    return g


def _rebased(g: Graph, base: str) -> Graph:
    if base == DEFAULT_BASE_IRI:
        return g
    out = Graph()
    for s, p, o in g:
        out.add(tuple(URIRef(rebase(str(t), base)) if isinstance(t, URIRef) else t for t in (s, p, o)))
    return out


def load_dataset(settings: Settings, *, include_ontology: bool = True) -> Dataset:
    """All named graphs: the ontology, one per data file, one per SSSOM mapping set, one per imported
    programme (``data/programmes/<key>/``)."""
    ds = load_core_dataset(settings, include_ontology=include_ontology)
    _load_programmes(ds, settings)
    return ds


def load_core_dataset(settings: Settings, *, include_ontology: bool = True) -> Dataset:
    """The ontology and one named graph per data file (Turtle, SSSOM mapping set): every source but the
    imported programmes, which the build reads through :mod:`.programme_graphs`."""
    ds = Dataset()
    if include_ontology:
        ont = ds.graph(URIRef(ontology_graph_iri(settings)))
        for triple in load_ontology(settings):
            ont.add(triple)
    for source in data_files(settings):
        if source.relative.endswith(".sssom.tsv"):
            set_name = Path(source.relative).name.removesuffix(".sssom.tsv")
            g = mapping_set_to_rdf(read_sssom_tsv(source.path), set_name, DEFAULT_BASE_IRI)
        else:
            g = parse_turtle(source.path, f"data/{source.relative}")
        target = ds.graph(URIRef(source.graph_iri))
        for triple in _rebased(g, settings.base_iri):
            target.add(triple)
    return ds


def programme_sources(ds: Dataset, settings: Settings) -> list:
    """Every imported programme (``data/programmes/<key>/*.csv``), checked like an import against the
    frameworks, professions and programmes already in ``ds``: a list of ``(relative path, ProgrammeSource)``.
    Raises :class:`~sens_graph.errors.ProgrammeFileError` naming the folder, sheet, row and column."""
    from .programmes.catalogue import Catalogue
    from .programmes.folders import check_programme_folder, check_programmes_root, stored_programme_folders
    from .programmes.reader import read_programme

    check_programmes_root(settings)
    folders = stored_programme_folders(settings)
    if not folders:
        return []
    for folder in folders:
        check_programme_folder(folder, f"data/{folder.relative_to(settings.data_dir).as_posix()}")
    imported = {graph_iri_for(f.relative_to(settings.data_dir).as_posix(), settings.base_iri) for f in folders}
    known = Graph()
    for g in ds.graphs():
        name = str(g.identifier)
        if name in imported:  # already loaded (the build asks again when it writes dist/)
            continue
        if "/graph/referentiel/" in name or name.endswith("/graph/professions") or "/graph/programmes/" in name:
            known += g
    catalogue = Catalogue.from_graph(known, settings.base_iri)
    found = []
    for folder in folders:
        relative = folder.relative_to(settings.data_dir).as_posix()
        found.append((relative, read_programme(folder, catalogue, expected_key=folder.name,
                                               display=f"data/{relative}")))
    return found


def _load_programmes(ds: Dataset, settings: Settings) -> list:
    """One named graph per imported programme (see :func:`programme_sources`); returns the sources."""
    from .programmes.to_rdf import programme_to_rdf

    sources = programme_sources(ds, settings)
    for relative, source in sources:
        target = ds.graph(URIRef(graph_iri_for(relative, settings.base_iri)))
        target += programme_to_rdf(source, settings.base_iri, display=f"data/{relative}")
    return sources


def core_digest(settings: Settings) -> str:
    """What the core graphs of a build are made from, as one hash (hex): the ontology's files and the data
    files (:func:`data_files`: not the imported programmes), their names and bytes, and the base IRI. The
    build cache keys what it computes from the core graphs with it (their N-Quads would not do: blank node
    labels vary from run to run)."""
    ontology = sorted(p for p in settings.ontology_dir.glob("*") if p.is_file())
    return digest_of("core-graphs", settings.base_iri, files_digest(ontology, settings.ontology_dir),
                     files_digest(sorted(f.path for f in data_files(settings)), settings.data_dir))
