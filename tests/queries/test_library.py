"""The query library itself: headers, parameters, safe binding, errors, results and formats."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from sens_graph.config import Settings
from sens_graph.errors import QueryError
from sens_graph.namespaces import SENS
from sens_graph.queries import (
    PARAMS_MARKER,
    Parameter,
    QueryLibrary,
    open_store,
    parse_query_file,
    run,
    values_line,
)

# The questions of issue 5, each answered by at least one query of the library.
ISSUE_QUESTIONS = {
    1: ["referentiel-d-une-profession"],
    2: ["ecarts-au-socle-postbac"],
    3: ["competences-communes-et-specifiques"],
    4: ["changements-entre-versions"],
    5: ["heures-par-domaine", "heures-par-domaine-cote-a-cote"],
    6: ["couverture-socle-par-du"],
    7: ["du-vers-rncp36050"],
    8: ["heures-du"],
    9: ["progression-apprenant"],
    10: ["enseignements-par-intervenant", "part-interne-externe-par-domaine"],
    11: ["specialites-par-categorie", "categories-par-specialite"],
    12: ["problemes-de-source"],
}


def test_every_question_of_the_issue_has_its_queries(library):
    names = set(library.names())
    for question, queries in ISSUE_QUESTIONS.items():
        assert set(queries) <= names, f"question {question}"
    assert len(names) >= 12
    assert not any(n.endswith("-violation") for n in names), "queries/qc/ is not part of the library"


def test_headers_are_complete(library):
    for q in library.list():
        assert q.title and q.question_fr and q.question_en, q.name
        assert q.returns, q.name
        assert q.text.lstrip().startswith("# title:"), q.name
        for p in q.parameters:
            assert p.description, (q.name, p.name)
            if p.kind == "choice":
                assert p.default is None or p.default in p.choices, (q.name, p.name)


def test_every_query_runs_with_its_defaults_and_returns_its_declared_columns(library, store):
    for q in library.list():
        result = library.run(store, q.name)
        assert result.columns == list(q.returns), q.name


def test_the_file_as_written_runs_with_the_header_defaults(library):
    """Every ``# @params`` line of a file is exactly the line the library generates for the defaults."""
    for q in library.list():
        if not q.parameters:
            continue
        expected = values_line(q.parameters, q.terms({}))
        lines = [ln.strip() for ln in q.text.splitlines() if ln.rstrip().endswith(PARAMS_MARKER)]
        assert lines and all(ln == expected for ln in lines), q.name


def test_list_is_sorted_and_get_returns_the_query(library):
    names = library.names()
    assert names == sorted(names)
    assert library.get("heures-du").name == "heures-du"
    assert "par" in [p.name for p in library.get("heures-du").parameters]


# ---------------------------------------------------------------- errors


def test_unknown_query_lists_the_valid_ones(library, store):
    with pytest.raises(QueryError) as err:
        library.run(store, "heures-par-profession")
    assert "unknown query 'heures-par-profession'" in str(err.value)
    assert "heures-du" in str(err.value) and "problemes-de-source" in str(err.value)


def test_unknown_parameter_lists_the_valid_ones(library, store):
    with pytest.raises(QueryError) as err:
        library.run(store, "referentiel-d-une-profession", {"metier": "Infirmier"})
    assert "no parameter 'metier'" in str(err.value)
    assert "profession" in str(err.value) and "toutes_versions" in str(err.value)


def test_unknown_choice_lists_the_valid_ones(library, store):
    with pytest.raises(QueryError) as err:
        library.run(store, "heures-du", {"par": "trimestre"})
    assert "unknown value 'trimestre'" in str(err.value)
    assert "domaine, niveau, annee, semestre, modalite" in str(err.value)


def test_unknown_value_checked_against_the_data(library, store):
    with pytest.raises(QueryError) as err:
        library.run(store, "referentiel-d-une-profession", {"profession": "Astronaute"})
    message = str(err.value)
    assert "unknown value 'Astronaute'" in message
    assert "Infirmier" in message and "Ambulancier" in message


