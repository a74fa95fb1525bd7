"""The report's content, computed once from the query library and shared by every format.

Every figure of the report comes from a query of ``queries/`` (the single source): a
:class:`TableSpec` names the query, its parameters and which of its columns are shown, under
which French title, and which column holds the IRI a cell links to. :func:`build_report` runs
each query once (results are cached per query and parameters) and returns a :class:`Report`:
sections, each with its tables (title, columns, rows, notes) and figures. The writers
(:mod:`.html`, :mod:`.xlsx`, :mod:`.pdf`, :mod:`.csv`) only lay that model out; none of them
queries the graph.

Rows keep the query's values unchanged (plain Python values: ``str``, ``Decimal``, ``int``,
``bool`` or ``None``); a table may only select, order and rename columns and give each row a
*status* (for instance ``gap`` for an uncovered item), which the writers show as a colour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ..config import Settings
from ..errors import SensGraphError
from ..queries import QueryLibrary, QueryResult, Store
from ..values import french_text

STATUS_LABELS: dict[str, str] = {
    "gap": "non couvert / absent",
    "partial": "couvert en partie",
    "ok": "couvert / présent",
    "stated": "lien affirmé par la source",
    "curated": "lien curé par l'équipe (d'après le sens)",
    "reconstructed": "lien reconstruit (mise en page perdue, confiance < 1)",
    "adapted": "adapté",
    "added": "ajouté",
    "mismatch": "écart avec le chiffre imprimé",
    "info": "information",
}
"""Row and cell statuses the writers colour, with their French legend."""


class ReportError(SensGraphError):
    """The report cannot be generated (missing query or column, unreadable build…)."""


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A shown column: the query column ``key`` under the French ``title``."""

    key: str
    title: str
    kind: str = "text"  # text | number | percent | integer | bool | iri
    link: str | None = None  # query column holding the IRI this cell links to
    link_optional: bool = False  # no link (rather than an error) while the query lacks that column
    width: int | None = None  # spreadsheet width hint (characters)
    statuses: Mapping[str, str] | None = None  # cell value → status (colour of the cell)
    labels: Mapping[str, str] | None = None  # HTML/PDF wording of coded values (XLSX/CSV keep the value)
    repeat: bool = True  # False: left blank in HTML/PDF when the row continues the previous row's group


@dataclass
class Table:
    """One table of the report: what every format shows (sheet, CSV file, HTML/PDF table)."""

    id: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    description: str = ""
    query: str = ""
    params: list[dict[str, Any]] = field(default_factory=list)  # one dict per run of the query
    statuses: list[str | None] = field(default_factory=list)
    wide: bool = False  # laid out on a landscape page in the PDF
    group: str | None = None  # query column whose equal consecutive values form a group of rows

    def continues(self, index: int) -> bool:
        """True when row ``index`` is in the same group as the row before it (HTML/PDF only
        leave the non-repeated columns blank; XLSX and CSV keep every value)."""
        if self.group is None or index == 0:
            return False
        return self.rows[index].get(self.group) == self.rows[index - 1].get(self.group)

    def is_long(self, index: int, limit: int = 900) -> bool:
        """A row with a very long cell: the PDF lets it run over a page break rather than leave
        most of a page empty."""
        return any(isinstance(v, str) and len(v) > limit for v in self.values(self.rows[index]))

    def column_weights(self, low: int = 11, high: int = 100) -> list[float]:
        """Relative column widths (%) for the page layout, from the width hints (clamped so
        that narrow columns stay readable and long texts do not take the whole page)."""
        if not self.columns or any(c.width is None for c in self.columns):
            return []
        clamped = [min(high, max(low, c.width or low)) for c in self.columns]
        total = sum(clamped)
        return [100 * w / total for w in clamped]

    def values(self, row: Mapping[str, Any]) -> list[Any]:
        """The shown cells of a row, in column order."""
        return [row.get(c.key) for c in self.columns]

    def text(self, row: Mapping[str, Any], column: Column, base: str | None = None) -> str:
        """The cell as the HTML and PDF show it (French numbers, coded values in words)."""
        value = row.get(column.key)
        if column.labels and value is not None and str(value) in column.labels:
            return column.labels[str(value)]
        return format_value(value, column.kind, base)

    def link_of(self, row: Mapping[str, Any], column: Column) -> str | None:
        """The IRI a cell links to, if any."""
        if column.link is None:
            return None
        value = row.get(column.link)
        return str(value) if value else None

    def cell_status(self, row: Mapping[str, Any], column: Column) -> str | None:
        if not column.statuses:
            return None
        value = row.get(column.key)
        return column.statuses.get(str(value)) if value is not None else None

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for status in self.statuses:
            if status:
                counts[status] = counts.get(status, 0) + 1
        return counts

    @property
    def link_columns(self) -> list[tuple[Column, str]]:
        """(shown column, IRI column key) for the columns that carry a link."""
        return [(c, c.link) for c in self.columns if c.link]

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Figure:
    """A figure of the report, written next to the HTML (``figures/…``)."""

    id: str
    title: str
    path: str  # relative to the output folder (PNG)
    caption: str = ""
    svg: str | None = None


