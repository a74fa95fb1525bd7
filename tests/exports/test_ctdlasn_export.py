"""CTDL-ASN JSON-LD: registry JSON Schemas, the SHACL shapes, and a read-back through the offline context."""

from __future__ import annotations

import copy
import json
import socket

import pytest
from common import BASE
from jsonschema import Draft4Validator, FormatChecker
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from sens_graph.exports import read_ctdlasn

from .conftest import KEYS, REFERENCE, reference

CEASN = Namespace("https://purl.org/ctdlasn/terms/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SOCLE = BASE + "referentiel/socle-postbac/v1.1.2022"


def document(exported: dict[str, str], key: str) -> dict:
    return json.loads(exported[f"ctdl-asn/{key}.jsonld"])


def competency_schema() -> dict:
    """The Registry's competency schema, with ``competencyCategory`` also accepting one language map.

    Known conflict 2 of the reference README: the schema wants an array of language maps, while the
    Registry's published data uses one map — the only form that survives JSON-LD expansion with a
    ``@language`` container. Nothing else is relaxed.
    """
    schema = copy.deepcopy(reference("ce_registry-competency.schema.json"))
    original = schema["definitions"]["ceasn:competencyCategory"]
    schema["definitions"]["ceasn:competencyCategory"] = {"anyOf": [original, {"$ref": "#/definitions/meta:langstring"}]}
    return schema


@pytest.fixture(scope="module", autouse=True)
def no_network(monkeypatch_module):
    """Reading back must load nothing from the web."""

    def refuse(sock, address):
        raise AssertionError(f"network access attempted: {address}")

    monkeypatch_module.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.mark.parametrize("key", KEYS)
def test_every_node_passes_the_registry_schemas(exported, key):
    framework_validator = Draft4Validator(reference("ce_registry-competency_framework.schema.json"),
                                          format_checker=FormatChecker())
    competency_validator = Draft4Validator(competency_schema(), format_checker=FormatChecker())
    strict = Draft4Validator(reference("ce_registry-competency.schema.json"), format_checker=FormatChecker())
    errors, strict_paths = [], set()
    for node in document(exported, key)["@graph"]:
        is_framework = node["@type"] == "ceasn:CompetencyFramework"
        validator = framework_validator if is_framework else competency_validator
        errors += [f"{node['@id']} {list(e.path)}: {e.message}" for e in validator.iter_errors(node)]
        if not is_framework:
            strict_paths |= {tuple(e.path) for e in strict.iter_errors(node)}
    assert errors == []
    assert strict_paths == {("ceasn:competencyCategory",)}  # the one known conflict, nothing else


@pytest.mark.parametrize("key", KEYS)
def test_read_back_conforms_to_the_shapes(exported, key):
    graph = read_ctdlasn(exported[f"ctdl-asn/{key}.jsonld"])
    shapes = Graph().parse(REFERENCE / "ctdlasn-minimum.shapes.ttl")
    conforms, report, text = validate(graph, shacl_graph=shapes, allow_warnings=True)
    violations = list(report.subjects(SH.resultSeverity, SH.Violation))
    assert conforms and violations == [], text
    doc = document(exported, key)
    assert len(set(graph.subjects(RDF.type, CEASN.Competency))) == len(doc["@graph"]) - 1


def test_a_broken_document_fails_the_shapes(exported):
    doc = document(exported, "ambulanciers-v1.1.2023")
    node = doc["@graph"][3]
    del node["ceasn:competencyText"]
    node["ceterms:ctid"] = "ce-NOT-A-UUID"
    graph = read_ctdlasn(json.dumps(doc))
    conforms, report, _ = validate(graph, shacl_graph=Graph().parse(REFERENCE / "ctdlasn-minimum.shapes.ttl"))
    assert not conforms and len(list(report.subjects(SH.resultSeverity, SH.Violation))) == 2


def test_postbac_read_back_holds_the_sources_text_and_structure(exported):
    graph = read_ctdlasn(exported["ctdl-asn/socle-postbac-v1.1.2022.jsonld"])
    competencies = set(graph.subjects(RDF.type, CEASN.Competency))
    assert len(competencies) == 100
    categories = [str(graph.value(c, CEASN.competencyCategory)) for c in competencies]
    assert categories.count("Domaine") == 5 and categories.count("Compétence") == 15
    assert categories.count("Capacité") == 80
    c11 = URIRef(SOCLE + "/competence/1.1")
    assert graph.value(c11, CEASN.competencyText) == Literal("Identifier un usager ou un professionnel de santé",
                                                             lang="fr")
    assert graph.value(c11, CEASN.codedNotation) == Literal("1.1")
    assert (c11, CEASN.isChildOf, URIRef(SOCLE + "/domaine/1")) in graph
    assert (URIRef(SOCLE + "/domaine/1"), CEASN.hasChild, c11) in graph
    assert (URIRef(SOCLE), CEASN.hasTopChild, URIRef(SOCLE + "/domaine/1")) in graph
    # crosswalks, read from the object's end: ambulanciers 1.1 exactMatch socle 1.1
    assert (c11, CEASN.exactAlignment, URIRef(BASE + "referentiel/ambulanciers/v1.1.2023/competence/1.1")) in graph


def test_alignments_follow_the_skos_predicate(exported):
    amb = read_ctdlasn(exported["ctdl-asn/ambulanciers-v1.1.2023.jsonld"])
    assert (URIRef(BASE + "referentiel/ambulanciers/v1.1.2023/competence/1.1"), CEASN.exactAlignment,
            URIRef(SOCLE + "/competence/1.1")) in amb
    socle = read_ctdlasn(exported["ctdl-asn/socle-postbac-v1.1.2022.jsonld"])
    # aides-soignants 1.2/3 closeMatch socle 1.2/5 → majorAlignment (symmetric)
    assert (URIRef(SOCLE + "/competence/1.2/capacite/5"), CEASN.majorAlignment,
            URIRef(BASE + "referentiel/aides-soignants-auxiliaires-puericulture/2023-06/competence/1.2/capacite/3")) \
        in socle
    du = read_ctdlasn(exported["ctdl-asn/du-cns-referentiel.jsonld"])
    assert (URIRef(BASE + "du-cns/macro/1/micro/D1"), CEASN.prerequisiteAlignment,
            URIRef(BASE + "du-cns/macro/1/micro/I1")) in du
    # reconstructed DU → RNCP36050 mappings are not alignments
    assert not any(str(o).startswith(BASE + "rncp/") for o in du.objects())
