"""Every kind of bad programme input gets its located error; all problems are reported at once."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from common import workbook_bytes

from sens_graph.errors import ProgrammeFileError
from sens_graph.programmes.reader import read_programme, read_programme_bytes

GOOD = Path(__file__).parent / "fixtures" / "essai"


def edited(tmp_path: Path, sheet: str, old: str, new: str) -> Path:
    """A copy of the good fixture folder with one text replacement in one sheet's CSV."""
    folder = tmp_path / "essai"
    shutil.copytree(GOOD, folder)
    path = folder / f"{sheet}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def problems_of(path: Path, catalogue) -> list[tuple]:
    with pytest.raises(ProgrammeFileError) as info:
        read_programme(path, catalogue)
    return [(p.sheet, p.row, p.column, p.value) for p in info.value.problems]


def test_the_good_fixture_reads(catalogue):
    source = read_programme(GOOD, catalogue)
    assert source.framework.key == "socle-postbac/v1.1.2022" and not source.framework_fixed
    assert [c.identifiant for c in source.courses] == ["sn-02", "sn-09", "sn-12"]
    assert str(source.courses[2].heures) == "1.5" and source.courses[0].semestre == 1
    assert source.courses[1].intervenants == ("Anne Martin", "Paul Durand")


CASES = [
    # kind, sheet, old text, new text, expected (sheet, row, column, value)
    ("unknown code", "couverture", "4.4.2", "4.4.9", ("couverture", 4, "element", "4.4.9")),
    ("unknown course id", "couverture", "sn-12,4.4.2", "sn-13,4.4.2", ("couverture", 4, "enseignement", "sn-13")),
    ("duplicate id", "enseignements", "sn-09,", "sn-02,", ("enseignements", 3, "identifiant", "sn-02")),
    ("negative hours", "enseignements", "DFASM1,3,", "DFASM1,-3,", ("enseignements", 3, "heures", "-3")),
    ("non-numeric hours", "couverture", "totale,2,", "totale,deux,", ("couverture", 2, "heures", "deux")),
    ("unknown profession", "programme", "professions,Médecin", "professions,Médecin; Astronaute",
     ("programme", 6, "valeur", "Astronaute")),
    ("missing column", "enseignements", "identifiant,intitule,", "identifiant,titre,",
     ("enseignements", 1, "intitule", None)),
    ("e-mail in a name cell", "enseignements", "Paul Durand", "Paul Durand <paul.durand@example.org>",
     ("enseignements", 3, "intervenants", "Anne Martin; Paul Durand <paul.durand@example.org>")),
    ("phone number in a name cell", "couverture", "seulement.,Anne Martin", "seulement.,Anne Martin 06 12 34 56 78",
     ("couverture", 3, "auteur", "Anne Martin 06 12 34 56 78")),
    ("identifier already in the graph", "programme", "identifiant,essai-modele", "identifiant,du-cns",
     ("programme", 2, "valeur", "du-cns")),
    ("unknown framework key", "programme", "referentiel,", "referentiel,socle-postbac/v9",
     ("programme", 7, "valeur", "socle-postbac/v9")),
    ("confidence outside 0-1", "couverture", "2026-11-30,0.9", "2026-11-30,1.5", ("couverture", 2, "confiance", "1.5")),
    ("bad modality", "enseignements", "hybride", "en ligne", ("enseignements", 3, "modalite", "en ligne")),
]


@pytest.mark.parametrize(("kind", "sheet", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(tmp_path, catalogue, kind, sheet, old, new, expected):
    assert expected in problems_of(edited(tmp_path, sheet, old, new), catalogue)


def test_missing_sheet(tmp_path, catalogue):
    folder = tmp_path / "essai"
    shutil.copytree(GOOD, folder)
    (folder / "couverture.csv").unlink()
    assert ("couverture", None, None, None) in problems_of(folder, catalogue)


def test_every_problem_is_reported_at_once(tmp_path, catalogue):
    folder = edited(tmp_path, "couverture", "4.4.2", "9.9")
    text = (folder / "enseignements.csv").read_text(encoding="utf-8").replace("DFASM1,3,", "DFASM1,-1,")
    (folder / "enseignements.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ProgrammeFileError) as info:
        read_programme(folder, catalogue)
    message = str(info.value)
    assert "2 problème(s)" in message
    assert "feuille « couverture », ligne 4, colonne « element » : valeur « 9.9 »" in message
    assert ("feuille « enseignements », ligne 3, colonne « heures » : valeur « -1 » — attendu : un nombre "
            "d'heures ≥ 0") in message


def test_formula_is_refused_not_evaluated(catalogue):
    def put_formula(wb):
        wb["enseignements"]["E2"] = "=1+1"

    with pytest.raises(ProgrammeFileError) as info:
        read_programme_bytes(workbook_bytes(GOOD, put_formula), catalogue, "essai.xlsx")
    assert [(p.sheet, p.row, p.column, p.value) for p in info.value.problems] == [
        ("enseignements", 2, "heures", "=1+1")]


def test_missing_sheet_in_workbook(catalogue):
    def drop(wb):
        wb.remove(wb["programme"])

    with pytest.raises(ProgrammeFileError) as info:
        read_programme_bytes(workbook_bytes(GOOD, drop), catalogue, "essai.xlsx")
    assert ("programme", None, None, None) in [(p.sheet, p.row, p.column, p.value) for p in info.value.problems]


def test_zip_bomb_is_refused_before_parsing(catalogue):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))
    with pytest.raises(ProgrammeFileError) as info:
        read_programme_bytes(data.getvalue(), catalogue, "bombe.xlsx")
    assert "taux de compression" in str(info.value)


def test_not_a_workbook(catalogue):
    with pytest.raises(ProgrammeFileError) as info:
        read_programme_bytes(b"champ,valeur\n", catalogue, "texte.xlsx")
    assert "un classeur XLSX (fichier zip)" in str(info.value)
