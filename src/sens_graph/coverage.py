"""The derived coverage graph (``graph/derived/coverage``): programme coverage and crosswalks, computed once.

Every programme's coverage rows and every crosswalk are ``owl:Axiom`` resources; at national scale
(10^6 triples, ~58k axioms) a question about one programme or about the frameworks alone would scan
them all. The build therefore computes, from the loaded sources, a small graph that the query library
reads instead (issue 13):

* the **coverage lines of a programme**: ``?ax sens:coverageLineOf ?programme`` for each mapping
  (``sens:mappingStatus`` set) one end of which is part of the programme or diploma (``sens:partOf`` at
  any depth);
* the **crosswalk between framework versions**: ``?ax sens:linksVersion ?v`` for each mapping both ends
  of which belong to a framework version (``skos:inScheme`` a ``sens:FrameworkVersion``), once per
  version linked — not the programmes' rows;
* the **coverage of an item by a programme** (``sens:ItemCoverage``, one per programme and competence
  or capacity that one of its rows targets): ``sens:overallCoverage`` (« totale » if one row is full,
  else « partielle »), ``sens:coverageLineCount``, ``sens:coveredHours`` (sum of the rows' hours, when
  one gives hours), ``sens:coveringCourseLabels`` (in code-point order); labelled (fr, en) and
  ``prov:wasDerivedFrom`` the named graphs that describe the programme and hold its rows;
* the **figures of each mapping set** (on the ``sens:MappingSet``): ``sens:mappingCount``, the numbers
  stated by the source, curated and reconstructed, ``sens:minConfidence``, ``sens:meanConfidence`` and the
  ``sens:justificationTerms`` used (semapv, sorted);
* the **coverage summary of a programme** (``sens:CoverageSummary``, one per programme and framework
  version that applies to it: ``sens:applicableFramework`` if set, else the current version for its
  target professions): numbers of competences and capacities of the version, covered, partly covered,
  and of courses.

Rules are those of the query library (``queries/programmes.rq``, ``comparaison-des-programmes.rq``):
the SPARQL below is their former sub-selects, run once. The graph is computed data
(``prov:wasDerivedFrom`` each named graph it reads; never a source claim) and is rebuilt with every
build. :func:`coverage_quads` works on any pyoxigraph store, so the national benchmark computes it on
the store it measures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.term import Node

from .buildcache import BuildCache, digest_of, texts_of
from .config import Settings
from .memstore import to_oxigraph
from .programme_graphs import GraphLines, programme_owner
from .sources import core_digest
from .workers import cached_forked_map

COVERAGE_GRAPH = "derived/coverage"
"""Key of the derived graph (``<base>graph/derived/coverage``)."""

_SENS = "https://w3id.org/sens-graph/def#"
_PROV = "http://www.w3.org/ns/prov#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_DERIVED_FROM = ox.NamedNode(_PROV + "wasDerivedFrom")

_PREFIXES = """
PREFIX sens:    <https://w3id.org/sens-graph/def#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX owl:     <http://www.w3.org/2002/07/owl#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

LINES = _PREFIXES + """
SELECT DISTINCT ?ax ?prog ?g WHERE {
  ?prog a ?kind . FILTER (?kind IN (sens:Programme, sens:Diploma))
  ?el sens:partOf+ ?prog .
  { ?ax owl:annotatedSource ?el } UNION { ?ax owl:annotatedTarget ?el }
  ?ax sens:mappingStatus ?st . OPTIONAL { GRAPH ?g { ?ax sens:mappingStatus ?st } }  # (a store may have no named graph)
}"""

PROGRAMME_GRAPHS = _PREFIXES + """
SELECT DISTINCT ?prog ?g WHERE { GRAPH ?g { ?prog a sens:Programme } }"""

CROSSWALKS = _PREFIXES + """
SELECT DISTINCT ?ax ?v ?g WHERE {
  ?ax owl:annotatedSource ?x ; owl:annotatedTarget ?y . OPTIONAL { GRAPH ?g { ?ax owl:annotatedSource ?x } }
  ?x skos:inScheme ?vx . ?vx a sens:FrameworkVersion .
  ?y skos:inScheme ?vy . ?vy a sens:FrameworkVersion .
  VALUES ?end { 1 2 }
  BIND (IF(?end = 1, ?vx, ?vy) AS ?v)
}"""

