"""Graph analytics with networkx: progression DAG, overlap between frameworks, crosswalk network, figures.

Everything is read from an Oxigraph store of the whole graph (``queries.load_graph_store``), through
the query library where a library query answers the question, otherwise through its own queries
in ``queries/analytics/`` (run through the same library, not listed among the user's questions).
The functions are small and separate so that the reports can reuse them (and their figures):

* :func:`progression_graph` — the DU modules as a DAG: within each domain (teaching unit), every
  module of a level is a prerequisite of the modules of the next level (the brochure: « Il est
  nécessaire de valider un niveau pour passer au suivant »), plus any explicit prerequisite the
  graph states (``schema:coursePrerequisites``); the levels themselves (Débutant → Intermédiaire →
  Avancé, by ``sens:rank``) form a chain. :func:`check_acyclic`, :func:`learning_paths`,
  :func:`topological_order`.
* :func:`crosswalk_graph` — an undirected graph of the items of the frameworks (competences,
  capacities), the DU (modules, courses, micro-competences) and RNCP36050, with one edge per
  mapping (predicate, status, confidence as attributes); :func:`orphans` lists the items no
  mapping reaches.
* :func:`capacity_classes` / :func:`overlap_matrix` — capacities that are the same sentence
  across frameworks (``exactMatch``/``closeMatch`` mappings, connected components) and the
  Jaccard index of every pair of frameworks over these classes; :func:`most_shared_capacities`
  ranks the classes by the number of frameworks and of professions they reach.
* :func:`write_figures` — PNG and SVG (matplotlib, Agg backend): the overlap heatmap, the DU
  coverage of the post-bac core, the crosswalk network, the progression DAG.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pyoxigraph as ox

from .config import Settings
from .errors import AnalyticsError
from .queries import QueryableGraph, QueryLibrary, as_oxigraph, default_library, library_for

EQUIVALENT_PREDICATES = ("exactMatch", "closeMatch")
FIGURE_FORMATS = ("png", "svg")


ANALYTICS_QUERIES = "analytics"
"""The folder of ``queries/`` that holds the analytics' own queries (not part of the user-facing library)."""


def analytics_library(settings: Settings | None = None) -> QueryLibrary:
    """The queries of ``queries/analytics/`` (read once per folder)."""
    return library_for((settings or Settings()).queries_dir / ANALYTICS_QUERIES)


