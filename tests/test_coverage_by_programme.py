"""The derived coverage graph computed per imported programme (issue 13) is the one computed whole.

The build keeps each imported programme's part of ``graph/derived/coverage`` as lines, computed from
the core graphs and that programme alone and cached by their content
(:func:`sens_graph.coverage.add_coverage_by_programme`): a change of one programme computes its part
again and nothing else. Here the real project holds two imported programmes (``etu-e-sante`` and a
copy under another identifier); the union of the parts and the core part must be, triple for triple,
what :func:`sens_graph.coverage.add_coverage_graph` computes from every graph at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from test_build_workers import SECOND, project_with_two_programmes

from sens_graph.buildcache import BuildCache, graph_digest
from sens_graph.coverage import add_coverage_by_programme, add_coverage_graph, coverage_graph_iri
from sens_graph.programme_graphs import GraphLines, load_imported_programmes
from sens_graph.sources import data_files, load_core_dataset

SENS = "https://w3id.org/sens-graph/def#"


def _coverage(settings, cache: BuildCache):
    ds = load_core_dataset(settings)
    programmes, _ = load_imported_programmes(ds, settings, cache, [f.path for f in data_files(settings)])
    lines = {p.graph.iri: p.graph for p in programmes}
    keys = {p.key: p.graph.iri for p in programmes}
    parts = add_coverage_by_programme(ds, settings, lines, keys, cache)
    return ds, lines, parts


def test_the_parts_and_the_core_part_are_the_coverage_graph_computed_whole(tmp_path: Path) -> None:
    settings = project_with_two_programmes(tmp_path)
    ds, lines, parts = _coverage(settings, BuildCache(None))
    iri = coverage_graph_iri(settings)
    assert sorted(parts) == sorted(lines) == [f"{settings.base_iri}graph/programmes/etu-e-sante",
                                               f"{settings.base_iri}graph/programmes/{SECOND}"]
    assembled = Graph()
    assembled += ds.graph(iri)
    for part in parts.values():
        assembled += part.graph()
    whole_ds = load_core_dataset(settings)
    add_coverage_graph(whole_ds, settings, lines.values())
    whole = whole_ds.graph(iri)
    assert len(assembled) == len(whole) and set(assembled) == set(whole)
    # each part holds its programme's resources only: the copy's summary is in the copy's part
    summary = URIRef(f"{settings.base_iri}programme/{SECOND}/couverture/")
    copy_part = parts[f"{settings.base_iri}graph/programmes/{SECOND}"].graph()
    subjects = {str(s) for s in copy_part.subjects()}
    assert subjects and all(s.startswith((f"{settings.base_iri}programme/{SECOND}",
                                          f"{settings.base_iri}mapping/programme-{SECOND}")) for s in subjects)
    assert any(str(s).startswith(str(summary)) for s in copy_part.subjects(RDFS.label, None))
    # the core part says the coverage graph was derived from both programme graphs
    derived_from = set(ds.graph(iri).objects(iri, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
    assert {URIRef(g) for g in lines} <= derived_from


def test_a_cached_part_is_the_part_computed_again(tmp_path: Path) -> None:
    settings = project_with_two_programmes(tmp_path)
    cache = BuildCache.for_project(settings.project_dir)
    _, _, first = _coverage(settings, cache)
    _, _, again = _coverage(settings, cache)
    assert first == again
    assert len(list((cache.folder / "coverage-part").glob("*.json"))) == 2


def test_lines_made_from_triples_are_those_made_from_a_graph() -> None:
    graph = Graph()
    node = URIRef("https://w3id.org/sens-graph/programme/x/couverture/c1")
    graph.add((node, RDFS.label, Literal('couverture « c1 »\n"guillemets"', lang="fr")))
    graph.add((node, URIRef(SENS + "coveredHours"), Literal("12.50", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#decimal"))))
    iri = "https://w3id.org/sens-graph/graph/derived/coverage"
    made = GraphLines.of_triples(iri, list(graph))
    assert made.lines == GraphLines.of_graph(iri, graph).lines
    assert made.digest == graph_digest(graph)


def test_merged_lines_refuse_a_group_out_of_order() -> None:
    iri = "https://w3id.org/sens-graph/graph/derived/coverage"
    a, b, c = (f"<https://w3id.org/sens-graph/x{n}> <http://www.w3.org/2000/01/rdf-schema#label> \"{n}\" <{iri}> ."
               for n in "abc")
    assert GraphLines.merged(iri, [[a, c], [b], [a]]).lines == (a, b, c)
    with pytest.raises(ValueError, match="not sorted"):
        GraphLines.merged(iri, [[c, a], [b]])


def test_a_second_build_serialises_no_graph_again(tmp_path: Path, monkeypatch) -> None:
    """The whole coverage graph (its parts merged) has the same digest from build to build, so its Turtle
    comes from the cache (a merge of unsorted lines once gave it a new key at every build)."""
    from sens_graph.build import build

    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", "1")
    settings = project_with_two_programmes(tmp_path)
    build(settings, reason=False)
    turtles = settings.project_dir / "var" / "cache" / "build" / "turtle"
    first = sorted(p.name for p in turtles.iterdir())
    build(settings, reason=False)
    assert sorted(p.name for p in turtles.iterdir()) == first


def test_an_edited_framework_file_computes_every_part_again(tmp_path: Path) -> None:
    """A part reads the core graphs too (the counts of the framework version, the items' types): its key
    holds the data files and the ontology, so editing one computes the parts again."""
    settings = project_with_two_programmes(tmp_path)
    cache = BuildCache.for_project(settings.project_dir)
    _coverage(settings, cache)
    framework = sorted((settings.data_dir / "referentiel").rglob("*.ttl"))[0]
    framework.write_text(framework.read_text(encoding="utf-8") + "\n# relu\n", encoding="utf-8")
    _coverage(settings, cache)
    assert len(list((cache.folder / "coverage-part").glob("*.json"))) == 4


def test_the_coverage_turtle_made_of_the_parts_is_the_coverage_graph(tmp_path: Path, monkeypatch) -> None:
    """``graphs/derived/coverage.ttl`` is the Turtle of each part put together (a changed programme serialises
    its own part only); it must hold exactly the graph's triples of ``sens-graph.nq``, and a TriG reader must
    read the same from ``sens-graph.trig``."""
    from rdflib import Dataset

    from sens_graph.build import build
    from sens_graph.graphs import turtle
    from sens_graph.layout import NQUADS, TRIG

    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", "1")
    settings = project_with_two_programmes(tmp_path)
    build(settings, reason=False)
    iri = coverage_graph_iri(settings)
    from_nquads = Dataset()
    from_nquads.parse(settings.dist_dir / NQUADS, format="nquads")
    expected = set(from_nquads.graph(iri))
    assert len(expected) > 1000
    # (Turtle writes 1.0 for "1.0"^^xsd:decimal, read back as "1.0" — compared after the same round trip)
    whole = set(Graph().parse(data=turtle(from_nquads.graph(iri), settings.base_iri), format="turtle"))
    turtle_file = settings.dist_dir / "graphs" / "derived" / "coverage.ttl"
    assert set(Graph().parse(turtle_file, format="turtle")) == whole
    from_trig = Dataset()
    from_trig.parse(settings.dist_dir / TRIG, format="trig")
    assert set(from_trig.graph(iri)) == whole
    text = turtle_file.read_text(encoding="utf-8")  # the parts in folder order, after the core part
    first, second = (text.index(f"<{settings.base_iri}programme/{key}/") for key in ("etu-e-sante", SECOND))
    assert text.index(f"<{settings.base_iri}du-cns/") < first < second
