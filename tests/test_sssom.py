"""SSSOM TSV → RDF: reified axioms, status, and errors that name the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, SKOS

from sens_graph.errors import MappingFileError
from sens_graph.namespaces import SENS, SSSOM
from sens_graph.sssom import mapping_set_to_rdf, read_sssom_tsv

HEADER = """# curie_map:
#   sgr: https://w3id.org/sens-graph/referentiel/
# mapping_set_id: https://w3id.org/sens-graph/mapping/t
# mapping_set_title: Jeu de test
# license: https://creativecommons.org/licenses/by/4.0/
# extension_definitions:
#   - slot_name: mapping_status
#     property: sens:mappingStatus
#     type_hint: xsd:string
subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tcomment\tmapping_status
"""
R = "https://w3id.org/sens-graph/referentiel/"


def _write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "t.sssom.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_curated_row_is_asserted_and_reified(tmp_path):
    row = "sgr:a/1.1\tskos:closeMatch\tsgr:b/1.1\tsemapv:ManualMappingCuration\t0.9\tmême sens\tcurated\n"
    path = _write(tmp_path, row)
    g = mapping_set_to_rdf(read_sssom_tsv(path), "t")
    s, o = URIRef(R + "a/1.1"), URIRef(R + "b/1.1")
    assert (s, SKOS.closeMatch, o) in g
    axiom = URIRef("https://w3id.org/sens-graph/mapping/t/1")
    assert (axiom, OWL.annotatedSource, s) in g and (axiom, SENS.mappingStatus, SENS.Curated) in g
    assert float(g.value(axiom, SSSOM.confidence)) == 0.9


def test_reconstructed_row_is_never_a_plain_triple(tmp_path):
    path = tmp_path / "t.sssom.tsv"
    path.write_text(HEADER.replace("\tmapping_status\n", "\tmapping_status\tcuration_rule\n")
                    + "sgr:a/1\tskos:relatedMatch\tsgr:b/2\tsemapv:LogicalReasoning\t0.5\t"
                      "colonne déduite du nombre de croix\treconstructed\tsens:Reconstructed\n", encoding="utf-8")
    g = mapping_set_to_rdf(read_sssom_tsv(path), "t")
    assert (URIRef(R + "a/1"), SKOS.relatedMatch, URIRef(R + "b/2")) not in g
    axiom = URIRef("https://w3id.org/sens-graph/mapping/t/1")
    assert (axiom, SENS.mappingStatus, SENS.Reconstructed) in g
    assert "croix" in str(g.value(axiom, SENS.reconstructionMethod))


@pytest.mark.parametrize(("row", "message"), [
    ("sgr:a\towl:sameAs\tsgr:b\tsemapv:ManualMappingCuration\t0.9\t\tcurated\n", "not a SKOS mapping predicate"),
    ("sgr:a\tskos:exactMatch\tzz:b\tsemapv:ManualMappingCuration\t0.9\t\tcurated\n", "unknown CURIE prefix"),
    ("sgr:a\tskos:exactMatch\tsgr:b\tsemapv:ManualMappingCuration\t1.7\t\tcurated\n", "outside [0, 1]"),
    ("sgr:a\tskos:exactMatch\tsgr:b\tsemapv:ManualMappingCuration\thigh\t\tcurated\n", "not a number"),
    ("sgr:a\tskos:exactMatch\tsgr:b\tsemapv:ManualMappingCuration\t0.9\t\tguessed\n", "mapping_status"),
    ("sgr:a\tskos:exactMatch\tsgr:b\n", "wrong number of columns"),
])
def test_bad_rows_name_file_and_line(tmp_path, row, message):
    path = _write(tmp_path, "sgr:ok\tskos:exactMatch\tsgr:ok2\tsemapv:LexicalMatching\t1.0\t\tcurated\n" + row)
    with pytest.raises(MappingFileError, match=re.escape(message)) as caught:
        mapping_set_to_rdf(read_sssom_tsv(path), "t")
    assert caught.value.line == 12
    assert str(path) in str(caught.value)


def test_missing_required_column(tmp_path):
    path = tmp_path / "x.sssom.tsv"
    path.write_text("subject_id\tobject_id\nsgr:a\tsgr:b\n")
    with pytest.raises(MappingFileError, match="predicate_id"):
        read_sssom_tsv(path)


@pytest.mark.parametrize(("header_edit", "row", "message"), [
    (("#   - slot_name: mapping_status\n#     property: sens:mappingStatus\n#     type_hint: xsd:string\n", ""),
     "", "not declared in extension_definitions"),
    (("property: sens:mappingStatus", "property: https://w3id.org/sens-graph/def#mappingStatus"),
     "", "must be a CURIE"),
    (("", ""), "sgr:a/1\tskos:relatedMatch\tsgr:b/2\tsemapv:LogicalReasoning\t0.5\tcroix\treconstructed\n",
     "needs curation_rule sens:Reconstructed"),
])
def test_extension_and_reconstruction_conventions(tmp_path, header_edit, row, message):
    path = tmp_path / "t.sssom.tsv"
    path.write_text(HEADER.replace(*header_edit) + row, encoding="utf-8")
    with pytest.raises(MappingFileError, match=re.escape(message)):
        mapping_set_to_rdf(read_sssom_tsv(path), "t")


def test_reconstruction_with_confidence_one_is_refused(tmp_path):
    path = tmp_path / "t.sssom.tsv"
    path.write_text(HEADER.replace("\tmapping_status\n", "\tmapping_status\tcuration_rule\n")
                    + "sgr:a/1\tskos:relatedMatch\tsgr:b/2\tsemapv:LogicalReasoning\t1.0\tcroix\treconstructed\t"
                      "sens:Reconstructed\n", encoding="utf-8")
    with pytest.raises(MappingFileError, match="confidence below 1"):
        mapping_set_to_rdf(read_sssom_tsv(path), "t")
