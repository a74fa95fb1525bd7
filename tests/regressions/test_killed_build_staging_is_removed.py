"""A build killed while writing left its staging folder (``.dist.partial-<pid>/``, 13 MB) in the project for
ever: later builds removed only a folder with their own process id, and git saw it (found by the breaker).
The release now removes the staging folders of processes that no longer run, and ``.gitignore`` names them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from common import PROJECT_DIR

from sens_graph.release import _remove_abandoned_staging


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_dead_build_staging_folder_is_removed_and_a_live_one_kept(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dead = tmp_path / f".dist.partial-{_dead_pid()}"
    live = tmp_path / f".dist.partial-{os.getppid()}"  # a running process (pytest's parent)
    for folder in (dead, live):
        (folder / "graphs").mkdir(parents=True)
        (folder / "sens-graph.nq").write_text("", encoding="utf-8")
    _remove_abandoned_staging(dist)
    assert not dead.exists()
    assert live.exists()


def test_git_ignores_staging_folders() -> None:
    patterns = (PROJECT_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".dist.partial-*/" in patterns
