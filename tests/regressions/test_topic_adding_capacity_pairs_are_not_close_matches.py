"""Regression (issue 10, Data): a capacity that adds a topic to the other is broader, not close.

Row 142 of ``capacites-identiques`` linked « Connaître le régime du traitement de données à caractère
personnel de santé et les modalités de recueil du consentement éclairé » (travail social, éducateurs
et assistants, 1.1 capacity 2) to post-bac 1.2 capacity 4, which stops before « et les modalités de
recueil du consentement éclairé », with ``skos:closeMatch``: the subject is broader. Every pair of
the set where one side takes the other over and adds a topic was reviewed: per SKOS,
``subject skos:narrowMatch object`` when the subject adds (the object is narrower) and
``subject skos:broadMatch object`` when the post-bac side adds (the object is broader).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from common import BASE
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from sens_graph.sssom import read_sssom_tsv
from sens_graph.versiondiff import normalise

B = BASE
TSV = Path(__file__).resolve().parents[2] / "data" / "mappings" / "capacites-identiques.sssom.tsv"
ROWS = read_sssom_tsv(TSV).rows
CONSENT = ("Connaître le régime du traitement de données à caractère personnel de santé et les modalités de "
           "recueil du consentement éclairé")


def _by_labels(subject: str, obj: str) -> list[dict[str, str]]:
    return [r for r in ROWS if r["subject_label"] == subject and r["object_label"] == obj]


def test_row_142_subject_is_broader() -> None:
    row = ROWS[142 - 1]
    assert row["subject_label"] == CONSENT
    assert row["object_label"] == "connaître le régime du traitement de données à caractère personnel de santé"
    assert row["subject_id"] == "sgr:travail-social-educateurs-assistants/ami-cma-s2/competence/1.1/capacite/2"
    assert row["object_id"] == "sgr:socle-postbac/v1.1.2022/competence/1.2/capacite/4"
    assert row["predicate_id"] == "skos:narrowMatch"
    assert row["mapping_justification"] == "semapv:ManualMappingCuration"
    assert "« et les modalités de recueil du consentement éclairé »" in row["comment"]


@pytest.mark.parametrize(
    ("subject", "obj", "predicate", "n_rows"),
    [
        # the social-work side adds a topic: the subject is broader
        (CONSENT, "connaître le régime du traitement de données à caractère personnel de santé",
         "skos:narrowMatch", 2),
        ("Identifier un contenu de désinformation et sensibiliser les personnes concernées à la question de "
         "désinformation", "identifier un contenu de désinformation", "skos:narrowMatch", 2),
        ("Adopter des principes éthiques et déontologiques", "adopter des principes éthiques", "skos:narrowMatch", 2),
        # the post-bac side adds a topic: the object is broader
        ("renseigner les étudiants ou stagiaires",
         "renseigner, sensibiliser et accompagner les étudiants ou stagiaires", "skos:broadMatch", 3),
        ("Adopter les bonnes pratiques et les bons outils pour partager des données de santé",
         "adopter les bonnes pratiques et les bons outils pour interagir et partager des données de santé",
         "skos:broadMatch", 2),
        # no topic added: a reworded verb, examples of what the sentence already names, an adaptation
        ("respecter les principes éthiques", "adopter des principes éthiques", "skos:closeMatch", 3),
        ("Utiliser les services numériques des institutions et des administrations (CAF, CPAM, CD, ...)",
         "utiliser les services numériques des institutions et des administrations", "skos:closeMatch", 1),
        ("Interagir en tant que professionnel", "interagir en tant que professionnel de santé", "skos:closeMatch", 2),
    ],
    ids=["consentement", "desinformation", "deontologie", "etudiants", "interagir", "principes-ethiques",
         "exemples", "professionnel"],
)
def test_reviewed_pairs_by_label(subject: str, obj: str, predicate: str, n_rows: int) -> None:
    rows = _by_labels(subject, obj)
    assert len(rows) == n_rows
    assert {r["predicate_id"] for r in rows} == {predicate}


def _quotes(comment: str) -> list[str]:
    return re.findall(r"« (.+?) »", comment)


def test_every_broader_or_narrower_row_names_what_the_broader_side_adds() -> None:
    directed = [r for r in ROWS if r["predicate_id"] in {"skos:broadMatch", "skos:narrowMatch"}]
    assert len(directed) == 25
    for r in directed:
        broader = r["subject_label"] if r["predicate_id"] == "skos:narrowMatch" else r["object_label"]
        narrower = r["object_label"] if r["predicate_id"] == "skos:narrowMatch" else r["subject_label"]
        added = _quotes(r["comment"])[0]
        assert added in broader and normalise(added) not in normalise(narrower), r["subject_id"]
        assert r["mapping_justification"] == "semapv:ManualMappingCuration", r["subject_id"]


def test_no_close_match_hides_a_containment() -> None:
    """A pair where one normalised text contains the other stays closeMatch only with a stated reason."""
    for r in ROWS:
        if r["predicate_id"] != "skos:closeMatch":
            continue
        a, b = normalise(r["subject_label"]), normalise(r["object_label"])
        if a in b or b in a:
            assert "aucun thème ajouté" in r["comment"], (r["subject_id"], r["object_id"])


def test_the_graph_states_the_reviewed_direction(union: Graph) -> None:
    subject = URIRef(B + "referentiel/travail-social-educateurs-assistants/ami-cma-s2/competence/1.1/capacite/2")
    obj = URIRef(B + "referentiel/socle-postbac/v1.1.2022/competence/1.2/capacite/4")
    axiom = URIRef(B + "mapping/capacites-identiques/142")
    assert (axiom, RDF.type, OWL.Axiom) in union
    assert (axiom, DCTERMS.isPartOf, URIRef(B + "mapping/capacites-identiques")) in union
    assert union.value(axiom, OWL.annotatedSource) == subject
    assert union.value(axiom, OWL.annotatedProperty) == SKOS.narrowMatch
    assert (subject, SKOS.narrowMatch, obj) in union
    assert (subject, SKOS.closeMatch, obj) not in union
