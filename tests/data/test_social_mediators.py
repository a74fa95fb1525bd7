"""The two social-work référentiels and the digital mediators' référentiel, AMI CMA santé numérique
saison 2 annexes (seed 002): the untitled social-work tables (lines 640-659, total 21; lines
661-681, total 28), attributed from their content, and the médiateurs numériques table (747-755)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from common import BASE
from graph_lookup import french_label as _fr
from graph_lookup import issues_of_kind as _issues
from graph_lookup import members as _of
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from sens_graph.namespaces import SENS

B = BASE
ACC = URIRef(B + "referentiel/travail-social-accompagnants/ami-cma-s2")
EDU = URIRef(B + "referentiel/travail-social-educateurs-assistants/ami-cma-s2")
MED = URIRef(B + "referentiel/mediateurs-numeriques/ami-cma-s2")
GRAPHS = {
    ACC: "referentiel/travail-social-accompagnants-ami-cma-s2",
    EDU: "referentiel/travail-social-educateurs-assistants-ami-cma-s2",
    MED: "referentiel/mediateurs-numeriques-ami-cma-s2",
}
FAMILIES = {
    ACC: "famille/travailleurs-sociaux-accompagnants",
    EDU: "famille/travailleurs-sociaux-educateurs-et-assistants",
    MED: "famille/mediateurs-numeriques",
}
# capacities per competence, counted in seed 002 (" - " bullets; "•" bullets for the mediators)
CAPACITIES = {
    ACC: {"1.1": 4, "1.2": 6, "1.3": 1, "2.1": 6, "2.2": 4, "3.1": 2, "3.2": 6, "3.3": 2, "3.4": 4,
          "4.1": 3, "4.2": 4, "4.3": 7},
    EDU: {"1.1": 5, "1.2": 7, "1.3": 1, "2.1": 6, "2.2": 4, "3.1": 2, "3.2": 6, "3.3": 6, "3.4": 4,
          "4.1": 4, "4.2": 6, "4.3": 3, "4.4": 8},
    MED: {"1.1": 3, "2.1": 10, "3.1": 6, "4.1": 3, "5.1": 3, "6.1": 4},
}
SOCIAL = [ACC, EDU]
ALL = [ACC, EDU, MED]


@pytest.mark.parametrize("version", ALL, ids=["accompagnants", "educateurs", "mediateurs"])
def test_version_metadata(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    assert (version, RDF.type, SENS.FrameworkVersion) in g
    assert g.value(version, OWL.versionInfo) == Literal("ami-cma-s2")
    work = g.value(version, SENS.isVersionOfFramework)
    assert (work, RDF.type, SENS.CompetencyFramework) in g
    assert g.value(version, SENS.appliesTo) == URIRef(B + FAMILIES[version])
    # no version is printed: flagged
    missing = [i for i in _issues(g, SENS.MissingContent) if str(i).endswith("/version-absente")]
    assert len(missing) == 1 and (missing[0], SENS.concerns, version) in g


@pytest.mark.parametrize("version", ALL, ids=["accompagnants", "educateurs", "mediateurs"])
def test_structure_counts(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    assert len(_of(g, version, SENS.Domain)) == {ACC: 4, EDU: 4, MED: 6}[version]
    competences = _of(g, version, SENS.Competence)
    per_comp = {str(g.value(c, SKOS.notation)): len(set(g.subjects(SENS.ofCompetence, c))) for c in competences}
    assert per_comp == CAPACITIES[version]
    assert len(_of(g, version, SENS.Capacity)) == {ACC: 49, EDU: 62, MED: 29}[version]


def test_social_titles_from_the_annex_list(graph_of) -> None:
    acc, edu = graph_of(GRAPHS[ACC]), graph_of(GRAPHS[EDU])
    assert _fr(acc, ACC) == ("Référentiel socle et transversal de compétences du numérique en santé "
                             "des travailleurs sociaux - accompagnants")
    assert _fr(edu, EDU) == ("Référentiel socle et transversal de compétences du numérique en santé "
                             "des travailleurs sociaux – éducateurs et assistants")
    # the tables print no title: no dcterms:title on the versions, and a MissingContent flag
    for g, v in ((acc, ACC), (edu, EDU)):
        assert g.value(v, DCTERMS.title) is None
        assert any(str(i).endswith("/titre-absent") for i in _issues(g, SENS.MissingContent))


@pytest.mark.parametrize("version", SOCIAL, ids=["accompagnants", "educateurs"])
def test_attribution_reasoning_and_issue(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    langs = {r.language for r in g.objects(version, SENS.attributionReasoning)}
    assert langs == {"fr", "en"}
    fr = next(str(r) for r in g.objects(version, SENS.attributionReasoning) if r.language == "fr")
    assert "niveau post-bac" in fr and "Argument contraire" in fr
    (issue,) = _issues(g, SENS.AttributionInferred)
    assert (issue, SENS.concerns, version) in g
    claims = {str(g.value(c, SENS.claimedValue)) for c in g.objects(issue, SENS.hasClaim)}
    assert claims == {"accompagnants", "éducateurs et assistants"}
    # the first claim is the attribution adopted
    adopted = g.value(URIRef(str(issue) + "/claim/1"), SENS.claimedValue)
    assert str(adopted) == {ACC: "accompagnants", EDU: "éducateurs et assistants"}[version]


@pytest.mark.parametrize(
    ("version", "hours", "unitless", "ects"),
    [(ACC, {"1": 4, "2": 3, "3": 6}, ("4", 8), 21), (EDU, {"1": 5, "2": 3, "3": 8}, ("4", 12), 28)],
    ids=["accompagnants", "educateurs"],
)
def test_figures_with_the_printed_unit(graph_of, version, hours, unitless, ects) -> None:
    g = graph_of(GRAPHS[version])
    domains = {str(g.value(d, SKOS.notation)): d for d in _of(g, version, SENS.Domain)}
    # domains 1-3 sit under the column "Heures"
    assert {n: g.value(d, SENS.hours).toPython() for n, d in domains.items()
            if g.value(d, SENS.hours) is not None} == {n: Decimal(h) for n, h in hours.items()}
    # domain 4 has no unit: rdf:value, neither hours nor ECTS
    d4 = domains[unitless[0]]
    assert g.value(d4, RDF.value).toPython() == Decimal(unitless[1])
    assert g.value(d4, SENS.hours) is None and g.value(d4, SENS.ects) is None
    # the total row says ECTS but adds up the domain figures: a printed total of unsettled unit,
    # neither ECTS nor hours; no "Total des heures" row
    assert g.value(version, SENS.printedTotal) == Literal(Decimal(f"{ects}.0"))
    assert g.value(version, SENS.ects) is None and g.value(version, SENS.totalHours) is None
    assert sum(hours.values()) + unitless[1] == ects  # the figures do add up to the printed total
    (unit_issue,) = [i for i in _issues(g, SENS.MissingContent) if str(i).endswith("/unite-des-chiffres")]
    assert {(unit_issue, SENS.concerns, d) in g for d in domains.values()} == {True}
    claims = {str(g.value(c, SENS.claimedValue)) for c in g.objects(unit_issue, SENS.hasClaim)}
    assert claims == {"Heures", str(unitless[1]), f"Nombre de crédits ECTS alloués {ects}"}


@pytest.mark.parametrize("version", SOCIAL, ids=["accompagnants", "educateurs"])
def test_numbering_oddities_flagged(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    c34 = URIRef(f"{version}/competence/3.4")
    assert _fr(g, c34) == "Interagir sur internet en maîtrisant son identité numérique"
    (dup,) = _issues(g, SENS.NumberingDuplicate)
    assert (dup, SENS.concerns, c34) in g
    assert "3.4. Interagir sur internet en maîtrisant son identité numérique" in {
        str(g.value(c, SENS.claimedValue)) for c in g.objects(dup, SENS.hasClaim)}
    merged = next(i for i in _issues(g, SENS.LayoutLost) if str(i).endswith("/numero-de-domaine-dans-le-libelle"))
    assert {URIRef(f"{version}/domaine/{n}") for n in "123"} == set(g.objects(merged, SENS.concerns))
    assert _fr(g, URIRef(f"{version}/domaine/3")) == "Communication en santé sociale"
    assert _issues(g, SENS.DocumentDisagreement)  # 4 domains here, "5 domaines" in seed 004


def test_social_verbatim_samples(graph_of) -> None:
    acc, edu = graph_of(GRAPHS[ACC]), graph_of(GRAPHS[EDU])
    assert _fr(acc, URIRef(f"{ACC}/domaine/1")) == "Données de santé et données à caractère personnel"
    assert _fr(acc, URIRef(f"{ACC}/domaine/4")) == "Outils numériques en santé"
    assert _fr(edu, URIRef(f"{EDU}/domaine/4")) == "Outils numériques en santé sociale"
    assert _fr(acc, URIRef(f"{ACC}/competence/3.2/capacite/5")) == (
        "Prévenir, identifier et accompagner une situation de précarité numérique "
        "(distinction entre une demande sociale et/ou technique)")
    assert _fr(edu, URIRef(f"{EDU}/competence/3.2/capacite/5")) == (
        "Accueillir, diagnostiquer et accompagner selon la situation de la personne : autonomie numérique, "
        "besoin d'accompagnement (distinction entre une demande sociale et/ou technique), type de public")
    # HTML <p> debris removed from the domain-4 competence titles of the 28 table
    assert _fr(edu, URIRef(f"{EDU}/competence/4.3")) == (
        "Utiliser ou recommander un outil numérique adapté au besoin métier")
    # source spelling kept ("Séjour numérique", "Maitriser"); "e-santé" is not a bullet separator
    cap = _fr(edu, URIRef(f"{EDU}/competence/4.1/capacite/3"))
    assert cap.startswith("Connaître le marché de la e-santé et les grands programmes de transformation numérique "
                          "(Séjour numérique,")
    assert _fr(acc, URIRef(f"{ACC}/competence/4.1")) == "Maitriser les logiciels métiers et les services numériques"
    assert _fr(acc, URIRef(f"{ACC}/competence/4.1/capacite/1")) == "Savoir définir la e-santé"
    # bold marks of the note at line 638 are lost: flagged on the table that follows it
    assert any(str(i).endswith("/capacites-en-gras") for i in _issues(acc, SENS.LayoutLost))


def test_mediators_modules(graph_of) -> None:
    g = graph_of(GRAPHS[MED])
    assert _fr(g, MED) == "Référentiel des compétences des médiateurs numériques"
    titles = {str(g.value(d, SKOS.notation)): _fr(g, d) for d in _of(g, MED, SENS.Domain)}
    assert titles == {
        "1": "Contexte numérique",
        "2": "Données de santé",
        "3": "Accéder à sa santé en ligne",
        "4": "Les outils publics du numérique en santé : DMP et ENS",
        "5": "Sécurité et bonnes pratiques",
        "6": "Information et éducation du patient",
    }
    # face-to-face modules 2 and 5 (action 8); the others carry no modality
    modal = {str(g.value(d, SKOS.notation)) for d in _of(g, MED, SENS.Domain) if g.value(d, SENS.modality)}
    assert modal == {"2", "5"}
    assert g.value(URIRef(f"{MED}/domaine/5"), SENS.modality) == SENS.Presentiel
    # no hours anywhere, and that is flagged
    assert not any(g.subjects(SENS.hours, None)) and not any(g.subjects(SENS.ects, None))
    assert any(str(i).endswith("/durees-absentes") for i in _issues(g, SENS.MissingContent))


def test_mediators_verbatim_samples(graph_of) -> None:
    g = graph_of(GRAPHS[MED])
    assert _fr(g, URIRef(f"{MED}/competence/4.1")) == "Savoir utiliser Mon espace santé"
    assert _fr(g, URIRef(f"{MED}/competence/3.1")) == (
        "Avoir les bases numériques utiles dans un parcours de soins : prendre rendez-vous (chez le médecin), "
        "faire une visio (de téléconsultation), simuler ses droits...")
    assert _fr(g, URIRef(f"{MED}/competence/2.1/capacite/7")) == (
        "Découvrir les objets connectés : leur place et leur « pouvoir »")
    assert _fr(g, URIRef(f"{MED}/competence/5.1/capacite/2")) == "Repérer l'hameçonnage, identifier les risques"
    c1 = URIRef(f"{MED}/competence/1.1/capacite/1")
    assert _fr(g, c1).startswith("S'approprier les enjeux du numérique en santé dont les enjeux éthiques")
    c2 = URIRef(f"{MED}/competence/1.1/capacite/2")
    assert _fr(g, c2) == "L'écosystème de la médiation numérique"
    assert str(g.value(c2, SKOS.scopeNote)) == "Bien appréhender :"


def test_mediators_title_variant(graph_of) -> None:
    g = graph_of(GRAPHS[MED])
    (issue,) = _issues(g, SENS.TextVariant)
    claims = {str(g.value(c, SENS.claimedValue)) for c in g.objects(issue, SENS.hasClaim)}
    assert claims == {"Référentiel de compétences des médiateurs numériques",
                      "Référentiel des compétences des médiateurs numériques"}
    assert any(str(i).endswith("/annexes-pix-absentes") for i in _issues(g, SENS.MissingContent))


@pytest.mark.parametrize("version", ALL, ids=["accompagnants", "educateurs", "mediateurs"])
def test_every_entity_has_provenance_and_location(graph_of, version: URIRef) -> None:
    g = graph_of(GRAPHS[version])
    for cls in (SENS.Domain, SENS.Competence, SENS.Capacity):
        for node in _of(g, version, cls):
            assert g.value(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) == URIRef(B + "source/002")
            assert str(g.value(node, SENS.sourceLocation)).startswith("seed 002, line")