def test_values_are_checked_by_kind(library, store):
    with pytest.raises(QueryError, match="not a boolean"):
        library.run(store, "referentiel-d-une-profession", {"toutes_versions": "peut-être"})
    with pytest.raises(QueryError, match="not an integer"):
        library.run(store, "part-interne-externe-par-domaine", {"annee": "deux"})
    with pytest.raises(QueryError, match="valid values: 1, 2, 3"):
        library.run(store, "part-interne-externe-par-domaine", {"annee": 4})
    with pytest.raises(QueryError, match="not a number"):
        Parameter("seuil", "decimal", "d").parse("beaucoup")
    with pytest.raises(QueryError, match="not a valid IRI"):
        Parameter("cible", "iri", "d").parse("http://example.org/a> } ; DROP ALL ; <x")


def test_choices_are_case_and_accent_insensitive(library, store):
    a = library.run(store, "heures-du", {"par": "MODALITE"})
    b = library.run(store, "heures-du", {"par": "modalite"})
    assert a.rows == b.rows
    c = library.run(store, "referentiel-d-une-profession", {"profession": "éducateur SPÉCIALISÉ"})
    assert len(c) == 62


# ---------------------------------------------------------------- injection


INJECTION = 'Infirmier") } } UNION { ?p ?q ?o } #'


def test_injection_is_refused_as_an_unknown_value(library, store):
    with pytest.raises(QueryError, match="unknown value"):
        library.run(store, "referentiel-d-une-profession", {"profession": INJECTION})


def test_injection_stays_a_literal_even_without_the_data_check(library, store):
    """Bypassing the valid-values check, the text still reaches SPARQL only as an escaped literal."""
    query = library.get("referentiel-d-une-profession")
    text = query.sparql({"profession": INJECTION})
    assert '"Infirmier\\") } } UNION { ?p ?q ?o } #"' in text
    rows = list(store.query(text, use_default_graph_as_union=True))
    assert rows == []  # a profession of that name does not exist; nothing else is returned
    newline = query.sparql({"profession": 'a"\n} } SELECT * WHERE { ?s ?p ?o'})
    assert list(store.query(newline, use_default_graph_as_union=True)) == []


def test_injection_through_a_free_text_parameter(library, store):
    """problemes-de-source: a graph key that is not in the data is refused; escaped text finds nothing."""
    with pytest.raises(QueryError, match="unknown value"):
        library.run(store, "problemes-de-source", {"graphe": 'x" || true || "'})
    text = library.get("problemes-de-source").sparql({"graphe": 'x" || true || "'})
    assert list(store.query(text, use_default_graph_as_union=True)) == []


# ---------------------------------------------------------------- results and formats


def test_records_are_plain_python_values(ask):
    result = ask("heures-par-domaine-cote-a-cote")
    row = next(r for r in result.records() if r["version"] == "V1.1.2022")
    assert row["domaine_1"] == Decimal(6) and isinstance(row["domaine_1"], Decimal)
    assert row["total_coherent"] is True
    assert result.column("total_imprime")[0] is None or isinstance(result.column("total_imprime")[0], Decimal)
    with pytest.raises(QueryError, match="no column"):
        result.column("heures_totales")


def test_csv_json_and_table_renderings(ask):
    result = ask("heures-par-domaine-cote-a-cote")
    rows = list(csv.reader(io.StringIO(result.to_csv())))
    assert rows[0] == result.columns
    assert len(rows) == len(result) + 1
    payload = json.loads(result.to_json())
    assert payload["query"] == "heures-par-domaine-cote-a-cote"
    assert payload["params"] == {"toutes_versions": False}
    socle = next(r for r in payload["rows"] if r["version"] == "V1.1.2022")
    assert socle["total_imprime"] == 28 and socle["domaine_5"] == 6
    table = result.to_table()
    assert "heures-par-domaine-cote-a-cote" in table and f"{len(result)} row(s)" in table
    with pytest.raises(QueryError, match="valid formats: table, csv, json"):
        result.render("xml")


