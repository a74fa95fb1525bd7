"""Computed differences between framework versions (sens_graph.versiondiff)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from common import BASE, PREFIXES
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from sens_graph.namespaces import SENS
from sens_graph.versiondiff import (
    REWORD_THRESHOLD,
    compute_version_changes,
    normalise,
    similarity,
    version_pairs,
)

B = BASE

# Two versions of a toy framework: every change kind, plus typographic-only differences that
# must not be reported.
FIXTURE = PREFIXES + """

<referentiel/toy> a sens:CompetencyFramework .
<referentiel/toy/v1> a sens:FrameworkVersion ; owl:versionInfo "V1" ; sens:isVersionOfFramework <referentiel/toy> .
<referentiel/toy/v2> a sens:FrameworkVersion ; owl:versionInfo "V2" ; sens:isVersionOfFramework <referentiel/toy> ;
    prov:wasRevisionOf <referentiel/toy/v1> .

# --- v1
<referentiel/toy/v1/domaine/1> a sens:Domain ; skos:inScheme <referentiel/toy/v1> ; skos:notation "1" ;
    sens:order 1 ; skos:prefLabel "Données de santé"@fr .
<referentiel/toy/v1/domaine/2> a sens:Domain ; skos:inScheme <referentiel/toy/v1> ; skos:notation "2" ;
    sens:order 2 ; skos:prefLabel "Télésanté"@fr .
<referentiel/toy/v1/competence/1.1> a sens:Competence ; skos:inScheme <referentiel/toy/v1> ; skos:notation "1.1" ;
    sens:order 1 ; sens:inDomain <referentiel/toy/v1/domaine/1> ; skos:prefLabel "Maitriser les données"@fr .
<referentiel/toy/v1/competence/1.2> a sens:Competence ; skos:inScheme <referentiel/toy/v1> ; skos:notation "1.2" ;
    sens:order 2 ; sens:inDomain <referentiel/toy/v1/domaine/1> ; skos:prefLabel "Protéger l’usager"@fr .
<referentiel/toy/v1/competence/2.1> a sens:Competence ; skos:inScheme <referentiel/toy/v1> ; skos:notation "2.1" ;
    sens:order 1 ; sens:inDomain <referentiel/toy/v1/domaine/2> ; skos:prefLabel "Pratiquer la télésanté"@fr .
<referentiel/toy/v1/competence/1.1/capacite/1> a sens:Capacity ; skos:inScheme <referentiel/toy/v1> ; sens:order 1 ;
    sens:ofCompetence <referentiel/toy/v1/competence/1.1> ;
    skos:prefLabel "connaitre le cadre règlementaire, vis à vis d’un usager …"@fr .
<referentiel/toy/v1/competence/1.1/capacite/2> a sens:Capacity ; skos:inScheme <referentiel/toy/v1> ; sens:order 2 ;
    sens:ofCompetence <referentiel/toy/v1/competence/1.1> ;
    skos:prefLabel "chercher des données scientifiques publiées"@fr .
<referentiel/toy/v1/competence/1.2/capacite/1> a sens:Capacity ; skos:inScheme <referentiel/toy/v1> ; sens:order 1 ;
    sens:ofCompetence <referentiel/toy/v1/competence/1.2> ;
    skos:prefLabel "faire preuve d’éthique dans l’utilisation des données de santé"@fr .
<referentiel/toy/v1/competence/1.2/capacite/2> a sens:Capacity ; skos:inScheme <referentiel/toy/v1> ; sens:order 2 ;
    sens:ofCompetence <referentiel/toy/v1/competence/1.2> ;
    skos:prefLabel "utiliser une disquette"@fr .

# --- v2
<referentiel/toy/v2/domaine/1> a sens:Domain ; skos:inScheme <referentiel/toy/v2> ; skos:notation "1" ;
    sens:order 1 ; skos:prefLabel "Données de santé"@fr .
<referentiel/toy/v2/domaine/2> a sens:Domain ; skos:inScheme <referentiel/toy/v2> ; skos:notation "2" ;
    sens:order 2 ; skos:prefLabel "Santé à distance"@fr .
<referentiel/toy/v2/competence/1.1> a sens:Competence ; skos:inScheme <referentiel/toy/v2> ; skos:notation "1.1" ;
    sens:order 1 ; sens:inDomain <referentiel/toy/v2/domaine/1> ; skos:prefLabel "Maîtriser les données"@fr .
<referentiel/toy/v2/competence/1.2> a sens:Competence ; skos:inScheme <referentiel/toy/v2> ; skos:notation "1.2" ;
    sens:order 2 ; sens:inDomain <referentiel/toy/v2/domaine/1> ; skos:prefLabel "Protéger l'utilisateur"@fr .
