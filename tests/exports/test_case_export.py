"""CASE 1.0 packages: valid against the CASE schemas, faithful to the sources, stable identifiers."""

from __future__ import annotations

import json
import uuid
from collections import Counter

import pytest
from common import BASE
from jsonschema import Draft7Validator, FormatChecker

from sens_graph.exports.case import CaseGenerator

from .conftest import KEYS, reference

SOCLE = BASE + "referentiel/socle-postbac/v1.1.2022"
DU = BASE + "du-cns/referentiel"


def package(exported: dict[str, str], key: str) -> dict:
    return json.loads(exported[f"case/{key}.json"])


def by_uri(pkg: dict) -> dict[str, dict]:
    return {item["uri"]: item for item in pkg["CFItems"]}


def associations(pkg: dict, kind: str) -> list[tuple[str, str]]:
    return [(a["originNodeURI"]["uri"], a["destinationNodeURI"]["uri"])
            for a in pkg["CFAssociations"] if a["associationType"] == kind]


def test_one_package_per_framework_version(exported):
    assert sorted(p for p in exported if p.startswith("case/")) == sorted(f"case/{k}.json" for k in KEYS)


@pytest.mark.parametrize("schema_file", ["case-v1p0.derived.schema.json", "opensalt-case-v1p0-cfpackage-schema.json"])
@pytest.mark.parametrize("key", KEYS)
def test_every_package_is_valid_case(exported, key, schema_file):
    validator = Draft7Validator(reference(schema_file), format_checker=FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(package(exported, key))]
    assert errors == []


def test_a_broken_package_fails_the_schema(exported):
    """The schema check can fail: a package item with CFDocumentURI or an upper-case UUID is refused."""
    pkg = package(exported, "ambulanciers-v1.1.2023")
    pkg["CFItems"][0]["CFDocumentURI"] = {"title": "x", "identifier": pkg["CFDocument"]["identifier"], "uri": SOCLE}
    pkg["CFItems"][1]["identifier"] = pkg["CFItems"][1]["identifier"].upper()
    validator = Draft7Validator(reference("case-v1p0.derived.schema.json"), format_checker=FormatChecker())
    assert len(list(validator.iter_errors(pkg))) == 2


def test_postbac_v1_1_counts_and_document(exported):
    pkg = package(exported, "socle-postbac-v1.1.2022")
    assert Counter(i["CFItemType"] for i in pkg["CFItems"]) == {"Domaine": 5, "Compétence": 15, "Capacité": 80}
    doc = pkg["CFDocument"]
    assert doc["uri"] == SOCLE and doc["version"] == "V1.1.2022" and doc["language"] == "fr"
    assert doc["identifier"] == str(uuid.uuid5(uuid.NAMESPACE_URL, SOCLE))
    assert "publisher" not in doc  # the seed 002 annex names no issuer: none is invented
    assert Counter(i["CFItemType"] for i in package(exported, "socle-postbac-v1.2022")["CFItems"])["Capacité"] == 78
    assert package(exported, "socle-postbac-v1.2022")["CFDocument"]["publisher"] == (
        "Délégation ministérielle au numérique en santé")


def test_items_are_verbatim_with_notation_and_language(exported):
    items = by_uri(package(exported, "socle-postbac-v1.1.2022"))
    competence = items[SOCLE + "/competence/1.1"]
    assert competence["fullStatement"] == "Identifier un usager ou un professionnel de santé"
    assert competence["humanCodingScheme"] == "1.1" and competence["CFItemType"] == "Compétence"
    capacity = items[SOCLE + "/competence/1.1/capacite/1"]
    assert capacity["fullStatement"] == (
        "connaître les enjeux et critères liés à l'identitovigilance vis-à-vis d'un usager [Identité Nationale de "
        "Santé (INS), référentiels nationaux d'identité des personnes physiques]")
    assert "humanCodingScheme" not in capacity  # the source numbers no capacity
    assert capacity["listEnumeration"] == "1"
    assert {i["language"] for i in items.values()} == {"fr"}


