"""Regression (issue 15): dist/void.ttl broke DCAT-AP 3.0.1 (148 violations: distributions
without dcat:accessURL, untyped media types and licences, a bare spdx:checksumValue, no
catalogue, publisher or contact point) and VoID had no dataDump and no linksets.

Runs the DCAT-AP 3.0.1 SHACL shapes (main + ranges, minimally fixed, vendored in
tests/standards/dcat-ap-3.0.1/; pyshacl with RDFS inference, as their README says) on the
release's dist/void.ttl and on the server's /.well-known/void, and checks the VoID parts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from common import BASE
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, SKOS, VOID

from sens_graph.config import Settings
from sens_graph.namespaces import SPDX
from sens_graph.server.config import ServerSettings
from sens_graph.server.context import ServerContext
from sens_graph.server.downloads import void_turtle

SHAPES_DIR = Path(__file__).resolve().parents[1] / "standards" / "dcat-ap-3.0.1"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    g = Graph().parse(SHAPES_DIR / "dcat-ap-SHACL.ttl")
    g.parse(SHAPES_DIR / "ranges.ttl")
    return g


def _violations(data: Graph, shapes: Graph) -> list[str]:
    _conforms, report, _text = validate(data, shacl_graph=shapes, inference="rdfs", allow_warnings=True)
    return sorted(f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: "
                  f"{report.value(r, SH.resultMessage)}"
                  for r in report.subjects(RDF.type, SH.ValidationResult)
                  if report.value(r, SH.resultSeverity) == SH.Violation)


@pytest.fixture(scope="module")
def void(released: Settings) -> Graph:
    return Graph().parse(released.dist_dir / "void.ttl")


def test_release_void_has_zero_dcat_ap_violations(void, shapes):
    assert _violations(void, shapes) == []


def test_server_void_has_zero_dcat_ap_violations(released: Settings, shapes):
    ctx = ServerContext(released, ServerSettings(), store=None)
    served = Graph().parse(data=void_turtle(ctx, "http://127.0.0.1:8000/"), format="turtle")
    assert _violations(served, shapes) == []
    service = URIRef("http://127.0.0.1:8000/sparql")
    assert (service, RDF.type, DCAT.DataService) in served
    assert (URIRef("http://127.0.0.1:8000/sparql#distribution"), DCAT.accessURL, service) in served


def test_catalogue_dataset_and_distributions(void, released: Settings):
    ds = URIRef(BASE + "dataset")
    catalog = void.value(None, DCAT.dataset, ds)
    assert (catalog, RDF.type, DCAT.Catalog) in void
    assert (URIRef(BASE + "sparql"), RDF.type, DCAT.DataService) in void
    publisher = void.value(ds, DCTERMS.publisher)
    assert Literal("sens-graph developers", lang="en") in set(void.objects(publisher, None))
    contact = void.value(ds, DCAT.contactPoint)
    assert not [o for o in void.objects(contact, None) if str(o).startswith(("mailto:", "tel:"))]
    files = sorted(p for p in released.dist_dir.rglob("*")
                   if p.is_file() and p.name not in {"void.ttl", "SHA256SUMS"})
    distributions = set(void.objects(ds, DCAT.distribution))
    assert len(distributions) == len(files)
    nq_gz = URIRef(BASE + "download/sens-graph.nq.gz")
    assert void.value(nq_gz, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/application/n-quads")
    assert void.value(nq_gz, DCAT.compressFormat) == URIRef("https://www.iana.org/assignments/media-types/application/gzip")
    checksum = void.value(nq_gz, SPDX.checksum)
    assert (checksum, RDF.type, SPDX.Checksum) in void
    import hashlib
    assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(
        (released.dist_dir / "sens-graph.nq.gz").read_bytes()).hexdigest()
    assert nq_gz in set(void.objects(ds, VOID.dataDump))


def test_one_linkset_per_mapping_set(void):
    linksets = set(void.subjects(RDF.type, VOID.Linkset))
    assert len(linksets) == 10
    ambulanciers = URIRef(BASE + "mapping/ambulanciers-socle-postbac")
    assert void.value(ambulanciers, VOID.subjectsTarget) == URIRef(BASE + "graph/referentiel/ambulanciers-v1.1.2023")
    assert void.value(ambulanciers, VOID.objectsTarget) == URIRef(BASE + "graph/referentiel/socle-postbac-v1.1.2022")
    assert int(void.value(ambulanciers, VOID.triples)) == 12
    reconstructions = URIRef(BASE + "mapping/du-micro-rncp36050")
    assert int(void.value(reconstructions, VOID.triples)) == 0  # 27 reified axioms, no asserted link
    assert void.value(reconstructions, VOID.linkPredicate) is None


def test_class_and_property_partitions(void):
    ds = URIRef(BASE + "dataset")
    by_class = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
                for p in void.objects(ds, VOID.classPartition)}
    assert by_class[SKOS.Concept] == 803  # 802 + the modality sens:Hybride
    assert by_class[URIRef(BASE + "def#Capacity")] == 451
    by_property = {void.value(p, VOID.property): int(void.value(p, VOID.triples))
                   for p in void.objects(ds, VOID.propertyPartition)}
    assert by_property[URIRef(BASE + "def#ofCompetence")] == 451


def test_sparql_endpoint_and_case_api_are_data_services(void):
    """Issue 15: the SPARQL endpoint and the CASE API are described as dcat:DataService of the catalogue."""
    base = BASE
    services = set(void.subjects(RDF.type, DCAT.DataService))
    case_api = URIRef(f"{base}ims/case/v1p0/CFDocuments")
    assert {URIRef(f"{base}sparql"), case_api} <= services
    assert (case_api, DCAT.endpointURL, URIRef(f"{base}ims/case/v1p0/")) in void
    assert (case_api, DCTERMS.conformsTo, URIRef("https://www.imsglobal.org/spec/case/v1p0/")) in void
    assert (case_api, DCAT.servesDataset, URIRef(f"{base}dataset")) in void
