"""Specifications of the report's tables and sections: which query, which columns, which status.

A :class:`TableSpec` names a query of ``queries/``, its parameters, the columns shown (query
column → French title, and the query column holding the IRI a cell links to), the row status
(colour) and notes; a :class:`PivotSpec` reshapes one query's rows into a matrix; a
:class:`SectionSpec` groups tables under a title with key figures computed from their rows.
Nothing here queries the graph (:mod:`.assemble` does).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import Column, Table


@dataclass(frozen=True)
class TableSpec:
    """One table: the library query ``query`` run with ``params`` (one mapping, or a list of them
    whose rows are concatenated), the ``columns`` shown, an optional row ``status`` and filter."""

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


@dataclass(frozen=True)
class SectionSpec:
    """A numbered section: title, introduction paragraphs, tables, and key figures from its tables."""

    id: str
    number: str
    title: str
    intro: Sequence[str]
    tables: Sequence[TableSpec | PivotSpec]
    key_figures: Callable[[dict[str, Table]], list[tuple[str, str]]] | None = None


def status_of(column: str, mapping: Mapping[str, str]) -> Callable[[Mapping[str, Any]], str | None]:
    """A row status: the value of ``column`` looked up in ``mapping`` (None when absent)."""
    def status(row: Mapping[str, Any]) -> str | None:
        value = row.get(column)
        return mapping.get(str(value)) if value is not None else None
    return status


def false_is(status: str, column: str) -> Callable[[Mapping[str, Any]], str | None]:
    """A row status: ``status`` when ``column`` is False."""
    def check(row: Mapping[str, Any]) -> str | None:
        return status if row.get(column) is False else None
    return check


def count_rows(table: Table, status: str | None = None) -> int:
    """Rows of ``table`` (of one ``status`` if given)."""
    if status is None:
        return len(table.rows)
    return sum(1 for s in table.statuses if s == status)


def distinct_values(table: Table, column: str) -> int:
    """Number of distinct non-empty values of ``column`` in ``table``."""
    return len({r.get(column) for r in table.rows if r.get(column) is not None})
