"""Regression (issue 10, Data): laureate status of the AMI CMA projects is data, not a note.

Seed 004 (« Les lauréats de l'AMI CMA (janvier 2025) », lines 94-126) lists 30 projects; six of them
(AMUS@N-NUM, EESL, ENSUITE, NumiaCare-Saclay, PENSO, PRIMANS) carry no « Oui » in the Action 1-5
columns. Before the fix those six were tied to the call only by a location string and an editorial
note: no query could list the 30 laureates, nor tell the six from a proposal that is not a laureate
(IA_SaNSeS). Each laureate now states ``sens:laureateOf`` the call, the slide's list is a
``prov:Collection`` with its own provenance, and the « no action marked » fact stays a source issue.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from common import BASE, PREFIXES
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from sens_graph.namespaces import SENS
from sens_graph.sources import load_ontology, ontology_graph_iri
from sens_graph.validation import load_shapes, validate_dataset

B = BASE
CALL = URIRef(B + "ami-cma/sante-numerique")
LIST = URIRef(B + "liste/laureats-de-l-ami-cma-janvier-2025")
SEED_004 = Path(__file__).resolve().parents[2] / "sources" / "seeds" / "004_f29b1b8e5e19067d.txt"
UNMARKED = {"AMUS@N-NUM", "EESL", "ENSUITE", "NumiaCare-Saclay", "PENSO", "PRIMANS"}


def _label(g: Graph, node: URIRef) -> str:
    return next(str(v) for v in g.objects(node, SKOS.prefLabel) if v.language == "fr")


def test_thirty_laureates_of_the_call(graph_of) -> None:
    ctx = graph_of("context")
    laureates = set(ctx.subjects(SENS.laureateOf, CALL))
    assert len(laureates) == 30
    assert all((p, RDF.type, SENS.Project) in ctx for p in laureates)
    assert {_label(ctx, p) for p in laureates} >= UNMARKED
    # a proposal that is not in the laureates table is not a laureate
    assert URIRef(B + "projet/ia-sanses") not in laureates
    # every project funded under an action is a laureate of the call that action belongs to
    for project, action in ctx.subject_objects(SENS.fundedUnderAction):
        assert (project, SENS.laureateOf, ctx.value(action, URIRef("http://purl.org/dc/terms/isPartOf"))) in ctx


def test_the_laureates_slide_is_the_provenance(graph_of) -> None:
    ctx = graph_of("context")
    assert (LIST, RDF.type, PROV.Collection) in ctx
    assert _label(ctx, LIST) == "Les lauréats de l'AMI CMA (janvier 2025)"
    assert set(ctx.objects(LIST, PROV.hadMember)) == set(ctx.subjects(SENS.laureateOf, CALL))
    assert (LIST, PROV.wasDerivedFrom, URIRef(B + "source/004")) in ctx
    assert "seed 004, lines 94-126" in {str(v) for v in ctx.objects(LIST, SENS.sourceLocation)}


@pytest.mark.skipif(not SEED_004.exists(), reason="seeds not available")
def test_the_slide_says_so() -> None:
    lines = SEED_004.read_text(encoding="utf-8").split("\n")
    assert lines[93] == "Les lauréats de l'AMI CMA (janvier 2025)"
    names = [lines[n - 1].split("\t")[0] for n in range(97, 127)]
    assert len(names) == 30 and set(names) >= UNMARKED


def test_no_action_marked_stays_data(graph_of) -> None:
    ctx = graph_of("context")
    issue = URIRef(B + "probleme/context/laureats-sans-action")
    assert ctx.value(issue, SENS.issueKind) == SENS.MissingContent
    concerned = set(ctx.objects(issue, SENS.concerns))
    assert {_label(ctx, p) for p in concerned} == UNMARKED
    for p in concerned:
        assert (p, SENS.laureateOf, CALL) in ctx
        assert not any(ctx.objects(p, SENS.fundedUnderAction))


def test_library_query_lists_the_thirty(store, library) -> None:
    records = library.run(store, "laureats-ami-cma", {}).records()
    assert len(records) == 30
    by_name = {r["projet"]: r for r in records}
    assert set(by_name) >= UNMARKED
    for name in UNMARKED:
        assert by_name[name]["actions"] is None and by_name[name]["nb_actions"] == 0
        assert by_name[name]["probleme"].endswith("probleme/context/laureats-sans-action")
    assert sorted(by_name["ESNbyUM"]["actions"].split()) == ["1", "2", "3", "4", "5"]
    assert by_name["ESNbyUM"]["nb_actions"] == 5
    assert by_name["SENS"]["chef_de_file"] == "Université de Strasbourg"
    assert by_name["AMUS@N-NUM"]["emplacement"] == "seed 004, line 97 (Les lauréats de l'AMI CMA (janvier 2025))"
    assert all(r["liste"] == "Les lauréats de l'AMI CMA (janvier 2025)" for r in records)
    # the parameters: only the laureates with no action marked; only one action's laureates
    unmarked = library.run(store, "laureats-ami-cma", {"sans_action": True})
    assert {r["projet"] for r in unmarked.records()} == UNMARKED
    action_3 = library.run(store, "laureats-ami-cma", {"action": 3})
    assert {r["projet"] for r in action_3.records()} == {
        "CINERG'e-santé", "DINUSA", "ESNbyUM", "NSM5P", "PariSantéNum"}


FIXTURE = PREFIXES + """
<source/t> a sens:SourceDocument ; skos:prefLabel "Source de test"@fr .
<ami-cma/t> a prov:Entity ; skos:prefLabel "Appel de test"@fr ; prov:wasDerivedFrom <source/t> .
<ami-cma/t/action/1> a sens:FundingAction ; skos:prefLabel "Action de test"@fr ; dcterms:isPartOf <ami-cma/t> ;
    prov:wasDerivedFrom <source/t> .
<projet/t> a sens:Project ; skos:prefLabel "Projet de test"@fr ; sens:fundedUnderAction <ami-cma/t/action/1> ;
    prov:wasDerivedFrom <source/t> .
"""


@pytest.mark.parametrize(("extra", "fires"), [("", True), ("<projet/t> sens:laureateOf <ami-cma/t> .", False)],
                         ids=["funded-without-laureate-status", "funded-and-laureate"])
def test_a_funded_project_must_state_its_laureate_status(settings, extra: str, fires: bool) -> None:
    ds = Dataset()
    target = ds.graph(URIRef(B + "graph/test"))
    for triple in Graph().parse(data=FIXTURE + extra, format="turtle", publicID=B):
        target.add(triple)
    ontology = ds.graph(URIRef(ontology_graph_iri(settings)))
    for triple in load_ontology(settings):
        ontology.add(triple)
    report = validate_dataset(ds, settings, shapes=load_shapes(settings.shapes_dir))
    assert any("LaureateShape" in v.rule for v in report.violations) is fires
