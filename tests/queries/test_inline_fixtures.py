"""Crosswalk queries on small inline graphs: shapes the real data does not (yet) have.

The real mapping sets all go from the profession framework (subject) to the post-bac core
(object) and none is stated by a source; these fixtures check the queries also handle a
mapping written the other way round, a stated one, a reconstructed one, and a DU course linked
to a capacity through its module.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from common import PREFIXES

from sens_graph.coverage import coverage_quads

FRAMEWORKS = PREFIXES + """
<famille/a> a sens:ProfessionFamily ; skos:prefLabel "Famille A"@fr .
<famille/b> a sens:ProfessionFamily ; skos:prefLabel "Famille B"@fr .
<referentiel/socle-postbac> a sens:CompetencyFramework .
<referentiel/socle-postbac/v9> a sens:FrameworkVersion ; skos:prefLabel "Socle"@fr ;
    sens:isVersionOfFramework <referentiel/socle-postbac> ; sens:appliesTo <famille/a> .
<referentiel/socle-postbac/v9/competence/1.1> a sens:Competence ; skos:prefLabel "Identifier"@fr ;
    skos:notation "1.1" ; skos:inScheme <referentiel/socle-postbac/v9> .
<referentiel/socle-postbac/v9/competence/1.2> a sens:Competence ; skos:prefLabel "Traiter"@fr ;
    skos:notation "1.2" ; skos:inScheme <referentiel/socle-postbac/v9> .
<referentiel/socle-postbac/v9/competence/1.1/capacite/1> a sens:Capacity ; skos:prefLabel "connaître l'INS"@fr ;
    sens:order 1 ; sens:ofCompetence <referentiel/socle-postbac/v9/competence/1.1> ;
    skos:inScheme <referentiel/socle-postbac/v9> .
<referentiel/socle-postbac/v9/competence/1.2/capacite/1> a sens:Capacity ; skos:prefLabel "connaître le RGPD"@fr ;
    sens:order 1 ; sens:ofCompetence <referentiel/socle-postbac/v9/competence/1.2> ;
    skos:inScheme <referentiel/socle-postbac/v9> .
<referentiel/metier> a sens:CompetencyFramework .
<referentiel/metier/v1> a sens:FrameworkVersion ; skos:prefLabel "Métier"@fr ;
    sens:isVersionOfFramework <referentiel/metier> ; sens:appliesTo <famille/b> .
<referentiel/metier/v1/competence/1> a sens:Competence ; skos:prefLabel "Identifier"@fr ;
    skos:notation "1" ; skos:inScheme <referentiel/metier/v1> .
<referentiel/metier/v1/competence/2> a sens:Competence ; skos:prefLabel "Innover"@fr ;
    skos:notation "2" ; skos:inScheme <referentiel/metier/v1> .
<referentiel/metier/v1/competence/1/capacite/1> a sens:Capacity ; skos:prefLabel "connaitre l'INS"@fr ;
    sens:order 1 ; sens:ofCompetence <referentiel/metier/v1/competence/1> ; skos:inScheme <referentiel/metier/v1> .
"""

MAPPINGS = PREFIXES + """
<mapping/m/1> a owl:Axiom ; dcterms:isPartOf <mapping/m> ; sens:mappingStatus sens:StatedBySource ;
    owl:annotatedSource <referentiel/metier/v1/competence/1> ; owl:annotatedProperty skos:exactMatch ;
    owl:annotatedTarget <referentiel/socle-postbac/v9/competence/1.1> ; sssom:confidence "1.0"^^xsd:decimal .
# written the other way round: the core capacity is the subject
<mapping/m/2> a owl:Axiom ; dcterms:isPartOf <mapping/m> ; sens:mappingStatus sens:Reconstructed ;
    owl:annotatedSource <referentiel/socle-postbac/v9/competence/1.1/capacite/1> ;
    owl:annotatedProperty skos:closeMatch ;
    owl:annotatedTarget <referentiel/metier/v1/competence/1/capacite/1> ; sssom:confidence "0.7"^^xsd:decimal .
<mapping/m> a sens:MappingSet .
"""

DU = PREFIXES + """
<du-cns> a sens:Diploma .
<du-cns/ue/donnees> a sens:TeachingUnit ; skos:prefLabel "Données de santé"@fr ; sens:partOf <du-cns> .
<du-cns/module/fondamentaux> a sens:Module ; skos:prefLabel "Fondamentaux"@fr ; sens:partOf <du-cns/ue/donnees> ;
    sens:level sens:Debutant ; sens:hours 7.0 .
<du-cns/enseignement/a1-01> a sens:Course ; skos:prefLabel "L'INS"@fr ; sens:partOf <du-cns/module/fondamentaux> ;
    sens:level sens:Debutant .
sens:Debutant a sens:ProficiencyLevel ; skos:prefLabel "Débutant"@fr ; sens:rank 1 .
<mapping/du/1> a owl:Axiom ; dcterms:isPartOf <mapping/du> ; sens:mappingStatus sens:Curated ;
    owl:annotatedSource <du-cns/enseignement/a1-01> ; owl:annotatedProperty skos:narrowMatch ;
    owl:annotatedTarget <referentiel/socle-postbac/v9/competence/1.1/capacite/1> .
