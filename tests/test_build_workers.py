"""The build's per-programme work spread over forked processes (issue 13): same release, same errors.

A cold national build reads and validates hundreds of imported programmes; with more than one worker
(``SENS_GRAPH_BUILD_WORKERS``, default the cores) the folders missing from the build cache are read and
checked, and the validation units checked, in forked processes (:mod:`sens_graph.programme_graphs`,
:mod:`sens_graph.validation`). Here the real project gets a second imported programme (a copy of
``etu-e-sante`` under another identifier) so that both pools have two tasks. No timing is asserted:
``bench/national.py`` carries the targets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from common import PROJECT_DIR

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ProgrammeFileError
from sens_graph.layout import CHECKSUMS, NQUADS, ONTOLOGY_DIR, VOID_FILE

SECOND = "etu-e-sante-copie"


def project_with_two_programmes(root: Path) -> Settings:
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, root / name)
    folder = root / "data" / "programmes" / SECOND
    shutil.copytree(root / "data" / "programmes" / "etu-e-sante", folder)
    sheet = folder / "programme.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("identifiant,etu-e-sante", f"identifiant,{SECOND}"),
                     encoding="utf-8")
    return Settings(project_dir=root)


def stable(settings: Settings) -> list[str]:
    unstable = (f"{ONTOLOGY_DIR}/sens.owl", f"{ONTOLOGY_DIR}/sens.jsonld", VOID_FILE)
    lines = (settings.dist_dir / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.split("  ", 1)[1] not in unstable]


def test_forked_and_single_process_builds_write_the_same_release(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798675200")
    forked = project_with_two_programmes(tmp_path / "forked")
    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", "2")
    result = build(forked, reason=False)
    assert result.programmes_read == ["programmes/etu-e-sante", f"programmes/{SECOND}"]
    assert len(result.validated) == 3  # the core and the two programmes
    single = project_with_two_programmes(tmp_path / "single")
    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", "1")
    build(single, reason=False)
    assert (forked.dist_dir / NQUADS).read_bytes() == (single.dist_dir / NQUADS).read_bytes()
    assert stable(forked) == stable(single)
    copy_graph = f"<{forked.base_iri}graph/programmes/{SECOND}>"
    assert copy_graph in (forked.dist_dir / NQUADS).read_text(encoding="utf-8")


def test_a_faulty_programme_read_in_a_worker_fails_with_its_located_problems(tmp_path: Path, monkeypatch) -> None:
    settings = project_with_two_programmes(tmp_path)
    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", "2")
    courses = settings.data_dir / "programmes" / SECOND / "enseignements.csv"
    rows = courses.read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace(",,,,,", ",,-3,,,", 1)  # hours of the first course: -3
    courses.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ProgrammeFileError) as failure:
        build(settings, reason=False)
    message = str(failure.value)
    assert f"data/programmes/{SECOND}" in message
    assert "enseignements" in message and "ligne 2" in message and "« -3 »" in message
    assert not settings.dist_dir.exists()  # nothing written


@pytest.mark.parametrize("workers", ["1", "2"])
def test_every_faulty_programme_is_reported_at_once(tmp_path: Path, monkeypatch, workers: str) -> None:
    settings = project_with_two_programmes(tmp_path)
    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", workers)
    for key, old, new in (("etu-e-sante", ",,,,,", ",,-3,,,"), (SECOND, ",,,,,", ",,,distanciel-total,,")):
        courses = settings.data_dir / "programmes" / key / "enseignements.csv"
        rows = courses.read_text(encoding="utf-8").splitlines()
        rows[1] = rows[1].replace(old, new, 1)
        courses.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ProgrammeFileError) as failure:
        build(settings, reason=False)
    message = str(failure.value)
    assert message.startswith("data/programmes: 2 problème(s)")
    assert "data/programmes/etu-e-sante: 1 problème(s)" in message and "« -3 »" in message
    assert f"data/programmes/{SECOND}: 1 problème(s)" in message and "« distanciel-total »" in message
