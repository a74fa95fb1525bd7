"""Smoke test of the national benchmark's path (issue 13): synthetic programmes → import → build → query.

Two programmes of ``bench/national_data.py`` go through the benchmark's own steps (copy of the
project, import as ``sens-graph import`` does, the real build without HermiT); the built graph
then holds one named graph per programme and ``couverture-d-un-programme`` answers for each, with
the coverage rows the generator wrote. No timing is asserted: the benchmark carries the targets.
"""

from __future__ import annotations

import csv
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
