"""Curated crosswalks (SSSOM): profession référentiels ↔ socle post-bac V1.1.2022 (competences, by
meaning), identical capacities (lexical), and the DU CNS coverage of the socle."""

from __future__ import annotations

from pathlib import Path

import pytest
from common import BASE
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from sens_graph.namespaces import SENS
from sens_graph.sssom import read_sssom_tsv

B = BASE
R = B + "referentiel/"
PB = R + "socle-postbac/v1.1.2022"
DU = B + "du-cns/"
MAPPINGS = Path(__file__).resolve().parents[2] / "data" / "mappings"

# set key -> (version IRI under referentiel/, competences with no post-bac counterpart ("ajoutées"),
#             post-bac competences with no counterpart ("absentes")), read off the two référentiels
AS_AP = "aides-soignants-auxiliaires-puericulture"
PROFESSIONS = {
    AS_AP: (f"{AS_AP}/2023-06", set(), {"1.4", "4.1", "4.4"}),
    "ambulanciers": ("ambulanciers/v1.1.2023", set(), {"1.4", "4.1", "4.4"}),
    "assistants-regulation-medicale": ("assistants-regulation-medicale/v1.1.2023", set(), set()),
    "travail-social-accompagnants": ("travail-social-accompagnants/ami-cma-s2", set(), {"1.1", "4.3", "5.1", "5.2"}),
    "travail-social-educateurs-assistants": (
        "travail-social-educateurs-assistants/ami-cma-s2", {"4.3"}, {"1.1", "4.3", "5.1", "5.2"}),
    "mediateurs-numeriques": (
        "mediateurs-numeriques/ami-cma-s2", set(), {"1.1", "1.4", "3.1", "3.3", "4.2", "5.1", "5.2"}),
}
MY_SETS = [f"{k}-socle-postbac" for k in PROFESSIONS] + ["capacites-identiques", "du-cns-socle-postbac"]


def _mappings(union: Graph, set_name: str) -> list[tuple[URIRef, URIRef, URIRef]]:
    """(subject, predicate, object) of every axiom of one mapping set."""
    mset = URIRef(B + "mapping/" + set_name)
    return [
        (union.value(a, OWL.annotatedSource), union.value(a, OWL.annotatedProperty),
         union.value(a, OWL.annotatedTarget))
        for a in union.subjects(DCTERMS.isPartOf, mset)
        if (a, RDF.type, OWL.Axiom) in union
    ]


def _competences(union: Graph, version: str) -> dict[URIRef, str]:
    v = URIRef(R + version)
    return {
        c: str(union.value(c, SKOS.notation))
        for c in union.subjects(SKOS.inScheme, v)
        if (c, RDF.type, SENS.Competence) in union
    }


@pytest.mark.parametrize("key", list(PROFESSIONS))
def test_every_competence_mapped_or_added(union: Graph, key: str) -> None:
    version, added, absent = PROFESSIONS[key]
    rows = _mappings(union, f"{key}-socle-postbac")
    assert rows, key
    comps = _competences(union, version)
    subjects = {s for s, _, _ in rows}
    assert subjects <= set(comps)
    unmapped = {n for c, n in comps.items() if c not in subjects}
    assert unmapped == added
    description = str(union.value(URIRef(B + "mapping/" + f"{key}-socle-postbac"), DCTERMS.description))
    tail = description.split("Compétences ajoutées", 1)[1].split("Compétences du socle post-bac V1.1.2022 absentes", 1)
    for c, n in comps.items():
        if n in added:
            assert f"{n} « {union.value(c, SKOS.prefLabel)} »" in tail[0]
    if not added:
        assert ": aucune." in tail[0]
    # absent post-bac competences: no row points at them, and the description lists them
    pb = _competences(union, "socle-postbac/v1.1.2022")
    objects = {o for _, _, o in rows}
    assert objects <= set(pb)
    assert {n for c, n in pb.items() if c not in objects} == absent
    for c, n in pb.items():
        if n in absent:
            assert f"{n} « {union.value(c, SKOS.prefLabel)} »" in tail[1]