def test_hierarchy_is_child_of_with_top_items_under_the_document(exported):
    pkg = package(exported, "socle-postbac-v1.1.2022")
    child_of = associations(pkg, "isChildOf")
    assert len(child_of) == 100 and len({o for o, _ in child_of}) == 100
    assert sorted(o for o, d in child_of if d == SOCLE) == [f"{SOCLE}/domaine/{n}" for n in range(1, 6)]
    assert (SOCLE + "/competence/1.2/capacite/3", SOCLE + "/competence/1.2") in child_of
    assert (SOCLE + "/competence/1.2", SOCLE + "/domaine/1") in child_of


def test_crosswalks_by_skos_predicate(exported):
    amb = package(exported, "ambulanciers-v1.1.2023")
    assert (BASE + "referentiel/ambulanciers/v1.1.2023/competence/1.1", SOCLE + "/competence/1.1") in associations(
        amb, "exactMatchOf")
    socle = package(exported, "socle-postbac-v1.1.2022")
    close = (BASE + "referentiel/aides-soignants-auxiliaires-puericulture/2023-06/competence/1.2/capacite/3",
             SOCLE + "/competence/1.2/capacite/5")
    assert close in associations(socle, "isRelatedTo") and close not in associations(socle, "exactMatchOf")
    mapping = next(a for a in amb["CFAssociations"] if a["associationType"] == "exactMatchOf")
    assert mapping["uri"].startswith(BASE + "mapping/ambulanciers-socle-postbac/")
    # a node exported in another package keeps that package's identifier
    assert mapping["destinationNodeURI"]["identifier"] == str(uuid.uuid5(uuid.NAMESPACE_URL,
                                                                         mapping["destinationNodeURI"]["uri"]))


def test_reconstructed_mappings_are_not_associations(exported):
    du = package(exported, "du-cns-referentiel")
    uris = {a["uri"] for a in du["CFAssociations"]}
    assert not any("/mapping/du-micro-rncp36050/" in u for u in uris)
    assert any("/mapping/du-brochure-acquis-macro/" in u for u in uris)
    assert "27 correspondance(s) reconstruite(s)" in du["CFDocument"]["notes"]


def test_replaced_by_from_the_version_diff(exported):
    new, old = package(exported, "socle-postbac-v1.1.2022"), package(exported, "socle-postbac-v1.2022")
    pair = (BASE + "referentiel/socle-postbac/v1.2022/competence/5.1/capacite/3", SOCLE + "/competence/5.1/capacite/3")
    assert pair in associations(new, "replacedBy") and pair in associations(old, "replacedBy")
    assert len(associations(new, "replacedBy")) == 16  # 12 reworded, 3 retitled, 1 moved


def test_du_level_progression_precedes(exported):
    du = package(exported, "du-cns-referentiel")
    precedes = associations(du, "precedes")
    assert len(precedes) == 13
    assert (DU.removesuffix("referentiel") + "macro/1/micro/D1", DU.removesuffix("referentiel") + "macro/1/micro/I1") \
        in precedes
    assert (DU.removesuffix("referentiel") + "macro/1/micro/I1", DU.removesuffix("referentiel") + "macro/1/micro/A1") \
        in precedes
    assert Counter(i["CFItemType"] for i in du["CFItems"]) == {"Macro-compétence": 5, "Micro-compétence": 18}


def test_identifiers_are_stable_across_builds(frameworks):
    fw = next(f for f in frameworks if f.iri == SOCLE)
    first = CaseGenerator(build_date="2026-01-01T00:00:00Z", version="0.1.0").package(fw, frameworks)
    second = CaseGenerator(build_date="2027-06-30T12:00:00Z", version="0.2.0").package(fw, frameworks)
    ids = [[o["identifier"] for o in p["CFItems"] + p["CFAssociations"]] for p in (first, second)]
    assert ids[0] == ids[1] and len(set(ids[0])) == len(ids[0])
