"""Regression (issue 15): sssom-py drops the ``mapping_status`` extension slot, so a standard
reader saw the 27 reconstructed mappings of du-micro-rncp36050 like stated ones.

Now reconstructions live in a mapping set that holds nothing else, each row carries the standard
slot ``curation_rule: sens:Reconstructed`` (kept by sssom-py in its RDF) and a confidence below 1;
sssom-py's RDF never asserts the direct skos triple; our reader refuses a set that mixes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL
from sssom.parsers import parse_sssom_table
from sssom.writers import to_rdf_graph

from sens_graph.errors import MappingFileError
from sens_graph.namespaces import SENS, SSSOM
from sens_graph.sssom import mapping_set_to_rdf, read_sssom_tsv

PROJECT_DIR = Path(__file__).resolve().parents[2]
RECONSTRUCTIONS = PROJECT_DIR / "data" / "mappings" / "du-micro-rncp36050.sssom.tsv"


def test_standard_reader_sees_every_reconstruction_marked_and_not_asserted():
    rdf = to_rdf_graph(parse_sssom_table(RECONSTRUCTIONS))
    axioms = set(rdf.subjects(OWL.annotatedSource, None))
    assert len(axioms) == 27
    for axiom in axioms:
        assert (axiom, SSSOM.curation_rule, SENS.Reconstructed) in rdf
        assert float(rdf.value(axiom, SSSOM.confidence)) < 1
        s, p, o = (rdf.value(axiom, k) for k in (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget))
        assert (s, p, o) not in rdf


def test_no_other_published_set_holds_a_reconstruction():
    for path in sorted(RECONSTRUCTIONS.parent.glob("*.sssom.tsv")):
        statuses = {(row.get("mapping_status") or "curated") for row in read_sssom_tsv(path).rows}
        assert statuses == {"reconstructed"} if path == RECONSTRUCTIONS else "reconstructed" not in statuses


def test_our_reader_refuses_a_reconstruction_among_curated_rows(tmp_path):
    text = RECONSTRUCTIONS.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(text) if line.startswith("sgdu:"))
    text[row] = text[row].replace("\treconstructed\tsens:Reconstructed", "\tcurated\t")
    path = tmp_path / "mixed.sssom.tsv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(MappingFileError, match="mapping set of their own") as caught:
        mapping_set_to_rdf(read_sssom_tsv(path), "mixed")
    assert caught.value.line == row + 1


def test_our_reader_keeps_the_direct_triple_out():
    g = mapping_set_to_rdf(read_sssom_tsv(RECONSTRUCTIONS), "du-micro-rncp36050")
    macro2 = URIRef("https://w3id.org/sens-graph/du-cns/macro/2")
    assert not any(True for _ in g.triples((macro2, None, URIRef("https://w3id.org/sens-graph/rncp/36050/bloc/2"))))
