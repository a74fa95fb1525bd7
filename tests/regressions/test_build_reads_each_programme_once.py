"""Regression (issue 13): the build read and checked every imported programme folder twice.

``programme_sources`` ran once to load the programme graphs and once more to write their SSSOM
mapping sets, each time merging every framework and programme graph into a catalogue and reading
every CSV folder again: at 100 programmes, twice the import work. The build now keeps the
programmes it loaded and writes the mapping sets from them.
"""

from __future__ import annotations

import shutil
from collections import Counter

from common import PROJECT_DIR

import sens_graph.programmes.reader as reader
from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.layout import MAPPINGS_DIR


def test_the_build_reads_each_programme_folder_once(tmp_path, monkeypatch) -> None:
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(PROJECT_DIR / name, tmp_path / name)
    reads: Counter[str] = Counter()
    read_programme = reader.read_programme

    def counting(folder, *args, **kwargs):
        reads[folder.name] += 1
        return read_programme(folder, *args, **kwargs)

    monkeypatch.setattr(reader, "read_programme", counting)
    settings = Settings(project_dir=tmp_path)
    build(settings, reason=False, use_cache=False)
    assert reads == Counter({"etu-e-sante": 1})
    assert (settings.dist_dir / MAPPINGS_DIR / "programme-etu-e-sante.sssom.tsv").is_file()
