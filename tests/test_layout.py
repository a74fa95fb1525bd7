"""The release layout (``sens_graph.layout``) declares every file a build writes: each has its
download group and media type, each named graph its Turtle file, and the kept entries stay out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sens_graph import layout
from sens_graph.build import build
from sens_graph.config import Settings

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("layout")
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, root / name)
    settings = Settings(project_dir=root)
    build(settings, reason=False)
    return settings.dist_dir


def test_every_release_file_has_a_group_and_a_media_type(dist: Path):
    files = [p.relative_to(dist).as_posix() for p in sorted(dist.rglob("*")) if p.is_file()]
    assert len(files) >= 40
    for rel in files:
        assert layout.is_release_file(rel), rel
        groups = {key for key, _ in layout.DOWNLOAD_GROUPS}
        assert layout.download_group(rel) in (groups if rel == layout.SEARCH_INDEX else groups - {"other"}), rel
        assert layout.media_type_of(rel) != "application/octet-stream", rel
    listed = {line.split("  ", 1)[1] for line in (dist / layout.CHECKSUMS).read_text().splitlines()}
    assert listed == set(files) - {layout.CHECKSUMS}
    assert {layout.NQUADS, layout.NQUADS_GZ, layout.TRIG, layout.VOID_FILE, layout.BUILD_INFO} <= listed


def test_every_named_graph_has_its_file(dist: Path):
    info = json.loads((dist / layout.BUILD_INFO).read_text(encoding="utf-8"))
    for iri in info["graphs"]:
        assert (dist / layout.graph_file_name(iri, info["base_iri"])).is_file(), iri
    assert layout.graph_file_name(info["base_iri"] + "graph/referentiel/socle-postbac-v1.1.2022",
                                  info["base_iri"]) == "graphs/referentiel/socle-postbac-v1.1.2022.ttl"


def test_reports_are_not_release_files():
    assert layout.REPORTS_DIR in layout.KEPT_ACROSS_BUILDS
    assert not layout.is_release_file("reports/index.html")
    assert not layout.is_release_file("graphs/.partial/x.ttl")
    assert layout.media_type_of("reports/sens-graph-rapport.pdf") == "application/pdf"
    assert layout.media_type_of(layout.CHECKSUMS) == "text/plain"
