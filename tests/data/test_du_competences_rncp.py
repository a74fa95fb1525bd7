"""DU CNS competence framework (seed 000, lines 1536-1829), certification RNCP36050 (lines 3043-3149,
3423-3441) and the two crossing matrices whose X marks lost their columns (lines 1829-2428 and
3151-3421): counts, verbatim samples, mark counts and the rule that reconstructed mappings are
never asserted as plain triples."""

from __future__ import annotations

from collections import Counter

import pytest
from common import BASE
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from sens_graph.namespaces import SENS

B = BASE
V = URIRef(B + "du-cns/referentiel")
C = URIRef(B + "rncp/36050")
M_RNCP = URIRef(B + "du-cns/matrice/rncp36050")
M_COURSES = URIRef(B + "du-cns/matrice/enseignements")
S000 = URIRef(B + "source/000")


def u(path: str) -> URIRef:
    return URIRef(B + path)


@pytest.fixture(scope="module")
def comp(graph_of):
    return graph_of("du-cns/competences")


@pytest.fixture(scope="module")
def rncp(graph_of):
    return graph_of("rncp36050")


@pytest.fixture(scope="module")
def mat(graph_of):
    return graph_of("du-cns/matrices")


# ---------------------------------------------------------------- the DU framework

def test_framework_version(comp):
    assert (V, RDF.type, SENS.FrameworkVersion) in comp
    assert (V, SENS.isVersionOfFramework, u("referentiel/du-cns")) in comp
    assert (u("referentiel/du-cns"), RDF.type, SENS.CompetencyFramework) in comp
    assert comp.value(V, SKOS.prefLabel) == Literal(
        "Référentiel de compétences DU Compétences Numériques en Santé", lang="fr")
    assert not list(comp.objects(V, SENS.appliesTo))


def test_five_macro_competences(comp):
    macros = set(comp.subjects(RDF.type, SENS.MacroCompetence))
    assert macros == {u(f"du-cns/macro/{n}") for n in range(1, 6)}
    for n in range(1, 6):
        m = u(f"du-cns/macro/{n}")
        assert comp.value(m, SKOS.notation) == Literal(str(n))
        assert comp.value(m, SENS.order).toPython() == n
        assert (m, SKOS.inScheme, V) in comp
    assert comp.value(u("du-cns/macro/3"), SKOS.prefLabel) == Literal(
        "Faire évoluer ses pratiques professionnelles et personnelles en intégrant une utilisation distanciée "
        "du numérique et en prenant compte les enjeux, les problématiques et la complexité d’une demande ou "
        "d’une situation afin de proposer des solutions adaptées et/ou innovantes.", lang="fr")
    # the framework page prints « oeuvre » (the list of target competences prints « œuvre »)
    assert str(comp.value(u("du-cns/macro/5"), SKOS.prefLabel)).startswith("Mettre en oeuvre un projet /une recherche")


# micro-competences per macro-competence and level, read on the framework page and confirmed by the
# RNCP36050 crossing and the header of the course matrix
MICRO_COUNTS = {
    1: {"Debutant": 2, "Intermediaire": 1, "Avance": 1},
    2: {"Debutant": 2, "Intermediaire": 1, "Avance": 1},
    3: {"Debutant": 1, "Intermediaire": 1, "Avance": 1},
    4: {"Debutant": 2, "Intermediaire": 1, "Avance": 1},
    5: {"Debutant": 1, "Intermediaire": 1, "Avance": 1},
}


def test_micro_competences_per_macro_and_level(comp):
    found: dict[int, Counter] = {}
    for mc in comp.subjects(RDF.type, SENS.MicroCompetence):
        macro = comp.value(mc, SENS.ofMacroCompetence)
        n = int(str(macro).rsplit("/", 1)[1])
        level = str(comp.value(mc, SENS.level)).rsplit("#", 1)[1]
        found.setdefault(n, Counter())[level] += 1
        # the IRI says the level: D / I / A
        assert str(mc).rsplit("/", 1)[1][0] == level[0]
        assert (mc, SKOS.inScheme, V) in comp
        assert (mc, PROV.wasDerivedFrom, S000) in comp
    assert {n: dict(c) for n, c in found.items()} == MICRO_COUNTS
    assert sum(sum(c.values()) for c in found.values()) == 18