APPLICABLE = _PREFIXES + """
SELECT DISTINCT ?prog ?v ?fixed ?g WHERE {
  { ?prog a sens:Programme ; sens:applicableFramework ?v . OPTIONAL { GRAPH ?g { ?prog sens:applicableFramework ?v } }
    BIND (true AS ?fixed) }
  UNION
  { ?prog a sens:Programme ; sens:targetProfession ?p . OPTIONAL { GRAPH ?g { ?prog sens:targetProfession ?p } }
    FILTER NOT EXISTS { ?prog sens:applicableFramework ?fixed_v }
    ?v a sens:FrameworkVersion ; sens:appliesTo ?t .
    FILTER (?t = ?p || EXISTS { ?p sens:inFamily ?t })
    FILTER NOT EXISTS { ?newer prov:wasRevisionOf ?v }
    BIND (false AS ?fixed) }
}"""

ITEMS = _PREFIXES + """
SELECT ?prog ?item (COUNT(DISTINCT ?ax) AS ?lines) (MIN(?full) AS ?best)
       (GROUP_CONCAT(DISTINCT ?src_label; SEPARATOR=" | ") AS ?labels) (SUM(?h) AS ?hours) (COUNT(?h) AS ?with_hours)
WHERE {
  ?ax owl:annotatedSource ?src ; owl:annotatedTarget ?item ; owl:annotatedProperty ?pred ; sens:mappingStatus ?st .
  ?src sens:partOf+ ?prog ; skos:prefLabel ?src_label .
  FILTER (LANGMATCHES(LANG(?src_label), "fr"))
  OPTIONAL { ?ax sens:coverageRelation ?declared }
  OPTIONAL { ?ax sens:hours ?h }
  BIND (IF(COALESCE(?declared, IF(?pred IN (skos:broadMatch, skos:relatedMatch), "partielle", "totale"))
           = "totale", 0, 1) AS ?full)
  # (the pattern above is the former sub-select of comparaison-des-programmes, kept as it was so that the
  # courses' labels are concatenated in the same order; the programme and the item are tested last)
  FILTER EXISTS { ?prog a sens:Programme }
  FILTER EXISTS { ?item a ?cls . FILTER (?cls IN (sens:Competence, sens:Capacity)) }
} GROUP BY ?prog ?item"""

COUNTS = _PREFIXES + """
SELECT ?prog ?v ?courses ?competences ?capacities ?covered_competences ?covered_capacities ?partial_capacities
WHERE {
  VALUES (?prog ?v) { %s }
  OPTIONAL { SELECT ?prog (COUNT(DISTINCT ?course) AS ?courses) WHERE {
               ?course a sens:Course ; sens:partOf+ ?prog } GROUP BY ?prog }
  { SELECT ?v (COUNT(DISTINCT ?c) AS ?competences) WHERE { ?c a sens:Competence ; skos:inScheme ?v } GROUP BY ?v }
  { SELECT ?v (COUNT(DISTINCT ?k) AS ?capacities) WHERE { ?k a sens:Capacity ; skos:inScheme ?v } GROUP BY ?v }
  OPTIONAL {
    SELECT ?prog ?v (COUNT(DISTINCT ?comp) AS ?covered_competences) WHERE {
      ?ax owl:annotatedSource ?src ; owl:annotatedTarget ?target ; sens:mappingStatus ?st .
      ?src sens:partOf+ ?prog .
      { ?target a sens:Competence . BIND (?target AS ?comp) } UNION { ?target sens:ofCompetence ?comp }
      ?comp skos:inScheme ?v .
    } GROUP BY ?prog ?v
  }
  OPTIONAL {
    SELECT ?prog ?v (COUNT(DISTINCT ?cap) AS ?covered_capacities) (SUM(?all_partial) AS ?partial_capacities) WHERE {
      {
        SELECT ?prog ?cap ?v (MIN(?partial) AS ?all_partial) WHERE {
          ?ax owl:annotatedSource ?src ; owl:annotatedTarget ?cap ; owl:annotatedProperty ?pred ;
              sens:mappingStatus ?st .
          ?cap a sens:Capacity ; skos:inScheme ?v .
          ?src sens:partOf+ ?prog .
          OPTIONAL { ?ax sens:coverageRelation ?declared }
          BIND (IF(COALESCE(?declared, IF(?pred IN (skos:broadMatch, skos:relatedMatch), "partielle", "totale"))
                   = "partielle", 1, 0) AS ?partial)
        } GROUP BY ?prog ?cap ?v
      }
    } GROUP BY ?prog ?v
  }
}"""


