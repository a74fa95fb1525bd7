"""Moodle lpimportcsv CSV, re-read by the importer's rules (SPEC.md of the reference folder)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field

import pytest
from common import BASE

from sens_graph.exports.base import Framework, Item, Mapping
from sens_graph.exports.moodle import HEADER, MoodleGenerator, shorten
from sens_graph.namespaces import SENS

from .conftest import KEYS

TAXONOMY_TERMS = {"behaviour", "competency", "concept", "domain", "indicator", "level", "outcome", "practice",
                  "proficiency", "skill", "value"}


@dataclass
class Imported:
    """What Moodle's framework_importer would create from a file."""

    framework: list[str]
    competencies: dict[str, list[str]] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)
    related: set[tuple[str, str]] = field(default_factory=set)
    dropped: list[str] = field(default_factory=list)


def moodle_import(text: str) -> Imported:
    """Re-read a CSV as Moodle's importer does: positions 0–13, parents by ID number, 100-character cuts."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header, body = rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]
    assert len(header) == 14
    for n, row in enumerate(body, start=2):
        assert len(row) == len(header), f"row {n}: {len(row)} cells (csvweirdcolumns)"
    frameworks = [r for r in body if r[12].strip() not in ("", "0")]
    assert frameworks, "invalidimportfile: no framework row"
    framework = frameworks[-1]
    assert framework[5] and framework[6], "the framework row needs scale values and configuration"
    config = json.loads(framework[6])
    assert "scaleid" in config[0]
    assert any(c.get("scaledefault") == 1 for c in config[1:]) and any(c.get("proficient") == 1 for c in config[1:])
    assert {c["id"] for c in config[1:]} <= set(range(1, len(framework[5].split(",")) + 1))
    assert set(framework[13].split(",")) <= TAXONOMY_TERMS
    competencies = [r for r in body if r is not framework and r[12].strip() in ("", "0")]
    by_id = {r[1][:100]: r for r in competencies}  # PARAM_TEXT cut to 100; a duplicate overwrites
    assert len(by_id) == len(competencies), "duplicate ID numbers"
    imported = Imported(framework=framework)

    def add_children(parent: str, depth: int) -> None:
        for row in competencies:
            if row[0] == parent and row[1] and row[2]:
                imported.competencies[row[1][:100]] = row
                imported.depth[row[1][:100]] = depth
                add_children(row[1], depth + 1)

    add_children("", 1)
    imported.dropped = [r[1] for r in competencies if r[1][:100] not in imported.competencies]
    for idnumber, row in imported.competencies.items():
        for other in filter(None, row[10].split(",")):
            other = other.replace("%2C", ",")
            if other in imported.competencies:
                imported.related.add((idnumber, other))
    return imported


@pytest.mark.parametrize("key", KEYS)
def test_every_file_imports_whole(exported, key):
    text = exported[f"moodle/{key}.csv"]
    assert next(csv.reader(io.StringIO(text))) == list(HEADER)
    imported = moodle_import(text)
    assert imported.dropped == []
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert len(imported.competencies) == len(rows) - 1
    assert sum(1 for r in rows if r[5]) == 1  # one scale, on the framework row
    for row in rows:
        assert len(row[1]) <= 100 and len(row[2]) <= 100  # nothing for Moodle to cut
    assert max(imported.depth.values()) == len(imported.framework[13].split(","))


def test_postbac_v1_1_tree_and_verbatim_text(exported):
    imported = moodle_import(exported["moodle/socle-postbac-v1.1.2022.csv"])
    assert imported.framework[1] == "SOCLE-POSTBAC-V1.1.2022"
    assert imported.framework[13] == "domain,competency,skill"
    assert imported.framework[5] == "Non acquis,En cours d'acquisition,Acquis"
    assert Counter(imported.depth.values()) == {1: 5, 2: 15, 3: 80}
    row = imported.competencies["1.1.1"]
    text = ("connaître les enjeux et critères liés à l'identitovigilance vis-à-vis d'un usager [Identité Nationale "
            "de Santé (INS), référentiels nationaux d'identité des personnes physiques]")
    assert row[0] == "1.1" and row[3].startswith(text + "\n")  # full text in the description
    assert len(text) > 100 and row[2] == shorten(text) and text.startswith(row[2].removesuffix("…"))
    assert imported.competencies["1.1"][2] == "Identifier un usager ou un professionnel de santé"
    assert imported.competencies["1.1"][0] == "D1"
    # crosswalks to other frameworks are in the description, with the SKOS predicate and the IRI
    assert (f"skos:exactMatch ← {BASE}referentiel/ambulanciers/v1.1.2023/competence/1.1"
            in imported.competencies["1.1"][3])


def test_duplicate_notation_keeps_unique_id_numbers(exported):
    imported = moodle_import(exported["moodle/assistants-regulation-medicale-v1.1.2023.csv"])
    assert {"4.1", "4.1-bis"} <= set(imported.competencies)
    assert Counter(imported.depth.values()) == {1: 5, 2: 15, 3: 60}


def test_du_two_levels(exported):
    imported = moodle_import(exported["moodle/du-cns-referentiel.csv"])
    assert imported.framework[13] == "competency,skill"
    assert Counter(imported.depth.values()) == {1: 5, 2: 18}
    assert imported.competencies["M1.D1"][0] == "M1"
    assert "Niveau de maîtrise : Débutant" in imported.competencies["M1.D1"][3]


def test_same_version_crosswalk_becomes_a_cross_reference():
    """A mapping with both ends in one version fills column 10, and the importer resolves it both ways."""
    v = BASE + "referentiel/demo/v1"
    items = [Item(v + "/domaine/1", str(SENS.Domain), "Données de santé", "1", 1, None),
             Item(v + "/competence/1.1", str(SENS.Competence), "Identifier un usager", "1.1", 1, v + "/domaine/1"),
             Item(v + "/competence/1.2", str(SENS.Competence), "Identifier un professionnel", "1.2", 2,
                  v + "/domaine/1")]
    fw = Framework(iri=v, framework=None, title="Démo", version_info="V1", publisher=None, publisher_label=None,
                   sources=(), source_labels="test", source_location=None, base_iri=BASE, items=items,
                   mappings=[Mapping(BASE + "mapping/demo/1", None, v + "/competence/1.1",
                                     "http://www.w3.org/2004/02/skos/core#closeMatch", v + "/competence/1.2",
                                     str(SENS.Curated), None, None)])
    imported = moodle_import(MoodleGenerator(build_date="2026-01-01T00:00:00Z", version="0").serialize(fw))
    assert imported.related == {("1.1", "1.2"), ("1.2", "1.1")}


def test_shorten_cuts_at_a_word_boundary():
    text = "mot " * 40
    short = shorten(text)
    assert len(short) <= 100 and short.endswith("mot…")
    assert shorten("court") == "court"
