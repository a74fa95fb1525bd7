"""Each SHACL shape and each QC check, proven by a failing fixture and a passing one.

The passing fixture is a small but complete framework version; each case adds or removes a
few triples and names the rule that must fire. The same validator as the build is used.
"""

from __future__ import annotations

import pytest
from common import BASE, PREFIXES
from rdflib import Dataset, Graph, URIRef

from sens_graph.skos import skos_entailments
from sens_graph.sources import load_ontology, ontology_graph_iri
from sens_graph.validation import load_shapes, union_graph, validate_dataset

VALID = PREFIXES + """
<source/t> a sens:SourceDocument ; rdfs:label "Source de test"@fr .
<referentiel/t> a sens:CompetencyFramework ; dcterms:title "Référentiel de test"@fr ;
    skos:prefLabel "Référentiel de test"@fr ; prov:wasDerivedFrom <source/t> .
<referentiel/t/v1> a sens:FrameworkVersion ; skos:prefLabel "Référentiel de test V1"@fr ;
    owl:versionInfo "V1" ; sens:isVersionOfFramework <referentiel/t> ; sens:totalHours 5.0 ;
    prov:wasDerivedFrom <source/t> .
<referentiel/t/v1/domaine/1> a sens:Domain ; skos:prefLabel "Données de santé"@fr ; skos:notation "1" ;
    sens:order 1 ; sens:hours 5.0 ; skos:inScheme <referentiel/t/v1> ; prov:wasDerivedFrom <source/t> .
<referentiel/t/v1/competence/1.1> a sens:Competence ; skos:prefLabel "Identifier un usager"@fr ;
    skos:notation "1.1" ; sens:order 1 ; sens:inDomain <referentiel/t/v1/domaine/1> ; sens:hours 2.0 ;
    skos:inScheme <referentiel/t/v1> ; prov:wasDerivedFrom <source/t> .
<referentiel/t/v1/competence/1.2> a sens:Competence ; skos:prefLabel "Traiter la donnée"@fr ;
    skos:notation "1.2" ; sens:order 2 ; sens:inDomain <referentiel/t/v1/domaine/1> ; sens:hours 3.0 ;
    skos:inScheme <referentiel/t/v1> ; prov:wasDerivedFrom <source/t> .
<referentiel/t/v1/competence/1.1/capacite/1> a sens:Capacity ; skos:prefLabel "connaître l'INS"@fr ;
    sens:order 1 ; sens:ofCompetence <referentiel/t/v1/competence/1.1> ; skos:inScheme <referentiel/t/v1> ;
    prov:wasDerivedFrom <source/t> .
<du/macro/1> a sens:MacroCompetence ; skos:prefLabel "Analyser"@fr ; sens:order 1 ; prov:wasDerivedFrom <source/t> ;
    skos:inScheme <du/referentiel> .
<du/macro/1/micro/D1> a sens:MicroCompetence ; skos:prefLabel "Identifier"@fr ; sens:order 1 ;
    sens:level sens:Debutant ; sens:ofMacroCompetence <du/macro/1> ; prov:wasDerivedFrom <source/t> ;
    skos:inScheme <du/referentiel> .
<du/referentiel> a skos:ConceptScheme ; skos:prefLabel "Référentiel du DU"@fr ; prov:wasDerivedFrom <source/t> .
<du/enseignement/a1-01> a sens:Course ; skos:prefLabel "Qu'est-ce que la e-santé ?"@fr ; sens:year 1 ;
    sens:modality sens:Distanciel ; sens:level sens:Debutant ; sens:hours 1.5 ; prov:wasDerivedFrom <source/t> .
<probleme/t/p> a sens:SourceIssue ; sens:issueKind sens:TextVariant ; dcterms:description "Deux textes."@fr ;
    sens:concerns <referentiel/t/v1/competence/1.1> ; prov:wasDerivedFrom <source/t> ;
    sens:hasClaim <probleme/t/p/claim/1> .
<probleme/t/p/claim/1> a sens:Claim ; sens:claimedValue "texte A" ; prov:wasDerivedFrom <source/t> .
<mapping/t/1> a owl:Axiom ; owl:annotatedSource <referentiel/t/v1/competence/1.1> ;
    owl:annotatedProperty skos:closeMatch ; owl:annotatedTarget <referentiel/t/v1/competence/1.2> ;
    sens:mappingStatus sens:Reconstructed ; sssom:mapping_justification semapv:ManualMappingCuration ;
    sssom:confidence 0.5 ; sens:reconstructionMethod "test" ; dcterms:isPartOf <mapping/t> .
<mapping/t> a sens:MappingSet ; dcterms:title "Jeu de test"@fr .
"""


