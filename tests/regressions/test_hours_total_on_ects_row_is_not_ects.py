"""Regression (issue 10, Data): a total printed on an ECTS row but adding up hours is not ECTS.

The two social-work tables of seed 002 have no « Total des heures » row: their last row is
« Nombre de crédits ECTS alloués » with 21 (accompagnants, line 659) and 28 (éducateurs et
assistants, line 681), the sums of their domain figures, which sit under a column « Heures ».
Before the fix the graph stated ``sens:ects 21`` and ``28``, so anyone asking for ECTS credits read
21 and 28 credits. The figure is now a ``sens:printedTotal`` (printed total of unsettled unit:
neither hours nor credits), the printed row stays a claim of the unit source issue, the library
queries no longer report it as ECTS, and a SHACL rule requires a source issue wherever a printed
total's unit is not settled.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from common import BASE, PREFIXES
from rdflib import Dataset, Graph, Literal, URIRef

from sens_graph.namespaces import SENS
from sens_graph.sources import load_ontology, ontology_graph_iri
from sens_graph.validation import load_shapes, validate_dataset

B = BASE
SEED_002 = Path(__file__).resolve().parents[2] / "sources" / "seeds" / "002_3118bb4998137152.txt"
# graph key -> (version IRI, printed figure, seed 002 line of the « Nombre de crédits ECTS alloués » row,
#               seed 002 line of the table's first header « N° Compétences Capacités Heures »)
SOCIAL = {
    "referentiel/travail-social-accompagnants-ami-cma-s2": (
        URIRef(B + "referentiel/travail-social-accompagnants/ami-cma-s2"), 21, 659, 640),
    "referentiel/travail-social-educateurs-assistants-ami-cma-s2": (
        URIRef(B + "referentiel/travail-social-educateurs-assistants/ami-cma-s2"), 28, 681, 661),
}


@pytest.mark.parametrize("key", list(SOCIAL))
def test_ects_row_total_is_not_stated_as_ects(graph_of, key: str) -> None:
    g = graph_of(key)
    version, figure, line, _ = SOCIAL[key]
    assert g.value(version, SENS.ects) is None
    assert g.value(version, SENS.totalHours) is None  # no unit is guessed either
    assert g.value(version, SENS.printedTotal) == Literal(Decimal(f"{figure}.0"))
    # the printed row and the conflict are kept: the unit issue concerns the version, with its claims
    issue = URIRef(f"{B}probleme/{key}/unite-des-chiffres")
    assert (issue, SENS.concerns, version) in g
    claims = {str(g.value(c, SENS.claimedValue)): str(g.value(c, SENS.sourceLocation))
              for c in g.objects(issue, SENS.hasClaim)}
    assert claims[f"Nombre de crédits ECTS alloués {figure}"] == f"seed 002, line {line}"
    assert "Heures" in claims


@pytest.mark.skipif(not SEED_002.exists(), reason="seeds not available")
@pytest.mark.parametrize("key", list(SOCIAL))
def test_the_seed_prints_the_figure_on_the_ects_row(key: str) -> None:
    _, figure, line, header = SOCIAL[key]
    lines = SEED_002.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].split("\t")[0] == "Nombre de crédits ECTS alloués"
    assert str(figure) in lines[line - 1].split("\t")
    assert lines[header - 1] == "N°\tCompétences\tCapacités\tHeures"
    # the table has no « Total des heures » row
    assert not any(ln.startswith("Total des heures") for ln in lines[header - 1:line])


def test_no_ects_query_reports_them_as_credits(store, library) -> None:
    side = [r for r in library.run(store, "heures-par-domaine-cote-a-cote", {}).records()
            if "travailleurs sociaux" in r["referentiel"]]
    assert sorted((r["total_imprime"], r["ects"], r["total_coherent"]) for r in side) == [
        ("21 ?", None, None), ("28 ?", None, None)]
    long_form = [r for r in library.run(store, "heures-par-domaine", {}).records()
                 if "travailleurs sociaux" in r["referentiel"]]
    assert {(r["total_sans_unite"], r["ects"]) for r in long_form} == {(21, None), (28, None)}
    # ECTS credits are still reported where a source prints them on their own row (seed 000, line 1526)
    assert {r["ects"] for r in library.run(store, "heures-par-domaine", {}).records()} - {None} == {2}


FIXTURE = PREFIXES + """
<source/t> a sens:SourceDocument ; skos:prefLabel "Source de test"@fr .
<referentiel/t> a sens:CompetencyFramework ; skos:prefLabel "Référentiel de test"@fr ; prov:wasDerivedFrom <source/t> .
<referentiel/t/v1> a sens:FrameworkVersion ; skos:prefLabel "Référentiel de test V1"@fr ; owl:versionInfo "V1" ;
    sens:isVersionOfFramework <referentiel/t> ; sens:printedTotal 21.0 ; prov:wasDerivedFrom <source/t> .
"""
ISSUE = PREFIXES + """
<probleme/t/unite> a sens:SourceIssue ; sens:issueKind sens:MissingContent ;
    dcterms:description "Unité du total non établie."@fr ; sens:concerns <referentiel/t/v1> ;
    prov:wasDerivedFrom <source/t> .
"""


@pytest.mark.parametrize(("turtle", "fires"), [(FIXTURE, True), (FIXTURE + ISSUE, False)],
                         ids=["without-issue", "with-issue"])
def test_a_printed_total_of_unsettled_unit_needs_a_source_issue(settings, turtle: str, fires: bool) -> None:
    ds = Dataset()
    target = ds.graph(URIRef(B + "graph/test"))
    for triple in Graph().parse(data=turtle, format="turtle"):
        target.add(triple)
    ontology = ds.graph(URIRef(ontology_graph_iri(settings)))
    for triple in load_ontology(settings):
        ontology.add(triple)
    report = validate_dataset(ds, settings, shapes=load_shapes(settings.shapes_dir))
    assert any("PrintedTotalShape" in v.rule for v in report.violations) is fires
