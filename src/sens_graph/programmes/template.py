"""The empty programme workbook users fill in (``sens-graph template``).

Three sheets of the contract (``programme``, ``enseignements``, ``couverture``), plus ``listes``
(the framework's codes with their labels, the professions, the modalities, the framework keys,
which the drop-down lists point at) and ``aide`` (each column explained in French).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SensGraphError
from .catalogue import Catalogue, FrameworkInfo
from .schema import (
    COURSE_COLUMNS,
    COURSES_SHEET,
    COVERAGE_COLUMNS,
    COVERAGE_SHEET,
    HELP,
    MODALITIES,
    PROGRAMME_COLUMNS,
    PROGRAMME_FIELDS,
    PROGRAMME_SHEET,
    RELATIONS,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation

DEFAULT_REFERENTIEL = "socle-postbac/v1.1.2022"
LISTS_SHEET = "listes"
HELP_SHEET = "aide"
ROWS_WITH_LISTS = 1000


def element_choice(code: str, label: str) -> str:
    """Drop-down text of a framework element: ``"1.2.3 — libellé"`` (the import reads the code before the space)."""
    return f"{code} — {label}"


def _column_letter(columns: tuple[str, ...], name: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(columns.index(name) + 1)


def _validate_column(ws, columns: tuple[str, ...], name: str, validation: DataValidation, last_row: int) -> None:
    """Apply ``validation`` to column ``name`` of sheet ``ws`` (header ``columns``), rows 2 to ``last_row``."""
    col = _column_letter(columns, name)
    validation.add(f"{col}2:{col}{last_row}")
    ws.add_data_validation(validation)


def _number_validation(title: str, error: str, *, operator: str = "greaterThanOrEqual", minimum: str = "0",
                       maximum: str | None = None) -> DataValidation:
    """A decimal check (blank allowed) that refuses other input with ``error`` under ``title``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(type="decimal", operator=operator, formula1=minimum, formula2=maximum, allow_blank=True,
                          showErrorMessage=True, error=error, errorTitle=title)


