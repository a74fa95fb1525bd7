"""An empty ``enseignements.csv`` (header only, or zero bytes) in a stored programme gave 26 problems: the
missing columns, then each of the 24 coverage rows « un identifiant de la feuille « enseignements » », all
consequences of one fault. It is now one problem naming the file: the programme has no course."""

from __future__ import annotations

import pytest

from sens_graph.config import Settings

from .conftest import the_one_build_problem

HEADER = "identifiant,intitule,unite,niveau,heures,modalite,semestre,intervenants\n"


@pytest.mark.parametrize("content", [HEADER, "", "\n\n"], ids=["header only", "zero bytes", "blank lines"])
def test_an_empty_courses_file_is_one_problem_naming_it(project_copy: Settings, content: str) -> None:
    folder = project_copy.data_dir / "programmes" / "etu-e-sante"
    assert len((folder / "couverture.csv").read_text(encoding="utf-8").strip().split("\n")) == 25
    (folder / "enseignements.csv").write_text(content, encoding="utf-8")
    problem = the_one_build_problem(project_copy, "data/programmes/etu-e-sante")
    assert problem.file == "data/programmes/etu-e-sante/enseignements.csv"
    assert problem.sheet == "enseignements" and "aucun enseignement" in str(problem)
