"""A query starting with a UTF-8 byte-order mark got a parser error that did not say so (issue 10):
the endpoint and the ``queries/*.rq`` readers drop the mark.
"""

from __future__ import annotations

from pathlib import Path

from server.conftest import client, mini_project, server_options  # noqa: F401

from sens_graph.queries import parse_query_file
from sens_graph.server.context import load_query_library

BOM = "\ufeff"
QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2004/02/skos/core#notation> ?o }"


def _count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_endpoint_drops_the_byte_order_mark(client):  # noqa: F811
    expected = _count(client.get("/sparql", params={"query": QUERY}))
    assert expected == 2  # the two competences of the mini build
    assert _count(client.get("/sparql", params={"query": BOM + QUERY})) == expected
    assert _count(client.post("/sparql", data={"query": BOM + QUERY})) == expected
    assert _count(client.post("/sparql", content=(BOM + QUERY).encode("utf-8"),
                              headers={"Content-Type": "application/sparql-query"})) == expected


LIBRARY_FILE = """# title: Compétences notées
# question-fr: Combien de compétences ont une notation ?
# question-en: How many competences have a notation?
# returns: n
""" + QUERY + "\n"


def test_library_files_with_a_byte_order_mark(tmp_path: Path):
    path = tmp_path / "competences-notees.rq"
    path.write_text(LIBRARY_FILE, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    query = parse_query_file(path)
    assert query.title == "Compétences notées"
    assert not query.text.startswith(BOM)
    library = load_query_library(tmp_path)
    assert [q.title for q in library] == ["Compétences notées"]
    assert library[0].question_fr == "Combien de compétences ont une notation ?"
    assert not library[0].text.startswith(BOM)