def test_runs_on_an_rdflib_dataset_too(library):
    ds = Dataset()
    g = ds.graph(URIRef("https://w3id.org/sens-graph/graph/professions"))
    spec = URIRef("https://w3id.org/sens-graph/specialite/x")
    cat = URIRef("https://w3id.org/sens-graph/categorie/y")
    g.add((spec, RDF.type, SENS.Specialty))
    g.add((spec, SKOS.prefLabel, Literal("Spécialité X", lang="fr")))
    g.add((spec, SENS.inTransverseCategory, cat))
    g.add((cat, RDF.type, SENS.TransverseCategory))
    g.add((cat, SKOS.prefLabel, Literal("Catégorie Y", lang="fr")))
    result = library.run(ds, "categories-par-specialite")
    assert result.records() == [{"profession_libelle": None, "specialite_libelle": "Spécialité X",
                                 "nb_categories": 1, "categories": "Catégorie Y"}]


def test_module_level_run_uses_the_project_library(store, settings):
    result = run(store, "heures-du", {"par": "modalite"}, settings=settings)
    assert [r["cle"] for r in result.records()] == ["Distanciel", "Présentiel"]


def test_another_public_base_iri(library, tmp_path, settings):
    """With --base-iri, the BASE line is rewritten and relative IRIs follow the rebased data."""
    base = "https://example.org/sg/"
    text = library.get("heures-du").sparql({}, base_iri=base)
    assert f"BASE <{base}>" in text and "w3id.org/sens-graph/>" not in text.split("PREFIX")[0]
    rebased = Settings(project_dir=settings.project_dir, base_iri=base, dist_dir_name="no-such-dist")
    rebased_store = open_store(rebased)
    default = library.run(open_store(settings, prefer_dist=False), "heures-du", {"par": "domaine"})
    moved = library.run(rebased_store, "heures-du", {"par": "domaine"}, base_iri=base)
    assert moved.rows == default.rows
    gaps = library.run(rebased_store, "ecarts-au-socle-postbac", {"referentiel": "ambulanciers"}, base_iri=base)
    assert len(gaps) > 0


# ---------------------------------------------------------------- malformed query files


def test_header_fields_are_required(tmp_path):
    path = tmp_path / "sans-titre.rq"
    path.write_text("# question-fr: ?\n# question-en: ?\n# returns: a\nSELECT ?a WHERE {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="'title' is missing"):
        parse_query_file(path)


def test_a_parameterised_query_needs_its_values_line(tmp_path):
    path = tmp_path / "sans-values.rq"
    path.write_text("# title: t\n# question-fr: q\n# question-en: q\n# param: x (text) = \"a\" — x\n"
                    "# returns: x\nSELECT ?x WHERE { BIND(?x AS ?y) }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="VALUES"):
        parse_query_file(path)


def test_malformed_parameter_declarations(tmp_path):
    for spec, message in (("x text = 1 — x", "malformed"), ("x (colour) — x", "unknown kind"),
                          ("x (choice:) — x", "declares no choices")):
        path = tmp_path / "p.rq"
        path.write_text(f"# title: t\n# question-fr: q\n# question-en: q\n# param: {spec}\n# returns: x\n"
                        f"SELECT ?x WHERE {{ VALUES (?x) {{ (UNDEF) }}  {PARAMS_MARKER}\n}}\n", encoding="utf-8")
        with pytest.raises(QueryError, match=message):
            parse_query_file(path)


def test_a_small_library_from_a_folder(tmp_path):
    (tmp_path / "qc").mkdir()
    (tmp_path / "qc" / "x-violation.rq").write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    (tmp_path / "compte.rq").write_text(
        "# title: Compte\n# question-fr: Combien ?\n# question-en: How many?\n"
        "# param: classe (iri) = \"def#Thing\" — classe / class\n# returns: n\n"
        "BASE <https://w3id.org/sens-graph/>\n"
        "SELECT (COUNT(?s) AS ?n) WHERE {\n  VALUES (?classe) { (<https://w3id.org/sens-graph/def#Thing>) }"
        f"  {PARAMS_MARKER}\n  ?s a ?classe }}\n", encoding="utf-8")
    lib = QueryLibrary.load(tmp_path)
    assert lib.names() == ["compte"]
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode(str(RDF.type)),
                  ox.NamedNode("https://w3id.org/sens-graph/def#Thing"), ox.NamedNode("http://e/g")))
    assert lib.run(s, "compte").column("n") == [1]
    assert lib.run(s, "compte", {"classe": "http://e/Other"}).column("n") == [0]
    with pytest.raises(QueryError, match="does not exist"):
        QueryLibrary.load(tmp_path / "absent")
