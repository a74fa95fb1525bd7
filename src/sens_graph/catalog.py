"""The release's self-description (``dist/void.ttl``): DCAT-AP 3 catalogue and VoID.

DCAT-AP 3.0.1 (checked by the tests with the fixed SHACL shapes of ``../shared/reference/dcat-ap/``):
a ``dcat:Catalog`` with its publisher, the ``dcat:Dataset`` (titles, description, keywords,
EU data themes, language, publisher, contact point, issued/modified, licence), one
``dcat:Distribution`` per file of ``dist/`` (download and access URLs, IANA media type,
``spdx:Checksum`` SHA-256, size, licence) and the SPARQL endpoint as a ``dcat:DataService``.

VoID: one subset per named graph, ``void:dataDump``, class and property partitions, and one
``void:Linkset`` per SSSOM mapping set (its asserted links only: a set of reconstructions has
none, its links exist only as reified axioms).

No blank nodes (the output must be byte-identical from run to run): the auxiliary resources
(catalogue, publisher, contact point, checksums, partitions) are fragments of ``<base>dataset``,
which the server answers with this description.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VOID, XSD

from .iri import slugify
from .layout import CASE_API_PATH
from .namespaces import PREFIXES, SD, SENS, SPDX, VCARD
from .programme_graphs import GraphLines

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "https://www.iana.org/assignments/media-types/"
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_THEMES = URIRef("http://publications.europa.eu/resource/authority/data-theme")
THEMES = {
    "HEAL": ("Santé", "Health"),
    "EDUC": ("Éducation, culture et sport", "Education, culture and sport"),
}
KEYWORDS = ("numérique en santé", "référentiel de compétences", "compétences", "formation en santé",
            "correspondances", "SKOS", "SSSOM")
MEDIA_TYPES = {
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".owl": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".tsv": "text/tab-separated-values",
    ".json": "application/json",
    ".csv": "text/csv",
    ".xml": "application/xml",
}
"""File suffix → IANA media type (``.gz`` files: the media type of what is compressed)."""
GZIP = URIRef(IANA + "application/gzip")
DUMP_FILES = ("sens-graph.nq.gz", "sens-graph.nq", "sens-graph.trig")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
CASE_STANDARD = URIRef("https://www.imsglobal.org/spec/case/v1p0/")
"""1EdTech Competencies and Academic Standards Exchange (CASE) 1.0, which the CASE API follows."""


def media_type(path: Path) -> tuple[URIRef | None, URIRef | None]:
    """(IANA media type IRI, compression format IRI or None) of a file, from its suffixes."""
    suffixes = path.suffixes
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    inner = suffixes[-2] if compressed and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    mt = MEDIA_TYPES.get(inner)
    if mt is None and compressed:
        return GZIP, None
    return (URIRef(IANA + mt) if mt else None), (GZIP if compressed else None)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fragment(ds: URIRef, *parts: str) -> URIRef:
    return URIRef(f"{ds}#{'-'.join(slugify(p) for p in parts)}")


def _term_name(g: Graph, iri: URIRef) -> str:
    try:
        prefix, _, local = g.namespace_manager.compute_qname(str(iri), generate=False)
        return f"{prefix}-{local}"
    except (KeyError, ValueError):
        return hashlib.sha1(str(iri).encode()).hexdigest()[:12]


def describe_agent_and_terms(g: Graph, base: str, ds: URIRef) -> tuple[URIRef, URIRef]:
    """Publisher (``foaf:Agent``) and contact point (``vcard:Kind``, a project URL, no personal data)."""
    publisher = _fragment(ds, "publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal("sens-graph developers", lang="en")))
    g.add((publisher, FOAF.name, Literal("équipe sens-graph", lang="fr")))
    g.add((publisher, FOAF.homepage, URIRef(base)))
    contact = _fragment(ds, "contact")
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal("sens-graph")))
    g.add((contact, VCARD.hasURL, URIRef(base)))
    g.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    g.add((LICENSE, RDFS.label, Literal("Creative Commons Attribution 4.0 International (CC BY 4.0)", lang="en")))
    g.add((EU_LANGUAGE.FRA, RDF.type, DCTERMS.LinguisticSystem))
    g.add((EU_LANGUAGE.FRA, SKOS.inScheme, URIRef(str(EU_LANGUAGE).rstrip("/"))))
    g.add((EU_THEMES, RDF.type, SKOS.ConceptScheme))
    g.add((EU_THEMES, DCTERMS.title, Literal("Data theme", lang="en")))
    for code, (fr, en) in THEMES.items():
        theme = EU_THEME[code]
        g.add((theme, RDF.type, SKOS.Concept))
        g.add((theme, SKOS.inScheme, EU_THEMES))
        g.add((theme, SKOS.prefLabel, Literal(fr, lang="fr")))
        g.add((theme, SKOS.prefLabel, Literal(en, lang="en")))
    return publisher, contact


def add_distribution(g: Graph, ds: URIRef, path: Path, rel: str, base: str, modified: Literal,
                     sha256: str | None = None) -> URIRef:
    """One ``dcat:Distribution`` (= its download URL) for the file ``path`` (``rel`` under dist/); ``sha256``:
    the file's hex SHA-256 when the caller has it already (else it is read)."""
    dist = URIRef(f"{base}download/{rel}")
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(rel)))
    g.add((dist, DCAT.downloadURL, dist))
    g.add((dist, DCAT.accessURL, URIRef(f"{base}downloads")))
    g.add((dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
    mt, compress = media_type(path)
    if mt is not None:
        g.add((dist, DCAT.mediaType, mt))
        g.add((mt, RDF.type, DCTERMS.MediaType))
    if compress is not None:
        g.add((dist, DCAT.compressFormat, compress))
        g.add((compress, RDF.type, DCTERMS.MediaType))
    checksum = _fragment(ds, "sha256", rel)
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(sha256 or sha256_file(path), datatype=XSD.hexBinary)))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((dist, DCTERMS.license, LICENSE))
    g.add((dist, DCTERMS.modified, modified))
    if rel in DUMP_FILES:
        g.add((ds, VOID.dataDump, dist))
    return dist


