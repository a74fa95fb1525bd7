"""The build's content-hash cache (issue 13): validation per programme graph, only of what changed.

A private copy of the real project (with its imported programme ``data/programmes/etu-e-sante/``) is
built, changed and built again; ``BuildResult.validated`` says which validation units the build
checked ("core" or a programme graph IRI) and ``validation_cached`` which it replayed. No timing is
asserted: ``bench/national.py`` carries the targets.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from common import PROJECT_DIR

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ValidationFailed
from sens_graph.layout import BUILD_CACHE_DIR, CHECKSUMS, NQUADS, ONTOLOGY_DIR, VOID_FILE
from sens_graph.validation import CORE_UNIT

PROGRAMME = "etu-e-sante"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798675200")  # same build date: the outputs compare byte for byte
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, tmp_path / name)
    return Settings(project_dir=tmp_path)


def programme_iri(settings: Settings) -> str:
    return f"{settings.base_iri}graph/programmes/{PROGRAMME}"


def edit_csv(settings: Settings, name: str, column: str, change) -> None:
    """Rewrite the first row's ``column`` of the programme's ``name`` CSV with ``change(old value)``."""
    path = settings.data_dir / "programmes" / PROGRAMME / name
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    index = rows[0].index(column)
    rows[1][index] = change(rows[1][index])
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def stable_checksums(settings: Settings) -> list[str]:
    """The SHA256SUMS lines of dist/ but those of the files that differ from run to run even without
    the cache (rdflib's RDF/XML and JSON-LD blank node labels; void.ttl lists their checksums)."""
    unstable = (f"{ONTOLOGY_DIR}/sens.owl", f"{ONTOLOGY_DIR}/sens.jsonld", VOID_FILE)
    lines = (settings.dist_dir / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.split("  ", 1)[1] not in unstable]
    assert len(kept) > 40
    return kept


def test_rebuild_after_one_programme_change_reads_and_revalidates_that_programme_alone(project: Settings) -> None:
    first = build(project, reason=False)
    assert first.validated == [CORE_UNIT, programme_iri(project)]
    assert first.validation_cached == []
    assert first.programmes_read == [f"programmes/{PROGRAMME}"]
    assert (project.project_dir / BUILD_CACHE_DIR / "validation").is_dir()
    assert not (project.dist_dir / BUILD_CACHE_DIR).exists()  # the cache is not part of the release

    unchanged = build(project, reason=False)
    assert unchanged.validated == []
    assert unchanged.validation_cached == [CORE_UNIT, programme_iri(project)]
    assert unchanged.programmes_read == []  # its graph and SSSOM TSV came from the cache

    edit_csv(project, "couverture.csv", "relation", lambda old: "totale" if old == "partielle" else "partielle")
    changed = build(project, reason=False)
    # the changed programme alone: graph/derived/coverage changes too (the programme's item coverages and
    # summary), but its triples about the programme are validated with the programme's unit
    # (coverage.add_coverage_by_programme), so the core keeps its cached findings
    assert changed.programmes_read == [f"programmes/{PROGRAMME}"]
    assert changed.validated == [programme_iri(project)]
    assert changed.validation_cached == [CORE_UNIT]
    cached_sums = stable_checksums(project)
    cached_nq = (project.dist_dir / NQUADS).read_bytes()

    uncached = build(project, reason=False, use_cache=False)
    assert uncached.validated == [CORE_UNIT, programme_iri(project)]
    assert (project.dist_dir / NQUADS).read_bytes() == cached_nq
    assert stable_checksums(project) == cached_sums  # every file of dist/, byte for byte


def test_a_change_of_the_shapes_validates_everything_again(project: Settings) -> None:
    build(project, reason=False)
    shapes = project.shapes_dir / "sens-shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = build(project, reason=False)
    assert again.validated == [CORE_UNIT, programme_iri(project)]
    assert again.validation_cached == []


def test_a_faulty_programme_still_fails_after_a_cached_good_build(project: Settings) -> None:
    build(project, reason=False)
    good_nq = (project.dist_dir / NQUADS).read_bytes()
    path = project.data_dir / "programmes" / PROGRAMME / "programme.csv"  # a source document the graph lacks
    path.write_text(path.read_text(encoding="utf-8").replace("source,source/004", "source,source/999"),
                    encoding="utf-8")
    messages = []
    for _ in range(2):  # the second failure replays the cached findings: same message
        with pytest.raises(ValidationFailed) as failure:
            build(project, reason=False)
        messages.append(failure.value.report.render(limit=1000))
    assert messages[0] == messages[1]
    assert "provenance missing" in messages[0]
    assert f"<{project.base_iri}programme/{PROGRAMME}/enseignement/sn-01>" in messages[0]  # the resource
    assert "provenance, sh:class" in messages[0] or "#provenance" in messages[0]  # the rule
    assert "queries/qc/dangling-reference-violation.rq" in messages[0]
    assert f"[data/programmes/{PROGRAMME}" in messages[0]  # the file
    assert (project.dist_dir / NQUADS).read_bytes() == good_nq  # the last good dist/ is left in place
    assert os.listdir(project.dist_dir)
