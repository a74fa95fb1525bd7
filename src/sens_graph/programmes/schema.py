"""The programme template's contract (issue 12): sheet, column and field names, allowed values.

These names are what users fill in; they never change. The same three tables exist as the
sheets of an XLSX workbook and as the CSV files ``<sheet>.csv`` (UTF-8) of a folder.
"""

from __future__ import annotations

from dataclasses import dataclass

PROGRAMME_SHEET = "programme"
COURSES_SHEET = "enseignements"
COVERAGE_SHEET = "couverture"
SHEETS = (PROGRAMME_SHEET, COURSES_SHEET, COVERAGE_SHEET)

PROGRAMME_COLUMNS = ("champ", "valeur")
COURSE_COLUMNS = ("identifiant", "intitule", "unite", "niveau", "heures", "modalite", "semestre", "intervenants")
COVERAGE_COLUMNS = ("enseignement", "element", "relation", "heures", "justification", "auteur", "date", "confiance")
COLUMNS: dict[str, tuple[str, ...]] = {
    PROGRAMME_SHEET: PROGRAMME_COLUMNS,
    COURSES_SHEET: COURSE_COLUMNS,
    COVERAGE_SHEET: COVERAGE_COLUMNS,
}

PROGRAMME_FIELDS = ("identifiant", "titre", "etablissement", "annee_universitaire", "professions", "referentiel",
                    "url", "source")
REQUIRED_FIELDS = ("identifiant", "titre", "etablissement")
REQUIRED_COURSE_COLUMNS = ("identifiant", "intitule")
REQUIRED_COVERAGE_COLUMNS = ("enseignement", "element")

MODALITIES = {"présentiel": "Presentiel", "distanciel": "Distanciel", "hybride": "Hybride"}
"""Accepted ``modalite`` values → local name of the sens: modality concept."""

RELATIONS = ("totale", "partielle")
DEFAULT_RELATION = "totale"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class ColumnHelp:
    """One line of the template's French help sheet."""

    sheet: str
    column: str
    required: bool
    text: str


HELP: tuple[ColumnHelp, ...] = (
    ColumnHelp(PROGRAMME_SHEET, "identifiant", True,
               "Identifiant court du programme (minuscules, chiffres et tirets, ex. « ifsi-lyon-2025 »), "
               "unique dans le graphe."),
    ColumnHelp(PROGRAMME_SHEET, "titre", True, "Intitulé officiel du programme."),
    ColumnHelp(PROGRAMME_SHEET, "etablissement", True, "Établissement qui délivre la formation."),
    ColumnHelp(PROGRAMME_SHEET, "annee_universitaire", False, "Année universitaire décrite, ex. « 2025-2026 »."),
    ColumnHelp(PROGRAMME_SHEET, "professions", False,
               "Professions visées, libellés de la liste « professions » de la feuille listes, séparés par « ; ». "
               "Le référentiel applicable s'en déduit."),
    ColumnHelp(PROGRAMME_SHEET, "referentiel", False,
               "Clé de la version de référentiel couverte, ex. « socle-postbac/v1.1.2022 » ; par défaut celle qui "
               "s'applique aux professions visées."),
    ColumnHelp(PROGRAMME_SHEET, "url", False, "Adresse web de la présentation du programme."),
    ColumnHelp(PROGRAMME_SHEET, "source", False,
               "Document source du graphe d'où proviennent ces informations, ex. « source/004 » ; par défaut le "
               "tableur lui-même."),
    ColumnHelp(COURSES_SHEET, "identifiant", True,
               "Identifiant de l'enseignement, unique dans le programme (ex. « UE1-EC2 »)."),
    ColumnHelp(COURSES_SHEET, "intitule", True, "Intitulé de l'enseignement, tel qu'il figure dans la maquette."),
    ColumnHelp(COURSES_SHEET, "unite", False, "Unité d'enseignement ou module qui le regroupe."),
    ColumnHelp(COURSES_SHEET, "niveau", False, "Niveau ou année (ex. « L1 », « Débutant »)."),
    ColumnHelp(COURSES_SHEET, "heures", False, "Volume horaire de l'enseignement, nombre ≥ 0 (virgule ou point)."),
    ColumnHelp(COURSES_SHEET, "modalite", False, "présentiel, distanciel ou hybride."),
    ColumnHelp(COURSES_SHEET, "semestre", False, "Numéro du semestre (1, 2, … ou S1, S2, …)."),
    ColumnHelp(COURSES_SHEET, "intervenants", False,
               "Noms des intervenants séparés par « ; » ; jamais d'adresse électronique ni de numéro de téléphone."),
    ColumnHelp(COVERAGE_SHEET, "enseignement", True, "Identifiant d'un enseignement de la feuille enseignements."),
    ColumnHelp(COVERAGE_SHEET, "element", True,
               "Compétence (notation, ex. « 1.2 ») ou capacité (notation et rang, ex. « 1.2.3 » = 3e capacité de "
               "la compétence 1.2) du référentiel applicable ; choisir dans la liste."),
    ColumnHelp(COVERAGE_SHEET, "relation", False, "totale (par défaut) ou partielle."),
    ColumnHelp(COVERAGE_SHEET, "heures", False, "Heures de l'enseignement consacrées à cet élément, nombre ≥ 0."),
    ColumnHelp(COVERAGE_SHEET, "justification", False, "Pourquoi l'enseignement couvre cet élément."),
    ColumnHelp(COVERAGE_SHEET, "auteur", False, "Nom de la personne qui établit la correspondance (nom seulement)."),
    ColumnHelp(COVERAGE_SHEET, "date", False, "Date de la correspondance, AAAA-MM-JJ."),
    ColumnHelp(COVERAGE_SHEET, "confiance", False, "Confiance dans la correspondance, nombre entre 0 et 1."),
)

__all__ = [
    "COLUMNS", "COURSES_SHEET", "COURSE_COLUMNS", "COVERAGE_COLUMNS", "COVERAGE_SHEET", "DEFAULT_RELATION", "HELP",
    "LIST_SEPARATOR", "MODALITIES", "PROGRAMME_COLUMNS", "PROGRAMME_FIELDS", "PROGRAMME_SHEET", "RELATIONS",
    "REQUIRED_COURSE_COLUMNS", "REQUIRED_COVERAGE_COLUMNS", "REQUIRED_FIELDS", "SHEETS", "ColumnHelp",
]