@dataclass
class Section:
    id: str
    number: str
    title: str
    intro: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    key_figures: list[tuple[str, str]] = field(default_factory=list)  # (label, value)


@dataclass
class Report:
    """The whole report: metadata and sections."""

    title: str
    subtitle: str
    dataset_version: str
    build_date: str
    generated: str
    base_iri: str
    source_digest: str
    built: bool  # False when made from the sources without a complete, current build
    sections: list[Section]
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    @property
    def stamp(self) -> str:
        """One line stating the dataset version and build date (printed on every file)."""
        if not self.built:
            return (f"Jeu de données sens-graph version {self.dataset_version} — graphe non construit, "
                    f"lu dans les sources le {self.build_date}")
        return f"Jeu de données sens-graph version {self.dataset_version} — construit le {self.build_date}"


# --------------------------------------------------------------------------------------------
# Table specifications: which query, which columns
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    query: str
    columns: Sequence[Column]
    params: Mapping[str, Any] | Sequence[Mapping[str, Any]] = field(default_factory=dict)
    description: str = ""
    notes: Sequence[str] = ()
    status: Callable[[Mapping[str, Any]], str | None] | None = None
    keep: Callable[[Mapping[str, Any]], bool] | None = None  # row filter (documented in notes)
    wide: bool = False
    group: str | None = None


class QueryRunner:
    """Runs library queries once each (cached by name and parameters)."""

    def __init__(self, store: Store, library: QueryLibrary, settings: Settings) -> None:
        self.store = store
        self.library = library
        self.settings = settings
        self._cache: dict[tuple[str, tuple[tuple[str, str], ...]], QueryResult] = {}
        self.runs: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        key = (name, tuple(sorted((k, str(v)) for k, v in (params or {}).items())))
        if key not in self._cache:
            self._cache[key] = self.library.run(self.store, name, dict(params or {}),
                                                base_iri=self.settings.base_iri)
            self.runs.append((name, dict(params or {})))
        return self._cache[key]


def make_table(spec: TableSpec, run: QueryRunner) -> Table:
    """Run the spec's query and keep its rows as they are, with the shown columns.

    ``spec.params`` may be a list of parameter sets: the query is run once per set and the
    rows are concatenated in that order.
    """
    param_sets = [spec.params] if isinstance(spec.params, Mapping) else list(spec.params)
    columns = list(spec.columns)
    records: list[dict[str, Any]] = []
    used: list[dict[str, Any]] = []
    for params in param_sets:
        result = run(spec.query, params)
        columns = [replace(c, link=None) if c.link and c.link_optional and c.link not in result.columns else c
                   for c in columns]
        needed = {c.key for c in columns} | {c.link for c in columns if c.link}
        missing = sorted(needed - set(result.columns))
        if missing:
            raise ReportError(f"table {spec.id!r}: query {spec.query!r} has no column(s) {', '.join(missing)}; "
                              f"its columns: {', '.join(result.columns)}")
        records += result.records()
        used.append(dict(result.params))
    if spec.keep is not None:
        records = [r for r in records if spec.keep(r)]
    statuses = [spec.status(r) if spec.status else None for r in records]
    query = run.library.get(spec.query)
    notes = list(spec.notes)
    if query.notes:
        notes.append(f"Note de la requête : {query.notes}")
    return Table(
        id=spec.id, title=spec.title, columns=columns, rows=records, notes=notes,
        description=spec.description or query.question_fr, query=spec.query, params=used,
        statuses=statuses, wide=spec.wide, group=spec.group,
    )


@dataclass(frozen=True)
class PivotSpec:
    """A matrix made from one query's rows: one row per ``row_key``, one column per distinct
    value of ``column_key`` (in order of first appearance), the cell combining the
    ``value_key`` values of the query rows that fall in it (``combine``). Only reshaping: each
    cell is one of the query's values (or a count of query rows)."""

    id: str
    title: str
    query: str
    row_columns: Sequence[Column]  # the row header columns (keys of the produced rows)
    row_key: Callable[[Mapping[str, Any]], tuple[Any, ...]]  # → values of row_columns
    column_key: str
    value_key: str
    combine: Callable[[list[Any]], Any]
    params: Mapping[str, Any] = field(default_factory=dict)
    column_title: Callable[[str], str] = str
    cell: Mapping[str, Any] = field(default_factory=dict)  # extra Column options of the cells
    missing: Any = None  # cell value where no query row falls
    sort_key: Callable[[Mapping[str, Any]], Any] | None = None  # order of the matrix rows
    description: str = ""
    notes: Sequence[str] = ()
    wide: bool = False


