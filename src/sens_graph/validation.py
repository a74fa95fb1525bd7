"""Validation: SHACL shapes (pySHACL) and QC queries (``queries/qc/*-violation.rq``).

Results are typed: a :class:`Finding` per problem, gathered in a :class:`ValidationReport`
that renders itself for people and can raise :class:`~sens_graph.errors.ValidationFailed`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from .config import Settings
from .errors import DataSyntaxError, ValidationFailed
from .graphs import union_graph  # re-exported: validation.union_graph keeps working
from .iri import invalid_iri_character, source_file_for
from .memstore import graph_to_oxigraph, to_oxigraph
from .sources import ontology_graph_iri, parse_turtle


class Severity(StrEnum):
    """SHACL severities; QC checks are always violations."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


@dataclass(frozen=True)
class Finding:
    """One problem: which resource, which rule, what is wrong, in which data file."""

    severity: Severity
    focus: str
    rule: str
    message: str
    path: str = ""
    value: str = ""
    source_file: str = ""

    def render(self) -> str:
        where = f" [{self.source_file}]" if self.source_file else ""
        path = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity.value}: <{self.focus}>{path}: {self.message}{value} — {self.rule}{where}"


@dataclass
class ValidationReport:
    """All findings of one validation run."""

    findings: list[Finding] = field(default_factory=list)
    checks_run: int = 0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.VIOLATION]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def render(self, limit: int = 200) -> str:
        if self.conforms:
            head = f"Conforms: {self.checks_run} SHACL shapes and QC checks, {len(self.findings)} warnings."
        else:
            head = f"Does not conform: {len(self.violations)} violations ({self.checks_run} shapes and checks)."
        lines = [head] + [f.render() for f in self.findings[:limit]]
        if len(self.findings) > limit:
            lines.append(f"… and {len(self.findings) - limit} more")
        return "\n".join(lines)

    def raise_for_violations(self) -> None:
        if not self.conforms:
            raise ValidationFailed(self)

    def __str__(self) -> str:
        return self.render(limit=30)


def load_shapes(shapes_dir: Path) -> Graph:
    """All ``shapes/*.ttl`` files as one shapes graph."""
    g = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        g += parse_turtle(path, f"shapes/{path.name}")
    return g


def locate_finding(finding: Finding, ds: Dataset, settings: Settings) -> str:
    """The data file that holds the fault of ``finding``, chosen the same way on every run.

    Among the named graphs that have the focus node as subject, the graphs that also hold its
    violating path (``focus path ?``) are preferred, then the graph that defines it (``focus
    rdf:type ?``), then the first file name in alphabetical order. When the focus is nowhere a
    subject, the graphs that mention it as object are used. Returns "" for a focus the dataset
    does not hold.
    """
    focus = URIRef(finding.focus)
    graphs = sorted(((source_file_for(str(g.identifier), settings.base_iri), g) for g in ds.graphs()),
                    key=lambda pair: pair[0])
    candidates = [(name, g) for name, g in graphs if (focus, None, None) in g]
    if not candidates:
        candidates = [(name, g) for name, g in graphs if (None, None, focus) in g]
        return candidates[0][0] if candidates else ""
    if finding.path.startswith(("http://", "https://")):
        path = URIRef(finding.path)
        holding = [(name, g) for name, g in candidates if (focus, path, None) in g]
        candidates = holding or candidates
    defining = [(name, g) for name, g in candidates if (focus, RDF.type, None) in g]
    return (defining or candidates)[0][0]


def triple_file(ds: Dataset, settings: Settings, triple: tuple) -> str:
    """The first file, by name, whose named graph holds ``triple`` ("" if none does)."""
    names = sorted(source_file_for(str(g.identifier), settings.base_iri) for g in ds.graphs() if triple in g)
    return names[0] if names else ""


def invalid_iri_fault(ds: Dataset, settings: Settings) -> DataSyntaxError | None:
    """The first IRI of the dataset that no IRI syntax allows (a space, a ``>``…), as an error naming
    the file that holds it, or None. Looked for only when loading the data for validation fails."""
    for name, g in sorted(((source_file_for(str(g.identifier), settings.base_iri), g) for g in ds.graphs()),
                          key=lambda pair: pair[0]):
        for triple in sorted(g, key=lambda t: tuple(str(x) for x in t)):
            for term in triple:
                bad = invalid_iri_character(str(term)) if isinstance(term, URIRef) else None
                if bad is not None:
                    return DataSyntaxError(name, f"<{term}> is not a valid IRI (it holds {bad!r})")
    return None


