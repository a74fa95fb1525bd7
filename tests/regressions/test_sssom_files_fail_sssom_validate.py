"""Regression (issue 15): every published SSSOM TSV failed sssom-py's ``sssom validate``
(PrefixMapCompleteness: ``sens:`` used in author_id but absent from curie_map) and its RDF
conversion; extension_definitions gave full IRIs instead of CURIEs.

Runs the ecosystem's own validator, sssom-py, on every file of data/mappings/ (copied as is to
dist/mappings/ by the release) with its default checks (JsonSchema, PrefixMapCompleteness,
StrictCurieFormat), once through its command line and for every file through its Python API,
and converts each file to RDF with sssom-py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sssom import parsers as sssom_parsers
from sssom.constants import DEFAULT_VALIDATION_TYPES
from sssom.validators import validate
from sssom.writers import to_rdf_graph

PROJECT_DIR = Path(__file__).resolve().parents[2]
MAPPING_FILES = sorted((PROJECT_DIR / "data" / "mappings").glob("*.sssom.tsv"))


def test_there_are_ten_mapping_sets():
    assert len(MAPPING_FILES) == 10


@pytest.mark.parametrize("path", MAPPING_FILES, ids=[p.name for p in MAPPING_FILES])
def test_sssom_py_validates_and_converts_to_rdf(path: Path):
    msdf = sssom_parsers.parse_sssom_table(path)
    reports = validate(msdf, DEFAULT_VALIDATION_TYPES, fail_on_error=False)
    errors = {str(kind): report.results for kind, report in reports.items() if report.results}
    assert errors == {}
    assert "sens" in msdf.converter.prefix_map
    extension = msdf.metadata["extension_definitions"][0]
    assert extension["property"] == "sens:mappingStatus" and extension["type_hint"] == "xsd:string"
    rdf = to_rdf_graph(msdf)
    n_rows = sum(1 for line in path.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith(("#", "subject_id\t")))
    mappings = set(rdf.objects(None, rdf.namespace_manager.expand_curie("sssom:mappings")))
    assert len(mappings) == n_rows


def test_sssom_validate_command_exits_zero():
    """The command line itself (``sssom validate FILE``), on the set of reconstructions."""
    path = PROJECT_DIR / "data" / "mappings" / "du-micro-rncp36050.sssom.tsv"
    sssom_cli = Path(sys.executable).with_name("sssom")
    result = subprocess.run([str(sssom_cli), "validate", str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Error" not in result.stderr


def test_sssom_convert_command_writes_rdf(tmp_path):
    """``sssom convert -O rdf`` on the set of reconstructions: 27 reified mappings, no direct triple."""
    from rdflib import Graph
    from rdflib.namespace import OWL

    path = PROJECT_DIR / "data" / "mappings" / "du-micro-rncp36050.sssom.tsv"
    out = tmp_path / "du-micro-rncp36050.ttl"
    sssom_cli = Path(sys.executable).with_name("sssom")
    result = subprocess.run([str(sssom_cli), "convert", "-O", "rdf", "-o", str(out), str(path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    rdf = Graph().parse(out)
    axioms = set(rdf.subjects(OWL.annotatedSource, None))
    assert len(axioms) == 27
    assert not [a for a in axioms if (rdf.value(a, OWL.annotatedSource), rdf.value(a, OWL.annotatedProperty),
                                      rdf.value(a, OWL.annotatedTarget)) in rdf]


def test_release_publishes_the_same_valid_files(released):
    """What the release writes to dist/mappings/ passes too: each data file, byte for byte, and the
    coverage set generated for each programme of data/programmes/ (programme-<key>.sssom.tsv)."""
    published = sorted((released.dist_dir / "mappings").glob("*.sssom.tsv"))
    programmes = sorted(f"programme-{p.name}.sssom.tsv" for p in (PROJECT_DIR / "data" / "programmes").iterdir()
                        if p.is_dir())
    assert programmes == ["programme-etu-e-sante.sssom.tsv"]
    assert [p.name for p in published] == sorted([p.name for p in MAPPING_FILES] + programmes)
    for path in published:
        msdf = sssom_parsers.parse_sssom_table(path)
        reports = validate(msdf, DEFAULT_VALIDATION_TYPES, fail_on_error=False)
        assert not [r for report in reports.values() for r in report.results], path.name
        assert len(to_rdf_graph(msdf)) > 0
