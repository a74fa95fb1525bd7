"""The build writes the exports into dist/, lists them in VoID and SHA256SUMS; bad data names the resource."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from common import BASE, PREFIXES
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ExportError
from sens_graph.exports import load_frameworks
from sens_graph.queries import as_oxigraph

from .conftest import KEYS

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_build_writes_every_export_and_describes_it(tmp_path: Path):
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, tmp_path / name)
    settings = Settings(project_dir=tmp_path)
    build(settings, reason=False)
    dist = settings.dist_dir
    expected = [f"{folder}/{key}{suffix}" for key in KEYS
                for folder, suffix in (("case", ".json"), ("ctdl-asn", ".jsonld"), ("moodle", ".csv"))]
    for rel in expected:
        assert (dist / rel).is_file(), rel
    sums = {line.split("  ", 1)[1] for line in (dist / "SHA256SUMS").read_text().splitlines()}
    assert set(expected) <= sums
    void = Graph().parse(dist / "void.ttl")
    csv_file = URIRef(f"{BASE}download/moodle/socle-postbac-v1.1.2022.csv")
    assert (URIRef(f"{BASE}dataset"), DCAT.distribution, csv_file) in void
    assert (csv_file, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/csv")) in void
    info = json.loads((dist / "build-info.json").read_text())
    package = json.loads((dist / "case/socle-postbac-v1.1.2022.json").read_text())
    assert package["CFDocument"]["lastChangeDateTime"] == info["build_date"].replace("Z", "+00:00")




def test_a_version_without_items_is_refused_by_name(settings: Settings):
    graph = Graph().parse(data=PREFIXES + '<referentiel/vide/v1> a sens:FrameworkVersion ; skos:prefLabel "Vide"@fr .',
                          format="turtle")
    with pytest.raises(ExportError, match="referentiel/vide/v1"):
        load_frameworks(as_oxigraph(graph), settings.queries_dir / "exports", base_iri=BASE)


def test_an_item_whose_parent_is_outside_the_version_is_refused_by_name(settings: Settings):
    graph = Graph().parse(data=PREFIXES + """
<referentiel/demo/v1> a sens:FrameworkVersion ; skos:prefLabel "Démo"@fr .
<referentiel/demo/v1/competence/1.1> a sens:Competence ; skos:prefLabel "Identifier"@fr ;
    skos:inScheme <referentiel/demo/v1> ; sens:inDomain <referentiel/autre/v1/domaine/1> .
""", format="turtle")
    with pytest.raises(ExportError, match=r"competence/1\.1: parent .*autre/v1/domaine/1"):
        load_frameworks(as_oxigraph(graph), settings.queries_dir / "exports", base_iri=BASE)