@pytest.mark.parametrize(("iri", "label"), [
    ("du-cns/macro/4/micro/D2", "Identifier les politiques et les directives institutionnelles liées à "
     "l'utilisation des technologies numériques en santé."),
    ("du-cns/macro/3/micro/A1", "Collaborer avec des équipes multidisciplinaires pour concevoir et mettre en "
     "œuvre des projets pilotes de santé numérique."),
    ("du-cns/macro/4/micro/D1", "Communiquer efficacement avec les collègues et les patients en utilisant des "
     "outils numériques de base."),
    ("du-cns/macro/5/micro/I1", "Concevoir et mener des études pilotes pour évaluer l'efficacité et la sécurité "
     "des nouvelles technologies en santé numérique, en assurant"),
])
def test_micro_competence_verbatim(comp, iri, label):
    assert comp.value(u(iri), SKOS.prefLabel) == Literal(label, lang="fr")


def test_situations(comp):
    sits = list(comp.subjects(RDF.type, SENS.Situation))
    assert len(sits) == 15
    per_macro = Counter(comp.value(s, SENS.ofMacroCompetence) for s in sits)
    assert per_macro == {u(f"du-cns/macro/{n}"): 3 for n in range(1, 6)}
    # their macro-competence comes from the reading order of the interleaved page only
    for s in sits:
        assert comp.value(s, SENS.isReconstruction) == Literal(True)
        assert comp.value(s, SENS.reconstructionMethod) is not None
    assert comp.value(u("du-cns/macro/2/situation/3"), RDFS.label) == Literal(
        "Dans le cadre d'une évaluation de la qualité des données de santé, détecter les erreurs et les "
        "incohérences dans un ensemble de données et proposer des solutions pour garantir l'intégrité des "
        "données.", lang="fr")


def test_competence_source_issues(comp):
    issue = u("probleme/du-cns-competences/micro-5-i1-tronquee")
    assert comp.value(issue, SENS.issueKind) == SENS.MissingContent
    assert (issue, SENS.concerns, u("du-cns/macro/5/micro/I1")) in comp
    variants = u("probleme/du-cns-competences/macro-5-variantes")
    assert comp.value(variants, SENS.issueKind) == SENS.TextVariant
    assert len(list(comp.objects(variants, SENS.hasClaim))) == 3
    assert comp.value(u("probleme/du-cns-competences/page-multicolonne"), SENS.issueKind) == SENS.LayoutLost


# ---------------------------------------------------------------- RNCP36050

BLOCK_SIZES = {1: 2, 2: 5, 3: 5, 4: 4}


def test_certification(rncp):
    assert (C, RDF.type, SENS.Certification) in rncp
    assert rncp.value(C, SKOS.notation) == Literal("RNCP36050")
    assert rncp.value(C, RDFS.label) == Literal("FICHE RNCP N° RNCP36050", lang="fr")
    assert rncp.value(u("probleme/rncp36050/intitule-absent"), SENS.issueKind) == SENS.MissingContent


def test_four_blocks_and_their_competences(rncp):
    blocks = set(rncp.subjects(RDF.type, SENS.CertificationBlock))
    assert blocks == {u(f"rncp/36050/bloc/{n}") for n in range(1, 5)}
    for b in blocks:
        assert (b, SENS.partOf, C) in rncp
    assert rncp.value(u("rncp/36050/bloc/2"), SKOS.prefLabel) == Literal(
        "Adapter des solutions pour des problématiques de santé", lang="fr")
    per_block = Counter(rncp.value(c, SENS.inBlock) for c in rncp.subjects(RDF.type, SENS.BlockCompetence))
    assert per_block == {u(f"rncp/36050/bloc/{n}"): k for n, k in BLOCK_SIZES.items()}
    # the block of each competence is not printed: reconstructed, and said so
    for c in rncp.subjects(RDF.type, SENS.BlockCompetence):
        assert rncp.value(c, SENS.isReconstruction) == Literal(True)
    assert rncp.value(u("rncp/36050/bloc/3/competence/3"), SKOS.prefLabel) == Literal(
        "Conduire un projet (conception, pilotage, coordination d’équipe, mise en œuvre et gestion, évaluation, "
        "diffusion) pouvant mobiliser des compétences pluridisciplinaires dans un cadre collaboratif", lang="fr")
    # the repeated competence keeps each printing
    assert "dispositifs /pratiques" in str(rncp.value(u("rncp/36050/bloc/2/competence/4"), SKOS.prefLabel))
    assert "dispositifs/pratiques" in str(rncp.value(u("rncp/36050/bloc/4/competence/3"), SKOS.prefLabel))


# ---------------------------------------------------------------- the matrices

def rows_of(g, matrix):
    return {int(g.value(r, SENS.order)): r for r in g.subjects(SENS.rowOfMatrix, matrix)}


