"""Read a programme workbook (XLSX) or its CSV folder and check it against the template's contract.

Every problem is collected before anything is reported (:class:`~sens_graph.errors.ProgrammeFileError`
lists them all), each located by sheet, row, column, the value found and what was expected. An XLSX
file is opened only after a size and zip-bomb check, and formulas are refused, never evaluated.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import ProgrammeFileError
from .catalogue import Catalogue, Element, FrameworkInfo, ProfessionInfo, fold
from .schema import (
    COLUMNS,
    COURSE_COLUMNS,
    COURSES_SHEET,
    COVERAGE_SHEET,
    DEFAULT_RELATION,
    LIST_SEPARATOR,
    MODALITIES,
    PROGRAMME_FIELDS,
    PROGRAMME_SHEET,
    RELATIONS,
    REQUIRED_COURSE_COLUMNS,
    REQUIRED_COVERAGE_COLUMNS,
    REQUIRED_FIELDS,
    SHEETS,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest workbook accepted (bytes)."""
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
"""Largest total uncompressed size of the workbook's zip members (bytes)."""
MAX_ZIP_RATIO = 100
"""Largest compression ratio of one zip member (zip-bomb guard)."""
MAX_ROWS = 20000
"""Largest number of rows read from one sheet."""

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE_PATTERN = re.compile(r"(?:\+\d{2,3}|\b0)\s?[1-9](?:[\s.-]?\d{2}){4}\b")
SEMESTER_PATTERN = re.compile(r"^[Ss]?(\d{1,2})$")
SOURCE_PATTERN = re.compile(r"^source/\d{3}$")


@dataclass(frozen=True)
class Problem:
    """One located problem of a programme file; ``row`` is the spreadsheet row (header = 1)."""

    sheet: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    file: str | None = None
    """The CSV file holding the sheet (``data/programmes/<key>/enseignements.csv``) when the programme is a
    folder of CSV files; None for a workbook (the error's source names it)."""

    def __str__(self) -> str:
        where = [f"feuille « {self.sheet} »"]
        if self.file is not None:
            where.insert(0, self.file)
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        found = "" if self.value is None else f" : valeur « {self.value} »"
        return f"{', '.join(where)}{found} — attendu : {self.expected}"

    def as_dict(self) -> dict[str, object]:
        """JSON form (keys sheet, row, column, value, expected; file too when the sheet is a CSV file)."""
        found: dict[str, object] = {"sheet": self.sheet, "row": self.row, "column": self.column,
                                    "value": self.value, "expected": self.expected}
        if self.file is not None:
            found["file"] = self.file
        return found


