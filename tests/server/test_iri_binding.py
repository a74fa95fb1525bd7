"""IRIs the server puts into SPARQL are bound through :func:`sens_graph.iri.sparql_iri` (pyoxigraph's
strict IRI parser), not pasted with f-strings (issue 11, item 2). A linked-data path whose IRI is no
IRI (``%zz`` is no percent-encoding, ``[`` is no IRI character) is 404 before any query is sent.
(Not a regression test: no served page was found to misbehave before; this is hardening.)
"""

from __future__ import annotations

import pytest

from sens_graph.iri import sparql_iri, sparql_string, sparql_values


@pytest.mark.parametrize("path", ["/referentiel/a%25zz", "/referentiel/a%5Bx%5D.ttl", "/a%25zz.html"])
def test_a_path_that_is_no_iri_is_404(client, path):
    for method in ("GET", "HEAD"):
        r = client.request(method, path, follow_redirects=False)
        assert r.status_code == 404, (method, path, r.status_code, r.text)


def test_sparql_iri_refuses_what_would_end_the_term():
    assert sparql_iri("https://w3id.org/sens-graph/referentiel/x") == "<https://w3id.org/sens-graph/referentiel/x>"
    for bad in ("https://w3id.org/x> } ; DROP ALL ; #", "https://w3id.org/a b", "https://w3id.org/%zz", "relative"):
        with pytest.raises(ValueError, match="not an IRI"):
            sparql_iri(bad)
    assert sparql_values(["http://a.org/1", "http://a.org/2"]) == "<http://a.org/1> <http://a.org/2>"
    assert sparql_string('a"b\\c') == '"a\\"b\\\\c"'
