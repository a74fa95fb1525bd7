"""Assemble the report: run each table's query once and fill the model.

:func:`build_report` runs every query of the sections of :mod:`.content` (results cached per
query and parameters, :class:`QueryRunner`) and returns a :class:`~.model.Report`; the writers
then lay it out without querying the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..config import Settings
from ..errors import ReportError
from ..queries import QueryableGraph, QueryLibrary, QueryResult
from .content import SECTIONS
from .model import Column, Report, Section, Table, now_iso
from .spec import PivotSpec, SectionSpec, TableSpec

REPORT_TITLE = "Rapport de correspondances — DU Compétences numériques en santé"
REPORT_SUBTITLE = ("Couverture du référentiel socle post-bac, certification RNCP36050, référentiels des "
                   "professions, heures du DU ; annexe de provenance")


class QueryRunner:
    """Runs library queries once each (cached by name and parameters)."""

    def __init__(self, store: QueryableGraph, library: QueryLibrary, settings: Settings) -> None:
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


def build_report(store: QueryableGraph, library: QueryLibrary, settings: Settings, build_info: Mapping[str, Any] | None,
                 *, built: bool | None = None, sections: Sequence[SectionSpec] | None = None,
                 progress: Callable[[str], None] | None = None) -> Report:
    """Run every table's query once and assemble the report (no figure files yet)."""
    from ..version import __version__

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
