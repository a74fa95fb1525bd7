"""An IRI missing its ``>`` was accepted by the parser (rdflib reads on to the next ``>``, making
one IRI with spaces and line breaks) and then crashed validation with a traceback naming no
file. Now the build stops at load with the file and the line of the unclosed IRI; the same kind
of fault in an SSSOM TSV (a CURIE holding a space) names the TSV and its row."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sens_graph.build import build
from sens_graph.cli import app
from sens_graph.errors import DataSyntaxError, MappingFileError

from .conftest import edit_line, line_of

FILE = "data/referentiel/ambulanciers-v1.1.2023.ttl"
SUBJECT = "<referentiel/ambulanciers/v1.1.2023/competence/1.1>"


def test_subject_iri_without_closing_bracket(project_copy):
    path = project_copy.project_dir / FILE
    number = line_of(path, SUBJECT)
    edit_line(path, number, lambda line: line.replace(SUBJECT, SUBJECT[:-1]))
    with pytest.raises(DataSyntaxError) as caught:
        build(project_copy, reason=False)
    assert caught.value.path == FILE
    assert caught.value.line == number
    assert "IRI" in str(caught.value)


def test_object_iri_without_closing_bracket_through_the_cli(project_copy):
    path = project_copy.project_dir / FILE
    number = line_of(path, "    sens:isVersionOfFramework <referentiel/ambulanciers>")
    edit_line(path, number, lambda line: line.replace("<referentiel/ambulanciers>", "<referentiel/ambulanciers"))
    result = CliRunner().invoke(app, ["build", "--skip-reasoner", "--project-dir", str(project_copy.project_dir)])
    assert result.exit_code == 1
    assert f"{FILE}:{number}:" in result.output
    assert "Traceback" not in result.output


def test_sssom_curie_with_a_space_names_the_row(project_copy):
    tsv = project_copy.data_dir / "mappings" / "ambulanciers-socle-postbac.sssom.tsv"
    number = line_of(tsv, "sgr:ambulanciers/v1.1.2023/competence/1.1\t")
    edit_line(tsv, number, lambda line: line.replace("competence/1.1\t", "competence/1. 1\t", 1))
    with pytest.raises(MappingFileError) as caught:
        build(project_copy, reason=False)
    assert caught.value.line == number
    assert caught.value.path.endswith("ambulanciers-socle-postbac.sssom.tsv")
    assert "not a valid IRI" in str(caught.value)


def test_an_invalid_iri_that_reaches_validation_names_its_file(project_copy):
    """Last net, for a graph made without the Turtle parser: the file, not a traceback."""
    from rdflib import Dataset, URIRef

    from sens_graph.validation import validate_dataset

    ds = Dataset()
    graph = ds.graph(URIRef("https://w3id.org/sens-graph/graph/referentiel/t-v1"))
    graph.add((URIRef("https://w3id.org/sens-graph/referentiel/t/v1 a"),
               URIRef("http://www.w3.org/2004/02/skos/core#notation"), URIRef("https://w3id.org/sens-graph/x")))
    with pytest.raises(DataSyntaxError) as caught:
        validate_dataset(ds, project_copy)
    assert caught.value.path == "data/referentiel/t-v1.ttl"
    assert "<https://w3id.org/sens-graph/referentiel/t/v1 a> is not a valid IRI" in str(caught.value)
