"""The DU CNS and the ETU e-Santé through the generic programme model, queries and coverage command."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import SKOS
from typer.testing import CliRunner

from sens_graph.cli import app
from sens_graph.programmes.coverage import coverage_report

SEED_004 = next(Path("/work/shared/seeds").glob("004_*.txt"), None)


def test_du_cns_is_programme_du_cns_with_the_curated_figures(programme_store, programme_library):
    report = coverage_report(programme_store, programme_library, "du-cns")
    assert report["referentiel"] == "socle-postbac/v1.1.2022"
    assert (report["competences"]["total"], report["competences"]["covered"]) == (15, 15)
    assert report["competences"]["uncovered"] == []
    assert (report["capacites"]["total"], report["capacites"]["covered"]) == (80, 63)
    assert len(report["capacites"]["uncovered"]) == 17


def test_du_cns_uncovered_capacities_are_those_of_the_du_specific_query(programme_store, programme_library):
    old = programme_library.run(programme_store, "couverture-socle-par-du",
                                {"niveau": "capacite", "non_couverts": True}).records()
    as_codes = sorted({r["notation"].replace("/", ".") for r in old},
                      key=lambda c: [int(p) for p in c.split(".")])
    report = coverage_report(programme_store, programme_library, "du-cns")
    assert report["capacites"]["uncovered"] == as_codes
    assert "1.2.5" in as_codes and "4.3.1" in as_codes


def test_du_cns_hours_count_each_hour_once(programme_store, programme_library):
    # 19 catalogue modules (146 h) + the portfolio course a3-21 (2 h) of the certification unit; the
    # workshop courses' 5 h are those of their workshop modules and are not added twice.
    report = coverage_report(programme_store, programme_library, "du-cns")
    assert report["heures"]["total"] == 148
    assert report["heures"]["attendues_par_domaine"] == {"1": 6, "2": 5, "3": 5, "4": 6, "5": 6}
    assert report["heures"]["par_domaine"] == {}  # the DU's coverage rows state no hours


def test_etu_e_sante_framework_is_derived_from_medecin(programme_store, programme_library):
    report = coverage_report(programme_store, programme_library, "etu-e-sante")
    assert report["referentiel"] == "socle-postbac/v1.1.2022"
    assert (report["competences"]["covered"], report["competences"]["total"]) == (10, 15)
    assert report["competences"]["uncovered"] == ["3.1", "3.2", "3.3", "4.1", "4.2"]
    capacities = report["capacites"]
    assert (capacities["covered"], capacities["partial"], capacities["total"]) == (17, 10, 80)
    # competence-level rows (2.1, 2.2 from « Éléments de cybersécurité ») cover no capacity of them
    assert {"2.1.1", "2.2.5"} <= set(report["capacites"]["uncovered"])
    assert report["heures"]["total"] is None and report["heures"]["par_domaine"] == {}


def test_etu_e_sante_courses_are_the_17_items_verbatim(programme_library, programme_store, union):
    rows = programme_library.run(programme_store, "enseignements-d-un-programme", {"programme": "etu-e-sante"})
    courses = {r["intitule"] for r in rows.records() if r["type"] == "enseignement"}
    units = {r["intitule"] for r in rows.records() if r["type"] == "unite"}
    assert len(courses) == 17
    assert units == {"Santé numérique", "Télémédecine - Télésanté"}
    context_items = {str(o) for k in (1, 2) for n in range(1, 13)
                     for o in union.objects(URIRef(f"https://w3id.org/sens-graph/etu-e-sante/volet/{k}/item/{n}"),
                                            SKOS.prefLabel)}
    assert courses == context_items
    if SEED_004 is not None:
        seed_items = set(re.findall(r"^- \d+\. (.+)$", SEED_004.read_text(encoding="utf-8"), flags=re.M))
        assert courses <= seed_items


def test_coverage_command_formats(settings):
    runner = CliRunner()
    result = runner.invoke(app, ["coverage", "etu-e-sante", "--format", "json", "--project-dir",
                                 str(settings.project_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"programme", "referentiel", "competences", "capacites", "heures"}
    assert set(report["capacites"]) == {"total", "covered", "partial", "uncovered"}
    assert set(report["heures"]) == {"total", "par_domaine", "attendues_par_domaine"}
    result = runner.invoke(app, ["coverage", "etu-e-sante", "--format", "csv", "--project-dir",
                                 str(settings.project_dir)], catch_exceptions=False)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    figures = {(r["mesure"], r["cle"]): r["valeur"] for r in rows}
    assert figures[("capacites", "covered")] == "17" and figures[("competences", "uncovered")] == "3.1 3.2 3.3 4.1 4.2"
    assert figures[("heures", "total")] == "" and figures[("heures.attendues_par_domaine", "1")] == "6"
    result = runner.invoke(app, ["coverage", "nope", "--project-dir", str(settings.project_dir)])
    assert result.exit_code == 1 and "nope" in result.output
