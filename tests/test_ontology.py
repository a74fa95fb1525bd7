"""The ontology: bilingual labels and definitions, versioning, the level scheme, the alignments."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from sens_graph.namespaces import CASE, CEASN, ESCO, SENS
from sens_graph.sources import parse_turtle

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


def _core(settings) -> Graph:
    return parse_turtle(settings.ontology_dir / "sens.ttl")


def test_every_class_and_property_has_fr_and_en_label_and_definition(settings):
    g = _core(settings)
    terms = {s for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(SENS))}
    assert len(terms) > 60
    missing = []
    for term in sorted(terms):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in g.objects(term, prop) if isinstance(o, Literal)}
            if not {"fr", "en"} <= langs:
                missing.append(f"{term} {prop}")
    assert not missing, missing


def test_version_iri_matches_version_info(settings):
    g = _core(settings)
    ontology = URIRef("https://w3id.org/sens-graph/def")
    info = str(g.value(ontology, OWL.versionInfo))
    assert str(g.value(ontology, OWL.versionIRI)) == f"https://w3id.org/sens-graph/def/{info}"


def test_levels_form_an_ordered_scheme(settings):
    g = _core(settings)
    levels = sorted(g.subjects(SKOS.inScheme, SENS.LevelScheme), key=lambda lv: int(g.value(lv, SENS.rank)))
    assert [str(g.value(lv, SKOS.prefLabel)) for lv in levels if g.value(lv, SKOS.prefLabel)]
    labels = [next(str(o) for o in g.objects(lv, SKOS.prefLabel) if o.language == "fr") for lv in levels]
    assert labels == ["Débutant", "Intermédiaire", "Avancé"]
    members = list(g.items(g.value(SENS.Levels, SKOS.memberList)))
    assert members == [SENS.Debutant, SENS.Intermediaire, SENS.Avance]


def test_alignment_module_relates_to_esco_ctdl_asn_and_case(settings):
    g = parse_turtle(settings.ontology_dir / "sens-align.ttl")
    assert (SENS.Competence, SKOS.closeMatch, CEASN.Competency) in g
    assert (SENS.FrameworkVersion, SKOS.closeMatch, CEASN.CompetencyFramework) in g
    assert (SENS.Competence, SKOS.closeMatch, CASE.CFItem) in g
    assert (SENS.CompetencyFramework, SKOS.closeMatch, CASE.CFDocument) in g
    assert (SENS.Profession, SKOS.closeMatch, ESCO.Occupation) in g
    # every sens: term the alignment mentions exists in the core ontology
    core = _core(settings)
    aligned = {s for s in g.subjects() if str(s).startswith(str(SENS))}
    assert aligned and all((term, None, None) in core for term in aligned)