def test_rncp_crossing_rows(mat):
    rows = rows_of(mat, M_RNCP)
    assert sorted(rows) == list(range(1, 24))
    counts = [mat.value(rows[k], SENS.markCount).toPython() for k in range(1, 24)]
    assert counts == [8, 3, 3, 4, 4, 12, 5, 3, 10, 12, 10, 3, 5, 8, 4, 15, 8, 13, 7, 9, 3, 9, 5]
    assert mat.value(rows[16], SENS.rowSubject) == u("du-cns/macro/4/micro/D1")
    # printed cut short in the crossing
    assert mat.value(rows[16], RDFS.label) == Literal(
        "Communiquer efficacement avec les collègues et les patients en utilisant des", lang="fr")
    assert mat.value(rows[1], SENS.rowSubject) == u("du-cns/macro/1")
    assert mat.value(M_RNCP, SENS.columnCount).toPython() == 16
    assert len(set(mat.subjects(SENS.columnOfMatrix, M_RNCP))) == 16
    # no row marks every column: nothing about a column is certain
    assert max(counts) < 16 and min(counts) > 0


def test_course_matrix_rows(mat, union):
    rows = rows_of(mat, M_COURSES)
    assert sorted(rows) == list(range(1, 111))
    assert mat.value(M_COURSES, SENS.columnCount).toPython() == 18
    assert sum(mat.value(r, SENS.markCount).toPython() for r in rows.values()) == 317
    samples = {
        55: ("Introduction aux normes et aux codes de déontologie (Identité Nationale de Santé, secret médical, "
             "etc.).", 7, "du-cns/enseignement/a1-28"),
        17: ("Fondamentaux des données de santé", 0, "du-cns/module/fondamentaux-des-donnees-de-sante"),
        39: ("Utilisation des outils numériques en santé", 6, "du-cns/enseignement/a1-23"),
        10: ("Utilisation des outils numériques en santé", 1, "du-cns/enseignement/a1-08"),
        107: ("Conception et déploiement de projets de télésanté", 3,
              "du-cns/module/conception-et-deploiement-de-projets-de-telesante"),
    }
    for k, (label, count, subject) in samples.items():
        assert mat.value(rows[k], RDFS.label) == Literal(label, lang="fr")
        assert mat.value(rows[k], SENS.markCount).toPython() == count
        assert mat.value(rows[k], SENS.rowSubject) == u(subject)
    # every row subject exists, with the row's label
    for r in rows.values():
        s = mat.value(r, SENS.rowSubject)
        if s is not None:
            assert union.value(s, SKOS.prefLabel) == mat.value(r, RDFS.label)
    # the four "Mon Espace Santé" courses are not in the teaching table: no subject, one issue
    unmatched = {k for k, r in rows.items() if mat.value(r, SENS.rowSubject) is None}
    assert unmatched == {93, 94, 95, 96}
    issue = u("probleme/du-cns-matrices/enseignements-lignes-sans-enseignement")
    assert {mat.value(rows[k], RDF.type) for k in unmatched} == {SENS.MatrixRow}
    assert set(mat.objects(issue, SENS.concerns)) == {rows[k] for k in unmatched}


def test_no_course_micro_mapping_set(dataset):
    """No defensible reconstruction of the course matrix's columns: no mapping set for it."""
    assert len(dataset.graph(URIRef(B + "graph/mapping/du-enseignement-micro"))) == 0


# ---------------------------------------------------------------- reconstructed mappings

def test_rncp_mappings_are_reconstructed(graph_of):
    g = graph_of("mapping/du-micro-rncp36050")
    axioms = set(g.subjects(RDF.type, OWL.Axiom))
    assert len(axioms) == 27
    for a in axioms:
        assert g.value(a, SENS.mappingStatus) == SENS.Reconstructed
        assert g.value(a, OWL.annotatedProperty) == SKOS.relatedMatch
        assert float(g.value(a, URIRef("https://w3id.org/sssom/confidence"))) < 1
        assert g.value(a, SENS.reconstructionMethod) is not None
    # the 15-of-16 row is linked to every column; pigeonhole links to blocks
    targets = {g.value(a, OWL.annotatedTarget) for a in axioms
               if g.value(a, OWL.annotatedSource) == u("du-cns/macro/4/micro/D1")}
    assert len(targets) == 20


def test_reconstructed_mappings_never_asserted(union):
    reconstructed = list(union.subjects(SENS.mappingStatus, SENS.Reconstructed))
    assert reconstructed
    for a in reconstructed:
        s = union.value(a, OWL.annotatedSource)
        p = union.value(a, OWL.annotatedProperty)
        o = union.value(a, OWL.annotatedTarget)
        assert (s, p, o) not in union, (s, p, o)
