"""A located problem of a programme stored as CSV files named the sheet, row and column but not the file:
« feuille « enseignements », ligne 2, colonne « heures » » left the user to guess that the sheet was
``data/programmes/<key>/enseignements.csv``. The problem now names that file first, the sheet, row and column
kept; a workbook's problem still names the workbook and its sheet (no CSV file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from common import workbook_bytes

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ProgrammeFileError
from sens_graph.programmes.catalogue import Catalogue
from sens_graph.programmes.reader import read_programme_bytes

ESSAI = Path(__file__).resolve().parents[1] / "programmes" / "fixtures" / "essai"


def test_negative_hours_in_a_stored_programme_names_the_csv_file(project_copy: Settings) -> None:
    sheet = project_copy.data_dir / "programmes" / "etu-e-sante" / "enseignements.csv"
    text = sheet.read_text(encoding="utf-8")
    assert text.split("\n")[1].endswith("Santé numérique,,,,,")
    sheet.write_text(text.replace("Santé numérique,,,,,", "Santé numérique,,-4,,,", 1), encoding="utf-8")
    with pytest.raises(ProgrammeFileError) as failure:
        build(project_copy, reason=False, use_cache=False)
    message = str(failure.value)
    assert message.startswith("data/programmes/etu-e-sante: 1 problème(s)")
    assert ("data/programmes/etu-e-sante/enseignements.csv, feuille « enseignements », ligne 2, "
            "colonne « heures » : valeur « -4 » — attendu : un nombre d'heures ≥ 0") in message
    [problem] = failure.value.problems
    assert problem.file == "data/programmes/etu-e-sante/enseignements.csv"
    assert problem.as_dict()["file"] == "data/programmes/etu-e-sante/enseignements.csv"
    assert not project_copy.dist_dir.exists()


def test_a_workbook_problem_names_the_workbook_and_sheet_only(project_copy: Settings) -> None:
    def negative_hours(wb) -> None:
        wb["enseignements"]["E2"] = -2

    catalogue = Catalogue.load(project_copy)
    with pytest.raises(ProgrammeFileError) as failure:
        read_programme_bytes(workbook_bytes(ESSAI, negative_hours), catalogue, "essai.xlsx")
    message = str(failure.value)
    assert message.startswith("essai.xlsx: 1 problème(s)")
    assert "\n  feuille « enseignements », ligne 2, colonne « heures » : valeur « -2 »" in message
    assert ".csv" not in message and failure.value.problems[0].file is None