def add_partitions(g: Graph, ds: URIRef, graphs: Mapping[str, Graph] | None = None, *,
                   nquads: str | None = None) -> None:
    """VoID class partitions (entities per class) and property partitions (triples per property) of
    the union of the named graphs: counted from the release's sorted N-Quads lines (``nquads``,
    :func:`_counts_of_sorted_nquads`) when given, else from the rdflib ``graphs``. A triple stated in two
    graphs counts once either way."""
    if nquads is not None:
        properties, classes, subjects = _counts_of_sorted_nquads(nquads)
    else:
        entities: dict[URIRef, set] = defaultdict(set)
        properties, union, seen = Counter(), set(), set()
        for part in (graphs or {}).values():
            union.update(part)
        for s, p, o in union:
            properties[p] += 1
            seen.add(s)
            if p == RDF.type and isinstance(o, URIRef):
                entities[o].add(s)
        classes, subjects = Counter({cls: len(members) for cls, members in entities.items()}), len(seen)
    g.add((ds, VOID.classes, Literal(len(classes))))
    g.add((ds, VOID.properties, Literal(len(properties))))
    g.add((ds, VOID.distinctSubjects, Literal(subjects)))
    for cls in sorted(classes):
        part = _fragment(ds, "class", _term_name(g, cls))
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(classes[cls])))
    for prop in sorted(properties):
        part = _fragment(ds, "property", _term_name(g, prop))
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(properties[prop])))


_RDF_TYPE_TOKEN = f"<{RDF.type}>"


