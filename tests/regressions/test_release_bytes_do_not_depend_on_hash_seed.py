"""``dist/ontology/sens.owl``, ``dist/ontology/sens.jsonld`` and ``dist/void.ttl`` (which holds their
checksums) changed from one build to the next under another ``PYTHONHASHSEED``: rdflib's RDF/XML and
JSON-LD serialisers walk the graph in set order. They are now written in term order
(``graphs.sorted_graph``, ``jsonld.compact_jsonld``), so two builds under two hash seeds give the
same bytes, and the files still read back to the ontology that ``sens.ttl`` holds."""

from __future__ import annotations

import os
import subprocess
import sys

from rdflib import Graph

FILES = ("ontology/sens.owl", "ontology/sens.jsonld", "void.ttl")


def build_under_seed(project_dir, seed: str) -> dict[str, bytes]:
    """Build ``project_dir`` in a fresh interpreter with ``PYTHONHASHSEED=seed``; the bytes of FILES."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run([sys.executable, "-c", "from sens_graph.cli import app; app()", "build",
                             "--project-dir", str(project_dir), "--skip-reasoner"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return {name: (project_dir / "dist" / name).read_bytes() for name in FILES}


def test_two_hash_seeds_write_the_same_ontology_and_void_bytes(project_copy):
    first = build_under_seed(project_copy.project_dir, "1")
    second = build_under_seed(project_copy.project_dir, "2")
    for name in FILES:
        assert first[name] == second[name], name

    dist = project_copy.dist_dir
    ontology = Graph().parse(dist / "ontology" / "sens.ttl", format="turtle")
    assert len(ontology) > 500
    assert Graph().parse(dist / "ontology" / "sens.owl", format="xml").isomorphic(ontology)
    assert Graph().parse(dist / "ontology" / "sens.jsonld", format="json-ld").isomorphic(ontology)
