"""An imported programme folder named like a hand-written programme file (``data/programmes/du-cns/`` beside
``data/programmes/du-cns.ttl``) fills the same named graph: the build replaced the hand-written graph by the
folder's in ``dist/`` (the DU's own triples lost, exit 0). It is now refused, naming both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from common import PROJECT_DIR

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ProgrammeFileError


def test_a_folder_named_like_du_cns_is_refused(tmp_path: Path) -> None:
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, tmp_path / name)
    folder = tmp_path / "data" / "programmes" / "du-cns"
    shutil.copytree(tmp_path / "data" / "programmes" / "etu-e-sante", folder)
    sheet = folder / "programme.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("identifiant,etu-e-sante", "identifiant,du-cns"),
                     encoding="utf-8")
    settings = Settings(project_dir=tmp_path)
    with pytest.raises(ProgrammeFileError) as failure:
        build(settings, reason=False)
    message = str(failure.value)
    assert message.startswith("data/programmes/du-cns: 1 problème(s)")
    assert "data/programmes/du-cns.ttl" in message and "« du-cns »" in message
    assert not settings.dist_dir.exists()