V = "<referentiel/t/v1>"
C11 = "<referentiel/t/v1/competence/1.1>"


def add_skos_graph(ds: Dataset) -> Graph:
    """Add the build's explicit-SKOS derived graph (``graph/derived/skos``) to ``ds``; return it."""
    derived = skos_entailments(union_graph(ds))
    target = ds.graph(URIRef(BASE + "graph/derived/skos"))
    for triple in derived:
        target.add(triple)
    return target


def _dataset(turtle: str, remove: str = "") -> Dataset:
    ds = Dataset()
    data = Graph().parse(data=turtle, format="turtle")
    if remove:
        data -= Graph().parse(data=PREFIXES + remove, format="turtle")
    target = ds.graph(URIRef(BASE + "graph/test"))
    for triple in data:
        target.add(triple)
    return ds


@pytest.fixture(scope="module")
def run(settings):
    ontology = load_ontology(settings)
    shapes = load_shapes(settings.shapes_dir)

    def _run(extra: str = "", remove: str = ""):
        ds = _dataset(VALID + extra, remove)
        ont = ds.graph(URIRef(ontology_graph_iri(settings)))
        for triple in ontology:
            ont.add(triple)
        add_skos_graph(ds)  # as the build does before validating
        return validate_dataset(ds, settings, shapes=shapes)

    return _run


def test_valid_fixture_conforms(run):
    report = run()
    assert report.conforms, report.render()


