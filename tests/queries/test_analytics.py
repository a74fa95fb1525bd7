"""networkx analytics: progression DAG, crosswalk network, overlap, figures."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest
from common import PREFIXES
from matplotlib import image as mpimg

from sens_graph.analytics import (
    AnalyticsError,
    capacity_classes,
    check_acyclic,
    coverage_figure,
    crosswalk_graph,
    framework_class_sets,
    jaccard,
    learning_paths,
    module_subgraph,
    most_shared_capacities,
    orphans,
    overlap_heatmap,
    overlap_matrix,
    progression_graph,
    run_analytics,
    topological_order,
)


@pytest.fixture(scope="module")
def progression(store) -> nx.DiGraph:
    return progression_graph(store)


@pytest.fixture(scope="module")
def crosswalks(store, library) -> nx.Graph:
    return crosswalk_graph(store, library)


# ---------------------------------------------------------------- progression DAG


def test_progression_is_a_dag(progression):
    check_acyclic(progression)
    assert nx.is_directed_acyclic_graph(progression)
    modules = module_subgraph(progression)
    assert modules.number_of_nodes() == 23  # the maquette's modules (data/du-cns/maquette.ttl)


def test_levels_are_chained(progression):
    levels = [d["label"] for _, d in sorted(
        ((n, d) for n, d in progression.nodes(data=True) if d["kind"] == "level"), key=lambda x: x[1]["rank"])]
    assert levels == ["Débutant", "Intermédiaire", "Avancé"]
    order = topological_order(progression)
    labels = [progression.nodes[n]["label"] for n in order]
    assert labels.index("Débutant") < labels.index("Intermédiaire") < labels.index("Avancé")


def test_a_known_learning_path(progression):
    assert learning_paths(progression, "Données de santé") == [[
        "Fondamentaux des données de santé", "Application et traitement des données de santé",
        "Exploitation et innovation des données de santé"]]
    # Télésanté has two Débutant modules, each a prerequisite of the Intermédiaire one
    tele = learning_paths(progression, "télésanté")
    assert ["Cadre légal et réglementaire de la télésanté",
            "Bonnes pratiques pour la qualité et la sécurité des soins en télésanté",
            "Conception et déploiement de projets de télésanté"] in tele
    # the initiation modules are all Débutant: three paths of one module
    assert all(len(p) == 1 for p in learning_paths(progression, "Initiation à la santé numérique"))


def test_topological_order_respects_prerequisites(progression):
    order = topological_order(progression)
    position = {n: i for i, n in enumerate(order)}
    assert all(position[a] < position[b] for a, b in progression.edges)


def test_a_cycle_is_reported():
    g = nx.DiGraph()
    g.add_node("a", kind="module", label="A", units=["U"], unit_orders=[1], rank=1)
    g.add_node("b", kind="module", label="B", units=["U"], unit_orders=[1], rank=2)
    g.add_edges_from([("a", "b"), ("b", "a")])
    with pytest.raises(AnalyticsError, match=r"cycle: (A → B|B → A)"):
        check_acyclic(g)
    with pytest.raises(AnalyticsError):
        learning_paths(g, "U")


def test_stated_prerequisites_are_edges():
    s = ox.Store()
    ttl = PREFIXES + """
    <http://e/u> a sens:TeachingUnit ; skos:prefLabel "U"@fr .
    <http://e/m1> a sens:Module ; skos:prefLabel "M1"@fr ; sens:partOf <http://e/u> .
    <http://e/m2> a sens:Module ; skos:prefLabel "M2"@fr ; sens:partOf <http://e/u> ;
        schema:coursePrerequisites <http://e/m1> .
    """
    s.load(ttl.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("http://e/g"))
    g = progression_graph(s)
    assert g.has_edge("http://e/m1", "http://e/m2")
    assert learning_paths(g, "U") == [["M1", "M2"]]


# ---------------------------------------------------------------- overlap, shared, orphans


def test_jaccard_on_a_small_fixture():
    assert jaccard({1, 2, 3}, {2, 3, 4}) == pytest.approx(0.5)
    assert jaccard(set(), set()) == 0.0
    keys, matrix = overlap_matrix({"b": {1, 2}, "a": {2, 3, 4}, "c": set()})
    assert keys == ["a", "b", "c"]
    assert matrix[0] == pytest.approx([1.0, 0.25, 0.0])
    assert matrix[1][0] == matrix[0][1]


def test_capacity_classes_on_a_small_fixture():
    g = nx.Graph()
    for node, fw in (("s1", "socle"), ("a1", "amb"), ("b1", "arm"), ("b2", "arm"), ("s2", "socle")):
        g.add_node(node, kind="Capacity", framework=fw, label=node)
    g.add_edge("a1", "s1", predicate="exactMatch")
    g.add_edge("b1", "s1", predicate="closeMatch")
    g.add_edge("b2", "s2", predicate="relatedMatch")  # not an equivalence: stays apart
    classes = capacity_classes(g)
    assert {"a1", "b1", "s1"} in classes and {"b2"} in classes and {"s2"} in classes
    sets = framework_class_sets(g, classes)
    assert jaccard(sets["amb"], sets["socle"]) == pytest.approx(1 / 2)
    assert orphans(g) == {}  # every node has a mapping (b2-s2 by relatedMatch)
    g.add_node("c9", kind="Capacity", framework="arm", label="c9")
    assert orphans(g) == {"arm": ["c9"]}


def test_overlap_of_the_real_frameworks(crosswalks):
    classes = capacity_classes(crosswalks)
    keys, matrix = overlap_matrix(framework_class_sets(crosswalks, classes))
    assert {"socle-postbac", "ambulanciers", "assistants-regulation-medicale",
            "aides-soignants-auxiliaires-puericulture"} <= set(keys)
    i = {k: n for n, k in enumerate(keys)}
    assert all(matrix[n][n] == 1.0 for n in range(len(keys)))
    # every ambulance capacity that is a post-bac sentence (exactMatch/closeMatch) is in the same class:
    # 38 of 45; 2 more are narrower than a post-bac capacity (broadMatch), not the same (SSSOM set)
    amb, socle = i["ambulanciers"], i["socle-postbac"]
    assert matrix[amb][socle] == pytest.approx(38 / (45 + 80 - 38))
    assert matrix[i["mediateurs-numeriques"]][socle] == 0.0  # no capacity mapping for the mediators


def test_most_shared_capacities(store, crosswalks):
    top = most_shared_capacities(store, crosswalks, capacity_classes(crosswalks), top=5)
    assert len(top) == 5
    assert top[0]["nb_referentiels"] == 6 and top[0]["nb_professions"] > 0
    assert "socle-postbac" in top[0]["referentiels"]


def test_orphans_of_the_crosswalk_graph(crosswalks):
    found = orphans(crosswalks, kinds=("Competence", "Capacity"))
    assert len(found["mediateurs-numeriques"]) == 29  # 29 capacities, mapped at competence level only
    ambulance = found["ambulanciers"]
    assert len(ambulance) == 5  # 45 capacities, 40 mapped (capacites-identiques)
    micro = orphans(crosswalks, kinds=("MicroCompetence",))
    assert len(micro["du-cns"]) == 18 - 3  # only 2/A1, 4/D1 and 4/I1 carry (reconstructed) links


# ---------------------------------------------------------------- figures


def test_figures_are_written(store, library, tmp_path):
    summary = run_analytics(store, tmp_path, library=library)
    assert summary.acyclic and summary.modules == 23
    assert len(summary.figures) == 8
    for path in summary.figures:
        assert path.stat().st_size > 1000, path
        if path.suffix == ".png":
            pixels = mpimg.imread(path)
            assert pixels.shape[0] > 100 and pixels.shape[1] > 100
        else:
            text = path.read_text(encoding="utf-8")
            assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "Recouvrement des capacités" in summary.render()


def test_svg_figures_are_reproducible(tmp_path):
    first = overlap_heatmap(["a", "b"], [[1.0, 0.2], [0.2, 1.0]], tmp_path / "1")
    second = overlap_heatmap(["a", "b"], [[1.0, 0.2], [0.2, 1.0]], tmp_path / "2")
    svg = next(p for p in first if p.suffix == ".svg")
    assert svg.read_bytes() == next(p for p in second if p.suffix == ".svg").read_bytes()


def test_coverage_figure_on_a_fixture(tmp_path):
    records = [{"niveau_element": "capacite", "notation": "1.1/1", "couverture": "directe"},
               {"niveau_element": "capacite", "notation": "1.1/2", "couverture": "non couverte"},
               {"niveau_element": "competence", "notation": "1.1", "couverture": "directe"}]
    paths = coverage_figure(records, tmp_path)
    assert [p.suffix for p in paths] == [".png", ".svg"] and all(p.stat().st_size > 0 for p in paths)


# ---------------------------------------------------------------- the analytics' own queries


def test_analytics_queries_are_files_of_the_library(settings):
    """Issue 11: no inline SPARQL in analytics.py; its queries are headed files of queries/analytics/."""
    import inspect

    import sens_graph.analytics as analytics

    library = analytics.analytics_library(settings)
    assert library.names() == ["elements-des-referentiels", "modules-du", "niveaux", "prerequis",
                               "professions-par-famille", "referentiels-derniere-version", "versions-remplacees"]
    assert all(q.has_header and q.question_fr and q.question_en for q in library.list())
    source = inspect.getsource(analytics)
    assert "SELECT" not in source and "PREFIX" not in source


def test_analytics_queries_answer_from_the_graph(store, settings):
    from sens_graph.analytics import _rows

    levels = sorted(_rows(store, "niveaux", settings), key=lambda r: r["rank"])
    assert [r["label"] for r in levels] == ["Débutant", "Intermédiaire", "Avancé"]
