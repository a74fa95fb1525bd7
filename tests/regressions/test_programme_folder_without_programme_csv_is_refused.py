"""A folder of ``data/programmes/`` without ``programme.csv`` (a programme half copied by hand, its
``enseignements.csv`` and ``couverture.csv`` there) was skipped without a word: the build succeeded and the
programme was simply missing from ``dist/``. The build now refuses it, naming the folder and the missing file;
the staleness check still answers; a hidden folder (the importer's staging folders start with a dot) is
ignored."""

from __future__ import annotations

import shutil

from sens_graph.config import Settings
from sens_graph.programmes.folders import stored_programme_folders
from sens_graph.release_info import is_stale, source_digest

from .conftest import the_one_build_problem


def test_a_folder_without_programme_csv_stops_the_build(project_copy: Settings) -> None:
    programmes = project_copy.data_dir / "programmes"
    folder = programmes / "brouillon"
    shutil.copytree(programmes / "etu-e-sante", folder)
    (folder / "programme.csv").unlink()
    problem = the_one_build_problem(project_copy, "data/programmes/brouillon")
    assert problem.file == "data/programmes/brouillon/programme.csv"
    assert "programme.csv" in problem.expected and "absent" in problem.expected
    assert is_stale(project_copy) and len(source_digest(project_copy)) == 64


def test_hidden_folders_are_not_programmes(project_copy: Settings) -> None:
    programmes = project_copy.data_dir / "programmes"
    shutil.copytree(programmes / "etu-e-sante", programmes / ".etu-e-sante-k2j4")  # an import's staging folder
    (programmes / ".brouillon").mkdir()
    assert [p.name for p in stored_programme_folders(project_copy)] == ["etu-e-sante"]