def build_template(catalogue: Catalogue, referentiel: str = DEFAULT_REFERENTIEL):
    """An openpyxl ``Workbook`` for the framework version ``referentiel`` (key such as ``socle-postbac/v1.1.2022``).

    Raises :class:`~sens_graph.errors.SensGraphError` for an unknown key (the message lists the valid ones)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    framework: FrameworkInfo | None = catalogue.frameworks.get(referentiel)
    if framework is None:
        valid = ", ".join(sorted(catalogue.frameworks))
        raise SensGraphError(f"unknown referentiel {referentiel!r}; valid keys: {valid}")
    bold = Font(bold=True)
    wb = Workbook()
    ws_prog = wb.active
    ws_prog.title = PROGRAMME_SHEET
    ws_courses = wb.create_sheet(COURSES_SHEET)
    ws_cov = wb.create_sheet(COVERAGE_SHEET)
    ws_lists = wb.create_sheet(LISTS_SHEET)
    ws_help = wb.create_sheet(HELP_SHEET)

    # listes: A element choices, B code, C type, E professions, G modalities, I framework keys, K relations
    elements = sorted(framework.elements.values(), key=lambda e: [int(p) for p in e.code.split(".")])
    ws_lists.append(["element", "code", "type", None, "profession", None, "modalite", None, "referentiel",
                     None, "relation"])
    professions = catalogue.profession_labels()
    keys = sorted(catalogue.frameworks)
    height = max(len(elements), len(professions), len(keys), len(MODALITIES), len(RELATIONS))
    for i in range(height):
        row = [None] * 11
        if i < len(elements):
            row[0:3] = [element_choice(elements[i].code, elements[i].label), elements[i].code,
                        "compétence" if elements[i].kind == "competence" else "capacité"]
        if i < len(professions):
            row[4] = professions[i]
        if i < len(MODALITIES):
            row[6] = list(MODALITIES)[i]
        if i < len(keys):
            row[8] = keys[i]
        if i < len(RELATIONS):
            row[10] = RELATIONS[i]
        ws_lists.append(row)
    for cell in ws_lists[1]:
        cell.font = bold

    def list_validation(column: str, count: int, *, strict: bool = True) -> DataValidation:
        dv = DataValidation(type="list", formula1=f"={LISTS_SHEET}!${column}$2:${column}${count + 1}",
                            allow_blank=True, showErrorMessage=strict)
        dv.error = "Choisir une valeur de la liste (feuille « listes »)."
        dv.errorTitle = "Valeur inconnue"
        return dv

    # programme
    ws_prog.append(list(PROGRAMME_COLUMNS))
    for name in PROGRAMME_FIELDS:
        ws_prog.append([name, referentiel if name == "referentiel" else None])
    professions_dv = list_validation("E", len(professions), strict=False)
    professions_dv.prompt = "Une profession de la liste ; plusieurs : les séparer par « ; »."
    professions_dv.add(f"B{PROGRAMME_FIELDS.index('professions') + 2}")
    keys_dv = list_validation("I", len(keys))
    keys_dv.add(f"B{PROGRAMME_FIELDS.index('referentiel') + 2}")
    ws_prog.add_data_validation(professions_dv)
    ws_prog.add_data_validation(keys_dv)
    ws_prog.column_dimensions["A"].width = 22
    ws_prog.column_dimensions["B"].width = 70

    # enseignements
    ws_courses.append(list(COURSE_COLUMNS))
    last = ROWS_WITH_LISTS + 1
    _validate_column(ws_courses, COURSE_COLUMNS, "modalite", list_validation("G", len(MODALITIES)), last)
    _validate_column(ws_courses, COURSE_COLUMNS, "heures", _number_validation("Heures", "Un nombre d'heures ≥ 0."),
                     last)
    for name, width in (("identifiant", 14), ("intitule", 60), ("unite", 30), ("intervenants", 40)):
        ws_courses.column_dimensions[_column_letter(COURSE_COLUMNS, name)].width = width

    # couverture
    ws_cov.append(list(COVERAGE_COLUMNS))
    _validate_column(ws_cov, COVERAGE_COLUMNS, "element", list_validation("A", len(elements)), last)
    _validate_column(ws_cov, COVERAGE_COLUMNS, "relation", list_validation("K", len(RELATIONS)), last)
    _validate_column(ws_cov, COVERAGE_COLUMNS, "heures", _number_validation("Heures", "Un nombre d'heures ≥ 0."), last)
    _validate_column(ws_cov, COVERAGE_COLUMNS, "confiance",
                     _number_validation("Confiance", "Un nombre entre 0 et 1.", operator="between", maximum="1"), last)
    for name, width in (("enseignement", 14), ("element", 50), ("justification", 60), ("auteur", 24)):
        ws_cov.column_dimensions[_column_letter(COVERAGE_COLUMNS, name)].width = width

    for ws in (ws_prog, ws_courses, ws_cov):
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "A2"

    # aide
    ws_help.append([f"Modèle de description d'un programme de formation — référentiel {framework.key} "
                    f"({framework.label}, {framework.version})"])
    ws_help.append(["Remplir les feuilles « programme » (une valeur par champ), « enseignements » (une ligne par "
                    "enseignement) et « couverture » (une ligne par compétence ou capacité couverte par un "
                    "enseignement), puis : sens-graph import FICHIER.xlsx. La feuille « listes » donne les codes du "
                    "référentiel, les professions et les modalités proposés dans les listes déroulantes. Ne pas "
                    "saisir de formules : seules les valeurs sont lues."])
    ws_help.append([])
    ws_help.append(["feuille", "colonne / champ", "obligatoire", "explication"])
    for cell in ws_help[4]:
        cell.font = bold
    for item in HELP:
        ws_help.append([item.sheet, item.column, "oui" if item.required else "non", item.text])
    ws_help.column_dimensions["A"].width = 16
    ws_help.column_dimensions["B"].width = 22
    ws_help.column_dimensions["D"].width = 100
    for row in ws_help.iter_rows(min_row=5):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    return wb


def write_template(catalogue: Catalogue, out: Path, referentiel: str = DEFAULT_REFERENTIEL) -> Path:
    """Write the template workbook to ``out`` (atomically) and return the path."""
    import os
    import tempfile

    wb = build_template(catalogue, referentiel)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".template-", suffix=".xlsx", dir=out.parent)
    os.close(handle)
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


__all__ = ["DEFAULT_REFERENTIEL", "HELP_SHEET", "LISTS_SHEET", "build_template", "element_choice", "write_template"]