def _counts_of_sorted_nquads(nquads: str) -> tuple[Counter, Counter, int]:
    """(triples per property, entities per class, distinct subjects) of the distinct triples of N-Quads
    lines sorted in code-point order, in one pass and without holding the triples.

    In sorted lines, the quads of one triple in several graphs are neighbours (the graph name is the last
    term, and a term is never the start of another term followed by a space), and so are the lines of one
    subject: a triple is counted when it differs from the line before, a subject when it changes, and an
    ``rdf:type`` triple is one entity of its class. Raises ValueError when the lines are not sorted."""
    properties: Counter = Counter()
    classes: Counter = Counter()
    subjects = 0
    previous_line = previous_body = previous_subject = ""
    for lines in _line_chunks(nquads):
        for line in lines:
            if not line.strip():
                continue
            if line < previous_line:
                raise ValueError(f"N-Quads lines out of order: {line[:120]!r} after {previous_line[:120]!r}")
            previous_line = line
            body = line[: line.rfind(" <", 0, len(line) - 2)]
            if body == previous_body:
                continue
            previous_body = body
            s, p, o = body.split(" ", 2)
            properties[p] += 1
            if s != previous_subject:
                subjects, previous_subject = subjects + 1, s
            if p == _RDF_TYPE_TOKEN and o.startswith("<"):
                classes[o] += 1
    return (Counter({URIRef(p[1:-1]): n for p, n in properties.items()}),
            Counter({URIRef(o[1:-1]): n for o, n in classes.items()}), subjects)


def _line_chunks(text: str, chunk: int = 1 << 24) -> Iterator[list[str]]:
    """The ``\n``-separated lines of ``text``, as lists of the lines of about ``chunk`` characters each (a
    list of every line of a 10^7-quad release would take gigabytes beside the text)."""
    start = 0
    while start < len(text):
        end = text.find("\n", min(start + chunk, len(text)))
        end = len(text) if end < 0 else end
        yield text[start:end].split("\n")
        start = end + 1


def _typed_subjects(part: Graph | GraphLines) -> Iterable:
    """The subjects of ``rdf:type`` triples of one named graph (rdflib graph or N-Quads lines)."""
    if isinstance(part, GraphLines):
        token = f" {_RDF_TYPE_TOKEN} "
        return [URIRef(line[1: line.index(">")]) for line in part.lines
                if token in line and line.startswith("<") and line.index(token) == line.index(">") + 1]
    return part.subjects(RDF.type, None)


