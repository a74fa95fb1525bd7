"""Moodle competency framework CSV (``admin/tool/lpimportcsv``), one file per framework version.

Format: ``reference/moodle-lpimportcsv/SPEC.md`` — 14 columns read **by position**, a header line,
one framework row (``Is framework`` = 1) and one row per competency, parents given by ID number.

- Taxonomy from the top: ``domain,competency,skill`` (domaine → compétence → capacité); the DU's
  two levels are ``competency,skill`` (macro → micro-compétence).
- ID numbers are built from the IRIs' last segments, unique within the file and ≤ 100 characters:
  domains ``D<n>``, competences their notation as in the IRI (``1.2``, ARM's ``4.1-bis``),
  capacities ``<competence>.<rank>`` (``1.2.3``); DU macro ``M<n>``, micro ``M<n>.<level><k>``.
  They are identifiers, not printed notations (capacities have no notation in the sources).
- Short names are cut to 100 characters by Moodle (``shorten_text``): a longer label is cut here at
  a word boundary with « … », and the full verbatim text is always the description (plain text).
- The proficiency scale is ours (not from the sources): « Non acquis, En cours d'acquisition,
  Acquis », default « Non acquis », proficient « Acquis » — one scale, on the framework row only.
- Cross-references (column 10) can only name ID numbers of the same file (Moodle ignores the
  others, and related competencies stay within one framework); crosswalk pairs whose two ends are
  in the same version go there. Every other stated or curated crosswalk is listed, with its SKOS
  predicate and the target IRI, in the description. Reconstructed mappings are left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import ClassVar

from ..errors import ExportError
from ..namespaces import SENS
from .base import Framework, Generator, Item

HEADER = (
    "Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
    "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
    "Cross-referenced competency ID numbers", "Exported ID (optional)", "Is framework", "Taxonomy",
)
"""The 14 column headers, in the order Moodle's exporter writes them (the importer reads positions)."""

MAX_TEXT = 100
"""Moodle cuts ID numbers and short names to 100 characters."""

PLAIN_TEXT_FORMAT = "2"
SCALE_VALUES = ("Non acquis", "En cours d'acquisition", "Acquis")
SCALE_CONFIGURATION = [
    {"scaleid": "1"},
    {"id": 1, "scaledefault": 1, "proficient": 0},
    {"id": 2, "scaledefault": 0, "proficient": 0},
    {"id": 3, "scaledefault": 0, "proficient": 1},
]
TAXONOMY_TERMS = {
    str(SENS.Domain): "domain", str(SENS.Competence): "competency", str(SENS.Capacity): "skill",
    str(SENS.MacroCompetence): "competency", str(SENS.MicroCompetence): "skill",
}
_PREFIX = {str(SENS.Domain): "D", str(SENS.MacroCompetence): "M"}


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` if it fits in ``limit`` characters, else cut at a word boundary and ended with « … »."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


def id_numbers(framework: Framework) -> dict[str, str]:
    """item IRI → Moodle ID number (see the module docstring); :class:`ExportError` on a clash or overflow."""
    out: dict[str, str] = {}
    for item in framework.ordered_items():
        if item.class_iri == str(SENS.Competence):
            code = item.local_name
        elif item.parent is not None:
            code = f"{out[item.parent]}.{item.local_name}"
        else:
            code = _PREFIX.get(item.class_iri, "") + (item.notation or item.local_name)
        code = code.replace(",", "%2C")
        if len(code) > MAX_TEXT:
            raise ExportError(f"{item.iri}: Moodle ID number {code!r} is longer than {MAX_TEXT} characters")
        if code in out.values():
            raise ExportError(f"{item.iri}: Moodle ID number {code!r} is already used in {framework.iri}")
        out[item.iri] = code
    return out


def framework_id_number(framework: Framework) -> str:
    """The framework row's ID number (site-wide unique): the file key in upper case."""
    return framework.key.upper()[:MAX_TEXT]


class MoodleGenerator(Generator):
    """Moodle ``tool_lpimportcsv`` CSV (``dist/moodle/<key>.csv``)."""

    name = "moodle"
    formats: ClassVar[dict[str, str]] = {".csv": "text/csv"}

    def rows(self, framework: Framework) -> list[list[str]]:
        """The header and every row, 14 cells each."""
        items = framework.ordered_items()
        codes = id_numbers(framework)
        depth_terms: dict[int, str] = {}
        for item in items:
            depth_terms.setdefault(item.depth, TAXONOMY_TERMS[item.class_iri])
        taxonomy = ",".join(depth_terms[d] for d in sorted(depth_terms))
        version = f", version {framework.version_info}" if framework.version_info else ""
        description = f"{framework.title}{version}.\nSource : {framework.source_labels}.\nIRI : {framework.iri}"
        rows = [list(HEADER), [
            "", framework_id_number(framework), shorten(framework.title), description, PLAIN_TEXT_FORMAT,
            ",".join(SCALE_VALUES), json.dumps(SCALE_CONFIGURATION, separators=(",", ":")),
            "", "", "", "", "", "1", taxonomy,
        ]]
        related, outside = self.crosswalks(framework, codes)
        for item in items:
            rows.append([
                codes[item.parent] if item.parent else "", codes[item.iri], shorten(item.label),
                self.description(item, outside.get(item.iri, [])), PLAIN_TEXT_FORMAT, "", "", "", "0", "null",
                ",".join(sorted(related.get(item.iri, set()))), "", "", "",
            ])
        return rows

    @staticmethod
    def crosswalks(framework: Framework, codes: dict[str, str]) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
        """(item → ID numbers of same-file crosswalk partners, item → text lines for other crosswalks)."""
        related: dict[str, set[str]] = {}
        outside: dict[str, list[str]] = {}
        for m in framework.stated_mappings():
            if m.subject in codes and m.object in codes:
                related.setdefault(m.subject, set()).add(codes[m.object])
                related.setdefault(m.object, set()).add(codes[m.subject])
                continue
            if m.subject in codes:
                target, label, arrow = m.object, m.object_label, "→"
            else:
                target, label, arrow = m.subject, m.subject_label, "←"
            shown = f" « {label} »" if label else ""
            outside.setdefault(m.subject if m.subject in codes else m.object, []).append(
                f"skos:{m.skos_predicate} {arrow} {target}{shown}")
        return related, outside

    @staticmethod
    def description(item: Item, crosswalk_lines: list[str]) -> str:
        """The full verbatim label, the level (DU), the item IRI and the crosswalks, as plain text."""
        lines = [item.label]
        if item.level_label:
            lines.append(f"Niveau de maîtrise : {item.level_label}")
        lines.append(f"IRI : {item.iri}")
        if crosswalk_lines:
            lines.append("Correspondances :")
            lines += [f"- {line}" for line in crosswalk_lines]
        return "\n".join(lines)

    def serialize(self, framework: Framework, frameworks: Iterable[Framework] = ()) -> str:
        """The CSV text (UTF-8, no BOM, CRLF line ends like Moodle's own fixture)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerows(self.rows(framework))
        return buffer.getvalue()