MAPPING_SETS = _PREFIXES + """
PREFIX sssom: <https://w3id.org/sssom/>
SELECT ?jeu (COUNT(DISTINCT ?ax) AS ?n) (SUM(IF(?st = sens:StatedBySource, 1, 0)) AS ?stated)
       (SUM(IF(?st = sens:Curated, 1, 0)) AS ?curated) (SUM(IF(?st = sens:Reconstructed, 1, 0)) AS ?reconstructed)
       (MIN(?c) AS ?cmin) (AVG(?c) AS ?cavg)
       (GROUP_CONCAT(DISTINCT REPLACE(STR(?just), "^.*/", ""); SEPARATOR=" | ") AS ?justifications)
WHERE {
  ?ax a owl:Axiom ; dcterms:isPartOf ?jeu .
  OPTIONAL { ?ax sens:mappingStatus ?st }
  OPTIONAL { ?ax sssom:confidence ?c }
  OPTIONAL { ?ax sssom:mapping_justification ?just }
  FILTER EXISTS { ?jeu a sens:MappingSet }
} GROUP BY ?jeu"""
"""The former sub-select of ``queries/jeux-de-correspondances.rq``: figures per mapping set."""

_SET_FIGURES = (("n", "mappingCount"), ("stated", "statedMappingCount"), ("curated", "curatedMappingCount"),
                ("reconstructed", "reconstructedMappingCount"), ("cmin", "minConfidence"),
                ("cavg", "meanConfidence"))


def coverage_graph_iri(settings: Settings) -> URIRef:
    """``<base>graph/derived/coverage``."""
    return URIRef(f"{settings.base_iri}graph/{COVERAGE_GRAPH}")


def _sens(name: str) -> ox.NamedNode:
    return ox.NamedNode(_SENS + name)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))


def _local(iri: str, base: str) -> str:
    return iri[len(base):] if iri.startswith(base) else iri.split("://", 1)[-1]


