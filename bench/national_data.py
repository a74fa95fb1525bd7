"""Synthetic national programmes for the scale benchmark (issue 13), in the template's CSV form.

``generate(n, out_dir, seed=…)`` writes ``n`` programme folders, each the CSV form of the
programme workbook (``programme.csv`` with ``champ,valeur``; ``enseignements.csv``;
``couverture.csv``; the column names are the template's contract, issue 12), so that the real
import and build path is what the benchmark measures. The shape follows the real programmes:
the DU CNS has 90 courses over 8 teaching units, 165 h, and 118 coverage rows of the post-bac
core; institutions have several programmes; each programme targets one profession and covers
the framework version that applies to it, with the real competence and capacity codes.

Deterministic: the same ``n`` and ``seed`` give byte-identical files. Nothing here is data about
real institutions: names are numbered (« Institut de formation 042 »), marked synthetic.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

SENS = "https://w3id.org/sens-graph/def#"
BASE = "https://w3id.org/sens-graph/"

FAMILY_WEIGHTS = {
    "famille/professions-de-sante-niveau-4-a-8": 60,
    "famille/aides-soignants-et-auxiliaires-de-puericulture": 15,
    "famille/ambulanciers": 8,
    "famille/assistants-de-regulation-medicale": 4,
    "famille/travailleurs-sociaux-educateurs-et-assistants": 6,
    "famille/travailleurs-sociaux-accompagnants": 4,
    "famille/mediateurs-numeriques": 3,
}
"""Share of programmes per profession family (post-bac health professions dominate)."""

LEVELS = ("Débutant", "Intermédiaire", "Avancé")
MODALITIES = ("présentiel", "distanciel", "hybride")
KINDS = ("IFSI", "IFAS", "UFR de médecine", "UFR de pharmacie", "école de sages-femmes", "IFA", "CESU",
         "IRTS", "institut de formation")

_FRAMEWORKS = f"""
PREFIX sens: <{SENS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?version ?family ?competence ?notation ?capacity ?order WHERE {{
  ?version a sens:FrameworkVersion ; sens:appliesTo ?family .
  FILTER NOT EXISTS {{ ?newer prov:wasRevisionOf ?version }}
  ?competence a sens:Competence ; skos:inScheme ?version ; skos:notation ?notation .
  OPTIONAL {{ ?capacity sens:ofCompetence ?competence ; sens:order ?order }}
}}"""

_PROFESSIONS = f"""
PREFIX sens: <{SENS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?family ?label WHERE {{
  ?p a sens:Profession ; sens:inFamily ?family ; skos:prefLabel ?label . FILTER(lang(?label) = "fr")
}}"""


@dataclass
class Framework:
    """One framework version: its key (``socle-postbac/v1.1.2022``) and element codes."""

    key: str
    family: str
    competences: list[str]
    capacities: list[str]


def real_frameworks(store: ox.Store) -> dict[str, Framework]:
    """Family path → the current framework version that applies to it (no later revision), with its codes."""
    by_version: dict[str, Framework] = {}
    for row in store.query(_FRAMEWORKS, use_default_graph_as_union=True):
        version = row["version"].value
        key = version.removeprefix(BASE + "referentiel/")
        fw = by_version.setdefault(version, Framework(key, row["family"].value.removeprefix(BASE), [], []))
        notation = row["notation"].value
        if notation not in fw.competences:
            fw.competences.append(notation)
        if row["order"] is not None:
            code = f"{notation}.{row['order'].value}"
            if code not in fw.capacities:
                fw.capacities.append(code)
    chosen: dict[str, Framework] = {}
    for fw in sorted(by_version.values(), key=lambda f: f.key):
        fw.competences.sort(key=_code_key)
        fw.capacities.sort(key=_code_key)
        chosen[fw.family] = fw
    return chosen


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in code.replace("-", ".").split("."))


def professions(store: ox.Store) -> dict[str, list[str]]:
    """Family path → the French labels of its professions (sorted)."""
    out: dict[str, list[str]] = {}
    for row in store.query(_PROFESSIONS, use_default_graph_as_union=True):
        out.setdefault(row["family"].value.removeprefix(BASE), []).append(row["label"].value)
    return {k: sorted(v) for k, v in out.items()}


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(n: int, out_dir: Path, store: ox.Store, *, seed: int = 2026, courses: int = 60,
             rows_per_course: int = 6) -> list[Path]:
    """Write ``n`` synthetic programmes under ``out_dir`` (one folder each); returns the folders.

    ``courses`` is the mean number of courses per programme (20 %–180 % of it), and
    ``rows_per_course`` the mean number of coverage rows per course.
    """
    rng = random.Random(seed)
    frameworks = real_frameworks(store)
    labels = professions(store)
    families = [f for f in FAMILY_WEIGHTS if f in frameworks and labels.get(f)]
    weights = [FAMILY_WEIGHTS[f] for f in families]
    teachers = [f"Intervenant {i:04d}" for i in range(1, 4001)]
    out_dir.mkdir(parents=True, exist_ok=True)
    folders = []
    for p in range(1, n + 1):
        family = rng.choices(families, weights)[0]
        fw = frameworks[family]
        institution = p // 3 + 1
        ident = f"synthetique-{p:05d}"
        folder = out_dir / ident
        folder.mkdir(exist_ok=True)
        _write_csv(folder / "programme.csv", ["champ", "valeur"], [
            ["identifiant", ident],
            ["titre", f"Programme synthétique {p:05d} — numérique en santé"],
            ["etablissement", f"{rng.choice(KINDS)} synthétique {institution:03d}"],
            ["annee_universitaire", "2026-2027"],
            ["professions", rng.choice(labels[family])],
            ["referentiel", fw.key],
            ["url", f"https://example.org/synthetique/{ident}"],
        ])
        n_courses = max(1, round(courses * rng.uniform(0.2, 1.8)))
        course_rows, coverage_rows = [], []
        for c in range(1, n_courses + 1):
            course = f"E{c:03d}"
            hours = rng.choice((0.5, 1, 1.5, 2, 3, 4, 6))
            names = ";".join(rng.sample(teachers, rng.choice((1, 1, 2))))
            course_rows.append([course, f"Enseignement synthétique {c:03d}", f"UE{(c - 1) // 12 + 1}",
                                rng.choice(LEVELS), hours, rng.choice(MODALITIES), f"S{rng.randint(1, 6)}", names])
            k = max(1, round(rows_per_course * rng.uniform(0.3, 1.7)))
            elements = rng.sample(fw.capacities + fw.competences, min(k, len(fw.capacities) + len(fw.competences)))
            for element in elements:
                coverage_rows.append([course, element, rng.choice(("totale", "totale", "partielle")),
                                      round(hours / len(elements), 2), "Correspondance synthétique (banc d'essai)",
                                      "bench/national_data.py", "2026-11-30", rng.choice((0.6, 0.8, 0.9, 1.0))])
        _write_csv(folder / "enseignements.csv",
                   ["identifiant", "intitule", "unite", "niveau", "heures", "modalite", "semestre", "intervenants"],
                   course_rows)
        _write_csv(folder / "couverture.csv",
                   ["enseignement", "element", "relation", "heures", "justification", "auteur", "date", "confiance"],
                   coverage_rows)
        folders.append(folder)
    return folders
