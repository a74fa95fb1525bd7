"""Regression (issue 10, Data): the V1.2022 post-bac « 2 ECTS » is data with its sources.

Seed 000 prints the V1.2022 table's last rows « Total des heures 28 » and « Nombre de crédits ECTS
alloués 2 » (lines 1524, 1526), and says twice in its prose that the framework requires 28 hours and
2 ECTS (lines 96-98, 939). Before the fix the graph's only trace of where « 2 ECTS » is printed was the
prose of ``sens:attributionReasoning``, which cited lines 88-93, where no ECTS figure is printed; the
``sens:ects 2.0`` of the version pointed at the whole table (lines 1235-1532). Every ECTS figure of
the graph now points at the row that prints it, and the prose cites the lines that say it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from common import BASE
from rdflib import Graph, Literal, URIRef

from sens_graph.namespaces import SENS

B = BASE
V1 = URIRef(B + "referentiel/socle-postbac/v1.2022")
SEEDS = Path(__file__).resolve().parents[2] / "sources" / "seeds"
ROW = re.compile(r"^seed (\d{3}), line (\d+) \((.+)\)$")


def _seed_lines(number: str) -> list[str]:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8").split("\n")


def _printed_rows(g: Graph, node: URIRef) -> dict[str, tuple[str, int]]:
    """Quoted row text -> (seed number, line) for each « seed NNN, line N (text) » location of ``node``."""
    found = {}
    for loc in g.objects(node, SENS.sourceLocation):
        m = ROW.match(str(loc))
        if m:
            found[m.group(3)] = (m.group(1), int(m.group(2)))
    return found


def test_v1_2022_states_2_ects_and_28_hours_with_their_rows(graph_of) -> None:
    g = graph_of("referentiel/socle-postbac-v1.2022")
    assert g.value(V1, SENS.ects) == Literal(Decimal("2.0"))
    assert g.value(V1, SENS.totalHours) == Literal(Decimal("28.0"))
    rows = _printed_rows(g, V1)
    assert rows["Nombre de crédits ECTS alloués 2"] == ("000", 1526)
    assert rows["Total des heures 28"] == ("000", 1524)
    locations = {str(v) for v in g.objects(V1, SENS.sourceLocation)}
    assert "seed 000, lines 96-98 (Ce référentiel exige 2 crédits ECTS et 28 heures de formation)" in locations
    assert "seed 000, line 939 (28 heures, 2 ECTS)" in locations


def test_every_ects_figure_points_at_the_row_that_prints_it(union: Graph) -> None:
    stated = list(union.subject_objects(SENS.ects))
    assert stated  # the V1.2022 post-bac framework at least
    for node, value in stated:
        rows = _printed_rows(union, node)
        quoted = f"Nombre de crédits ECTS alloués {int(value.toPython())}"
        assert quoted in rows, (node, sorted(rows))
        seed, line = rows[quoted]
        assert " ".join(_seed_lines(seed)[line - 1].split()) == quoted


def test_every_quoted_location_of_v1_2022_is_in_the_seed(graph_of) -> None:
    g = graph_of("referentiel/socle-postbac-v1.2022")
    text = _seed_lines("000")
    for loc in map(str, g.objects(V1, SENS.sourceLocation)):
        m = re.match(r"^seed 000, lines? (\d+)(?:-(\d+))? \((.+)\)$", loc)
        if m:
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            printed = " ".join(" ".join(text[first - 1:last]).split())
            assert m.group(3) in printed, loc


def test_the_prose_cites_the_lines_that_say_2_ects(graph_of) -> None:
    g = graph_of("referentiel/socle-postbac-v1.2022")
    text = _seed_lines("000")
    for reasoning in g.objects(V1, SENS.attributionReasoning):
        cited = re.findall(r"(?:lignes|lines) (\d+)-(\d+)\)", str(reasoning))
        assert cited, reasoning
        first, last = map(int, cited[-1])
        passage = " ".join(" ".join(text[first - 1:last]).split())
        assert "Arrêté du 10 novembre 2022" in passage and "2 crédits ECTS et 28 heures" in passage