<referentiel/toy/v2/competence/2.1> a sens:Competence ; skos:inScheme <referentiel/toy/v2> ; skos:notation "2.1" ;
    sens:order 1 ; sens:inDomain <referentiel/toy/v2/domaine/2> ; skos:prefLabel "Pratiquer la télésanté"@fr .
<referentiel/toy/v2/competence/1.1/capacite/1> a sens:Capacity ; skos:inScheme <referentiel/toy/v2> ; sens:order 1 ;
    sens:ofCompetence <referentiel/toy/v2/competence/1.1> ;
    skos:prefLabel "connaître le cadre règlementaire, vis-à-vis d'un usager ..."@fr .
<referentiel/toy/v2/competence/1.2/capacite/1> a sens:Capacity ; skos:inScheme <referentiel/toy/v2> ; sens:order 1 ;
    sens:ofCompetence <referentiel/toy/v2/competence/1.2> ;
    skos:prefLabel "faire preuve d'éthique dans l'accès aux données de santé"@fr .
<referentiel/toy/v2/competence/1.2/capacite/2> a sens:Capacity ; skos:inScheme <referentiel/toy/v2> ; sens:order 2 ;
    sens:ofCompetence <referentiel/toy/v2/competence/1.2> ;
    skos:prefLabel "être sensibilisé à l'impact environnemental du numérique"@fr .
<referentiel/toy/v2/competence/2.1/capacite/1> a sens:Capacity ; skos:inScheme <referentiel/toy/v2> ; sens:order 1 ;
    sens:ofCompetence <referentiel/toy/v2/competence/2.1> ;
    skos:prefLabel "Chercher des données scientifiques publiées."@fr .