"""


@pytest.fixture
def mini() -> ox.Store:
    s = ox.Store()
    for i, text in enumerate((FRAMEWORKS, MAPPINGS, DU)):
        s.load(text.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"https://e.org/g{i}"))
    # the derived coverage graph, as the build adds it (the crosswalk queries read it; issue 13)
    s.extend(coverage_quads(s, "https://w3id.org/sens-graph/", ox.NamedNode("https://e.org/derived")))
    return s


def test_gaps_on_an_inline_fixture(library, mini):
    result = library.run(mini, "ecarts-au-socle-postbac", {"socle": "socle-postbac/v9"})
    rows = {(r["niveau_element"], r["ecart_type"], r["notation_socle"], r["notation_referentiel"]):
            (r["predicat"], r["statut_correspondance"]) for r in result.records()}
    assert rows == {
        ("competence", "repris", "1.1", "1"): ("exactMatch", "stated"),
        ("competence", "manque", "1.2", None): (None, None),
        ("competence", "ajoute", None, "2"): (None, None),
        ("capacite", "adapte", "1.1/1", "1/1"): ("closeMatch", "reconstructed"),  # reverse direction
        ("capacite", "manque", "1.2/1", None): (None, None),
    }


def test_common_and_specific_on_an_inline_fixture(library, mini):
    records = library.run(mini, "competences-communes-et-specifiques", {"socle": "socle-postbac/v9"}).records()
    assert {(r["portee_element"], r["notation"], r["nb_referentiels"], r["nb_total"]) for r in records} == {
        ("commune", "1.1", 2, 2), ("specifique", "1.2", 1, 2), ("specifique", "2", 1, 2)}
    equivalent = library.run(mini, "competences-communes-et-specifiques",
                             {"socle": "socle-postbac/v9", "niveau": "capacite"}).records()
    assert Counter(r["portee_element"] for r in equivalent) == {"commune": 1, "specifique": 1}


def test_coverage_on_an_inline_fixture(library, mini):
    records = library.run(mini, "couverture-socle-par-du", {"socle": "socle-postbac/v9"}).records()
    by_item = {(r["niveau_element"], r["notation"]): r for r in records}
    course = by_item[("capacite", "1.1/1")]
    assert (course["couverture"], course["du_type"], course["module"], course["domaine_du"], course["niveau_du"],
            course["heures_module"], course["predicat"]) == (
        "directe", "enseignement", "Fondamentaux", "Données de santé", "Débutant", 7, "narrowMatch")
    assert by_item[("competence", "1.1")]["couverture"] == "par ses capacités"
    assert by_item[("competence", "1.2")]["couverture"] == "non couverte"
    assert by_item[("capacite", "1.2/1")]["couverture"] == "non couverte"


RNCP = PREFIXES + """
<du-cns/referentiel> a sens:FrameworkVersion .
<du-cns/macro/1> a sens:MacroCompetence ; skos:prefLabel "Macro 1"@fr ; skos:notation "1" ;
    skos:inScheme <du-cns/referentiel> .
<du-cns/macro/1/micro/D1> a sens:MicroCompetence ; skos:prefLabel "Micro D1"@fr ;
    sens:ofMacroCompetence <du-cns/macro/1> ; sens:level sens:Debutant ; skos:inScheme <du-cns/referentiel> .
sens:Debutant skos:prefLabel "Débutant"@fr .
<rncp/36050/bloc/1> a sens:CertificationBlock ; skos:prefLabel "Bloc 1"@fr ; skos:notation "1" ;
    skos:inScheme <rncp/36050> .
<rncp/36050/bloc/2> a sens:CertificationBlock ; skos:prefLabel "Bloc 2"@fr ; skos:notation "2" ;
    skos:inScheme <rncp/36050> .
<rncp/36050/bloc/1/competence/1> a sens:BlockCompetence ; skos:prefLabel "C 1.1"@fr ; sens:order 1 ;
    sens:inBlock <rncp/36050/bloc/1> ; skos:inScheme <rncp/36050> .
<rncp/36050/bloc/1/competence/2> a sens:BlockCompetence ; skos:prefLabel "C 1.2"@fr ; sens:order 2 ;
    sens:inBlock <rncp/36050/bloc/1> ; skos:inScheme <rncp/36050> .
<rncp/36050/bloc/2/competence/1> a sens:BlockCompetence ; skos:prefLabel "C 2.1"@fr ; sens:order 1 ;
    sens:inBlock <rncp/36050/bloc/2> ; skos:inScheme <rncp/36050> .
<mapping/r/1> a owl:Axiom ; sens:mappingStatus sens:StatedBySource ; owl:annotatedSource <du-cns/macro/1/micro/D1> ;
    owl:annotatedProperty skos:relatedMatch ; owl:annotatedTarget <rncp/36050/bloc/1/competence/1> .
"""


def test_du_to_rncp_on_an_inline_fixture(library):
    s = ox.Store()
    s.load(RNCP.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://e.org/g"))
    records = library.run(s, "du-vers-rncp36050").records()
    rows = {(r["du_notation"], r["rncp_notation"], r["statut_lien"]) for r in records}
    assert rows == {("1", None, "aucun lien"), ("1/D1", "1.1", "stated"),
                    (None, "1.2", "non couvert"), (None, "2.1", "non couvert"), (None, "bloc 2", "non couvert")}
    only_reconstructed = library.run(s, "du-vers-rncp36050", {"statut": "reconstructed"}).records()
    assert {r["rncp_notation"] for r in only_reconstructed if r["statut_lien"] == "non couvert"} == {
        "1.1", "1.2", "2.1", "bloc 1", "bloc 2"}
