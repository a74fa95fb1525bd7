"""A programme folder that is a symbolic link (``data/programmes/etu-e-sante`` → a folder kept elsewhere) was
read by the build, but the digest of the build's inputs listed ``data/`` with ``rglob``, which does not go
through a linked folder: an edit of its CSV files left ``dist/`` « up to date » (``is_stale`` False, so
``serve`` and the queries kept the old programme). The inputs are now listed through the links, as the build
reads them: the edit makes ``dist/`` stale and the next build reads the programme again and publishes the edit."""

from __future__ import annotations

import os
import shutil

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.release_info import input_files, is_stale, source_digest

TITLE = "Codage de l'information médicale, PMSI, T2A"


def test_an_edit_in_a_linked_programme_folder_makes_dist_stale_and_is_published(project_copy: Settings) -> None:
    linked = project_copy.data_dir / "programmes" / "etu-e-sante"
    kept = project_copy.project_dir / "partage" / "etu-e-sante"
    kept.parent.mkdir()
    shutil.move(linked, kept)
    os.symlink(kept, linked, target_is_directory=True)
    assert linked / "enseignements.csv" in input_files(project_copy)
    first = build(project_copy, reason=False)
    assert first.programmes_read == ["programmes/etu-e-sante"] and not is_stale(project_copy)

    sheet = kept / "enseignements.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(TITLE, f"{TITLE} (révisé)", 1), encoding="utf-8")
    assert is_stale(project_copy)
    second = build(project_copy, reason=False)
    assert second.programmes_read == ["programmes/etu-e-sante"]  # its cache key saw the edit too
    published = (project_copy.dist_dir / "graphs" / "programmes" / "etu-e-sante.ttl").read_text(encoding="utf-8")
    assert f"{TITLE} (révisé)" in published
    assert not is_stale(project_copy)


def test_an_edit_of_a_linked_csv_file_changes_the_source_digest(project_copy: Settings) -> None:
    linked = project_copy.data_dir / "programmes" / "etu-e-sante" / "couverture.csv"
    kept = project_copy.project_dir / "partage" / "couverture.csv"
    kept.parent.mkdir()
    shutil.move(linked, kept)
    os.symlink(kept, linked)
    before = source_digest(project_copy)
    kept.write_text(kept.read_text(encoding="utf-8").replace(",0.7\n", ",0.6\n", 1), encoding="utf-8")
    assert source_digest(project_copy) != before


def test_a_link_that_leads_nowhere_is_refused_not_skipped(project_copy: Settings) -> None:
    from sens_graph.errors import ProgrammeFileError
    from sens_graph.sources import load_dataset

    os.symlink(project_copy.project_dir / "partage" / "perdu", project_copy.data_dir / "programmes" / "perdu")
    assert is_stale(project_copy) and len(source_digest(project_copy)) == 64
    try:
        load_dataset(project_copy)
    except ProgrammeFileError as failure:
        assert str(failure).startswith("data/programmes/perdu: 1 problème(s)\n  data/programmes/perdu — attendu : "
                                       "un dossier de programme ; lien symbolique vers ")
    else:
        raise AssertionError("a programme link that leads nowhere was skipped")