@pytest.mark.parametrize(
    ("key", "competence", "predicate", "obj"),
    [
        # post-bac 1.1 « Identifier un usager ou un professionnel de santé »
        ("ambulanciers", "1.1", SKOS.exactMatch, "1.1"),
        # numbers differ: the social-work référentiels drop post-bac 1.1 and 4.3
        ("travail-social-accompagnants", "1.1", SKOS.exactMatch, "1.2"),
        ("travail-social-accompagnants", "4.3", SKOS.exactMatch, "4.4"),
        ("travail-social-educateurs-assistants", "3.4", SKOS.exactMatch, "3.3"),
        # post-bac 3.2 split into two narrower competences
        ("travail-social-educateurs-assistants", "3.2", SKOS.broadMatch, "3.2"),
        ("travail-social-educateurs-assistants", "3.3", SKOS.broadMatch, "3.2"),
        # objets connectés: 4.2 in the socle, 4.1 for AS/AP, the second printed « 4.1 » for the ARM
        (AS_AP, "4.1", SKOS.exactMatch, "4.2"),
        ("assistants-regulation-medicale", "4.1-bis", SKOS.exactMatch, "4.2"),
        ("assistants-regulation-medicale", "4.2", SKOS.exactMatch, "4.3"),
        ("mediateurs-numeriques", "4.1", SKOS.broadMatch, "4.3"),
        ("mediateurs-numeriques", "6.1", SKOS.closeMatch, "4.4"),
        ("mediateurs-numeriques", "2.1", SKOS.closeMatch, "1.2"),
    ],
)
def test_verified_pairs(union: Graph, key: str, competence: str, predicate: URIRef, obj: str) -> None:
    s = URIRef(R + PROFESSIONS[key][0] + "/competence/" + competence)
    o = URIRef(PB + "/competence/" + obj)
    assert (s, predicate, o) in _mappings(union, f"{key}-socle-postbac")
    assert (s, predicate, o) in union  # curated: the direct triple is asserted


def test_ambulanciers_identify_user_labels(union: Graph) -> None:
    s = URIRef(R + "ambulanciers/v1.1.2023/competence/1.1")
    o = URIRef(PB + "/competence/1.1")
    assert str(union.value(o, SKOS.prefLabel)) == "Identifier un usager ou un professionnel de santé"
    assert union.value(s, SKOS.prefLabel) == union.value(o, SKOS.prefLabel)


def test_mediateurs_predicates(union: Graph) -> None:
    preds = [p for _, p, _ in _mappings(union, "mediateurs-numeriques-socle-postbac")]
    assert len(preds) == 8
    assert SKOS.exactMatch not in preds  # no title is taken over from the socle
    assert preds.count(SKOS.relatedMatch) == 4


# (exactMatch, closeMatch, broadMatch, narrowMatch) capacity pairs per référentiel, and its number of
# capacities; broad/narrow where one text takes the other over and adds a topic (issue 10)
IDENTICAL = {
    "aides-soignants-auxiliaires-puericulture/2023-06": (31, 11, 2, 0, 48),
    "ambulanciers/v1.1.2023": (30, 8, 2, 0, 45),
    "assistants-regulation-medicale/v1.1.2023": (46, 8, 1, 1, 60),
    "travail-social-educateurs-assistants/ami-cma-s2": (26, 8, 1, 9, 62),
    "travail-social-accompagnants/ami-cma-s2": (21, 8, 1, 8, 49),
    "mediateurs-numeriques/ami-cma-s2": (0, 0, 0, 0, 29),
}


@pytest.mark.parametrize("version", list(IDENTICAL))
def test_identical_capacity_counts(union: Graph, version: str) -> None:
    rows = [r for r in _mappings(union, "capacites-identiques") if str(r[0]).startswith(R + version + "/")]
    n_exact, n_close, n_broad, n_narrow, n_caps = IDENTICAL[version]
    assert sum(1 for _, p, _ in rows if p == SKOS.exactMatch) == n_exact
    assert sum(1 for _, p, _ in rows if p == SKOS.closeMatch) == n_close
    assert sum(1 for _, p, _ in rows if p == SKOS.broadMatch) == n_broad
    assert sum(1 for _, p, _ in rows if p == SKOS.narrowMatch) == n_narrow
    caps = {k for k in union.subjects(SKOS.inScheme, URIRef(R + version)) if (k, RDF.type, SENS.Capacity) in union}
    assert len(caps) == n_caps
    assert len({s for s, _, _ in rows}) == len(rows)  # one best post-bac capacity per capacity
    for s, _, o in rows:
        assert s in caps
        assert str(o).startswith(PB + "/competence/") and (o, RDF.type, SENS.Capacity) in union