def coverage_quads(store: ox.Store, base_iri: str, graph: ox.NamedNode) -> list[ox.Quad]:
    """The derived coverage graph of the data in ``store`` (read as the union of its graphs), as quads in
    ``graph``. The store must not already hold a coverage graph (it would be read as data)."""
    out: list[ox.Quad] = []
    sources: set[str] = set()

    def add(s, p, o) -> None:
        out.append(ox.Quad(s, p, o, graph))

    def select(sparql: str) -> Iterable[ox.QuerySolution]:
        return store.query(sparql, use_default_graph_as_union=True)

    graphs_of: dict[str, set[str]] = {}  # programme → the named graphs of its rows and of its description
    for row in select(LINES):
        add(row["ax"], _sens("coverageLineOf"), row["prog"])
        if row["g"] is not None:
            sources.add(row["g"].value)
            graphs_of.setdefault(row["prog"].value, set()).add(row["g"].value)
    for row in select(PROGRAMME_GRAPHS):
        graphs_of.setdefault(row["prog"].value, set()).add(row["g"].value)

    def describe(node: ox.NamedNode, prog: ox.NamedNode, fr: str, en: str) -> None:
        add(node, _RDFS_LABEL, ox.Literal(fr, language="fr"))
        add(node, _RDFS_LABEL, ox.Literal(en, language="en"))
        for source in sorted(graphs_of.get(prog.value, ())):
            add(node, _DERIVED_FROM, ox.NamedNode(source))
    def computed(prog: ox.NamedNode, about: ox.NamedNode, cls: str, nouns: tuple[str, str]) -> ox.NamedNode:
        """``<programme>/couverture/<path of about>``, typed, labelled, with its provenance."""
        node = ox.NamedNode(f"{prog.value}/couverture/{_local(about.value, base_iri)}")
        what, who = _local(about.value, base_iri), _local(prog.value, base_iri)
        add(node, _RDF_TYPE, _sens(cls))
        describe(node, prog, f"{nouns[0]} de {what} par {who}", f"{nouns[1]} of {what} by {who}")
        add(node, _sens("coveringProgramme"), prog)
        return node

    for row in select(CROSSWALKS):
        add(row["ax"], _sens("linksVersion"), row["v"])
        if row["g"] is not None:
            sources.add(row["g"].value)
    for row in select(ITEMS):
        prog, item = row["prog"], row["item"]
        node = computed(prog, item, "ItemCoverage", ("couverture", "coverage"))
        add(node, _sens("coveredItem"), item)
        add(node, _sens("overallCoverage"), ox.Literal("totale" if int(row["best"].value) == 0 else "partielle"))
        add(node, _sens("coverageLineCount"), _integer(int(row["lines"].value)))
        if int(row["with_hours"].value) > 0:
            add(node, _sens("coveredHours"), row["hours"])
        labels = row["labels"]  # GROUP_CONCAT's order varies from one process to the next: sorted here
        add(node, _sens("coveringCourseLabels"),
            ox.Literal(" | ".join(sorted(labels.value.split(" | "))), language=labels.language)
            if labels.language else ox.Literal(" | ".join(sorted(labels.value.split(" | ")))))
    for row in select(MAPPING_SETS):
        for var, prop in _SET_FIGURES:
            if row[var] is not None:
                add(row["jeu"], _sens(prop), row[var])
        if row["justifications"] is not None and row["justifications"].value:
            terms = sorted(row["justifications"].value.split(" | "))  # GROUP_CONCAT's order is not stable
            add(row["jeu"], _sens("justificationTerms"), ox.Literal(" | ".join(terms)))
    applicable = list(select(APPLICABLE))
    sources.update(row["g"].value for row in applicable if row["g"] is not None)
    if applicable:
        values = " ".join(f"({row['prog']} {row['v']})" for row in applicable)
        fixed = {(row["prog"].value, row["v"].value): row["fixed"] for row in applicable}
        for row in select(COUNTS % values):
            prog, version = row["prog"], row["v"]
            node = computed(prog, version, "CoverageSummary", ("bilan de couverture", "coverage summary"))
            add(node, _sens("summaryFramework"), version)
            add(node, _sens("frameworkIsSet"), fixed[(prog.value, version.value)])
            for var, prop in (("courses", "courseCount"), ("competences", "competenceCount"),
                              ("capacities", "capacityCount"), ("covered_competences", "coveredCompetenceCount"),
                              ("covered_capacities", "coveredCapacityCount"),
                              ("partial_capacities", "partialCapacityCount")):
                if row[var] is not None:
                    add(node, _sens(prop), row[var])
    graph_node = ox.NamedNode(graph.value)
    add(graph_node, _RDF_TYPE, ox.NamedNode(_PROV + "Entity"))
    add(graph_node, _RDFS_LABEL, ox.Literal("couverture des référentiels par les programmes et tables de passage "
                                            "entre référentiels (données calculées)", language="fr"))
    add(graph_node, _RDFS_LABEL, ox.Literal("coverage of the frameworks by the programmes and crosswalks between "
                                            "frameworks (computed data)", language="en"))
    for source in sorted(sources):
        add(graph_node, _DERIVED_FROM, ox.NamedNode(source))
    return out


def _to_rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD + "string":
            return Literal(term.value)  # a plain literal, as the sources write them
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected blank node {term} in the derived coverage graph")


def add_coverage_graph(ds: Dataset, settings: Settings, programmes: Iterable[GraphLines] = ()) -> None:
    """Compute the coverage graph from the named graphs already in ``ds`` and the programme graphs held
    as lines (``programmes``, see :mod:`.programme_graphs`), and add it to ``ds`` as
    ``graph/derived/coverage`` (see the module documentation)."""
    iri = coverage_graph_iri(settings)
    store = to_oxigraph(ds)
    for lines in programmes:
        store.load(lines.nquads(), format=ox.RdfFormat.N_QUADS)
    target = ds.graph(iri)
    for quad in coverage_quads(store, settings.base_iri, ox.NamedNode(str(iri))):
        target.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))


