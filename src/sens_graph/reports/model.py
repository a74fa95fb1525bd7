"""The report's model: what every format lays out (sections, tables, figures), and nothing else.

Rows keep the query's values unchanged (plain Python values: ``str``, ``Decimal``, ``int``,
``bool`` or ``None``); a table may only select, order and rename columns and give each row a
*status* (for instance ``gap`` for an uncovered item), which the writers show as a colour.
What the report contains is declared in :mod:`.content` with the specifications of
:mod:`.spec`; :mod:`.assemble` runs the queries and fills this model; the writers
(:mod:`.html`, :mod:`.xlsx`, :mod:`.pdf`, :mod:`.csv`) lay it out. Import order (no cycle):
model ← spec ← content ← assemble.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

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
# Formatting helpers shared by the writers
# --------------------------------------------------------------------------------------------


def format_value(value: Any, kind: str = "text", base: str | None = None) -> str:
    """A cell as French text (see :func:`sens_graph.values.french_text`)."""
    return french_text(value, kind, base)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


