"""OWL consistency check: the ontology and the data, through owlready2 and HermiT (Java)."""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from .errors import InconsistentOntology, ReasonerUnavailable

Triple = tuple[URIRef, URIRef, Node]


@dataclass(frozen=True)
class ReasoningResult:
    """What HermiT said: consistent or not, and how many individuals and classes it saw."""

    consistent: bool
    individuals: int
    classes: int


@dataclass(frozen=True)
class DisjointnessClash:
    """One resource that the data puts in two disjoint classes, and the triple behind each class."""

    resource: str
    classes: tuple[str, str]
    because: tuple[Triple, Triple]

    def render(self, locate: Callable[[Triple], str] | None = None) -> str:
        reasons = []
        for cls, (s, p, o) in zip(self.classes, self.because, strict=True):
            where = f" [{locate((s, p, o))}]" if locate else ""
            reasons.append(f"<{cls}> because of {s.n3()} {p.n3()} {o.n3()}{where}")
        return f"<{self.resource}> is in two disjoint classes: " + "; ".join(reasons)


def disjointness_clashes(graph: Graph) -> list[DisjointnessClash]:
    """The resources of ``graph`` typed with two disjoint classes, sorted.

    A type comes from ``rdf:type``, from the ``rdfs:domain`` of a property the resource is the
    subject of, or from the ``rdfs:range`` of a property it is the object of, up the
    ``rdfs:subClassOf`` hierarchy; classes are disjoint by ``owl:AllDisjointClasses`` or
    ``owl:disjointWith``. This is the part of OWL the ontology's disjointness axioms rely on: it
    names the resources behind most inconsistencies HermiT finds, not every possible one.
    """
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents[sub].add(sup)

    def ancestors(cls: URIRef) -> set[URIRef]:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in parents.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    disjoint: set[frozenset[URIRef]] = set()
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in graph.objects(group, OWL.members):
            classes = [c for c in Collection(graph, members) if isinstance(c, URIRef)]
            disjoint.update(frozenset((a, b)) for a in classes for b in classes if a != b)
    for a, b in graph.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            disjoint.add(frozenset((a, b)))
    if not disjoint:
        return []
    domains = {p: set(graph.objects(p, RDFS.domain)) for p in set(graph.subjects(RDFS.domain, None))}
    ranges = {p: set(graph.objects(p, RDFS.range)) for p in set(graph.subjects(RDFS.range, None))}
    typed: dict[URIRef, dict[URIRef, Triple]] = defaultdict(dict)
    for s, p, o in sorted(graph, key=lambda t: tuple(str(x) for x in t)):
        if not isinstance(s, URIRef) or not isinstance(p, URIRef):
            continue
        found: list[tuple[URIRef, URIRef]] = []
        if p == RDF.type and isinstance(o, URIRef):
            found.append((s, o))
        found += [(s, c) for c in domains.get(p, ()) if isinstance(c, URIRef)]
        if isinstance(o, URIRef):
            found += [(o, c) for c in ranges.get(p, ()) if isinstance(c, URIRef)]
        for resource, cls in found:
            for ancestor in ancestors(cls):
                typed[resource].setdefault(ancestor, (s, p, o))
    clashes = []
    for resource in sorted(typed):
        classes = sorted(typed[resource])
        for i, a in enumerate(classes):
            for b in classes[i + 1:]:
                if frozenset((a, b)) in disjoint:
                    clashes.append(DisjointnessClash(str(resource), (str(a), str(b)),
                                                     (typed[resource][a], typed[resource][b])))
    return clashes


def find_java() -> str:
    """The java executable HermiT needs; a clear error when it is missing."""
    java = shutil.which("java")
    if java is None:
        raise ReasonerUnavailable(
            "Java is not installed or not on PATH: the OWL consistency check runs HermiT, which needs "
            "Java 17 (Debian: apt-get install openjdk-17-jre-headless). Use --skip-reasoner to build without it."
        )
    return java


def check_consistency(graph: Graph, *, locate: Callable[[Triple], str] | None = None) -> ReasoningResult:
    """Load ``graph`` (ontology + data) into owlready2 and run HermiT.

    Raises :class:`InconsistentOntology` if HermiT finds the graph inconsistent; the message names
    the resources in two disjoint classes, the triples that put them there and, with ``locate``
    (triple → file name), the file of each triple. Raises :class:`ReasonerUnavailable` without Java.
    """
    import owlready2

    owlready2.JAVA_EXE = find_java()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="sens-graph-reason-") as tmp:
        path = Path(tmp) / "graph.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            unsatisfiable = [str(c) for c in world.inconsistent_classes()]
            clashes = disjointness_clashes(graph)
            raise InconsistentOntology(
                "HermiT found the ontology and data inconsistent"
                + (f"; unsatisfiable classes: {', '.join(unsatisfiable)}" if unsatisfiable else "")
                + "".join(f"\n  {clash.render(locate)}" for clash in clashes[:20])
                + (f"\n  … and {len(clashes) - 20} more" if len(clashes) > 20 else "")
            ) from exc
        except FileNotFoundError as exc:
            raise ReasonerUnavailable(f"HermiT could not start Java: {exc}") from exc
        return ReasoningResult(
            consistent=True,
            individuals=len(list(world.individuals())),
            classes=len(list(world.classes())),
        )


TERMINOLOGY_PREDICATES = frozenset({
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.equivalentClass, OWL.equivalentProperty,
    OWL.disjointWith, OWL.inverseOf, OWL.propertyDisjointWith, OWL.propertyChainAxiom, OWL.onProperty,
    OWL.unionOf, OWL.intersectionOf, OWL.complementOf, OWL.oneOf, OWL.members, OWL.hasKey, OWL.disjointUnionOf,
})
"""Predicates that say something about classes or properties (the TBox), not about individuals."""
TERMINOLOGY_TYPES = frozenset({
    OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Restriction,
    OWL.AllDisjointClasses, OWL.AllDisjointProperties, OWL.TransitiveProperty, OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty, OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty, RDF.Property, OWL.Ontology,
})
"""Types that declare a class, a property or an ontology."""


def adds_terminology(lines: Iterable[str]) -> bool:
    """Whether N-Triples or N-Quads ``lines`` hold a triple :func:`terminology_triples` would find (a
    predicate of :data:`TERMINOLOGY_PREDICATES`, or ``rdf:type`` one of :data:`TERMINOLOGY_TYPES`),
    read from the terms' text: an imported programme held as lines is not parsed for this check."""
    predicates = {f"<{p}>" for p in TERMINOLOGY_PREDICATES}
    types = {f"<{o}>" for o in TERMINOLOGY_TYPES}
    rdf_type = f"<{RDF.type}>"
    for line in lines:
        parts = line.split(" ", 3)
        if len(parts) > 2 and (parts[1] in predicates or (parts[1] == rdf_type and parts[2] in types)):
            return True
    return False


def terminology_triples(graph: Graph) -> list[Triple]:
    """The triples of ``graph`` that add classes, properties or axioms about them (sorted; empty for a
    graph of individuals only, such as an imported programme): the build reasons with HermiT on the
    ontology and the frameworks, and adds a programme graph to that check only when this is not empty."""
    found = [t for p in TERMINOLOGY_PREDICATES for t in graph.triples((None, p, None))]  # index lookups,
    found += [t for o in TERMINOLOGY_TYPES for t in graph.triples((None, RDF.type, o))]   # not a scan
    return sorted(found, key=lambda t: tuple(str(x) for x in t))
