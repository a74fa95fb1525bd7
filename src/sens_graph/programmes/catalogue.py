"""What a programme file is checked against: the frameworks' codes, the professions, the taken keys.

Read from the graph's own sources (``data/referentiel/*.ttl``, ``data/professions.ttl``,
``data/programmes/``), or from any rdflib graph that holds them (the build's dataset).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS

from ..config import Settings
from ..iri import slugify
from ..namespaces import DEFAULT_BASE_IRI, SENS
from ..turtle import parse_turtle
from .folders import stored_programme_keys


@dataclass(frozen=True)
class Element:
    """A competence (code ``1.2``) or capacity (code ``1.2.3``) of one framework version."""

    code: str
    iri: URIRef
    label: str
    kind: str  # "competence" or "capacite"
    domain: str  # domain notation


@dataclass
class FrameworkInfo:
    """One framework version: key (``socle-postbac/v1.1.2022``), label, codes, who it applies to."""

    key: str
    iri: URIRef
    label: str
    version: str
    applies_to: set[URIRef] = field(default_factory=set)
    superseded: bool = False
    elements: dict[str, Element] = field(default_factory=dict)
    domain_hours: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class ProfessionInfo:
    """A profession of the graph, its preferred label and its families."""

    iri: URIRef
    label: str
    families: frozenset[URIRef]


def _fr(graph: Graph, subject: URIRef, prop: URIRef = SKOS.prefLabel) -> str:
    values = list(graph.objects(subject, prop))
    for value in values:
        if isinstance(value, Literal) and value.language == "fr":
            return str(value)
    return str(values[0]) if values else ""


@dataclass
class Catalogue:
    """Frameworks by key, professions by folded label, and the programme keys already taken."""

    frameworks: dict[str, FrameworkInfo]
    professions: dict[str, ProfessionInfo]
    programme_keys: set[str]
    base: str = DEFAULT_BASE_IRI

    @classmethod
    def from_graph(cls, graph: Graph, base: str = DEFAULT_BASE_IRI) -> Catalogue:
        """Read the catalogue from a graph holding the frameworks, professions and programmes."""
        prefix = f"{base}referentiel/"
        frameworks: dict[str, FrameworkInfo] = {}
        for version in set(graph.subjects(RDF.type, SENS.FrameworkVersion)):
            key = str(version)[len(prefix):] if str(version).startswith(prefix) else str(version)
            info = FrameworkInfo(key=key, iri=version, label=_fr(graph, version),
                                 version=str(graph.value(version, OWL.versionInfo) or ""))
            info.applies_to = set(graph.objects(version, SENS.appliesTo))
            info.superseded = (None, PROV.wasRevisionOf, version) in graph
            frameworks[key] = info
        by_iri = {info.iri: info for info in frameworks.values()}
        for domain in set(graph.subjects(RDF.type, SENS.Domain)):
            info = by_iri.get(graph.value(domain, SKOS.inScheme))
            hours = graph.value(domain, SENS.hours)
            if info is not None and hours is not None:
                info.domain_hours[str(graph.value(domain, SKOS.notation))] = Decimal(str(hours))
        for comp in set(graph.subjects(RDF.type, SENS.Competence)):
            info = by_iri.get(graph.value(comp, SKOS.inScheme))
            notation = graph.value(comp, SKOS.notation)
            if info is None or notation is None:
                continue
            domain = str(graph.value(graph.value(comp, SENS.inDomain), SKOS.notation) or "")
            info.elements[str(notation)] = Element(str(notation), comp, _fr(graph, comp), "competence", domain)
            for cap in set(graph.subjects(SENS.ofCompetence, comp)):
                rank = graph.value(cap, SENS.order)
                if rank is not None:
                    code = f"{notation}.{rank}"
                    info.elements[code] = Element(code, cap, _fr(graph, cap), "capacite", domain)
        professions: dict[str, ProfessionInfo] = {}
        for prof in set(graph.subjects(RDF.type, SENS.Profession)):
            pinfo = ProfessionInfo(prof, _fr(graph, prof), frozenset(graph.objects(prof, SENS.inFamily)))
            for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                for label in graph.objects(prof, prop):
                    professions.setdefault(fold(str(label)), pinfo)
        keys = {str(k) for p in graph.subjects(RDF.type, SENS.Programme) for k in graph.objects(p, DCTERMS.identifier)}
        return cls(frameworks, professions, keys, base)

    @classmethod
    def load(cls, settings: Settings, *, exclude: Iterable[Path] = ()) -> Catalogue:
        """Parse the sources the catalogue needs (frameworks, professions, programmes) from ``data/``.

        ``exclude``: programme sources to leave out (the one being replaced). Raises
        :class:`~sens_graph.errors.DataSyntaxError` if a Turtle file does not parse."""
        graph = Graph()
        data = settings.data_dir
        for path in [data / "professions.ttl", *sorted((data / "referentiel").glob("*.ttl")),
                     *sorted((data / "programmes").glob("*.ttl"))]:
            if path.is_file():
                graph += parse_turtle(path, f"data/{path.relative_to(data).as_posix()}")
        catalogue = cls.from_graph(graph)
        excluded = {p.resolve() for p in exclude}
        catalogue.programme_keys |= {key for key, path in stored_programme_keys(settings).items()
                                     if path.resolve() not in excluded}
        return catalogue

    def profession(self, label: str) -> ProfessionInfo | None:
        """The profession with this preferred, alternative or hidden label (case and accents ignored)."""
        return self.professions.get(fold(label))

    def profession_labels(self) -> list[str]:
        """Preferred labels of every profession, sorted."""
        return sorted({p.label for p in self.professions.values()}, key=fold)

    def applicable(self, professions: Iterable[ProfessionInfo]) -> list[FrameworkInfo]:
        """Current (not superseded) framework versions that apply to these professions or their families."""
        targets: set[URIRef] = set()
        for prof in professions:
            targets |= {prof.iri, *prof.families}
        found = [f for f in self.frameworks.values() if not f.superseded and f.applies_to & targets]
        return sorted(found, key=lambda f: f.key)


def fold(text: str) -> str:
    """Comparison form of a label: lower case, accents and punctuation runs folded (see iri.slugify)."""
    return slugify(text)


__all__ = ["Catalogue", "Element", "FrameworkInfo", "ProfessionInfo", "fold"]