CASES = [
    # (case id, triples to add, triples to remove, rule expected to fire)
    ("missing French label", "", f"{C11} skos:prefLabel \"Identifier un usager\"@fr .", "oneFrenchPrefLabel"),
    ("two French labels", f"{C11} skos:prefLabel \"Autre\"@fr .", "", "oneFrenchPrefLabel"),
    ("bad competence notation", f"{C11} skos:notation \"1-1\" .",
     f"{C11} skos:notation \"1.1\" .", "CompetenceShape"),
    ("competence in a domain of another version",
     "<referentiel/t/v2> a sens:FrameworkVersion ; skos:prefLabel \"V2\"@fr ; owl:versionInfo \"V2\" ;"
     " sens:isVersionOfFramework <referentiel/t> ; prov:wasDerivedFrom <source/t> .\n"
     "<referentiel/t/v1/domaine/1> skos:inScheme <referentiel/t/v2> .",
     "<referentiel/t/v1/domaine/1> skos:inScheme <referentiel/t/v1> .", "FrameworkVersionStructureShape"),
    ("competence in two domains", f"{C11} sens:inDomain <referentiel/t/v1/domaine/2> .\n"
     "<referentiel/t/v1/domaine/2> a sens:Domain ; skos:prefLabel \"Autre\"@fr ; skos:notation \"2\" ;"
     " skos:inScheme <referentiel/t/v1> ; prov:wasDerivedFrom <source/t> .", "", "CompetenceShape"),
    ("competence in no version", "", f"{C11} skos:inScheme {V} .", "inOneVersion"),
    ("notation not under its domain", f"{C11} skos:notation \"2.1\" .",
     f"{C11} skos:notation \"1.1\" .", "FrameworkVersionStructureShape"),
    ("duplicate notation in a version", "<referentiel/t/v1/competence/1.2> skos:notation \"1.1\" .",
     "<referentiel/t/v1/competence/1.2> skos:notation \"1.2\" .", "FrameworkVersionShape"),
    ("hours not decimal", f"{C11} sens:hours \"2\" .", f"{C11} sens:hours 2.0 .", "HoursShape"),
    ("negative hours", f"{C11} sens:hours -2.0 .", f"{C11} sens:hours 2.0 .", "HoursShape"),
    ("competence hours do not add up", f"{C11} sens:hours 4.0 .", f"{C11} sens:hours 2.0 .",
     "FrameworkVersionStructureShape"),
    ("domain hours do not add up to total", f"{V} sens:totalHours 28.0 .", f"{V} sens:totalHours 5.0 .",
     "FrameworkVersionShape"),
    ("level outside the scheme", "<du/enseignement/a1-01> sens:level sens:Distanciel .",
     "<du/enseignement/a1-01> sens:level sens:Debutant .", "LevelShape"),
    ("modality outside the scheme", "<du/enseignement/a1-01> sens:modality sens:Avance .",
     "<du/enseignement/a1-01> sens:modality sens:Distanciel .", "ModalityShape"),
    ("micro-competence without level", "", "<du/macro/1/micro/D1> sens:level sens:Debutant .",
     "MicroCompetenceShape"),
    ("capacity without provenance", "",
     "<referentiel/t/v1/competence/1.1/capacite/1> prov:wasDerivedFrom <source/t> .", "shapes#provenance"),
    ("capacity in another version than its competence",
     "<referentiel/t/v2> a sens:FrameworkVersion ; skos:prefLabel \"V2\"@fr ; owl:versionInfo \"V2\" ;"
     " sens:isVersionOfFramework <referentiel/t> ; prov:wasDerivedFrom <source/t> .\n"
     "<referentiel/t/v1/competence/1.1/capacite/1> skos:inScheme <referentiel/t/v2> .",
     "<referentiel/t/v1/competence/1.1/capacite/1> skos:inScheme <referentiel/t/v1> .",
     "FrameworkVersionStructureShape"),
    ("version without versionInfo", "", f"{V} owl:versionInfo \"V1\" .", "FrameworkVersionShape"),
    ("course year out of range", "<du/enseignement/a1-01> sens:year 4 .", "<du/enseignement/a1-01> sens:year 1 .",
     "CourseShape"),
    ("issue kind outside the scheme", "<probleme/t/p> sens:issueKind sens:Debutant .",
     "<probleme/t/p> sens:issueKind sens:TextVariant .", "SourceIssueShape"),
    ("issue without French description", "", "<probleme/t/p> dcterms:description \"Deux textes.\"@fr .",
     "SourceIssueShape"),
    ("claim without value", "", "<probleme/t/p/claim/1> sens:claimedValue \"texte A\" .", "ClaimShape"),
    ("reconstructed mapping with confidence 1", "<mapping/t/1> sssom:confidence 1.0 .",
     "<mapping/t/1> sssom:confidence 0.5 .", "MappingSetShape"),
    ("mapping confidence above 1", "<mapping/t/1> sssom:confidence 1.5 .",
     "<mapping/t/1> sssom:confidence 0.5 .", "MappingAxiomShape"),
    ("ECTS not decimal", f"{V} sens:ects \"21\" .", "", "EctsShape"),
    # QC checks
    ("blank node in data", "<referentiel/t/v1/competence/1.2> sens:concerns [ a sens:Claim ] .", "",
     "blank-node-violation.rq"),
    ("dangling reference", f"{C11} skos:related <referentiel/t/v1/competence/9.9> .", "",
     "dangling-reference-violation.rq"),
    ("plain-string label", "<source/t> skos:altLabel \"sans langue\" .", "", "label-language-violation.rq"),
    ("missing label", "<organisation/x> a <http://xmlns.com/foaf/0.1/Organization> .", "",
     "missing-label-violation.rq"),
    ("missing provenance", "<profession/x> a sens:Profession ; skos:prefLabel \"Infirmier\"@fr .", "",
     "missing-provenance-violation.rq"),
    ("e-mail address", "<source/t> rdfs:comment \"contact : jean.dupont@unistra.fr\" .", "",
     "personal-contact-violation.rq"),
    ("phone number", "<source/t> rdfs:comment \"tél. 03 68 85 00 00\" .", "", "personal-contact-violation.rq"),
    ("reconstructed mapping asserted", f"{C11} skos:closeMatch <referentiel/t/v1/competence/1.2> .", "",
     "reconstructed-asserted-violation.rq"),
]


@pytest.mark.parametrize(("extra", "remove", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_fires_on_failing_fixture(run, extra, remove, rule):
    report = run(extra, remove)
    fired = {f.rule for f in report.violations}
    assert any(rule in r for r in fired), f"{rule} did not fire; fired: {sorted(fired)}"


def test_source_issue_exempts_arithmetic(run):
    """A total the source gets wrong is not our error once a TotalMismatch issue records it."""
    extra = f"""{C11} sens:hours 4.0 .
    <probleme/t/total> a sens:SourceIssue ; sens:issueKind sens:TotalMismatch ;
        dcterms:description "Le total imprimé ne correspond pas."@fr ;
        sens:concerns <referentiel/t/v1/domaine/1> , {V} ; prov:wasDerivedFrom <source/t> ."""
    report = run(extra, f"{C11} sens:hours 2.0 .")
    assert report.conforms, report.render()


def test_finding_names_the_data_file(run):
    report = run("", f"{C11} skos:prefLabel \"Identifier un usager\"@fr .")
    finding = next(f for f in report.violations if f.focus.endswith("competence/1.1"))
    assert finding.source_file == "data/test.ttl"
    assert "prefLabel" in finding.render()
