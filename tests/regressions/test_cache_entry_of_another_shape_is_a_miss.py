"""A build-cache entry that is valid JSON of another shape (``{}``, ``null``, ``12``) crashed the build with a
``KeyError`` or ``TypeError`` traceback, and a cache folder that could not be written (a file in its place)
with an ``OSError``; the cache is documented as "a corrupt entry is a miss". Both now build, to the same
bytes as a build without the cache."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from common import PROJECT_DIR

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.layout import BUILD_CACHE_DIR, NQUADS


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798675200")
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, tmp_path / name)
    return Settings(project_dir=tmp_path)


def test_entries_of_another_shape_are_misses(project: Settings) -> None:
    build(project, reason=False)
    expected = (project.dist_dir / NQUADS).read_bytes()
    entries = sorted((project.project_dir / BUILD_CACHE_DIR).rglob("*.json"))
    kinds = {path.parent.name for path in entries}
    assert {"programme-graph", "validation", "nquads", "turtle", "object-iris"} <= kinds
    for number, path in enumerate(entries):  # with the checksum of what they hold: only their shape is wrong
        body = ["{}", "null", "12", '{"lines": 3}'][number % 4].encode()
        path.write_bytes(b"sha256:" + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    again = build(project, reason=False)
    assert again.programmes_read == ["programmes/etu-e-sante"]  # read again, not taken from a bad entry
    assert (project.dist_dir / NQUADS).read_bytes() == expected


def test_a_cache_folder_that_cannot_be_written_is_skipped(project: Settings) -> None:
    cache = project.project_dir / BUILD_CACHE_DIR
    cache.parent.mkdir(parents=True)
    cache.write_text("not a folder", encoding="utf-8")
    build(project, reason=False)
    expected = (project.dist_dir / NQUADS).read_bytes()
    cache.unlink()
    build(project, reason=False, use_cache=False)
    assert (project.dist_dir / NQUADS).read_bytes() == expected
