"""HermiT's verdict "the ontology and data are inconsistent" named no resource and no file: the
person fixing the data had to bisect the graph. The build's error now names each resource that
the data puts in two disjoint classes, the triple behind each class and the file that holds it."""

from __future__ import annotations

import pytest
from common import BASE

from sens_graph.build import build
from sens_graph.errors import InconsistentOntology

FILE = "data/professions.ttl"


def test_profession_also_typed_specialty_is_named_with_its_file(project_copy):
    path = project_copy.project_dir / FILE
    # Profession and Specialty are disjoint (ontology/sens.ttl); the shapes do not look at it.
    path.write_text(path.read_text(encoding="utf-8")
                    + "\n<profession/ambulancier> a <https://w3id.org/sens-graph/def#Specialty> .\n",
                    encoding="utf-8")
    with pytest.raises(InconsistentOntology) as caught:
        build(project_copy, reason=True)
    message = str(caught.value)
    clash = next(line for line in message.splitlines() if f"<{BASE}profession/ambulancier>" in line)
    assert "two disjoint classes" in clash
    assert f"<{BASE}def#Specialty> because of <{BASE}profession/ambulancier> " in clash
    assert f"<{BASE}def#Profession> because of <{BASE}profession/ambulancier> " in clash
    assert clash.count(f"[{FILE}]") == 2