def _avoid_pyshacl_len_queries() -> None:
    """pySHACL tests its Oxigraph-backed data graph for truth (``if graph:``) hundreds of times;
    without ``__bool__`` Python falls back to ``__len__``, a full COUNT query each time (6 of
    the 8 s of a validation). A data graph handed to the validator is never empty-by-truth, so
    answering True is exact. Applied once, only if pySHACL has that class."""
    import pyshacl.graph_abstraction as abstraction

    graph_class = getattr(abstraction, "OxigraphDataGraph", None)
    if graph_class is not None and "__bool__" not in graph_class.__dict__:
        graph_class.__bool__ = lambda self: True


def shacl_findings(data: Graph, shapes: Graph) -> tuple[list[Finding], int]:
    """Run pySHACL (with SHACL-SPARQL) and turn its report into findings.

    The data graph is handed to pySHACL as an in-memory Oxigraph store: its SHACL-SPARQL
    constraints then run on Oxigraph, several times faster than on rdflib's SPARQL engine.
    """
    _avoid_pyshacl_len_queries()
    store = graph_to_oxigraph(data)
    _conforms, report, _text = shacl_validate(
        store, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
    )
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        source_shape = report.value(result, SH.sourceShape)
        rule = str(source_shape) if isinstance(source_shape, URIRef) else _shape_name(shapes, source_shape)
        component = report.value(result, SH.sourceConstraintComponent)
        if isinstance(component, URIRef) and str(component).startswith(str(SH)):
            rule += f", sh:{str(component)[len(str(SH)):]}"  # which constraint: count, pattern, class…
        findings.append(Finding(
            severity=Severity(str(severity).rsplit("#", 1)[-1]) if severity else Severity.VIOLATION,
            focus=str(report.value(result, SH.focusNode)),
            rule=rule,
            message=str(report.value(result, SH.resultMessage) or ""),
            path=str(report.value(result, SH.resultPath) or ""),
            value=str(report.value(result, SH.value) or ""),
        ))
    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape)))
    return findings, n_shapes


def _shape_name(shapes: Graph, node) -> str:
    """A readable name for an anonymous property shape: the node shape that holds it."""
    for parent in shapes.subjects(SH.property, node):
        if isinstance(parent, URIRef):
            path = shapes.value(node, SH.path)
            return f"{parent} ({path})" if path else str(parent)
    for parent in shapes.subjects(SH.sparql, node):
        return f"{parent} (SPARQL)"
    return "anonymous shape"


def qc_findings(ds: Dataset, settings: Settings) -> tuple[list[Finding], int]:
    """Run every ``queries/qc/*-violation.rq`` (on Oxigraph, union default graph): each row is a violation."""
    store = to_oxigraph(ds)
    findings = []
    checks = sorted(settings.qc_dir.glob("*-violation.rq"))
    # The checks' two parameters are trusted settings (not user input): written in as terms.
    constants = {
        "base": json.dumps(settings.base_iri),
        "ontologyGraph": f"<{ontology_graph_iri(settings)}>",
    }
    for path in checks:
        query = path.read_text(encoding="utf-8-sig")  # no byte-order mark before the query
        for name, term in constants.items():
            query = re.sub(rf"\?{name}\b", term, query)
        for row in store.query(query, use_default_graph_as_union=True):
            values = [term.value for term in row if term is not None]
            findings.append(Finding(
                severity=Severity.VIOLATION,
                focus=values[0] if values else "",
                rule=f"queries/qc/{path.name}",
                message=path.stem.removesuffix("-violation").replace("-", " "),
                value=" | ".join(values[1:]),
            ))
    return findings, len(checks)


def validate_dataset(ds: Dataset, settings: Settings, *, shapes: Graph | None = None) -> ValidationReport:
    """SHACL + QC over the whole dataset; each finding names the data file of its focus node."""
    data = union_graph(ds)
    shapes = shapes if shapes is not None else load_shapes(settings.shapes_dir)
    try:
        shacl, n_shapes = shacl_findings(data, shapes)
        qc, n_checks = qc_findings(ds, settings)
    except Exception as exc:  # a term the SPARQL engine cannot load: name its file, else re-raise as is
        fault = invalid_iri_fault(ds, settings)
        if fault is None:
            raise
        raise fault from exc
    findings = [
        Finding(**{**f.__dict__, "source_file": locate_finding(f, ds, settings)}) for f in shacl + qc
    ]
    findings.sort(key=lambda f: (f.severity != Severity.VIOLATION, f.source_file, f.focus, f.rule))
    return ValidationReport(findings=findings, checks_run=n_shapes + n_checks)
