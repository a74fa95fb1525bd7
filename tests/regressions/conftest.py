"""Regression fixtures: a throw-away copy of the project's hand-edited inputs, to inject a fault in."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ProgrammeFileError

PROJECT_DIR = Path(__file__).resolve().parents[2]
INPUTS = ("ontology", "data", "shapes", "queries")


@pytest.fixture
def project_copy(tmp_path: Path) -> Settings:
    """Settings of a private copy of ontology/, data/, shapes/ and queries/ (dist/ not built)."""
    for name in INPUTS:
        shutil.copytree(PROJECT_DIR / name, tmp_path / name)
    return Settings(project_dir=tmp_path)


def edit_line(path: Path, number: int, change: Callable[[str], str]) -> None:
    """Replace line ``number`` (1-based) of a text file by ``change(old line)``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = change(lines[number - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of ``path`` that starts with ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(text):
            return number
    raise AssertionError(f"{text!r} not found in {path}")


def the_one_build_problem(settings: Settings, source: str):
    """The single problem that stops the build of ``settings``: a ProgrammeFileError of ``source`` (the folder as
    messages name it) holding one problem; dist/ left unwritten."""
    with pytest.raises(ProgrammeFileError) as failure:
        build(settings, reason=False, use_cache=False)
    message = str(failure.value)
    assert message.startswith(f"{source}: 1 problème(s)\n"), message
    assert not settings.dist_dir.exists()
    [problem] = failure.value.problems
    return problem
