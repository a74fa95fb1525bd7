"""The export mappings and search entries computed per imported programme are those of the whole graph.

The build no longer loads the whole graph into a store for the standard exports and the search index: the
core graphs' rows and each imported programme's rows, computed on the core graphs plus that programme and
cached by content (:func:`sens_graph.programme_rows.release_rows`), are put together (issue 13). Here the
real project holds ``etu-e-sante`` and a copy of it under another identifier; the rows put together must be,
row for row and in order, what the queries answer on one store of every graph.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from test_build_workers import SECOND, project_with_two_programmes

from sens_graph.buildcache import BuildCache
from sens_graph.derive import add_derived_graphs
from sens_graph.errors import ExportError
from sens_graph.memstore import to_oxigraph
from sens_graph.programme_graphs import GraphLines, load_imported_programmes
from sens_graph.programme_rows import _Queries, release_rows
from sens_graph.sources import core_digest, data_files, load_core_dataset

SOCLE = "https://w3id.org/sens-graph/referentiel/socle-postbac/v1.1.2022"


def _build_inputs(settings, cache: BuildCache):
    ds = load_core_dataset(settings)
    programmes, _ = load_imported_programmes(ds, settings, cache, [f.path for f in data_files(settings)])
    lines = {p.graph.iri: p.graph for p in programmes}
    parts = add_derived_graphs(ds, settings, lines, keys={p.key: p.graph.iri for p in programmes}, cache=cache)
    return ds, lines, parts


def test_rows_put_together_are_the_rows_of_the_whole_graph(tmp_path: Path) -> None:
    settings = project_with_two_programmes(tmp_path)
    cache = BuildCache(tmp_path / "cache")
    ds, lines, parts = _build_inputs(settings, cache)
    rows = release_rows(to_oxigraph(ds), settings, lines, cache, core_digest(settings))

    whole = to_oxigraph(ds)
    for graph in [*lines.values(), *parts.values()]:  # the programmes and their parts of the coverage graph
        whole.load(graph.nquads(), format=ox.RdfFormat.N_QUADS)
    queries = _Queries(settings.queries_dir, settings.base_iri)
    assert rows.mappings == {version: queries.mappings(whole, version) for version in queries.versions(whole)}
    assert sorted(map(repr, rows.search)) == sorted(map(repr, queries.search(whole)))

    # each programme gives its 24 coverage rows of the socle post-bac v1.1.2022 to its export, in IRI order
    sets = [row["mapping_set"] for row in rows.mappings[SOCLE]]
    for key in ("etu-e-sante", SECOND):
        assert sets.count(f"{settings.base_iri}mapping/programme-{key}") == 24
    assert [row["mapping"] for row in rows.mappings[SOCLE]] == sorted(row["mapping"] for row in rows.mappings[SOCLE])
    copy_entries = [row for row in rows.search if f"/programme/{SECOND}/" in row["entity"]]
    assert sum(row["kind"].endswith("#Course") for row in copy_entries) == 17

    # a second run takes every programme's rows from the cache and gives the same
    again = release_rows(to_oxigraph(ds), settings, lines, cache, core_digest(settings))
    assert again == rows
    assert len(list((tmp_path / "cache").glob("**/*"))) > 0


def test_a_programme_that_changes_a_core_mapping_is_refused_by_name(tmp_path: Path) -> None:
    settings = project_with_two_programmes(tmp_path)
    cache = BuildCache(None)
    ds, lines, _ = _build_inputs(settings, cache)
    core = to_oxigraph(ds)
    queries = _Queries(settings.queries_dir, settings.base_iri)
    core_mapping = next(row["mapping"] for row in queries.mappings(core, SOCLE)
                        if row["mapping_set"].endswith("du-cns-socle-postbac"))
    iri = f"{settings.base_iri}graph/programmes/{SECOND}"
    confidence = '"0.01"^^<http://www.w3.org/2001/XMLSchema#double>'  # lower than the core's: MIN changes
    line = f"<{core_mapping}> <https://w3id.org/sssom/confidence> {confidence} <{iri}> ."
    tampered = GraphLines.merged(iri, [lines[iri].lines, [line]])
    with pytest.raises(ExportError) as raised:
        release_rows(core, settings, {**lines, iri: tampered}, cache, core_digest(settings))
    assert iri in str(raised.value) and core_mapping in str(raised.value)