def test_identical_capacity_samples(union: Graph) -> None:
    rows = _mappings(union, "capacites-identiques")
    # same sentence, lower-case "connaitre" without accent in the AS/AP annex
    assert (URIRef(R + "aides-soignants-auxiliaires-puericulture/2023-06/competence/2.1/capacite/4"), SKOS.exactMatch,
            URIRef(PB + "/competence/2.1/capacite/5")) in rows
    # ambulanciers 4.1 keeps « savoir définir la e-santé » from post-bac 4.1
    assert (URIRef(R + "ambulanciers/v1.1.2023/competence/4.1/capacite/1"), SKOS.exactMatch,
            URIRef(PB + "/competence/4.1/capacite/1")) in rows
    # « énumérer les notions de … » vs « être en mesure de distinguer … »
    assert (URIRef(R + "ambulanciers/v1.1.2023/competence/5.1/capacite/3"), SKOS.closeMatch,
            URIRef(PB + "/competence/5.1/capacite/3")) in rows
    # the post-bac sentence kept whole and extended by three rights (containment rule): broader subject
    assert (URIRef(R + "travail-social-accompagnants/ami-cma-s2/competence/3.4/capacite/4"), SKOS.narrowMatch,
            URIRef(PB + "/competence/3.3/capacite/4")) in rows
    # téléalarme is the ambulanciers' own
    assert not any(s == URIRef(R + "ambulanciers/v1.1.2023/competence/4.1/capacite/4") for s, _, _ in rows)


def test_identical_capacity_confidence() -> None:
    mset = read_sssom_tsv(MAPPINGS / "capacites-identiques.sssom.tsv")
    for row in mset.rows:
        directed = row["predicate_id"] in {"skos:broadMatch", "skos:narrowMatch"}  # predicate reviewed by hand
        expected = "semapv:ManualMappingCuration" if directed else "semapv:LexicalMatching"
        assert row["mapping_justification"] == expected
        conf = float(row["confidence"])
        assert conf == 1.0 if row["predicate_id"] == "skos:exactMatch" else 0.5 <= conf <= 0.99


def _du_coverage(union: Graph) -> tuple[set[URIRef], set[URIRef], set[URIRef], set[URIRef]]:
    objects = {o for _, _, o in _mappings(union, "du-cns-socle-postbac")}
    comps = set(_competences(union, "socle-postbac/v1.1.2022"))
    caps = {k for c in comps for k in union.subjects(SENS.ofCompetence, c)}
    covered_caps = caps & objects
    covered_comps = {
        c for c in comps if c in objects or any(k in objects for k in union.subjects(SENS.ofCompetence, c))
    }
    return comps, covered_comps, caps, covered_caps


def test_du_coverage(union: Graph) -> None:
    comps, covered_comps, caps, covered_caps = _du_coverage(union)
    assert len(comps) == 15 and len(caps) == 80
    assert comps - covered_comps == set()  # every post-bac competence is taught somewhere in the DU
    assert len(covered_caps) == 63
    strong = {o for _, p, o in _mappings(union, "du-cns-socle-postbac") if p != SKOS.relatedMatch}
    assert len(covered_caps & strong) == 57  # 6 capacities are reached only by skos:relatedMatch
    uncovered = caps - covered_caps
    assert len(uncovered) == 17
    # the two capacities V1.1.2022 added to V1.2022 (the DU is built on V1.2022) are not taught
    assert URIRef(PB + "/competence/1.4/capacite/3") in uncovered  # codifications (SNOMED CT)
    assert URIRef(PB + "/competence/4.1/capacite/4") in uncovered  # impact environnemental
    # workstation hygiene (2.1 nos 2-7) is not in the DU's establishment-level cybersecurity modules
    assert {URIRef(PB + f"/competence/2.1/capacite/{k}") for k in range(2, 8)} <= uncovered


def test_du_known_pairs(union: Graph) -> None:
    rows = _mappings(union, "du-cns-socle-postbac")
    assert (URIRef(DU + "enseignement/a1-40"), SKOS.closeMatch, URIRef(PB + "/competence/5.1/capacite/3")) in rows
    assert (URIRef(DU + "enseignement/a1-14"), SKOS.closeMatch, URIRef(PB + "/competence/1.1/capacite/1")) in rows
    assert (URIRef(DU + "module/recherche-d-information-probante-en-sante"), SKOS.closeMatch,
            URIRef(PB + "/competence/4.4")) in rows
    assert (URIRef(DU + "module/les-enjeux-de-la-cybersecurite-dans-les-etablissements-de-sante"), SKOS.relatedMatch,
            URIRef(PB + "/competence/2.2")) in rows
    # every module and course of the DU that is mapped is a sens:Module or sens:Course
    for s, _, _ in rows:
        assert (s, RDF.type, SENS.Module) in union or (s, RDF.type, SENS.Course) in union
    # the practical workshops are deliberately unmapped
    assert not any(str(s).startswith(DU + "module/atelier-pratique") for s, _, _ in rows)


@pytest.mark.parametrize("set_name", MY_SETS)
def test_subjects_and_objects_exist(union: Graph, set_name: str) -> None:
    rows = _mappings(union, set_name)
    assert rows
    for s, p, o in rows:
        assert (s, RDF.type, None) in union, s
        assert (o, RDF.type, None) in union, o
        assert p in {SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}
        assert (s, p, o) in union  # every row is curated
