"""A checked programme file → RDF: the programme, its units, courses, teachers and coverage mappings.

Coverage rows become SSSOM mappings reified as ``owl:Axiom`` like the crosswalks of
:mod:`sens_graph.sssom` (status curated, ``semapv:ManualMappingCuration``, confidence, author,
date, justification as ``rdfs:comment``; set ``mapping/programme-<key>``, rows ``mapping/programme-<key>/<n>``),
with ``sens:coverageRelation`` and ``sens:hours``:
``totale`` is ``skos:narrowMatch`` (the element is covered, the course may cover more),
``partielle`` is ``skos:broadMatch`` (the course covers part of the element).
"""

from __future__ import annotations

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

from ..iri import slugify
from ..namespaces import DEFAULT_BASE_IRI, SCHEMA, SEMAPV, SENS, SSSOM
from .reader import ProgrammeSource
from .schema import MODALITIES

PREDICATES = {"totale": SKOS.narrowMatch, "partielle": SKOS.broadMatch}


def programme_iri(key: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """``<base>programme/<identifiant>``."""
    return URIRef(f"{base}programme/{key}")


def course_iri(key: str, course_id: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """``<base>programme/<identifiant>/enseignement/<slug of the course identifier>``."""
    return URIRef(f"{programme_iri(key, base)}/enseignement/{slugify(course_id)}")


def _decimal(value) -> Literal:
    return Literal(format(value.normalize(), "f") if value == value.to_integral() else str(value),
                   datatype=XSD.decimal)


def programme_to_rdf(source: ProgrammeSource, base: str = DEFAULT_BASE_IRI, *, display: str = "") -> Graph:
    """RDF of one programme (one named graph): see the module docstring for the mapping rules."""
    g = Graph()
    key = source.key
    fields = source.fields
    prog = programme_iri(key, base)
    if fields.get("source"):
        document = URIRef(base + fields["source"])
    else:
        document = URIRef(f"{prog}/tableur")
        g.add((document, RDF.type, SENS.SourceDocument))
        g.add((document, RDFS.label, Literal(f"Tableur du programme « {fields['titre']} »", lang="fr")))
        g.add((document, DCTERMS.identifier, Literal(display or f"data/programmes/{key}")))
    g.add((prog, RDF.type, SENS.Programme))
    g.add((prog, DCTERMS.identifier, Literal(key)))
    g.add((prog, SKOS.prefLabel, Literal(fields["titre"], lang="fr")))
    g.add((prog, DCTERMS.title, Literal(fields["titre"], lang="fr")))
    g.add((prog, PROV.wasDerivedFrom, document))
    org = URIRef(f"{base}organisation/{slugify(fields['etablissement'])}")
    g.add((org, RDF.type, FOAF.Organization))
    g.add((org, RDF.type, PROV.Organization))
    g.add((org, RDFS.label, Literal(fields["etablissement"], lang="fr")))
    g.add((prog, SCHEMA.provider, org))
    if fields.get("annee_universitaire"):
        g.add((prog, SENS.academicYear, Literal(fields["annee_universitaire"])))
    if fields.get("url"):
        g.add((prog, SCHEMA.url, URIRef(fields["url"])))
    for prof in source.professions:
        g.add((prog, SENS.targetProfession, prof.iri))
    if source.framework_fixed:
        g.add((prog, SENS.applicableFramework, source.framework.iri))

    units: dict[str, URIRef] = {}
    for order, course in enumerate(source.courses, start=1):
        node = course_iri(key, course.identifiant, base)
        parent = prog
        if course.unite:
            parent = units.get(course.unite)
            if parent is None:
                parent = units[course.unite] = URIRef(f"{prog}/unite/{slugify(course.unite) or len(units) + 1}")
                g.add((parent, RDF.type, SENS.TeachingUnit))
                g.add((parent, SKOS.prefLabel, Literal(course.unite, lang="fr")))
                g.add((parent, SENS.partOf, prog))
                g.add((parent, SENS.order, Literal(len(units))))
                g.add((parent, PROV.wasDerivedFrom, document))
        g.add((node, RDF.type, SENS.Course))
        g.add((node, DCTERMS.identifier, Literal(course.identifiant)))
        g.add((node, SKOS.prefLabel, Literal(course.intitule, lang="fr")))
        g.add((node, SENS.partOf, parent))
        g.add((node, SENS.order, Literal(order)))
        g.add((node, PROV.wasDerivedFrom, document))
        g.add((node, SENS.sourceLocation, Literal(f"feuille enseignements, ligne {course.row}")))
        if course.niveau:
            g.add((node, SCHEMA.educationalLevel, Literal(course.niveau)))
        if course.heures is not None:
            g.add((node, SENS.hours, _decimal(course.heures)))
        if course.modalite:
            g.add((node, SENS.modality, SENS[MODALITIES[course.modalite]]))
        if course.semestre is not None:
            g.add((node, SENS.semester, Literal(course.semestre)))
        for name in course.intervenants:
            person = URIRef(f"{prog}/intervenant/{slugify(name)}")
            g.add((person, RDF.type, FOAF.Person))
            g.add((person, RDFS.label, Literal(name, lang="fr")))
            g.add((person, FOAF.name, Literal(name)))
            g.add((node, SENS.teacher, person))

    mapping_set = URIRef(f"{base}mapping/programme-{key}")
    g.add((mapping_set, RDF.type, SENS.MappingSet))
    g.add((mapping_set, DCTERMS.title, Literal(f"Couverture de {source.framework.key} par « {fields['titre']} »",
                                               lang="fr")))
    g.add((mapping_set, DCTERMS.description, Literal(
        f"Couverture de la version de référentiel {source.framework.key} par les enseignements du programme "
        f"« {fields['titre']} » ({key}), telle que déclarée dans la feuille « couverture » de sa source : une "
        "correspondance par ligne, skos:narrowMatch pour une couverture totale, skos:broadMatch pour une "
        "couverture partielle, avec justification, auteur, date, confiance et heures quand elles sont données.",
        lang="fr")))
    g.add((mapping_set, SSSOM.mapping_set_id, Literal(str(mapping_set))))
    g.add((mapping_set, PROV.wasDerivedFrom, document))
    for n, row in enumerate(source.coverage, start=1):
        axiom = URIRef(f"{mapping_set}/{n}")
        subject = course_iri(key, row.enseignement, base)
        predicate = PREDICATES[row.relation]
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, OWL.annotatedSource, subject))
        g.add((axiom, OWL.annotatedProperty, predicate))
        g.add((axiom, OWL.annotatedTarget, row.element.iri))
        g.add((axiom, DCTERMS.isPartOf, mapping_set))
        g.add((axiom, SENS.mappingStatus, SENS.Curated))
        g.add((axiom, SSSOM.mapping_justification, SEMAPV.ManualMappingCuration))
        g.add((axiom, SENS.coverageRelation, Literal(row.relation)))
        g.add((axiom, SENS.sourceLocation, Literal(f"feuille couverture, ligne {row.row}")))
        if row.heures is not None:
            g.add((axiom, SENS.hours, _decimal(row.heures)))
        if row.confiance is not None:
            g.add((axiom, SSSOM.confidence, _decimal(row.confiance)))
        if row.auteur:
            g.add((axiom, SSSOM.author_label, Literal(row.auteur)))
        if row.date is not None:
            g.add((axiom, SSSOM.mapping_date, Literal(row.date.isoformat(), datatype=XSD.date)))
        if row.justification:
            g.add((axiom, RDFS.comment, Literal(row.justification, lang="fr")))
        g.add((subject, predicate, row.element.iri))
    return g


__all__ = ["PREDICATES", "course_iri", "programme_iri", "programme_to_rdf"]
