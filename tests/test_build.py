"""The build: dist/ artefacts, byte-identical output, failures that name the file and keep dist/."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from common import BASE
from rdflib import Dataset, Graph, URIRef
from typer.testing import CliRunner

from sens_graph.build import build, is_stale
from sens_graph.cli import app
from sens_graph.config import Settings
from sens_graph.errors import DataSyntaxError, MappingFileError, ValidationFailed

PROJECT_DIR = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """A private copy of the hand-edited inputs, so tests can break them."""
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, target / name)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Settings:
    settings = Settings(project_dir=copy_project(tmp_path_factory.mktemp("project")))
    build(settings, reason=True)
    return settings


def test_dist_holds_every_artefact(built: Settings):
    dist = built.dist_dir
    for name in ("sens-graph.nq", "sens-graph.nq.gz", "sens-graph.trig", "void.ttl", "SHA256SUMS",
                 "build-info.json", "ontology/sens.ttl", "ontology/sens.owl", "ontology/sens.jsonld",
                 "ontology/sens-align.ttl", "graphs/referentiel/socle-postbac-v1.1.2022.ttl",
                 "graphs/derived/version-changes.ttl"):
        assert (dist / name).is_file(), name
    assert not is_stale(built)


def test_checksums_match_files(built: Settings):
    for line in (built.dist_dir / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((built.dist_dir / name).read_bytes()).hexdigest() == digest, name


def test_nquads_trig_and_gzip_hold_the_same_dataset(built: Settings):
    nq = Dataset()
    nq.parse(built.dist_dir / "sens-graph.nq", format="nquads")
    trig = Dataset()
    trig.parse(built.dist_dir / "sens-graph.trig", format="trig")
    info = json.loads((built.dist_dir / "build-info.json").read_text())
    n_nq = sum(len(g) for g in nq.graphs())
    assert n_nq == sum(len(g) for g in trig.graphs()) == sum(info["graphs"].values())
    text = gzip.decompress((built.dist_dir / "sens-graph.nq.gz").read_bytes()).decode()
    assert text == (built.dist_dir / "sens-graph.nq").read_text()
    postbac = URIRef(BASE + "graph/referentiel/socle-postbac-v1.1.2022")
    assert len(nq.graph(postbac)) == info["graphs"][str(postbac)]


def test_void_counts_triples_per_graph(built: Settings):
    void = Graph().parse(built.dist_dir / "void.ttl")
    info = json.loads((built.dist_dir / "build-info.json").read_text())
    rows = void.query("""PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?g ?n WHERE { <https://w3id.org/sens-graph/dataset> void:subset ?g . ?g void:triples ?n }""")
    assert {str(g): int(n) for g, n in rows} == info["graphs"]
    assert (URIRef(BASE + "dataset"), URIRef("http://purl.org/dc/terms/license"),
            URIRef("https://creativecommons.org/licenses/by/4.0/")) in void


def test_output_is_byte_identical_from_run_to_run(built: Settings):
    before = {p: (built.dist_dir / p).read_bytes()
              for p in ("sens-graph.nq", "sens-graph.trig", "sens-graph.nq.gz",
                        "graphs/referentiel/socle-postbac-v1.2022.ttl", "ontology/sens.ttl")}
    build(built, reason=False)
    for name, content in before.items():
        assert (built.dist_dir / name).read_bytes() == content, name


def test_configured_base_iri_rewrites_every_entity(tmp_path: Path):
    settings = Settings(project_dir=copy_project(tmp_path), base_iri="https://example.org/sens/")
    build(settings, reason=False)
    nq = (settings.dist_dir / "sens-graph.nq").read_text()
    assert "<https://example.org/sens/referentiel/socle-postbac/v1.1.2022/competence/1.2>" in nq
    assert "<https://w3id.org/sens-graph/referentiel/" not in nq
    assert "<https://w3id.org/sens-graph/def#Competence>" in nq  # the ontology namespace stays put


def test_syntax_error_names_file_and_line_and_keeps_dist(built: Settings, tmp_path: Path):
    settings = Settings(project_dir=copy_project(tmp_path))
    build(settings, reason=False)
    good = (settings.dist_dir / "sens-graph.nq").read_bytes()
    bad = settings.data_dir / "referentiel" / "socle-postbac-v1.2022.ttl"
    lines = bad.read_text().splitlines()
    lines.insert(20, "<oops> <is> not-turtle .")  # line 21 of the file
    bad.write_text("\n".join(lines))
    with pytest.raises(DataSyntaxError) as caught:
        build(settings, reason=False)
    assert caught.value.path == "data/referentiel/socle-postbac-v1.2022.ttl"
    assert caught.value.line == 21
    assert (settings.dist_dir / "sens-graph.nq").read_bytes() == good
    assert not list(settings.project_dir.glob(".dist.partial-*"))


def test_violation_fails_the_build_and_keeps_dist(tmp_path: Path):
    settings = Settings(project_dir=copy_project(tmp_path))
    build(settings, reason=False)
    good = (settings.dist_dir / "build-info.json").read_bytes()
    path = settings.data_dir / "referentiel" / "socle-postbac-v1.1.2022.ttl"
    path.write_text(path.read_text() + "\n<referentiel/socle-postbac/v1.1.2022/competence/1.1> "
                    "<https://w3id.org/sens-graph/def#hours> \"deux\" .\n")
    with pytest.raises(ValidationFailed) as caught:
        build(settings, reason=False)
    text = str(caught.value)
    assert "competence/1.1" in text and "HoursShape" in text
    assert "data/referentiel/socle-postbac-v1.1.2022.ttl" in text
    assert (settings.dist_dir / "build-info.json").read_bytes() == good
    assert is_stale(settings)


def test_bad_sssom_row_names_file_and_line(tmp_path: Path):
    settings = Settings(project_dir=copy_project(tmp_path))
    tsv = settings.data_dir / "mappings" / "zz-broken.sssom.tsv"
    tsv.parent.mkdir(exist_ok=True)
    tsv.write_text("# curie_map:\n#   sgr: https://w3id.org/sens-graph/referentiel/\n"
                   "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\n"
                   "sgr:a\tskos:exactMatch\tsgr:b\tsemapv:ManualMappingCuration\t0.9\n"
                   "sgr:a\towl:sameAs\tsgr:b\tsemapv:ManualMappingCuration\t0.9\n")
    with pytest.raises(MappingFileError) as caught:
        build(settings, reason=False)
    assert caught.value.line == 5 and "zz-broken.sssom.tsv" in str(caught.value)


def test_cli_build_and_stats(built: Settings):
    runner = CliRunner()
    result = runner.invoke(app, ["stats", "--project-dir", str(built.project_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["entities_per_class"]["sens:FrameworkVersion"] >= 2
    result = runner.invoke(app, ["validate", "--project-dir", str(built.project_dir)])
    assert result.exit_code == 0 and result.output.startswith("Conforms")


def test_cli_build_failure_is_readable(tmp_path: Path):
    settings = Settings(project_dir=copy_project(tmp_path))
    path = settings.data_dir / "sources.ttl"
    path.write_text(path.read_text() + "\n<a> <b> .\n")
    result = CliRunner().invoke(app, ["build", "--skip-reasoner", "--project-dir", str(settings.project_dir)])
    assert result.exit_code == 1
    assert "data/sources.ttl:" in result.output