def _rows(store: QueryableGraph, name: str, settings: Settings | None = None) -> list[dict[str, Any]]:
    """The rows of ``queries/analytics/<name>.rq`` on ``store``, each term as a plain Python value."""
    sparql = analytics_library(settings).get(name).sparql()
    solutions = as_oxigraph(store).query(sparql, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row = {}
        for name in names:
            term = solution[name]
            row[name] = _plain(term)
        rows.append(row)
    return rows


def _plain(term: object) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value  # NamedNode / BlankNode


# --------------------------------------------------------------------------------------------
# Progression DAG
# --------------------------------------------------------------------------------------------



def progression_graph(store: QueryableGraph, settings: Settings | None = None) -> nx.DiGraph:
    """The DU progression as a directed graph (edges: prerequisite → next).

    Nodes are the modules (attributes ``kind="module"``, ``label``, ``units`` (labels of the
    domains it belongs to), ``rank``, ``level``, ``hours``) and the proficiency levels
    (``kind="level"``). A module with no level is kept, without level edges.
    """
    g = nx.DiGraph()
    levels = sorted(_rows(store, "niveaux", settings), key=lambda r: r["rank"])
    for row in levels:
        g.add_node(row["level"], kind="level", label=row["label"], rank=row["rank"])
    for before, after in itertools.pairwise(levels):
        g.add_edge(before["level"], after["level"], kind="level")
    by_unit: dict[str, list[dict]] = defaultdict(list)
    for row in _rows(store, "modules-du", settings):
        node = g.nodes.get(row["module"])
        if node is None:
            g.add_node(row["module"], kind="module", label=row["label"], units=[], unit_orders=[],
                       rank=row["rank"], level=row["level_label"], hours=row["hours"], order=row["order"])
            node = g.nodes[row["module"]]
        if row["unit_label"] not in node["units"]:
            node["units"].append(row["unit_label"])
            node["unit_orders"].append(row["unit_order"])
        by_unit[row["unit_label"]].append(row)
    for rows in by_unit.values():
        ranked = defaultdict(set)
        for row in rows:
            if row["rank"] is not None:
                ranked[row["rank"]].add(row["module"])
        ranks = sorted(ranked)
        for low, high in itertools.pairwise(ranks):
            for a in sorted(ranked[low]):
                for b in sorted(ranked[high]):
                    g.add_edge(a, b, kind="level-prerequisite")
    for row in _rows(store, "prerequis", settings):
        g.add_edge(row["prerequisite"], row["module"], kind="stated-prerequisite")
    return g


def check_acyclic(g: nx.DiGraph) -> None:
    """Raise :class:`AnalyticsError` naming a cycle if the progression graph has one."""
    if not nx.is_directed_acyclic_graph(g):
        cycle = nx.find_cycle(g)
        names = " → ".join(g.nodes[a].get("label", a) for a, _ in cycle)
        raise AnalyticsError(f"the progression graph has a cycle: {names}")


def topological_order(g: nx.DiGraph) -> list[str]:
    """A stable topological order (ties broken by domain, rank, order in the source, label)."""
    check_acyclic(g)

    def key(node: str) -> tuple:
        data = g.nodes[node]
        unit_order = min((o for o in data.get("unit_orders", []) if o is not None), default=99)
        return (0 if data.get("kind") == "level" else 1, unit_order, data.get("rank") or 99,
                data.get("order") or 99, data.get("label", node))

    return list(nx.lexicographical_topological_sort(g, key=key))


def module_subgraph(g: nx.DiGraph, unit: str | None = None) -> nx.DiGraph:
    """The modules (of one domain, by label, case-insensitive) and the prerequisite edges between them."""
    wanted = [n for n, d in g.nodes(data=True) if d.get("kind") == "module"
              and (unit is None or any(u.casefold() == unit.casefold() for u in d.get("units", [])))]
    return g.subgraph(wanted).copy()


def learning_paths(g: nx.DiGraph, unit: str | None = None) -> list[list[str]]:
    """Every path from a module with no prerequisite to a module that leads nowhere (labels, sorted)."""
    sub = module_subgraph(g, unit)
    check_acyclic(sub)
    sources = sorted((n for n in sub if sub.in_degree(n) == 0), key=str)
    sinks = sorted((n for n in sub if sub.out_degree(n) == 0), key=str)
    paths = []
    for s in sources:
        if s in sinks:  # a module with neither prerequisite nor follower is a path of its own
            paths.append([sub.nodes[s]["label"]])
            continue
        for t in sinks:
            for path in nx.all_simple_paths(sub, s, t):
                paths.append([sub.nodes[n]["label"] for n in path])
    return sorted(paths)


# --------------------------------------------------------------------------------------------
# Crosswalk network, overlap, orphans
# --------------------------------------------------------------------------------------------



@dataclass(frozen=True)
class Framework:
    """One framework version taken into account (the latest version of each framework)."""

    iri: str
    label: str
    key: str
    family: str | None = None


def frameworks(store: QueryableGraph, settings: Settings | None = None) -> dict[str, Framework]:
    """Latest framework versions by IRI (the DU competence framework included)."""
    out = {}
    for row in _rows(store, "referentiels-derniere-version", settings):
        out.setdefault(row["version"], Framework(row["version"], row["label"], row["key"], row["family"]))
    return out


def crosswalk_graph(store: QueryableGraph, library: QueryLibrary | None = None,
                    settings: Settings | None = None) -> nx.Graph:
    """Items of every framework, the DU and RNCP36050 (nodes) and the mappings between them (edges).

    Node attributes: ``label``, ``scheme`` (framework version, DU, certification), ``kind``
    (class local name). Edge attributes: ``predicate``, ``status``, ``confidence``, ``mapping_set``.
    Only the latest versions of the frameworks are included.
    """
    latest = frameworks(store, settings)
    g = nx.Graph()
    superseded = {row["v"] for row in _rows(store, "versions-remplacees", settings)}
    for row in _rows(store, "elements-des-referentiels", settings):
        if row["scheme"] in superseded:
            continue
        g.add_node(row["item"], label=row["label"] or row["item"], scheme=row["scheme"], kind=row["kind"],
                   framework=latest[row["scheme"]].key if row["scheme"] in latest else _tail(row["scheme"]))
    lib = library or default_library(settings)
    for rec in lib.run(store, "correspondances", {}).records():
        s, o = rec["sujet"], rec["objet"]
        for node, label, scheme in ((s, rec["sujet_libelle"], rec["sujet_cadre"]),
                                    (o, rec["objet_libelle"], rec["objet_cadre"])):
            if node not in g:
                g.add_node(node, label=label or node, scheme=scheme, kind="other",
                           framework=_tail(scheme) if scheme else "autre")
        g.add_edge(s, o, predicate=rec["predicat"], status=rec["statut_correspondance"],
                   confidence=float(rec["confiance"]) if rec["confiance"] is not None else None,
                   mapping_set=rec["jeu_nom"])
    return g


def _tail(iri: str | None) -> str:
    if not iri:
        return ""
    parts = iri.rstrip("/").split("/")
    return "/".join(parts[-2:]) if parts[-2] not in ("sens-graph", "w3id.org") else parts[-1]


def orphans(g: nx.Graph, kinds: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Items that no mapping reaches, per framework (labels, sorted), optionally only some kinds."""
    wanted = set(kinds) if kinds is not None else None
    out: dict[str, list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        if g.degree(node) == 0 and (wanted is None or data.get("kind") in wanted):
            out[data.get("framework", "")].append(data.get("label", node))
    return {k: sorted(v) for k, v in sorted(out.items())}


def capacity_classes(g: nx.Graph, predicates: Iterable[str] = EQUIVALENT_PREDICATES,
                     kind: str = "Capacity") -> list[set[str]]:
    """Groups of items of one kind that are the same (mapped by the given predicates, transitively)."""
    preds = set(predicates)
    nodes = [n for n, d in g.nodes(data=True) if d.get("kind") == kind]
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from((a, b) for a, b, d in g.edges(data=True)
                       if d.get("predicate") in preds and a in sub and b in sub)
    return sorted((set(c) for c in nx.connected_components(sub)), key=lambda c: sorted(c)[0])


def jaccard(a: set, b: set) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def framework_class_sets(g: nx.Graph, classes: list[set[str]]) -> dict[str, set[int]]:
    """For each framework key, the indexes of the classes it has an item in."""
    out: dict[str, set[int]] = defaultdict(set)
    for i, cls in enumerate(classes):
        for node in cls:
            out[g.nodes[node]["framework"]].add(i)
    return dict(out)


def overlap_matrix(sets: Mapping[str, set]) -> tuple[list[str], list[list[float]]]:
    """Keys (sorted) and the matrix of pairwise Jaccard indexes."""
    keys = sorted(sets)
    return keys, [[jaccard(sets[a], sets[b]) for b in keys] for a in keys]


def most_shared_capacities(store: QueryableGraph, g: nx.Graph, classes: list[set[str]],
                           top: int = 10, settings: Settings | None = None) -> list[dict[str, Any]]:
    """The capacity classes found in the most frameworks, with the number of professions reached."""
    latest = frameworks(store, settings)
    per_family = {row["family"]: row["n"] for row in _rows(store, "professions-par-famille", settings)}
    by_key = {f.key: f for f in latest.values()}
    ranked = []
    for cls in classes:
        keys = sorted({g.nodes[n]["framework"] for n in cls})
        if len(keys) < 2:
            continue
        families = {by_key[k].family for k in keys if k in by_key and by_key[k].family}
        hub = [n for n in cls if g.nodes[n]["framework"] == "socle-postbac"]
        label = g.nodes[sorted(hub or cls)[0]]["label"]
        ranked.append({"capacite": label, "nb_referentiels": len(keys),
                       "nb_professions": sum(per_family.get(f, 0) for f in families),
                       "referentiels": keys})
    ranked.sort(key=lambda r: (-r["nb_referentiels"], -r["nb_professions"], r["capacite"]))
    return ranked[:top]


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


def _save(fig: plt.Figure, out_dir: Path, name: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for ext in FIGURE_FORMATS:
        path = out_dir / f"{name}.{ext}"
        metadata = {"Date": None} if ext == "svg" else {"Software": None}
        with plt.rc_context({"svg.hashsalt": "sens-graph"}):
            fig.savefig(path, format=ext, bbox_inches="tight", dpi=150, metadata=metadata)
        written.append(path)
    plt.close(fig)
    return written


def overlap_heatmap(keys: list[str], matrix: list[list[float]], out_dir: Path,
                    name: str = "recouvrement-referentiels") -> list[Path]:
    """Heatmap of the Jaccard overlap of the frameworks (PNG and SVG)."""
    size = max(4.0, 0.9 * len(keys) + 2)
    fig, ax = plt.subplots(figsize=(size, size * 0.85))
    image = ax.imshow(matrix, vmin=0, vmax=1, cmap="viridis")
    ax.set_xticks(range(len(keys)), labels=keys, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(keys)), labels=keys, fontsize=8)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if value < 0.6 else "black")
    ax.set_title("Capacités communes (indice de Jaccard)\nShared capacities (Jaccard index)", fontsize=10)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return _save(fig, out_dir, name)


def coverage_figure(records: list[dict[str, Any]], out_dir: Path,
                    name: str = "couverture-socle-par-du") -> list[Path]:
    """Per post-bac competence: capacities covered / not covered by the DU (stacked bars)."""
    covered: dict[str, set] = defaultdict(set)
    uncovered: dict[str, set] = defaultdict(set)
    for rec in records:
        if rec["niveau_element"] != "capacite":
            continue
        competence = rec["notation"].split("/")[0]
        (uncovered if rec["couverture"] == "non couverte" else covered)[competence].add(rec["notation"])
    competences = sorted(set(covered) | set(uncovered), key=lambda n: [int(x) for x in n.split(".")])
    yes = [len(covered[c]) for c in competences]
    no = [len(uncovered[c]) for c in competences]
    fig, ax = plt.subplots(figsize=(max(5.0, 0.5 * len(competences) + 2), 4))
    ax.bar(competences, yes, color="#2a9d8f", label="couvertes / covered")
    ax.bar(competences, no, bottom=yes, color="#e76f51", label="non couvertes / not covered")
    ax.set_xlabel("Compétence du socle post-bac / post-bac core competence")
    ax.set_ylabel("Capacités / capacities")
    ax.set_title("Couverture du socle post-bac par le DU / DU coverage of the post-bac core", fontsize=10)
    ax.legend(fontsize=8)
    return _save(fig, out_dir, name)


def network_figure(g: nx.Graph, out_dir: Path, name: str = "reseau-correspondances") -> list[Path]:
    """The crosswalk network (mapped items only), coloured by framework; reconstructed links dashed."""
    sub = g.subgraph([n for n in g if g.degree(n) > 0]).copy()
    groups = sorted({d["framework"] for _, d in sub.nodes(data=True)})
    cmap = plt.get_cmap("tab20")
    colours = {k: cmap(i % 20) for i, k in enumerate(groups)}
    pos = nx.spring_layout(sub, seed=42, k=1.5 / math.sqrt(max(len(sub), 1)))
    fig, ax = plt.subplots(figsize=(12, 10))
    for status, style in (("curated", "solid"), ("stated", "solid"), ("reconstructed", "dashed")):
        edges = [(a, b) for a, b, d in sub.edges(data=True) if d.get("status") == status]
        nx.draw_networkx_edges(sub, pos, edgelist=edges, style=style, alpha=0.4, width=0.6, ax=ax)
    for group in groups:
        nodes = [n for n, d in sub.nodes(data=True) if d["framework"] == group]
        nx.draw_networkx_nodes(sub, pos, nodelist=nodes, node_size=18, node_color=[colours[group]],
                               label=group, ax=ax)
    ax.legend(fontsize=7, markerscale=2, loc="upper left", bbox_to_anchor=(1, 1))
    ax.set_title("Réseau des correspondances (pointillés : reconstruites)\n"
                 "Crosswalk network (dashed: reconstructed)", fontsize=10)
    ax.axis("off")
    return _save(fig, out_dir, name)


def progression_figure(g: nx.DiGraph, out_dir: Path, name: str = "progression-du") -> list[Path]:
    """The module DAG drawn in columns by level, one row band per domain."""
    sub = module_subgraph(g)
    pos = {}
    rows: dict[tuple, int] = {}
    for node in topological_order(sub):
        data = sub.nodes[node]
        unit = data["units"][0] if data["units"] else ""
        column = data.get("rank") or 4
        rows[(unit, column)] = rows.get((unit, column), 0) + 1
        unit_order = min((o for o in data.get("unit_orders", []) if o is not None), default=9)
        pos[node] = (column, -(unit_order * 4 + rows[(unit, column)]))
    fig, ax = plt.subplots(figsize=(14, 12))
    nx.draw_networkx_edges(sub, pos, ax=ax, arrows=True, arrowsize=8, alpha=0.5)
    nx.draw_networkx_nodes(sub, pos, ax=ax, node_size=40, node_color="#264653")
    labels = {n: (d["label"][:45] + ("…" if len(d["label"]) > 45 else "")) for n, d in sub.nodes(data=True)}
    label_pos = {n: (x + 0.04, y) for n, (x, y) in pos.items()}
    nx.draw_networkx_labels(sub, label_pos, labels=labels, font_size=6, ax=ax, horizontalalignment="left")
    ax.set_xlim(0.8, 5.0)
    ax.set_xticks([1, 2, 3, 4], labels=["Débutant", "Intermédiaire", "Avancé", "(sans niveau)"])
    ax.set_title("Progression du DU : modules par niveau et domaine\nDU progression: modules by level and domain",
                 fontsize=10)
    ax.tick_params(left=False, labelleft=False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _save(fig, out_dir, name)


# --------------------------------------------------------------------------------------------
# Everything at once (CLI, reports)
# --------------------------------------------------------------------------------------------


@dataclass
class AnalyticsSummary:
    """What :func:`run_analytics` computed and wrote."""

    modules: int
    prerequisite_edges: int
    acyclic: bool
    topological_order: list[str]
    paths: dict[str, list[list[str]]]
    overlap_keys: list[str]
    overlap: list[list[float]]
    shared: list[dict[str, Any]]
    orphans: dict[str, list[str]]
    figures: list[Path] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"Progression : {self.modules} modules, {self.prerequisite_edges} liens de prérequis, "
                 f"{'sans cycle' if self.acyclic else 'CYCLE'}"]
        for unit, paths in self.paths.items():
            lines.append(f"  {unit} : " + " ; ".join(" → ".join(p) for p in paths))
        lines.append("Recouvrement des capacités (Jaccard) :")
        width = max((len(k) for k in self.overlap_keys), default=0)
        for key, row in zip(self.overlap_keys, self.overlap, strict=True):
            lines.append(f"  {key:<{width}}  " + " ".join(f"{v:.2f}" for v in row))
        lines.append("Capacités les plus partagées :")
        for item in self.shared:
            lines.append(f"  {item['nb_referentiels']} référentiels, {item['nb_professions']} professions : "
                         f"{item['capacite']}")
        lines.append("Éléments sans correspondance (orphelins) :")
        for key, labels in self.orphans.items():
            lines.append(f"  {key} : {len(labels)}")
        lines.append("Figures : " + ", ".join(p.name for p in self.figures))
        return "\n".join(lines)


def run_analytics(store: QueryableGraph, out_dir: Path | None, *, settings: Settings | None = None,
                  library: QueryLibrary | None = None) -> AnalyticsSummary:
    """Compute every analysis; write the figures to ``out_dir`` (none if ``out_dir`` is None)."""
    store = as_oxigraph(store)
    lib = library or default_library(settings)
    progression = progression_graph(store, settings)
    check_acyclic(progression)
    modules = module_subgraph(progression)
    units = sorted({u for _, d in modules.nodes(data=True) for u in d["units"]},
                   key=lambda u: min(o for n, d in modules.nodes(data=True) if u in d["units"]
                                     for o in (d["unit_orders"] or [99]) if o is not None))
    paths = {u: learning_paths(progression, u) for u in units}
    crosswalks = crosswalk_graph(store, lib, settings)
    classes = capacity_classes(crosswalks)
    keys, matrix = overlap_matrix(framework_class_sets(crosswalks, classes))
    summary = AnalyticsSummary(
        modules=modules.number_of_nodes(),
        prerequisite_edges=modules.number_of_edges(),
        acyclic=True,
        topological_order=[progression.nodes[n]["label"] for n in topological_order(progression)],
        paths=paths,
        overlap_keys=keys,
        overlap=matrix,
        shared=most_shared_capacities(store, crosswalks, classes, settings=settings),
        orphans=orphans(crosswalks, kinds=("Competence", "Capacity", "MicroCompetence", "BlockCompetence",
                                           "Module", "Course")),
    )
    if out_dir is not None:
        coverage = lib.run(store, "couverture-socle-par-du", {}).records()
        summary.figures += overlap_heatmap(keys, matrix, out_dir)
        summary.figures += coverage_figure(coverage, out_dir)
        summary.figures += network_figure(crosswalks, out_dir)
        summary.figures += progression_figure(progression, out_dir)
    return summary


__all__ = [
    "ANALYTICS_QUERIES",
    "AnalyticsError",
    "AnalyticsSummary",
    "Framework",
    "analytics_library",
    "capacity_classes",
    "check_acyclic",
    "coverage_figure",
    "crosswalk_graph",
    "framework_class_sets",
    "frameworks",
    "jaccard",
    "learning_paths",
    "module_subgraph",
    "most_shared_capacities",
    "network_figure",
    "orphans",
    "overlap_heatmap",
    "overlap_matrix",
    "progression_figure",
    "progression_graph",
    "run_analytics",
    "topological_order",
]