@dataclass
class Table:
    """One sheet: its header (as written, stripped) and its non-empty rows with their row numbers."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass(frozen=True)
class CourseRow:
    """A row of ``enseignements``, checked and typed."""

    row: int
    identifiant: str
    intitule: str
    unite: str
    niveau: str
    heures: Decimal | None
    modalite: str | None
    semestre: int | None
    intervenants: tuple[str, ...]


@dataclass(frozen=True)
class CoverageRow:
    """A row of ``couverture``, checked and typed; ``element`` is the framework element it names."""

    row: int
    enseignement: str
    element: Element
    relation: str
    heures: Decimal | None
    justification: str
    auteur: str
    date: date | None
    confiance: Decimal | None


@dataclass
class ProgrammeSource:
    """A valid programme file: its fields, courses, coverage rows and the framework they refer to."""

    fields: dict[str, str]
    professions: list[ProfessionInfo]
    framework: FrameworkInfo
    framework_fixed: bool
    courses: list[CourseRow]
    coverage: list[CoverageRow]
    tables: dict[str, Table]

    @property
    def key(self) -> str:
        return self.fields["identifiant"]


# --------------------------------------------------------------------------- reading


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(name: str, raw_rows: list[tuple[int, list[str]]]) -> Table:
    if not raw_rows:
        return Table(name, [])
    _, header = raw_rows[0]
    header = [h.strip() for h in header]
    table = Table(name, header)
    for number, values in raw_rows[1:]:
        if not any(v.strip() for v in values):
            continue
        record = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header) if h}
        table.rows.append((number, record))
    return table


def check_zip(data: bytes, display: str) -> None:
    """Refuse a workbook that is too large, not a zip, or decompresses suspiciously (zip bomb)."""
    problems = []
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem("(fichier)", None, None, f"{len(data)} octets",
                                f"un classeur d'au plus {MAX_FILE_BYTES} octets"))
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
                total = sum(i.file_size for i in infos)
                worst = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
                if len(infos) > 1000 or total > MAX_UNZIPPED_BYTES or worst > MAX_ZIP_RATIO:
                    problems.append(Problem("(fichier)", None, None, f"{total} octets décompressés",
                                            f"un classeur de moins de {MAX_UNZIPPED_BYTES} octets décompressés et "
                                            f"un taux de compression ≤ {MAX_ZIP_RATIO}"))
        except zipfile.BadZipFile:
            problems.append(Problem("(fichier)", None, None, None, "un classeur XLSX (fichier zip)"))
    if problems:
        raise ProgrammeFileError(display, problems)


def read_xlsx(data: bytes, display: str) -> tuple[dict[str, Table], list[Problem]]:
    """Tables of a workbook's sheets (formulas are reported, never evaluated)."""
    import openpyxl

    check_zip(data, display)
    problems: list[Problem] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise ProgrammeFileError(display, [Problem("(fichier)", None, None, type(exc).__name__,
                                                   f"un classeur XLSX lisible ({exc})")]) from exc
    tables: dict[str, Table] = {}
    try:
        for sheet in workbook.worksheets:
            name = sheet.title.strip()
            if name not in SHEETS:
                continue
            raw: list[tuple[int, list[str]]] = []
            header: list[str] = []
            for number, row in enumerate(sheet.iter_rows(), start=1):
                if number > MAX_ROWS:
                    problems.append(Problem(name, number, None, None, f"au plus {MAX_ROWS} lignes"))
                    break
                values = []
                for index, cell in enumerate(row):
                    if getattr(cell, "data_type", None) == "f":
                        column = header[index] if index < len(header) else f"n°{index + 1}"
                        problems.append(Problem(name, number, column, _cell_text(cell.value),
                                                "une valeur saisie, pas une formule"))
                        values.append("")
                    else:
                        values.append(_cell_text(cell.value))
                if number == 1:
                    header = [v.strip() for v in values]
                raw.append((number, values))
            tables[name] = _table(name, raw)
    finally:
        workbook.close()
    return tables, problems


