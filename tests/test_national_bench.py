"""Smoke test of the national benchmark's path (issue 13): synthetic programmes → import → build → query.

Two programmes of ``bench/national_data.py`` go through the benchmark's own steps (copy of the
project, import as ``sens-graph import`` does, the real build without HermiT); the built graph
then holds one named graph per programme and ``couverture-d-un-programme`` answers for each, with
the coverage rows the generator wrote. No timing is asserted: the benchmark carries the targets.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.queries import QueryLibrary

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

national = pytest.importorskip("national")
national_data = pytest.importorskip("national_data")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[Path], Settings]:
    work = tmp_path_factory.mktemp("national")
    project = national.copy_project(work)
    folders = national_data.generate(2, work / "generated", national.framework_store(project), courses=6,
                                     rows_per_course=2)
    national.import_programmes(project, folders)
    settings = Settings(project_dir=project)
    build(settings, reason=False)
    return project, folders, settings


def test_generator_is_deterministic(built, tmp_path) -> None:
    project, folders, _ = built
    again = national_data.generate(2, tmp_path, national.framework_store(project), courses=6, rows_per_course=2)
    for first, second in zip(folders, again, strict=True):
        for name in ("programme.csv", "enseignements.csv", "couverture.csv"):
            assert (first / name).read_bytes() == (second / name).read_bytes()


def test_each_programme_is_a_named_graph_with_its_coverage(built) -> None:
    project, folders, settings = built
    store = ox.Store()
    store.bulk_load(path=str(project / "dist" / "sens-graph.nq"), format=ox.RdfFormat.N_QUADS)
    graphs = {g.value for g in store.named_graphs()}
    library = QueryLibrary.load(settings.queries_dir)
    for folder in folders:
        assert f"{settings.base_iri}graph/programmes/{folder.name}" in graphs
        with (folder / "couverture.csv").open(encoding="utf-8") as fh:
            declared = {(row["enseignement"], row["element"]) for row in csv.DictReader(fh)}
        result = library.run(store, "couverture-d-un-programme", {"programme": folder.name})
        found = {(r["enseignement"], r["code"]) for r in result.records() if r["enseignement"]}
        assert found == declared


@pytest.mark.skipif(shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None,
                    reason="Virtuoso open source is not installed (Debian virtuoso-opensource; .ci/run installs it)")
def test_virtuoso_side_answers_the_library_with_the_embedded_row_counts(built, tmp_path) -> None:
    """``--with-virtuoso``: the same N-Quads in Virtuoso, each query timed at its /sparql; the queries
    that hang Virtuoso 7.2 are not sent; the per-programme coverage has the embedded store's rows."""
    project, folders, settings = built
    defaults, per_programme = national.library_queries(project, folders[0].name)
    chosen = {name: defaults[name] for name in ("programmes", "comparaison-des-programmes")} | per_programme
    store = ox.Store()
    store.bulk_load(path=str(project / "dist" / "sens-graph.nq"), format=ox.RdfFormat.N_QUADS)
    quads = len(store)
    answers, figures = national.time_virtuoso(project, tmp_path, chosen, timeout=20, quads=quads)
    assert figures["restarts"] == 0 and figures["quads_per_second"] > 0
    assert answers["comparaison-des-programmes"] == ("not sent", 0.0)
    assert "NOT_SENT" in figures["not_sent"]["comparaison-des-programmes"]
    library = QueryLibrary.load(settings.queries_dir)
    listed = library.run(store, "programmes", {}).records()  # one row per programme and framework
    assert answers["programmes"][0] == len(listed)
    assert {r["programme"] for r in listed} == {"du-cns", "etu-e-sante", *(folder.name for folder in folders)}
    coverage = f"couverture-d-un-programme ({folders[0].name})"
    embedded = library.run(store, "couverture-d-un-programme", {"programme": folders[0].name}).records()
    assert answers[coverage][0] == len(embedded) > 0
