"""A file left directly in ``data/programmes/`` (a programme's CSV copied one level too high, a workbook
not imported) was ignored without a word by the build and ``sens-graph validate`` (found by the breaker),
while a folder without its ``programme.csv`` is refused. It is now refused, named; the hand-written
programmes (``du-cns.ttl``) and hidden files are still read and ignored as before."""

from __future__ import annotations

import shutil

import pytest

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ProgrammeFileError
from sens_graph.sources import load_dataset


@pytest.mark.parametrize("name", ["programme.csv", "maquette.xlsx", "notes"])
def test_a_stray_file_beside_the_programme_folders_is_refused(project_copy: Settings, name: str) -> None:
    root = project_copy.data_dir / "programmes"
    shutil.copy(root / "etu-e-sante" / "programme.csv", root / name)
    for attempt in (lambda: build(project_copy, reason=False, use_cache=False), lambda: load_dataset(project_copy)):
        with pytest.raises(ProgrammeFileError) as failure:
            attempt()
        assert f"data/programmes/{name} — attendu" in str(failure.value)
    assert not project_copy.dist_dir.exists()


def test_hidden_files_are_ignored(project_copy: Settings) -> None:
    (project_copy.data_dir / "programmes" / ".DS_Store").write_bytes(b"\0\1")
    result = build(project_copy, reason=False, use_cache=False)
    assert result.programmes_read == ["programmes/etu-e-sante"]
