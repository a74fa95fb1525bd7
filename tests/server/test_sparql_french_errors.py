"""The endpoint's error messages in French, the interface's language (issue 14), with the parser's
own position kept readable; API clients still get a plain-text body and the protocol's status codes."""

from __future__ import annotations

import pytest

from sens_graph.server.sparql import french_message
from sens_graph.store import QuerySyntaxError, QueryTimeout, ResultTooLarge, ServiceRefused, StoreBusy


def test_syntax_error_names_line_and_column_in_french(client):
    r = client.post("/sparql", content=b"SELECT ?x\nWHERE { ?x ?p }",
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text.startswith("Requête SPARQL mal formée, ligne 2, colonne ")
    assert " : on attendait l'un de : " in r.text  # the tokens the parser expected, as it lists them


def test_federated_query_is_refused_in_french(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 403
    assert r.text == ("Les requêtes fédérées (SERVICE) sont refusées : ce point d'accès n'ouvre aucune "
                      "connexion sortante.\n")


@pytest.mark.parametrize("how", ["update-parameter", "update-media-type", "update-in-query"])
def test_update_is_refused_in_french(client, how):
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    if how == "update-parameter":
        r = client.post("/sparql", data={"update": update})
    elif how == "update-media-type":
        r = client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"})
    else:
        r = client.get("/sparql", params={"query": update})
    assert r.status_code == 403
    assert r.text.lower().startswith("ce point d'accès est en lecture seule : les mises à jour sparql (update) "
                                     "sont refusées")


def test_protocol_errors_speak_french(client):
    r = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/turtle"})
    assert r.status_code == 415 and "envoyez la requête par POST en application/x-www-form-urlencoded" in r.text
    assert "(reçu : text/turtle)" in r.text
    r = client.post("/sparql", content=b"", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and r.text.startswith("aucune requête : envoyez un paramètre query")
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.text.startswith("aucun type de média acceptable")


@pytest.mark.parametrize(("error", "french"), [
    (QueryTimeout("the query was stopped after 2.5 s (the time limit)"),
     "Délai dépassé : la requête a été arrêtée après 2.5 s (la limite de temps). Simplifiez-la ou ajoutez une LIMIT."),
    (QueryTimeout("the remote endpoint did not answer within 20 s"),
     "Délai dépassé : le point d'accès distant n'a pas répondu en 20 s."),
    (StoreBusy("every query worker stayed busy for 5 s"),
     "Serveur occupé : aucun processus de requête ne s'est libéré en 5 s. Réessayez."),
    (ResultTooLarge("the result is larger than 200000 bytes"),
     "La réponse dépasse la taille permise : ajoutez une LIMIT (détail : the result is larger than 200000 bytes)."),
    (QuerySyntaxError("error at 3:7: expected ')'"),
     "Requête SPARQL mal formée, ligne 3, colonne 7 : on attendait : ')'"),
    (ServiceRefused("anything"), "Les requêtes fédérées (SERVICE) sont refusées : ce point d'accès n'ouvre aucune "
                                 "connexion sortante."),
])
def test_store_messages_in_french_keep_their_figures(error, french):
    """The store's messages (timeouts, busy workers, size cap) as the endpoint says them."""
    assert french_message(error) == french
