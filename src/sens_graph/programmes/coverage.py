"""Coverage of the applicable framework version by a programme (``sens-graph coverage``).

Built on two library queries with a ``programme`` parameter (``queries/couverture-d-un-programme.rq``,
``queries/enseignements-d-un-programme.rq``); the counting rules of issue 12 are applied here:

* a competence is covered when it or one of its capacities has a coverage row;
* a capacity is covered only through a row on the capacity itself (a competence-level row does not
  cover its capacities); ``partial`` counts the covered capacities whose rows are all ``partielle``;
* ``heures.total`` is the programme's hours (each hour counted once: a course's hours are not added
  when its module carries hours), ``None`` when no course or module states hours;
  ``par_domaine`` sums the hours written on the coverage rows per domain notation (domains whose rows
  state no hours are absent); ``attendues_par_domaine`` are the framework's printed hours per domain.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ..errors import QueryError
from ..queries import QueryableGraph, QueryLibrary

COVERAGE_QUERY = "couverture-d-un-programme"
COURSES_QUERY = "enseignements-d-un-programme"
REPORT_FORMATS = ("table", "json", "csv")


def _code_key(code: str) -> list[int]:
    return [int(part) if part.isdigit() else 0 for part in code.split(".")]


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def coverage_report(store: QueryableGraph, library: QueryLibrary, programme: str, *,
                    base_iri: str | None = None) -> dict[str, Any]:
    """The coverage report of ``programme`` (its identifier), as the JSON object of issue 12.

    Keys: ``programme``, ``referentiel``, ``competences`` {``total``, ``covered``, ``uncovered``},
    ``capacites`` {``total``, ``covered``, ``partial``, ``uncovered``}, ``heures`` {``total``,
    ``par_domaine``, ``attendues_par_domaine``}. Raises :class:`~sens_graph.errors.QueryError` for an
    unknown programme or one with no applicable framework (or more than one)."""
    kwargs = {"base_iri": base_iri} if base_iri else {}
    rows = library.run(store, COVERAGE_QUERY, {"programme": programme}, **kwargs).records()
    if not rows:
        raise QueryError(f"programme {programme!r}: unknown, or no framework applies to it "
                         "(give it target professions or a referentiel)")
    frameworks = sorted({r["referentiel"] for r in rows})
    if len(frameworks) > 1:
        raise QueryError(f"programme {programme!r}: its target professions lead to several frameworks "
                         f"({', '.join(frameworks)}); set its referentiel")
    competences: set[str] = set()
    capacities: set[str] = set()
    covered_competences: set[str] = set()
    capacity_relations: dict[str, set[str]] = defaultdict(set)
    expected: dict[str, Decimal] = {}
    by_domain: dict[str, Decimal] = defaultdict(Decimal)
    seen_rows: set[tuple[str, str, str]] = set()
    for row in rows:
        code, level, domain = row["code"], row["niveau_element"], row["domaine"]
        if domain is not None and row["heures_attendues_domaine"] is not None:
            expected[str(domain)] = Decimal(str(row["heures_attendues_domaine"]))
        if level == "competence":
            competences.add(code)
        else:
            capacities.add(code)
        if row["enseignement_iri"] is None:
            continue
        if level == "competence":
            covered_competences.add(code)
        else:
            covered_competences.add(code.rsplit(".", 1)[0])
            capacity_relations[code].add(row["relation"])
        key = (str(row["element_iri"]), str(row["enseignement_iri"]), str(row["relation"]))
        if row["heures"] is not None and key not in seen_rows:
            by_domain[str(domain)] += Decimal(str(row["heures"]))
        seen_rows.add(key)
    courses = library.run(store, COURSES_QUERY, {"programme": programme}, **kwargs).records()
    counted = {r["element_iri"]: Decimal(str(r["heures"])) for r in courses if r["compte_dans_total"]}
    total = sum(counted.values(), Decimal(0)) if counted else None
    uncovered_caps = sorted(capacities - set(capacity_relations), key=_code_key)
    return {
        "programme": programme,
        "referentiel": frameworks[0],
        "competences": {
            "total": len(competences),
            "covered": len(covered_competences & competences),
            "uncovered": sorted(competences - covered_competences, key=_code_key),
        },
        "capacites": {
            "total": len(capacities),
            "covered": len(capacity_relations),
            "partial": sum(1 for rels in capacity_relations.values() if rels == {"partielle"}),
            "uncovered": uncovered_caps,
        },
        "heures": {
            "total": None if total is None else _number(total),
            "par_domaine": {d: _number(h) for d, h in sorted(by_domain.items(), key=lambda kv: _code_key(kv[0]))},
            "attendues_par_domaine": {d: _number(h) for d, h in sorted(expected.items(),
                                                                        key=lambda kv: _code_key(kv[0]))},
        },
    }


def render_report(report: dict[str, Any], fmt: str = "table") -> str:
    """The report as ``json``, ``csv`` (one line per figure) or a French ``table`` for people."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    comp, cap, hours = report["competences"], report["capacites"], report["heures"]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["programme", "referentiel", "mesure", "cle", "valeur"])
        base = [report["programme"], report["referentiel"]]
        for name in ("total", "covered"):
            writer.writerow([*base, "competences", name, comp[name]])
        writer.writerow([*base, "competences", "uncovered", " ".join(comp["uncovered"])])
        for name in ("total", "covered", "partial"):
            writer.writerow([*base, "capacites", name, cap[name]])
        writer.writerow([*base, "capacites", "uncovered", " ".join(cap["uncovered"])])
        writer.writerow([*base, "heures", "total", "" if hours["total"] is None else hours["total"]])
        for domain, value in hours["par_domaine"].items():
            writer.writerow([*base, "heures.par_domaine", domain, value])
        for domain, value in hours["attendues_par_domaine"].items():
            writer.writerow([*base, "heures.attendues_par_domaine", domain, value])
        return out.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}; valid formats: {', '.join(REPORT_FORMATS)}")
    lines = [
        f"Programme {report['programme']} — référentiel {report['referentiel']}",
        f"  compétences couvertes : {comp['covered']}/{comp['total']}"
        + (f" (non couvertes : {', '.join(comp['uncovered'])})" if comp["uncovered"] else ""),
        f"  capacités couvertes   : {cap['covered']}/{cap['total']} dont {cap['partial']} partiellement",
        f"  capacités non couvertes ({len(cap['uncovered'])}) : {', '.join(cap['uncovered']) or 'aucune'}",
        "  heures du programme   : "
        + ("inconnues (aucun enseignement n'indique d'heures)" if hours["total"] is None else f"{hours['total']} h"),
        "  heures par domaine    : domaine, heures des lignes de couverture / heures attendues par le référentiel",
    ]
    for domain, due in hours["attendues_par_domaine"].items():
        got = hours["par_domaine"].get(domain)
        lines.append(f"    {domain} : {'inconnues' if got is None else f'{got} h'} / {due} h")
    return "\n".join(lines) + "\n"


__all__ = ["COURSES_QUERY", "COVERAGE_QUERY", "REPORT_FORMATS", "coverage_report", "render_report"]