def add_coverage_by_programme(ds: Dataset, settings: Settings, programmes: Mapping[str, GraphLines],
                              keys: Mapping[str, str], cache: BuildCache) -> dict[str, GraphLines]:
    """The derived coverage graph of a build whose imported programmes are held as lines (the national
    path): the part of the core graphs is added to ``ds`` (``graph/derived/coverage``), each imported
    programme's part is returned as lines (programme graph IRI → :class:`~.programme_graphs.GraphLines`
    of the coverage graph), never held in rdflib.

    ``programmes``: programme graph IRI → its lines; ``keys``: programme identifier → graph IRI. A
    programme's part is :func:`coverage_quads` of the core graphs and that programme, less those of the
    core graphs alone: its coverage lines, item coverages, summaries and mapping-set figures (subjects
    :func:`~.programme_graphs.programme_owner` gives to it); what else it adds (the coverage graph's
    ``prov:wasDerivedFrom`` its graph) goes to the core part. No programme's coverage reads another
    programme, so the parts' union is :func:`add_coverage_graph` of everything
    (``tests/test_coverage_by_programme.py``). Each part is cached (:mod:`.buildcache`, kind
    ``coverage-part``) under the hash of the files the core graphs are read from (``ds`` must be
    :func:`~.sources.load_core_dataset` of ``settings`` with the other derived graphs) and the programme's
    digest, and the missing parts are computed over forked processes (:func:`~.workers.cached_forked_map`):
    after one programme changes, only its part is computed again (issue 13)."""
    iri = coverage_graph_iri(settings)
    graph = ox.NamedNode(str(iri))
    store = to_oxigraph(ds)
    core_nquads = store.dump(format=ox.RdfFormat.N_QUADS)
    core_quads = coverage_quads(store, settings.base_iri, graph)
    target = ds.graph(iri)
    target.addN((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object), target) for q in core_quads)
    core_key = core_digest(settings)
    owners = dict(keys)
    part_keys = {programme: digest_of("coverage-part", core_key, programme, lines.digest)
                 for programme, lines in programmes.items()}
    computer = _PartComputer(core_nquads, set(core_quads), settings.base_iri, graph, owners)
    entries = cached_forked_map(cache, "coverage-part", part_keys, _part_entry,
                                lambda programme: computer(programmes[programme]),
                                what="de calcul de la couverture des programmes")
    extra = "".join(line for programme in programmes for line in entries[programme]["extra"])
    if extra:
        target.addN((s, p, o, target) for s, p, o in Graph().parse(data=extra, format="nt"))
    return {programme: GraphLines(str(iri), tuple(entries[programme]["lines"]), entries[programme]["digest"])
            for programme in programmes}


class _PartComputer:
    """Computes one programme's part of the coverage graph on a store of the core graphs, made once per
    process (a forked process makes its own from ``core_nquads``)."""

    def __init__(self, core_nquads: bytes, core_quads: set[ox.Quad], base_iri: str, graph: ox.NamedNode,
                 owners: dict[str, str]) -> None:
        self.core_nquads, self.core_quads = core_nquads, core_quads
        self.base_iri, self.graph, self.owners = base_iri, graph, owners
        self.store: ox.Store | None = None

    def __call__(self, lines: GraphLines) -> dict:
        """The cache entry of the programme of ``lines``: its part (sorted N-Quads lines and digest, as
        :meth:`~.programme_graphs.GraphLines.of_triples` makes them) and, as N-Triples rows, what it adds
        to the core part."""
        if self.store is None:
            self.store = ox.Store()
            self.store.load(self.core_nquads, format=ox.RdfFormat.N_QUADS)
        self.store.load(lines.nquads(), format=ox.RdfFormat.N_QUADS)
        try:
            quads = coverage_quads(self.store, self.base_iri, self.graph)
        finally:
            self.store.remove_graph(ox.NamedNode(lines.iri))
        own, extra = [], set()
        for quad in quads:
            if quad in self.core_quads:
                continue
            triple = (_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object))
            subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
            if programme_owner(subject, self.base_iri, self.owners) == lines.iri:
                own.append(triple)
            else:
                extra.add(_nt_row(triple))
        part = GraphLines.of_triples(self.graph.value, own)
        return {"lines": list(part.lines), "digest": part.digest, "extra": sorted(extra)}


def _part_entry(value: dict) -> dict:
    """A ``coverage-part`` cache entry (raises KeyError or TypeError for another shape: a miss)."""
    texts_of(value["lines"])
    texts_of(value["extra"])
    if not isinstance(value["digest"], str):
        raise TypeError("digest")
    return value