MAPPING_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def add_linksets(g: Graph, base: str, graphs: Mapping[str, Graph | GraphLines]) -> None:
    """One ``void:Linkset`` per mapping set (``<base>mapping/<set>``), subset of the set's named graph.

    Its triples are the asserted links (direct SKOS mapping triples); targets are the named graphs
    that type the linked resources (``void:subjectsTarget``/``void:objectsTarget`` when there is
    one each, else ``void:target``)."""
    home: dict = {}
    for iri, part in sorted(graphs.items()):
        if iri.startswith((f"{base}graph/mapping/", f"{base}graph/derived/", f"{base}graph/ontology")):
            continue
        for s in _typed_subjects(part):
            home.setdefault(s, URIRef(iri))
    prefix = f"{base}graph/mapping/"
    for iri, part in sorted(graphs.items()):
        if not iri.startswith(prefix):
            continue
        linkset = URIRef(f"{base}mapping/{iri[len(prefix):]}")
        g.add((URIRef(iri), VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        for title in part.objects(linkset, DCTERMS.title):
            g.add((linkset, DCTERMS.title, title))
        links = [(s, p, o) for p in MAPPING_PREDICATES for s, o in part.subject_objects(p)]
        g.add((linkset, VOID.triples, Literal(len(links))))
        for p in sorted({p for _, p, _ in links}):
            g.add((linkset, VOID.linkPredicate, p))
        reconstructed = sum(1 for _ in part.subjects(SENS.mappingStatus, SENS.Reconstructed))
        if reconstructed:
            g.add((linkset, RDFS.comment, Literal(
                f"{reconstructed} correspondances reconstruites, publiées comme axiomes réifiés seulement "
                "(owl:Axiom, sens:mappingStatus sens:Reconstructed), jamais comme liens.", lang="fr")))
        subjects = sorted({home[s] for s, _, _ in links if s in home})
        objects = sorted({home[o] for _, _, o in links if o in home})
        if len(subjects) == 1 and len(objects) == 1:
            g.add((linkset, VOID.subjectsTarget, subjects[0]))
            g.add((linkset, VOID.objectsTarget, objects[0]))
        else:
            for target in sorted(set(subjects) | set(objects)):
                g.add((linkset, VOID.target, target))


def minimal_dataset_description(base: str, triples: int, version: str = "") -> Graph:
    """The dataset alone (VoID + DCAT, licence, size, version): what the server says of a release
    that has no ``void.ttl`` (an incomplete ``dist/``)."""
    g = Graph(bind_namespaces="none")
    ds = URIRef(f"{base}dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, VOID.triples, Literal(str(triples), datatype=XSD.integer)))
    if version:
        g.add((ds, OWL.versionInfo, Literal(version)))
    return g


def served_description(base: str, server_root: str, downloads: Iterable[str]) -> Graph:
    """What a running server adds to the release's description: its SPARQL endpoint as a
    ``dcat:DataService`` with a distribution (DCAT-AP 3: ``accessURL`` is mandatory) and, for each
    file it serves (``downloads``: paths relative to ``dist/``), the local access URL of the
    release's distribution ``<base>download/<path>``."""
    g = Graph(bind_namespaces="none")
    ds = URIRef(f"{base}dataset")
    service = URIRef(f"{server_root}sparql")
    distribution = URIRef(f"{server_root}sparql#distribution")
    g.add((ds, VOID.sparqlEndpoint, service))
    g.add((ds, DCAT.distribution, distribution))
    g.add((distribution, RDF.type, DCAT.Distribution))
    g.add((distribution, DCAT.accessService, service))
    g.add((distribution, DCAT.accessURL, service))
    g.add((distribution, DCTERMS.license, LICENSE))
    g.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    describe_service(g, service, titles={"en": "sens-graph SPARQL endpoint"}, endpoint_url=service,
                     endpoint_description=service, dataset=ds)
    for rel in downloads:
        g.add((URIRef(f"{base}download/{rel}"), DCAT.accessURL, URIRef(f"{server_root}download/{rel}")))
    return g


def describe_service(g: Graph, service: URIRef, *, titles: dict[str, str], endpoint_url: URIRef,
                     endpoint_description: URIRef, dataset: URIRef) -> None:
    """Add to ``g`` what every ``dcat:DataService`` states (DCAT-AP 3): its type, its titles (language →
    text), endpoint URL and description, the dataset it serves and the licence."""
    g.add((service, RDF.type, DCAT.DataService))
    for language, title in titles.items():
        g.add((service, DCTERMS.title, Literal(title, lang=language)))
    g.add((service, DCAT.endpointURL, endpoint_url))
    g.add((service, DCAT.endpointDescription, endpoint_description))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.license, LICENSE))


def add_data_service(g: Graph, catalog: URIRef, service: URIRef, *, titles: tuple[str, str], endpoint_url: URIRef,
                     endpoint_description: URIRef, dataset: URIRef, standard: URIRef, publisher: URIRef,
                     contact: URIRef) -> None:
    """Add one ``dcat:DataService`` of the catalogue to ``g`` (DCAT-AP 3): :func:`describe_service` with
    the French and English ``titles``, plus the standard it conforms to (typed ``dcterms:Standard``), the
    publisher and contact point of the release."""
    g.add((catalog, DCAT.service, service))
    describe_service(g, service, titles={"fr": titles[0], "en": titles[1]}, endpoint_url=endpoint_url,
                     endpoint_description=endpoint_description, dataset=dataset)
    g.add((service, DCTERMS.conformsTo, standard))
    g.add((standard, RDF.type, DCTERMS.Standard))
    g.add((service, DCTERMS.publisher, publisher))
    g.add((service, DCAT.contactPoint, contact))


def void_description(info, files: Iterable[Path], root: Path,
                     graphs: Mapping[str, Graph | GraphLines] | None = None, *, nquads: str | None = None,
                     checksums: Mapping[Path, str] | None = None) -> Graph:
    """VoID + DCAT-AP 3 description of a release.

    ``info`` is the :class:`~sens_graph.release.ReleaseInfo`; ``files`` the artefacts already
    written under ``root`` (one distribution each); ``graphs`` the named graphs (rdflib graphs or
    :class:`~.programme_graphs.GraphLines`, for partitions and linksets; without them only the
    per-graph subsets are described); ``nquads`` the release's N-Quads, from which the partitions are
    counted when given (the fast path of a national build); ``checksums`` the files' hex SHA-256 when the
    caller has them (the release computes them once for this and ``SHA256SUMS``).
    """
    base = info.base_iri
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    ds = URIRef(f"{base}dataset")
    when = Literal(info.build_date, datatype=XSD.dateTime)
    publisher, contact = describe_agent_and_terms(g, base, ds)

    catalog = _fragment(ds, "catalog")
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("Catalogue sens-graph", lang="fr")))
    g.add((catalog, DCTERMS.title, Literal("sens-graph catalogue", lang="en")))
    g.add((catalog, DCTERMS.description, Literal(
        "Les jeux de données et services publiés par sens-graph.", lang="fr")))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, LICENSE))
    g.add((catalog, DCTERMS.language, EU_LANGUAGE.FRA))
    g.add((catalog, DCTERMS.issued, when))
    g.add((catalog, DCTERMS.modified, when))
    g.add((catalog, FOAF.homepage, URIRef(base)))
    g.add((URIRef(base), RDF.type, FOAF.Document))
    g.add((catalog, DCAT.themeTaxonomy, EU_THEMES))
    g.add((catalog, DCAT.dataset, ds))

    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("sens-graph : référentiels de compétences du numérique en santé", lang="fr")))
    g.add((ds, DCTERMS.title, Literal("sens-graph: French digital-health competency frameworks", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Référentiels socle du numérique en santé, DU Compétences numériques en santé (Université de "
        "Strasbourg), certification RNCP36050 et correspondances, avec la provenance de chaque fait.", lang="fr")))
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCAT.contactPoint, contact))
    g.add((ds, DCTERMS.language, EU_LANGUAGE.FRA))
    for code in THEMES:
        g.add((ds, DCAT.theme, EU_THEME[code]))
    for keyword in KEYWORDS:
        g.add((ds, DCAT.keyword, Literal(keyword, lang="fr")))
    g.add((ds, DCTERMS.issued, when))
    g.add((ds, DCTERMS.modified, when))
    g.add((ds, URIRef(f"{DCAT}version"), Literal(info.version)))  # DCAT 3 term, not in rdflib's DCAT
    g.add((ds, OWL.versionInfo, Literal(info.version)))
    landing = URIRef(f"{base}downloads")
    g.add((ds, DCAT.landingPage, landing))
    g.add((landing, RDF.type, FOAF.Document))
    g.add((ds, VOID.uriSpace, Literal(base)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{base}sparql")))
    g.add((ds, VOID.vocabulary, URIRef("https://w3id.org/sens-graph/def#")))
    g.add((ds, VOID.triples, Literal(sum(info.graphs.values()))))

    service = URIRef(f"{base}sparql")
    add_data_service(g, catalog, service, titles=("Point d'accès SPARQL de sens-graph", "sens-graph SPARQL endpoint"),
                     endpoint_url=service, endpoint_description=service, dataset=ds, standard=SPARQL_PROTOCOL,
                     publisher=publisher, contact=contact)
    g.add((service, RDF.type, SD.Service))
    add_data_service(g, catalog, URIRef(f"{base}{CASE_API_PATH}/CFDocuments"),
                     titles=("API CASE 1.0 de sens-graph (lecture seule)", "sens-graph CASE 1.0 API (read-only)"),
                     endpoint_url=URIRef(f"{base}{CASE_API_PATH}/"), endpoint_description=URIRef(f"{base}openapi.json"),
                     dataset=ds, standard=CASE_STANDARD, publisher=publisher, contact=contact)

    for iri, n in sorted(info.graphs.items()):
        subset = URIRef(iri)
        g.add((ds, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, RDF.type, SD.NamedGraph))
        g.add((subset, SD.name, subset))
        g.add((subset, VOID.triples, Literal(n)))
        g.add((subset, DCTERMS.license, LICENSE))
    for path in sorted(files):
        add_distribution(g, ds, path, path.relative_to(root).as_posix(), base, when,
                         sha256=(checksums or {}).get(path))
    if graphs is not None:
        add_partitions(g, ds, graphs, nquads=nquads)
        add_linksets(g, base, graphs)
    return g