def read_csv_folder(folder: Path) -> tuple[dict[str, Table], list[Problem]]:
    """Tables of a folder of ``<sheet>.csv`` files (UTF-8, comma or semicolon separated)."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for name in SHEETS:
        path = folder / f"{name}.csv"
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(Problem(name, None, None, None, f"un fichier {name}.csv encodé en UTF-8 ({exc.reason})"))
            continue
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        raw = [(reader.line_num, row) for row in reader]
        tables[name] = _table(name, raw)
    return tables, problems


def read_tables(path: Path) -> tuple[dict[str, Table], list[Problem]]:
    """Tables of an XLSX file or of a CSV folder (see :func:`read_xlsx`, :func:`read_csv_folder`)."""
    if path.is_dir():
        return read_csv_folder(path)
    if not path.is_file():
        raise ProgrammeFileError(str(path), [Problem("(fichier)", None, None, str(path),
                                                     "un fichier .xlsx ou un dossier de fichiers CSV existant")])
    return read_xlsx(path.read_bytes(), str(path))


# --------------------------------------------------------------------------- checking


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _contact_problem(sheet: str, row: int, column: str, value: str) -> Problem | None:
    if EMAIL_PATTERN.search(value) or PHONE_PATTERN.search(value):
        return Problem(sheet, row, column, value,
                       "des noms seulement, sans adresse électronique ni numéro de téléphone")
    return None


def _check_columns(table: Table, problems: list[Problem], required: tuple[str, ...]) -> bool:
    ok = True
    allowed = COLUMNS[table.name]
    for column in required:
        if column not in table.header:
            problems.append(Problem(table.name, 1, column, None, "une colonne requise de ce nom"))
            ok = False
    for column in table.header:
        if column and column not in allowed:
            problems.append(Problem(table.name, 1, column, column, f"une des colonnes {', '.join(allowed)}"))
    return ok


def _element(code_text: str, framework: FrameworkInfo) -> Element | None:
    code = code_text.split()[0] if code_text.split() else ""
    return framework.elements.get(code.rstrip("."))


def validate_tables(tables: dict[str, Table], catalogue: Catalogue, display: str,
                    problems: list[Problem] | None = None, *, expected_key: str | None = None,
                    files: dict[str, str] | None = None) -> ProgrammeSource:
    """Check the three tables against the contract and the catalogue; raise with every problem found.

    ``expected_key``: the identifier the file must carry (a stored source's folder name); a key
    already taken in ``catalogue.programme_keys`` is refused. ``files``: sheet → the CSV file that holds it
    (a CSV folder), named in each problem of that sheet. Raises
    :class:`~sens_graph.errors.ProgrammeFileError`."""
    problems = list(problems or [])
    for name in SHEETS:
        if name not in tables and any(p.sheet == name for p in problems):
            continue  # the file is there but could not be read (its encoding): that problem says so
        if name not in tables and files:
            problems.append(Problem(name, None, None, None, f"le fichier {name}.csv (absent du dossier)"))
        elif name not in tables:
            problems.append(Problem(name, None, None, None, f"une feuille (ou un fichier {name}.csv) « {name} »"))
    fields: dict[str, str] = {}
    field_rows: dict[str, int] = {}
    professions: list[ProfessionInfo] = []
    framework: FrameworkInfo | None = None
    fixed = False

    # -- programme
    table = tables.get(PROGRAMME_SHEET)
    if table is not None and _check_columns(table, problems, COLUMNS[PROGRAMME_SHEET]):
        for row, record in table.rows:
            name, value = record.get("champ", "").strip(), record.get("valeur", "").strip()
            if name not in PROGRAMME_FIELDS:
                problems.append(Problem(PROGRAMME_SHEET, row, "champ", name,
                                        f"un des champs {', '.join(PROGRAMME_FIELDS)}"))
                continue
            if name in fields:
                problems.append(Problem(PROGRAMME_SHEET, row, "champ", name,
                                        f"un champ unique (déjà donné ligne {field_rows[name]})"))
                continue
            fields[name], field_rows[name] = value, row
            if (problem := _contact_problem(PROGRAMME_SHEET, row, "valeur", value)) and name != "url":
                problems.append(problem)
        for name in REQUIRED_FIELDS:
            if not fields.get(name):
                problems.append(Problem(PROGRAMME_SHEET, field_rows.get(name), "valeur" if name in fields else "champ",
                                        fields.get(name) if name in fields else None,
                                        f"le champ requis « {name} » renseigné"))
        key = fields.get("identifiant", "")
        if key and not KEY_PATTERN.match(key):
            problems.append(Problem(PROGRAMME_SHEET, field_rows["identifiant"], "valeur", key,
                                    "un identifiant en minuscules, chiffres et tirets (ex. « ifsi-lyon-2025 »)"))
        elif key and expected_key is not None and key != expected_key:
            problems.append(Problem(PROGRAMME_SHEET, field_rows["identifiant"], "valeur", key,
                                    f"l'identifiant « {expected_key} » (nom du dossier de la source)"))
        elif key and key in catalogue.programme_keys:
            problems.append(Problem(PROGRAMME_SHEET, field_rows["identifiant"], "valeur", key,
                                    "un identifiant qui n'est pas déjà celui d'un programme du graphe"))
        for label in (p.strip() for p in fields.get("professions", "").split(LIST_SEPARATOR)):
            if not label:
                continue
            prof = catalogue.profession(label)
            if prof is None:
                problems.append(Problem(PROGRAMME_SHEET, field_rows["professions"], "valeur", label,
                                        "une profession du graphe (liste « professions » du modèle)"))
            else:
                professions.append(prof)
        if fields.get("referentiel"):
            framework = catalogue.frameworks.get(fields["referentiel"])
            fixed = True
            if framework is None:
                problems.append(Problem(PROGRAMME_SHEET, field_rows["referentiel"], "valeur", fields["referentiel"],
                                        "une clé de version de référentiel parmi "
                                        + ", ".join(sorted(catalogue.frameworks))))
        elif professions:
            found = catalogue.applicable(professions)
            if len(found) == 1:
                framework = found[0]
            else:
                problems.append(Problem(PROGRAMME_SHEET, field_rows["professions"], "valeur", fields["professions"],
                                        "des professions relevant d'un seul référentiel en vigueur (trouvés : "
                                        + (", ".join(f.key for f in found) or "aucun")
                                        + ") ; sinon renseigner le champ « referentiel »"))
        elif not fields.get("professions", "").strip():
            problems.append(Problem(PROGRAMME_SHEET, field_rows.get("professions"), "valeur", None,
                                    "le champ « professions » ou le champ « referentiel » renseigné"))
        url = fields.get("url", "")
        if url and not re.match(r"^https?://\S+$", url):
            problems.append(Problem(PROGRAMME_SHEET, field_rows["url"], "valeur", url, "une adresse http(s)://…"))
        source = fields.get("source", "")
        if source and not SOURCE_PATTERN.match(source):
            problems.append(Problem(PROGRAMME_SHEET, field_rows["source"], "valeur", source,
                                    "un document source du graphe, « source/NNN »"))

    # -- enseignements
    courses: list[CourseRow] = []
    table = tables.get(COURSES_SHEET)
    seen: dict[str, int] = {}
    no_courses = table is not None and not table.rows  # one problem, not one per coverage row naming a course
    if no_courses and not any(table.header):
        problems.append(Problem(COURSES_SHEET, None, None, None,
                                f"une ligne d'en-tête ({', '.join(COURSE_COLUMNS)}) puis au moins un enseignement "
                                "(aucun enseignement : la feuille est vide)"))
    elif no_courses:
        _check_columns(table, problems, REQUIRED_COURSE_COLUMNS)
        problems.append(Problem(COURSES_SHEET, None, None, None,
                                "au moins un enseignement sous la ligne d'en-tête (aucun enseignement : la feuille "
                                "n'a que sa ligne d'en-tête)"))
    elif table is not None and _check_columns(table, problems, REQUIRED_COURSE_COLUMNS):
        for row, record in table.rows:
            ident, title = record.get("identifiant", ""), record.get("intitule", "")
            if not ident:
                problems.append(Problem(COURSES_SHEET, row, "identifiant", None, "un identifiant d'enseignement"))
            elif fold(ident) in seen:
                problems.append(Problem(COURSES_SHEET, row, "identifiant", ident,
                                        f"un identifiant unique dans le programme (déjà ligne {seen[fold(ident)]})"))
            else:
                seen[fold(ident)] = row
            if ident and not fold(ident):
                problems.append(Problem(COURSES_SHEET, row, "identifiant", ident, "au moins une lettre ou un chiffre"))
            if not title:
                problems.append(Problem(COURSES_SHEET, row, "intitule", None, "l'intitulé de l'enseignement"))
            hours = None
            if record.get("heures"):
                hours = _number(record["heures"])
                if hours is None or hours < 0:
                    problems.append(Problem(COURSES_SHEET, row, "heures", record["heures"], "un nombre d'heures ≥ 0"))
                    hours = None
            modality = record.get("modalite", "").strip().lower() or None
            if modality is not None and modality not in MODALITIES:
                problems.append(Problem(COURSES_SHEET, row, "modalite", record["modalite"],
                                        "présentiel, distanciel ou hybride"))
            semester = None
            if record.get("semestre"):
                match = SEMESTER_PATTERN.match(record["semestre"].strip())
                if match is None or int(match.group(1)) < 1:
                    problems.append(Problem(COURSES_SHEET, row, "semestre", record["semestre"],
                                            "un numéro de semestre (1, 2, … ou S1, S2, …)"))
                else:
                    semester = int(match.group(1))
            for column in ("intitule", "unite", "niveau", "intervenants"):
                if record.get(column) and (problem := _contact_problem(COURSES_SHEET, row, column, record[column])):
                    problems.append(problem)
            teachers = tuple(n.strip() for n in record.get("intervenants", "").split(LIST_SEPARATOR) if n.strip())
            courses.append(CourseRow(row, ident, title, record.get("unite", ""), record.get("niveau", ""), hours,
                                     modality, semester, teachers))

    # -- couverture
    coverage: list[CoverageRow] = []
    table = tables.get(COVERAGE_SHEET)
    if table is not None and _check_columns(table, problems, REQUIRED_COVERAGE_COLUMNS):
        for row, record in table.rows:
            course = record.get("enseignement", "")
            if not course:
                problems.append(Problem(COVERAGE_SHEET, row, "enseignement", None, "l'identifiant d'un enseignement"))
            elif fold(course) not in seen and COURSES_SHEET in tables and not no_courses:
                problems.append(Problem(COVERAGE_SHEET, row, "enseignement", course,
                                        "un identifiant de la feuille « enseignements »"))
            element = None
            code = record.get("element", "")
            if not code:
                problems.append(Problem(COVERAGE_SHEET, row, "element", None, "une compétence ou une capacité"))
            elif framework is not None:
                element = _element(code, framework)
                if element is None:
                    problems.append(Problem(COVERAGE_SHEET, row, "element", code,
                                            f"un code de compétence (« 1.2 ») ou de capacité (« 1.2.3 ») de "
                                            f"{framework.key}"))
            relation = record.get("relation", "").strip().lower() or DEFAULT_RELATION
            if relation not in RELATIONS:
                problems.append(Problem(COVERAGE_SHEET, row, "relation", record["relation"], "totale ou partielle"))
            hours = None
            if record.get("heures"):
                hours = _number(record["heures"])
                if hours is None or hours < 0:
                    problems.append(Problem(COVERAGE_SHEET, row, "heures", record["heures"], "un nombre d'heures ≥ 0"))
                    hours = None
            when = None
            if record.get("date"):
                try:
                    when = date.fromisoformat(record["date"].strip()[:10])
                except ValueError:
                    problems.append(Problem(COVERAGE_SHEET, row, "date", record["date"], "une date AAAA-MM-JJ"))
            confidence = None
            if record.get("confiance"):
                confidence = _number(record["confiance"])
                if confidence is None or not 0 <= confidence <= 1:
                    problems.append(Problem(COVERAGE_SHEET, row, "confiance", record["confiance"],
                                            "un nombre entre 0 et 1"))
                    confidence = None
            for column in ("justification", "auteur"):
                if record.get(column) and (problem := _contact_problem(COVERAGE_SHEET, row, column, record[column])):
                    problems.append(problem)
            if element is not None:
                coverage.append(CoverageRow(row, course, element, relation, hours, record.get("justification", ""),
                                            record.get("auteur", ""), when, confidence))
    if problems or framework is None:
        if not problems:
            problems.append(Problem(PROGRAMME_SHEET, None, None, None, "un référentiel applicable"))
        if files:
            problems = [replace(p, file=files[p.sheet]) if p.file is None and p.sheet in files else p
                        for p in problems]
        raise ProgrammeFileError(display, problems)
    return ProgrammeSource(fields, professions, framework, fixed, courses, coverage, tables)


def read_programme(path: Path, catalogue: Catalogue, *, expected_key: str | None = None,
                   display: str | None = None) -> ProgrammeSource:
    """Read and check a programme workbook or CSV folder; raise with every located problem (a CSV folder's
    problems name their file, ``<display>/<sheet>.csv``)."""
    tables, problems = read_tables(path)
    display = display or str(path)
    files = {name: f"{display}/{name}.csv" for name in SHEETS} if path.is_dir() else None
    return validate_tables(tables, catalogue, display, problems, expected_key=expected_key, files=files)


def read_programme_bytes(data: bytes, catalogue: Catalogue, display: str) -> ProgrammeSource:
    """Same as :func:`read_programme` for an uploaded workbook's bytes (nothing is written)."""
    tables, problems = read_xlsx(data, display)
    return validate_tables(tables, catalogue, display, problems)


__all__ = [
    "MAX_FILE_BYTES", "MAX_UNZIPPED_BYTES", "CourseRow", "CoverageRow", "Problem", "ProgrammeSource", "Table",
    "check_zip", "read_csv_folder", "read_programme", "read_programme_bytes", "read_tables", "read_xlsx",
    "validate_tables",
]
