"""Full-text search over the real graph's labels (sens_graph.search): accents, case, stems, kinds."""

from __future__ import annotations

import pytest
from common import BASE

from sens_graph.errors import SearchError
from sens_graph.search import SearchIndex, fold, index_rows, match_expression, stems, write_search_index


@pytest.fixture(scope="module")
def index(dataset, settings, tmp_path_factory) -> SearchIndex:
    path = tmp_path_factory.mktemp("search") / "search.sqlite"
    write_search_index(index_rows(dataset, settings.queries_dir), path)
    idx = SearchIndex(path)
    yield idx
    idx.close()


def test_folding_and_french_stems():
    assert fold("Œuvre Éthique") == "oeuvre ethique"
    assert stems("compétences")[0] == stems("Compétence")[0] == stems("competence")[0]


def test_every_capacity_of_every_framework_is_indexed(index, union):
    from rdflib import RDF, URIRef

    capacities = set(union.subjects(RDF.type, URIRef(f"{BASE}def#Capacity")))
    hits = {h.iri for h in index.search("de", limit=200, kinds=["Capacity"])}
    assert hits <= {str(c) for c in capacities}
    assert len(capacities) == 451
    assert index.size() >= 451


def test_accents_and_case_do_not_matter(index):
    with_accents = [h.iri for h in index.search("Télésanté", kinds=["Domain"])]
    without = [h.iri for h in index.search("telesante", kinds=["Domain"])]
    assert with_accents == without and with_accents
    # the ambulanciers' domain 5 is printed « Télesanté » (one accent less): found all the same
    assert f"{BASE}referentiel/ambulanciers/v1.1.2023/domaine/5" in without


def test_stemming_finds_the_singular_from_the_plural(index):
    hits = index.search("principes éthique", kinds=["Capacity"])
    labels = {h.label for h in hits}
    assert "adopter des principes éthiques" in labels
    assert "respecter les principes éthiques" in labels


def test_hits_carry_kind_and_framework_version(index):
    hits = index.search("identitovigilance", kinds=["Capacity"])
    versions = {(h.scheme_label, h.scheme_version) for h in hits}
    assert ("Référentiel socle de compétences du numérique en santé des ambulanciers", "V.1.1.2023") in versions
    assert all(h.kind_label() == "capacité" for h in hits)


def test_prefix_of_a_long_word_matches_but_short_words_are_whole(index):
    assert index.search("identito", kinds=["Capacity"])
    ins = index.search("INS", limit=200)
    assert ins and all("inscription" not in fold(h.label) for h in ins)


def test_exact_label_ranks_first(index):
    assert index.search("Ambulancier")[0].iri == f"{BASE}profession/ambulancier"


def test_user_text_never_reaches_fts_syntax(index):
    assert match_expression('" * ( : ^') is None
    assert match_expression('" OR * NEAR(') == '(stemmed:"or" OR label:"or") AND (stemmed:"near"* OR label:"near"*)'
    assert index.search('santé" OR label:*') == index.search("santé label")
    with pytest.raises(SearchError):
        index.search("x" * 201)
