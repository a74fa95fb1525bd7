"""A build-cache entry edited by hand into valid JSON of the right shape (a coverage part whose lines were
emptied) was taken as it was: the build published the release without the programme's 450 coverage
triples, and unsorted or unparsable lines crashed every later build with a traceback until the cache was
deleted. Each entry now carries the SHA-256 of its JSON text on its first line; an entry that does not
match it is a miss, computed again."""

from __future__ import annotations

import json

import pytest

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.layout import BUILD_CACHE_DIR, NQUADS


@pytest.mark.parametrize("edit", [
    {"lines": [], "extra": [], "digest": "x"},  # right shape, no triple
    {"lines": ["garbage line"], "extra": ["this is not ntriples\n"], "digest": "x"},
])
def test_an_edited_coverage_part_is_computed_again(project_copy: Settings, edit: dict,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798675200")
    project = project_copy
    build(project, reason=False)
    expected = (project.dist_dir / NQUADS).read_bytes()
    parts = sorted((project.project_dir / BUILD_CACHE_DIR / "coverage-part").glob("*.json"))
    assert parts
    for path in parts:
        header = path.read_bytes().partition(b"\n")[0]  # the checksum kept: the text no longer matches it
        kept = header + b"\n" if header.startswith(b"sha256:") else b""
        path.write_bytes(kept + json.dumps(edit).encode())
    build(project, reason=False)
    assert (project.dist_dir / NQUADS).read_bytes() == expected
