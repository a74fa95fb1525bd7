"""``sens-graph query`` and ``sens-graph analytics`` from the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from sens_graph.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def project(settings) -> list[str]:
    return ["--project-dir", str(settings.project_dir)]


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_list(project):
    result = invoke("query", "--list", *project)
    assert result.exit_code == 0
    assert "referentiel-d-une-profession:" in result.output
    assert "param profession (text) = Infirmier" in result.output
    assert "returns: nom_profession, famille" in result.output


def test_csv_output(project):
    result = invoke("query", "heures-par-domaine-cote-a-cote", "--format", "csv", *project)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    socle = next(r for r in rows if r["version"] == "V1.1.2022")
    assert [socle[f"domaine_{i}"] for i in range(1, 6)] == ["6", "5", "5", "6", "6"]
    assert socle["total_imprime"] == "28" and socle["total_coherent"] == "true"


def test_json_output_with_parameters(project):
    result = invoke("query", "referentiel-d-une-profession", "--param", "profession=Ambulancier",
                    "-p", "toutes_versions=false", "--format", "json", *project)
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["params"] == {"profession": "Ambulancier", "toutes_versions": False}
    assert {r["version"] for r in payload["rows"]} == {"V.1.1.2023"}
    assert sum(1 for _ in payload["rows"]) == 45


def test_table_output(project):
    result = invoke("query", "heures-du", "-p", "par=modalite", *project)
    assert result.exit_code == 0
    assert "Distanciel" in result.output and "Présentiel" in result.output and "2 row(s)" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["query", "nope"], "valid queries:"),
    (["query"], "give a query name"),
    (["query", "heures-du", "-p", "par=trimestre"], "valid values: domaine, niveau"),
    (["query", "heures-du", "-p", "dimension=domaine"], "valid parameters: par"),
    (["query", "heures-du", "-p", "par"], "is not name=value"),
    (["query", "heures-du", "--format", "xml"], "valid formats: table, csv, json"),
    (["query", "referentiel-d-une-profession", "-p", 'profession=Infirmier" } UNION { ?s ?p ?o'],
     "unknown value"),
])
def test_errors_exit_1_with_the_valid_choices(project, args, message):
    result = invoke(*args, *project)
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_analytics_command(project, tmp_path):
    out = tmp_path / "figures"
    result = invoke("analytics", "--out", str(out), *project)
    assert result.exit_code == 0, result.output
    assert "sans cycle" in result.output
    assert "Fondamentaux des données de santé → Application et traitement des données de santé" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{name}.{ext}" for name in ("recouvrement-referentiels", "couverture-socle-par-du",
                                     "reseau-correspondances", "progression-du") for ext in ("png", "svg"))
