"""Validation: SHACL shapes (pySHACL) and QC queries (``queries/qc/*-violation.rq``).

Results are typed: a :class:`Finding` per problem, gathered in a :class:`ValidationReport`
that renders itself for people and can raise :class:`~sens_graph.errors.ValidationFailed`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
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
from .memstore import graph_to_oxigraph, to_oxigraph, triples_of_ntriples
from .programme_graphs import GraphLines, programme_owner
from .sources import ontology_graph_iri, parse_turtle
from .workers import forked_map


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
    return shacl_findings_on_store(graph_to_oxigraph(data), shapes)


def shacl_findings_on_store(store, shapes: Graph) -> tuple[list[Finding], int]:
    """:func:`shacl_findings` on data already in a pyoxigraph store (its default graph), which the caller
    gives up: it is validated in place (``inplace=True``: pySHACL copied every unit's store first)."""
    _avoid_pyshacl_len_queries()
    _conforms, report, _text = shacl_validate(
        store, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True,
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
    return qc_findings_on_store(to_oxigraph(ds), settings)


def qc_findings_on_store(store, settings: Settings) -> tuple[list[Finding], int]:
    """:func:`qc_findings` on data already in a pyoxigraph store (one named graph per source)."""
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


# --- validation per named graph, cached by content hash ------------------------------------------

CORE_UNIT = "core"
"""The validation unit of every graph that is not an imported programme (frameworks, professions,
mappings, hand-written programmes, derived graphs, the ontology), validated together as before."""


@dataclass
class IncrementalValidation:
    """What :func:`validate_by_unit` did: the report, and which units it validated or took from the cache.

    A unit is :data:`CORE_UNIT` or the IRI of one imported programme's named graph."""

    report: ValidationReport
    validated: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)


def _findings_to_json(findings: list[Finding], checks_run: int) -> dict:
    return {"checks_run": checks_run, "findings": [f.__dict__ | {"severity": f.severity.value} for f in findings]}


def _findings_from_json(data: dict) -> tuple[list[Finding], int]:
    findings = [Finding(**{**f, "severity": Severity(f["severity"])}) for f in data["findings"]]
    return findings, int(data["checks_run"])


def _unit_stores(nt_texts: dict[str, str], iris: list[str]):
    """Two in-memory Oxigraph stores of the graphs ``iris``: their union in the default graph (SHACL)
    and each in its named graph (the QC queries read ``GRAPH ?ontologyGraph``)."""
    import pyoxigraph as ox

    union, quads = ox.Store(), ox.Store()
    for iri in iris:
        payload = nt_texts[iri].encode("utf-8")
        union.load(payload, format=ox.RdfFormat.N_TRIPLES)
        quads.load(payload, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    return union, quads


def _validate_unit(union_store, quad_store, shapes: Graph, settings: Settings) -> tuple[list[Finding], int]:
    shacl, n_shapes = shacl_findings_on_store(union_store, shapes)
    qc, n_checks = qc_findings_on_store(quad_store, settings)
    return shacl + qc, n_shapes + n_checks


CORE_CONTEXT = "urn:sens-graph:validation-context:core"
"""The pseudo graph of the core unit's context: the triples of programme graphs about the resources
the core graphs point to (none once the derived coverage graph's programme parts are held apart, see
:func:`~.coverage.add_coverage_by_programme`; kept so that a core graph that cites a programme is still
checked whole)."""

PROGRAMME_PART = "urn:sens-graph:validation-part:"
"""Prefix of the pseudo graph holding one programme's part of a derived graph (``<prefix><graph IRI>``)."""


def core_context(graphs: dict[str, Graph], core: list[str], programme_iris: set[str]) -> Graph:
    """The triples of the programme graphs whose subject is an object of a core graph.

    ``graphs``: graph IRI → graph; ``core``: the core unit's graph IRIs. The core is validated with
    these triples so that a reference from a derived graph to a programme's resource is not dangling;
    the findings about them belong to the programme's own unit."""
    pointed = {o for iri in core for o in graphs[iri].objects() if isinstance(o, URIRef)}
    context = Graph()
    for iri in sorted(programme_iris & graphs.keys()):
        for triple in graphs[iri]:
            if triple[0] in pointed:
                context.add(triple)
    return context


def cited_graphs(objects: set[URIRef], subjects_by_graph: dict[str, set]) -> list[str]:
    """The graphs (of ``subjects_by_graph``: graph IRI → its subjects) that describe one of ``objects``
    (the IRIs a programme and its parts of the derived graphs point to): the frameworks, professions and
    programmes it cites, sorted."""
    return sorted(iri for iri, subjects in subjects_by_graph.items() if not objects.isdisjoint(subjects))


def _object_iris(lines: GraphLines, cache) -> set[URIRef]:
    """The IRIs a programme graph points to, from its N-Quads lines, cached by the graph's digest."""
    from .buildcache import digest_of, texts_of

    key = digest_of("object-iris", lines.digest)
    found = cache.get("object-iris", key, texts_of)
    if found is None:
        found = sorted({part[1:-1] for part in (line.split(" ", 3)[2] for line in lines.lines)
                        if part.startswith("<")})
        cache.put("object-iris", key, found)
    return {URIRef(iri) for iri in found}


def validate_by_unit(ds: Dataset, settings: Settings, *, programme_iris: set[str], cache,
                     digests: dict[str, str] | None = None, shapes: Graph | None = None,
                     programme_graphs: Mapping[str, GraphLines] | None = None,
                     programme_keys: Mapping[str, str] | None = None,
                     derived_parts: Mapping[str, Mapping[str, GraphLines]] | None = None) -> IncrementalValidation:
    """SHACL + QC per validation unit, each unit's findings cached by the hash of what it reads.

    Units: :data:`CORE_UNIT` (every graph outside ``programme_iris``, as one union, as
    :func:`validate_dataset` does), then each programme graph of ``programme_iris`` together with the
    ontology, its parts of the derived graphs (``derived_parts``) and the graphs it cites
    (:func:`cited_graphs`). The key of a unit is the SHA-256 of its graphs' canonical N-Triples, the
    shapes and the QC queries (:mod:`.buildcache`): a changed programme, shape, check, ontology or
    cited framework is validated again; the cached findings (violations too) are replayed otherwise,
    so a cached fault still fails the build with the same message. Graphs must already be
    canonicalised (:func:`sens_graph.release.canonical`).

    The imported programme graphs are either named graphs of ``ds`` or, on the build's national path,
    ``programme_graphs`` (graph IRI → :class:`~.programme_graphs.GraphLines`, with ``programme_keys``:
    identifier → graph IRI), made into rdflib graphs only for the units validated again.
    ``derived_parts``: derived graph IRI → programme graph IRI → that programme's part of the derived graph,
    held apart from ``ds`` (:func:`~.coverage.add_coverage_by_programme`; the graph in ``ds`` is the rest).
    A programme unit reports the findings whose focus node is a subject of the programme graph or of
    its part of the derived graphs; the graphs it cites are context, validated in the core unit.
    Findings found twice are reported once.
    """
    from .buildcache import digest_of, graph_digest

    shapes = shapes if shapes is not None else load_shapes(settings.shapes_dir)
    checks = sorted(settings.qc_dir.glob("*-violation.rq"))
    shape_files = sorted(settings.shapes_dir.glob("*.ttl"))  # the files: the parsed graph's blank nodes vary
    rules = digest_of(settings.base_iri, *[part for p in shape_files + checks for part in (p.name, p.read_bytes())])
    lines_of: dict[str, GraphLines] = dict(programme_graphs or {})
    graphs: dict[str, Graph] = {str(g.identifier): g for g in ds.graphs() if len(g)}
    programme_iris = set(programme_iris) & (graphs.keys() | lines_of.keys())
    digests = dict(digests) if digests is not None else {iri: graph_digest(g) for iri, g in graphs.items()}
    for iri, lines in lines_of.items():
        digests.setdefault(iri, lines.digest)
    ontology = ontology_graph_iri(settings)
    core = sorted(iri for iri in graphs if iri not in programme_iris)
    parts: dict[str, list[str]] = {}  # programme graph → its pseudo graphs (its part of each derived graph)
    for iri, by_programme in (derived_parts or {}).items():
        for owner, part in by_programme.items():
            name = f"{PROGRAMME_PART}{iri}#{owner}"
            lines_of[name], digests[name] = part, part.digest
            parts.setdefault(owner, []).append(name)
    core_subjects = {str(s) for iri in core for s in graphs[iri].subjects()}
    context = core_context(graphs, core, programme_iris & graphs.keys())
    context += _lines_context(graphs, core, lines_of, settings.base_iri, programme_keys or {})
    if len(context):  # the programme resources the core points to
        graphs[CORE_CONTEXT], digests[CORE_CONTEXT] = context, graph_digest(context)
        core = [*core, CORE_CONTEXT]
    units: dict[str, list[str]] = {CORE_UNIT: core}
    subjects_by_graph = {iri: set(graphs[iri].subjects()) for iri in core if iri not in (ontology, CORE_CONTEXT)}
    for iri in sorted(programme_iris):
        objects = _object_iris(lines_of[iri], cache) if iri in lines_of else \
            {o for o in graphs[iri].objects() if isinstance(o, URIRef)}
        for name in parts.get(iri, []):
            objects |= _object_iris(lines_of[name], cache)
        units[iri] = sorted({ontology, iri, *parts.get(iri, []), *cited_graphs(objects, subjects_by_graph)}
                            & (graphs.keys() | lines_of.keys()))
    keys = {unit: digest_of("validation", rules, *[f"{iri} {digests[iri]}" for iri in iris])
            for unit, iris in units.items()}
    cached = {unit: cache.get("validation", key, _findings_from_json) for unit, key in keys.items()}
    missed = [unit for unit in units if cached[unit] is None]
    nt_texts: dict[str, str] = {}
    for unit in missed:
        for iri in units[unit]:
            if iri not in nt_texts:
                nt_texts[iri] = lines_of[iri].ntriples() if iri in lines_of else graphs[iri].serialize(format="nt")
    individuals = {unit: [unit, *parts.get(unit, [])] for unit in missed if unit != CORE_UNIT}
    for unit in individuals:  # a graph this build made from the programme's folder: no need to parse it again
        if unit in lines_of and unit not in graphs and lines_of[unit].parsed is not None:
            graphs[unit] = lines_of[unit].parsed
    evaluated = _evaluate_units({unit: units[unit] for unit in missed}, nt_texts, shapes, settings,
                                _ClashInputs(graphs, ontology, individuals))
    result = IncrementalValidation(ValidationReport())
    seen: set[Finding] = set()
    for unit, iris in units.items():
        if cached[unit] is not None:
            findings, checks_run = cached[unit]
            result.cached.append(unit)
        else:
            outcome = evaluated[unit]
            if isinstance(outcome, Exception):  # a term the SPARQL engine cannot load: name its file, else re-raise
                fault = invalid_iri_fault(ds if unit == CORE_UNIT else _unit_dataset(graphs, iris), settings)
                if fault is None:
                    raise outcome
                raise fault from outcome
            findings, checks_run, clashes = outcome
            if findings and unit != CORE_UNIT:  # the unit's own resources: the rest is the core's (context)
                own = lines_of[unit].subject_iris() if unit in lines_of else \
                    {str(subject) for subject in graphs[unit].subjects()}
                own |= {subject for name in parts.get(unit, []) for subject in lines_of[name].subject_iris()}
                findings = [f for f in findings if f.focus in own]
            elif findings:  # the programmes' resources read as context are their own units' to report
                findings = [f for f in findings if f.focus in core_subjects or not f.focus]
            if findings or clashes:  # where each finding's file is looked up (made only when needed)
                for iri in iris:
                    if iri in lines_of and iri not in graphs:
                        graphs[iri] = lines_of[iri].graph()
                where = ds if unit == CORE_UNIT else _unit_dataset(graphs, iris)
                findings = [Finding(**{**f.__dict__, "source_file": locate_finding(f, where, settings)})
                            for f in findings]
                findings += _clash_findings(clashes, unit, where, settings)
            cache.put("validation", keys[unit], _findings_to_json(findings, checks_run))
            result.validated.append(unit)
        result.report.checks_run = max(result.report.checks_run, checks_run)
        for finding in findings:
            if finding not in seen:
                seen.add(finding)
                result.report.findings.append(finding)
    result.report.findings.sort(key=lambda f: (f.severity != Severity.VIOLATION, f.source_file, f.focus, f.rule))
    return result


@dataclass(frozen=True)
class _ClashInputs:
    """What the disjointness check of a programme unit reads: the graphs, the ontology's IRI, and per
    programme unit the graphs of its individuals (its graph and its parts of the derived graphs)."""

    graphs: dict[str, Graph]
    ontology: str
    individuals: dict[str, list[str]]


_Outcome = tuple[list[Finding], int, list] | Exception


def _evaluate_units(units: dict[str, list[str]], nt_texts: dict[str, str], shapes: Graph,
                    settings: Settings, clash_inputs: _ClashInputs) -> dict[str, _Outcome]:
    """SHACL + QC of each unit (:func:`_validate_unit`) and, for a programme unit, the disjointness clashes
    of its individuals: unit → (findings, checks run, clashes), or the exception its evaluation raised.
    The units are spread over forked processes (:func:`~.workers.forked_map`): each reads the parent's
    texts, shapes and graphs as they are at the fork, so the findings are those of the sequential path. A
    cold national build validates hundreds of programme units."""
    names = list(units)
    outcomes = forked_map(lambda unit: _evaluate_one(unit, units[unit], nt_texts, shapes, settings, clash_inputs),
                          names, what="de validation")
    return dict(zip(names, outcomes, strict=True))


def _evaluate_one(unit: str, iris: list[str], nt_texts: dict[str, str], shapes: Graph, settings: Settings,
                  clash_inputs: _ClashInputs) -> _Outcome:
    from .reasoning import disjointness_clashes

    try:
        findings, checks_run = _validate_unit(*_unit_stores(nt_texts, iris), shapes, settings)
    except Exception as exc:  # returned, not raised: the caller names the file that holds the bad term
        return exc
    clashes = []
    if unit in clash_inputs.individuals:
        merged = Graph()
        merged += clash_inputs.graphs[clash_inputs.ontology]
        for name in clash_inputs.individuals[unit]:
            # a programme graph held as lines is parsed here, in the worker, from its N-Triples
            part = clash_inputs.graphs.get(name)
            triples = part if part is not None else triples_of_ntriples(nt_texts[name])
            merged.addN((s, p, o, merged) for s, p, o in triples)
        clashes = disjointness_clashes(merged)
    return findings, checks_run, clashes


def _clash_findings(clashes: list, unit: str, where: Dataset, settings: Settings) -> list[Finding]:
    """Disjointness clashes of a programme unit as violations naming the file (``where``: the unit's graphs)."""
    return [
        Finding(severity=Severity.VIOLATION, focus=clash.resource, rule="OWL disjointness (ontology/sens.ttl)",
                message=clash.render(lambda t: triple_file(where, settings, t)),
                source_file=source_file_for(unit, settings.base_iri))
        for clash in clashes
    ]


def _unit_dataset(graphs: dict[str, Graph], iris: list[str]) -> Dataset:
    """The named graphs of one unit as a dataset (to locate a finding's file); pseudo graphs left out
    (a programme's part of a derived graph is named after the derived graph)."""
    ds = Dataset()
    for iri in iris:
        name = iri[len(PROGRAMME_PART):].split("#", 1)[0] if iri.startswith(PROGRAMME_PART) else iri
        if iri == CORE_CONTEXT:
            continue
        target = ds.graph(URIRef(name))
        target.addN((s, p, o, target) for s, p, o in graphs[iri])
    return ds


def _lines_context(graphs: dict[str, Graph], core: list[str], lines_of: Mapping[str, GraphLines],
                   base_iri: str, keys: Mapping[str, str]) -> Graph:
    """:func:`core_context` for the programme graphs held as lines: the triples of the programmes the
    core graphs point into (looked up by :func:`programme_owner`, so no other programme is read)."""
    context = Graph()
    if not lines_of:
        return context
    pointed = {str(o) for iri in core for o in graphs[iri].objects() if isinstance(o, URIRef)}
    owners = {programme_owner(iri, base_iri, dict(keys)) for iri in pointed} - {None}
    for owner in sorted(owners & lines_of.keys()):
        for triple in lines_of[owner].graph():
            if str(triple[0]) in pointed:
                context.add(triple)
    return context
