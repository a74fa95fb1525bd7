"""``SENS_GRAPH_BUILD_WORKERS`` set to something that is no whole number ≥ 1 stopped the build with a bare
``ValueError`` traceback (``abc``) or was silently read as 1 (``0``, ``-1``); it is now a located error that
names the variable, its value and what is expected, raised before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from common import PROJECT_DIR

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ConfigurationError
from sens_graph.workers import build_workers


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5"])
def test_a_bad_worker_count_is_named(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", value)
    with pytest.raises(ConfigurationError) as failure:
        build_workers()
    assert f"SENS_GRAPH_BUILD_WORKERS={value!r}" in str(failure.value)
    assert "≥ 1" in str(failure.value)


def test_the_build_stops_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, tmp_path / name)
    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", "deux")
    settings = Settings(project_dir=tmp_path)
    with pytest.raises(ConfigurationError, match="SENS_GRAPH_BUILD_WORKERS='deux'"):
        build(settings, reason=False)
    assert not settings.dist_dir.exists()
    monkeypatch.setenv("SENS_GRAPH_BUILD_WORKERS", " 2 ")
    assert build_workers() == 2
