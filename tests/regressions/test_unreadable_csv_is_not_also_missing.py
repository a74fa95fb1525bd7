"""A programme CSV file that is not UTF-8 (saved as Latin-1 by a spreadsheet) was reported twice: once as
not UTF-8, and once as « absent du dossier » although it is there (found by the breaker). It is now one
problem, the encoding one, naming the file."""

from __future__ import annotations

import pytest

from sens_graph.config import Settings

from .conftest import the_one_build_problem


@pytest.mark.parametrize("sheet", ["couverture", "enseignements"])
def test_a_latin1_file_is_one_encoding_problem(project_copy: Settings, sheet: str) -> None:
    path = project_copy.data_dir / "programmes" / "etu-e-sante" / f"{sheet}.csv"
    text = path.read_text(encoding="utf-8")
    assert any(ord(c) > 127 for c in text)  # accented French: not valid UTF-8 once in Latin-1
    path.write_bytes(text.encode("latin-1", errors="replace"))
    problem = the_one_build_problem(project_copy, "data/programmes/etu-e-sante")
    assert problem.file == f"data/programmes/etu-e-sante/{sheet}.csv"
    assert "encodé en UTF-8" in problem.expected
