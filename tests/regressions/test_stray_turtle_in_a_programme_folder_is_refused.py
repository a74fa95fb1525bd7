"""A stray ``.ttl`` file inside an imported programme folder (``data/programmes/etu-e-sante/notes.ttl``) was
published as a named graph of its own (``graph/programmes/etu-e-sante/notes``): the list of data files walked
``data/`` recursively and took every ``.ttl``. ``sens-graph import`` writes nothing but ``programme.csv``,
``enseignements.csv`` and ``couverture.csv`` into a folder; any other file there is now refused, named."""

from __future__ import annotations

import pytest

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.errors import ProgrammeFileError
from sens_graph.sources import data_files, load_dataset

NOTES = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/note> rdfs:label "une note de travail"@fr .
"""


@pytest.mark.parametrize("name", ["notes.ttl", "brouillon.sssom.tsv"])
def test_a_stray_data_file_in_a_programme_folder_stops_the_build(project_copy: Settings, name: str) -> None:
    folder = project_copy.data_dir / "programmes" / "etu-e-sante"
    (folder / name).write_text(NOTES, encoding="utf-8")
    assert not [f for f in data_files(project_copy) if f.relative.startswith("programmes/etu-e-sante/")]
    for attempt in (lambda: build(project_copy, reason=False, use_cache=False), lambda: load_dataset(project_copy)):
        with pytest.raises(ProgrammeFileError) as failure:
            attempt()
        message = str(failure.value)
        assert message.startswith("data/programmes/etu-e-sante: 1 problème(s)\n"), message
        assert f"\n  data/programmes/etu-e-sante/{name} — attendu :" in message
        assert "programme.csv, enseignements.csv, couverture.csv" in message
    assert not project_copy.dist_dir.exists()


def test_a_sub_folder_of_a_programme_folder_is_refused(project_copy: Settings) -> None:
    folder = project_copy.data_dir / "programmes" / "etu-e-sante" / "anciens"
    folder.mkdir()
    (folder / "enseignements.csv").write_text("identifiant,intitule\n", encoding="utf-8")
    with pytest.raises(ProgrammeFileError) as failure:
        build(project_copy, reason=False, use_cache=False)
    assert "\n  data/programmes/etu-e-sante/anciens — attendu :" in str(failure.value)