def pivot_rows(spec: PivotSpec, records: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """(column values in order, rows) of the matrix; row keys in order of first appearance."""
    columns: list[str] = []
    cells: dict[tuple[Any, ...], dict[str, list[Any]]] = {}
    for record in records:
        col = record.get(spec.column_key)
        if col is None:
            continue
        col = str(col)
        if col not in columns:
            columns.append(col)
        key = spec.row_key(record)
        cells.setdefault(key, {}).setdefault(col, []).append(record.get(spec.value_key))
    rows: list[dict[str, Any]] = []
    for key, by_col in cells.items():
        row: dict[str, Any] = {c.key: v for c, v in zip(spec.row_columns, key, strict=True)}
        for k, col in enumerate(columns):
            row[f"c{k + 1}"] = spec.combine(by_col[col]) if col in by_col else spec.missing
        rows.append(row)
    if spec.sort_key is not None:
        rows.sort(key=spec.sort_key)
    return columns, rows


def make_pivot(spec: PivotSpec, run: QueryRunner) -> Table:
    result = run(spec.query, spec.params)
    for key in (spec.column_key, spec.value_key):
        if key not in result.columns:
            raise ReportError(f"table {spec.id!r}: query {spec.query!r} has no column {key!r}; "
                              f"its columns: {', '.join(result.columns)}")
    values, rows = pivot_rows(spec, result.records())
    columns = [*spec.row_columns,
               *(Column(f"c{k + 1}", spec.column_title(v), **spec.cell) for k, v in enumerate(values))]
    query = run.library.get(spec.query)
    notes = list(spec.notes)
    if query.notes:
        notes.append(f"Note de la requête : {query.notes}")
    return Table(id=spec.id, title=spec.title, columns=columns, rows=rows, notes=notes,
                 description=spec.description or query.question_fr, query=spec.query, params=[dict(result.params)],
                 statuses=[None] * len(rows), wide=spec.wide)


# --------------------------------------------------------------------------------------------
# Formatting helpers shared by the writers
# --------------------------------------------------------------------------------------------


def format_value(value: Any, kind: str = "text", base: str | None = None) -> str:
    """A cell as French text (see :func:`sens_graph.values.french_text`)."""
    return french_text(value, kind, base)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------------------------
# The report's sections
# --------------------------------------------------------------------------------------------

REPORT_TITLE = "Rapport de correspondances — DU Compétences numériques en santé"
REPORT_SUBTITLE = ("Couverture du référentiel socle post-bac, certification RNCP36050, référentiels des "
                   "professions, heures du DU ; annexe de provenance")


@dataclass(frozen=True)
class SectionSpec:
    id: str
    number: str
    title: str
    intro: Sequence[str]
    tables: Sequence[TableSpec | PivotSpec]
    key_figures: Callable[[dict[str, Table]], list[tuple[str, str]]] | None = None


def _status_of(column: str, mapping: Mapping[str, str]) -> Callable[[Mapping[str, Any]], str | None]:
    def status(row: Mapping[str, Any]) -> str | None:
        value = row.get(column)
        return mapping.get(str(value)) if value is not None else None
    return status


def _false_is(status: str, column: str) -> Callable[[Mapping[str, Any]], str | None]:
    def check(row: Mapping[str, Any]) -> str | None:
        return status if row.get(column) is False else None
    return check


def _count(table: Table, status: str | None = None) -> int:
    if status is None:
        return len(table.rows)
    return sum(1 for s in table.statuses if s == status)


def _distinct(table: Table, column: str) -> int:
    return len({r.get(column) for r in table.rows if r.get(column) is not None})


def build_report(store: Store, library: QueryLibrary, settings: Settings, build_info: Mapping[str, Any] | None,
                 *, built: bool | None = None, sections: Sequence[SectionSpec] | None = None,
                 progress: Callable[[str], None] | None = None) -> Report:
    """Run every table's query once and assemble the report (no figure files yet)."""
    from .. import __version__
    from .content import SECTIONS

    step = progress or (lambda _msg: None)
    run = QueryRunner(store, library, settings)
    info = dict(build_info or {})
    generated = now_iso()
    out_sections: list[Section] = []
    for spec in sections or SECTIONS:
        step(f"{spec.number}. {spec.title}")
        tables = [make_pivot(t, run) if isinstance(t, PivotSpec) else make_table(t, run) for t in spec.tables]
        by_id = {t.id: t for t in tables}
        section = Section(id=spec.id, number=spec.number, title=spec.title, intro=list(spec.intro), tables=tables)
        if spec.key_figures is not None:
            section.key_figures = spec.key_figures(by_id)
        out_sections.append(section)
    return Report(
        title=REPORT_TITLE,
        subtitle=REPORT_SUBTITLE,
        dataset_version=str(info.get("version") or __version__),
        build_date=str(info.get("build_date") or generated),
        generated=generated,
        base_iri=str(info.get("base_iri") or settings.base_iri),
        source_digest=str(info.get("source_digest") or ""),
        built=bool(build_info) if built is None else built,
        sections=out_sections,
        graphs=dict(info.get("graphs") or {}),
    )