"""

V1 = URIRef(B + "referentiel/toy/v1")
V2 = URIRef(B + "referentiel/toy/v2")


@pytest.fixture(scope="module")
def toy() -> Graph:
    return Graph().parse(data=FIXTURE, format="turtle")


@pytest.fixture(scope="module")
def toy_changes(toy: Graph) -> Graph:
    return compute_version_changes(toy, V1, V2)


def _by_kind(changes: Graph) -> dict[str, list[tuple[str | None, str | None, Decimal | None]]]:
    """kind → [(old item, new item, similarity)] with IRIs relative to the base."""
    out: dict[str, list[tuple[str | None, str | None, Decimal | None]]] = {}
    for node in changes.subjects(RDF.type, SENS.VersionChange):
        kind = str(changes.value(node, SENS.changeKind))
        old = changes.value(node, SENS.oldItem)
        new = changes.value(node, SENS.newItem)
        sim = changes.value(node, SENS.similarity)
        out.setdefault(kind, []).append((
            str(old).removeprefix(B) if old else None,
            str(new).removeprefix(B) if new else None,
            sim.toPython() if sim is not None else None,
        ))
    return {k: sorted(v, key=lambda t: (t[0] or "", t[1] or "")) for k, v in out.items()}


def test_normalise_ignores_typography() -> None:
    assert normalise("connaitre  vis à vis d’un usager …") == normalise("Connaître vis-à-vis d'un usager...")
    assert normalise("la Loi nᵒ 78-17") == normalise("la Loi n° 78-17") == "la loi n 78 17"
    assert similarity("télé soin", "télésoin") < 1.0


def test_each_change_kind(toy_changes: Graph) -> None:
    kinds = _by_kind(toy_changes)
    assert set(kinds) == {"added", "removed", "moved", "reworded", "retitled"}
    assert kinds["added"] == [(None, "referentiel/toy/v2/competence/1.2/capacite/2", None)]
    assert kinds["removed"] == [("referentiel/toy/v1/competence/1.2/capacite/2", None, None)]
    assert kinds["moved"] == [(
        "referentiel/toy/v1/competence/1.1/capacite/2",
        "referentiel/toy/v2/competence/2.1/capacite/1",
        Decimal("1.000"),
    )]
    [(old, new, sim)] = kinds["reworded"]
    assert old == "referentiel/toy/v1/competence/1.2/capacite/1"
    assert new == "referentiel/toy/v2/competence/1.2/capacite/1"
    assert sim is not None and Decimal(str(REWORD_THRESHOLD)) <= sim < 1
    retitled = [(o, n) for o, n, _ in kinds["retitled"]]
    assert retitled == [
        ("referentiel/toy/v1/competence/1.2", "referentiel/toy/v2/competence/1.2"),
        ("referentiel/toy/v1/domaine/2", "referentiel/toy/v2/domaine/2"),
    ]


def test_typographic_differences_are_not_changes(toy_changes: Graph) -> None:
    items = {str(o) for o in toy_changes.objects(None, SENS.oldItem)} | {
        str(o) for o in toy_changes.objects(None, SENS.newItem)}
    # "Maitriser"/"Maîtriser", "connaitre … vis à vis d’ … …" / "connaître … vis-à-vis d' … ..."
    assert B + "referentiel/toy/v2/competence/1.1" not in items
    assert B + "referentiel/toy/v2/competence/1.1/capacite/1" not in items
    assert B + "referentiel/toy/v2/domaine/1" not in items


def test_iris_labels_and_versions(toy: Graph, toy_changes: Graph) -> None:
    nodes = sorted(str(n) for n in toy_changes.subjects(RDF.type, SENS.VersionChange))
    assert nodes == sorted(f"{B}referentiel/toy/diff/v1--v2/{n}" for n in range(1, 7))
    for node in toy_changes.subjects(RDF.type, SENS.VersionChange):
        assert toy_changes.value(node, SENS.fromVersion) == V1
        assert toy_changes.value(node, SENS.toVersion) == V2
        langs = {lit.language for lit in toy_changes.objects(node, RDFS.label)}
        assert langs == {"en", "fr"}
    # deterministic: the same input gives the same graph, numbered in the same order
    again = compute_version_changes(toy, V1, V2)
    assert set(again) == set(toy_changes)
    first = URIRef(f"{B}referentiel/toy/diff/v1--v2/1")
    assert toy_changes.value(first, SENS.newItem) == URIRef(f"{B}referentiel/toy/v2/domaine/2")
    label_fr = next(str(lit) for lit in toy_changes.objects(first, RDFS.label) if lit.language == "fr")
    assert label_fr.startswith("Domaine 2 renommé de V1 à V2")


def test_version_pairs(toy: Graph) -> None:
    assert version_pairs(toy) == [(V1, V2)]


def test_framework_required() -> None:
    g = Graph()
    g.add((V1, RDF.type, SENS.FrameworkVersion))
    g.add((V2, RDF.type, SENS.FrameworkVersion))
    with pytest.raises(ValueError, match="isVersionOfFramework"):
        compute_version_changes(g, V1, V2)


# --- the real socle post-bac versions, V1.2022 (seed 000) → V1.1.2022 (seed 002) -------------

OLD = URIRef(B + "referentiel/socle-postbac/v1.2022")
NEW = URIRef(B + "referentiel/socle-postbac/v1.1.2022")


@pytest.fixture(scope="module")
def socle_changes(union: Graph) -> Graph:
    return compute_version_changes(union, OLD, NEW)


def test_socle_postbac_pair_found(union: Graph) -> None:
    assert (OLD, NEW) in version_pairs(union)


def test_socle_postbac_changes(socle_changes: Graph) -> None:
    kinds = _by_kind(socle_changes)
    o, n = "referentiel/socle-postbac/v1.2022/", "referentiel/socle-postbac/v1.1.2022/"
    # two capacities appear in V1.1.2022: SNOMED CT codifications (1.4) and the environmental impact (4.1)
    assert [new for _, new, _ in kinds["added"]] == [n + "competence/1.4/capacite/3", n + "competence/4.1/capacite/4"]
    assert "removed" not in kinds
    # « chercher des données scientifiques publiées … » goes from 1.4 to 4.4
    assert kinds["moved"] == [(o + "competence/1.4/capacite/4", n + "competence/4.4/capacite/3", Decimal("1.000"))]
    reworded = {(old, new) for old, new, _ in kinds["reworded"]}
    assert len(reworded) == 12
    assert (o + "competence/1.3/capacite/3", n + "competence/1.3/capacite/3") in reworded  # Health Data Hub
    assert (o + "competence/5.1/capacite/5", n + "competence/5.1/capacite/5") in reworded
    assert (o + "competence/4.2/capacite/3", n + "competence/4.2/capacite/3") in reworded
    assert {old for old, _ in reworded} == {new.replace(n, o) for _, new in reworded}  # all in place
    assert [(old, new) for old, new, _ in kinds["retitled"]] == [
        (o + "competence/3.2", n + "competence/3.2"),
        (o + "competence/5.1", n + "competence/5.1"),
        (o + "competence/5.2", n + "competence/5.2"),
    ]
    assert len(set(socle_changes.subjects(RDF.type, SENS.VersionChange))) == 18


def test_socle_postbac_lowest_rewording_above_threshold(socle_changes: Graph) -> None:
    sims = [
        socle_changes.value(node, SENS.similarity).toPython()
        for node in socle_changes.subjects(SENS.changeKind, Literal("reworded"))
    ]
    assert min(sims) == Decimal("0.735")
    assert min(sims) >= Decimal(str(REWORD_THRESHOLD))
