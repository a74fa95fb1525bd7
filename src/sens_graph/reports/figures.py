"""The report's figures, drawn by :mod:`sens_graph.analytics` (PNG for the pages, SVG alongside).

``run_analytics`` writes its figures into ``figures/`` of the output folder; each one is
attached to the section it illustrates. If the analytics cannot run (for instance a cycle in
the progression graph), the report is still written and the first section says why the
figures are missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import SensGraphError
from ..queries import QueryLibrary
from .model import Figure, Report

FIGURES_DIR = "figures"

# analytics figure name → (section id, title, caption)
PLACEMENT: dict[str, tuple[str, str, str]] = {
    "couverture-socle-par-du": (
        "couverture-socle", "Couverture des capacités du socle post-bac par le DU",
        "Pour chaque compétence du socle post-bac V1.1.2022, nombre de ses capacités couvertes (vert) et non "
        "couvertes (orange) par un module ou un enseignement du DU (requête couverture-socle-par-du)."),
    "recouvrement-referentiels": (
        "referentiels-professions", "Recouvrement des référentiels (capacités communes)",
        "Indice de Jaccard des capacités communes à deux référentiels, d'après les correspondances de capacités "
        "identiques ou reformulées (module d'analyse, networkx)."),
    "reseau-correspondances": (
        "referentiels-professions", "Réseau des correspondances",
        "Les éléments reliés par une correspondance, colorés par référentiel ; les liens reconstruits sont en "
        "pointillés."),
    "progression-du": (
        "heures-du", "Progression du DU : modules par niveau et par domaine",
        "Graphe orienté des modules (Débutant → Intermédiaire → Avancé) ; vérifié sans cycle."),
}


def write_figures(report: Report, store: Any, library: QueryLibrary, settings: Settings, out_dir: Path) -> list[Path]:
    """Draw the figures into ``out_dir/figures`` and attach them to their sections."""
    from ..analytics import run_analytics

    target = out_dir / FIGURES_DIR
    sections = {s.id: s for s in report.sections}
    try:
        summary = run_analytics(store, target, settings=settings, library=library)
    except SensGraphError as exc:
        first = report.sections[0]
        first.intro.append(f"Figures indisponibles : l'analyse du graphe a échoué ({exc}).")
        return []
    written = list(summary.figures)
    for name, (section_id, title, caption) in PLACEMENT.items():
        png = target / f"{name}.png"
        if section_id not in sections or not png.is_file():
            continue
        svg = target / f"{name}.svg"
        sections[section_id].figures.append(Figure(
            id=f"figure-{name}", title=title, caption=caption, path=f"{FIGURES_DIR}/{name}.png",
            svg=f"{FIGURES_DIR}/{name}.svg" if svg.is_file() else None))
    return written
