"""The build output stays byte-identical across refactorings: the inputs of a recorded commit,
built by today's code with a fixed SOURCE_DATE_EPOCH, give the N-Quads, the TriG and the
checksums of every other file that the build writes byte-identically, as recorded then.

The hashes were first taken at commit 1ea91c2, before the release layout moved into
``sens_graph.layout``; they were taken again at 08858d9, once the session's intended output changes
had landed (programme graphs and their SSSOM sets, the derived SKOS graph, the DCAT-AP catalogue,
the JSON-LD context, corrected crosswalk predicates), before the architecture moves of issue 11; and
again at the commit that gave every framework its short label (``sens:shortLabel``, issue 11 item 5:
the report's column titles moved from a regex into the data), the ontology's RDF/XML and JSON-LD
and void.ttl joining the compared files once they no longer depended on the hash seed. A change
that alters the output on purpose updates them, and says why. Taken again for the derived coverage
graph (issue 13, ``graph/derived/coverage``): the N-Quads without that graph's lines still hashed to
the value before it, so every other graph's bytes were unchanged; the checksum lines gain its Turtle
file (``graphs/derived/coverage.ttl``: 56 files). Taken again when that graph's Turtle became the Turtle of
its parts put together (its core part, then each imported programme's, issue 13: a changed programme
serialises its own part only): the N-Quads unchanged; ``coverage.ttl``, the TriG and ``void.ttl`` (which
holds the checksums) changed, and no other file (``tests/test_coverage_by_programme.py`` checks that the
Turtle holds the graph's triples). Taken again when ``sens-graph.nq.gz`` went from zlib level 9 to level 6
(that of the ``gzip`` command; issue 13: 5.2 s → 1.3 s at 10^6 triples): the N-Quads and the TriG unchanged,
the checksum lines of ``sens-graph.nq.gz`` and ``void.ttl`` (which holds the checksums) changed. Taken again
when the Turtle of the graphs held as N-Quads lines (the imported programmes and their parts of the coverage
graph) came to be written by pyoxigraph (``graphs.turtle_of_lines``, issue 13: ~20× rdflib's writer): the
N-Quads unchanged; the TriG and the checksum lines of ``graphs/programmes/etu-e-sante.ttl``,
``graphs/derived/coverage.ttl``, ``sens-graph.trig`` and ``void.ttl`` changed, and no other file.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.layout import CHECKSUMS, EXPORT_DIRS, NQUADS, ONTOLOGY_DIR, SEARCH_INDEX, TRIG, VOID_FILE

PROJECT_DIR = Path(__file__).resolve().parent.parent
RECORDED_AT = "bfc989c82813c101fe87e49a7d5b6a07e96465b9"
SOURCE_DATE_EPOCH = "1700000000"
RECORDED = {
    NQUADS: "7f22eb43cb5a0dd460b698556080da52af7497f1da9e6e4a8fb5a8be66d6c2ff",
    TRIG: "d93302ef1a08020be106892ba5d483b312bfbc7d7a6242d8bab87f151a0a1801",
}
RECORDED_CHECKSUM_LINES = "2aeb08e42541b7855ed3d347f770553ce02f3b94d55e3a89245a7ff35a69bb39"
"""SHA-256 of the SHA256SUMS lines of every release file (56 files: the per-graph Turtle, the mapping
sets, build-info.json, the RDF/XML and JSON-LD ontology and void.ttl among them). The ontology's
RDF/XML and JSON-LD and void.ttl (which holds every file's checksum, the exports' and the search
index's included) joined the set once they were written byte-identically whatever the hash seed
(``tests/regressions/test_release_bytes_do_not_depend_on_hash_seed.py``)."""
HASH_SEED_STABLE_SINCE = (f"{ONTOLOGY_DIR}/sens.owl", f"{ONTOLOGY_DIR}/sens.jsonld", VOID_FILE)
ADDED_SINCE = (SEARCH_INDEX,)
"""Release files left out of the comparison: the search index (SQLite: its bytes are not part of
the data contract), with the standard exports (every file under :data:`~sens_graph.layout.EXPORT_DIRS`,
checked by their own tests against their schemas)."""


def checkout_inputs(commit: str, target: Path) -> None:
    """ontology/, data/, shapes/ and queries/ as they were at ``commit`` (git archive)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    archive = subprocess.run(["git", "-C", str(PROJECT_DIR), "archive", "--format=tar", commit,
                              "ontology", "data", "shapes", "queries"], capture_output=True)
    if archive.returncode != 0:
        pytest.skip(f"commit {commit[:7]} is not in this checkout: {archive.stderr.decode().strip()}")
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)


def test_recorded_inputs_build_to_the_recorded_bytes(tmp_path, monkeypatch):
    checkout_inputs(RECORDED_AT, tmp_path)
    # Queries the build runs besides the QC checks (the search index's, added since) come from
    # today's checkout; the QC checks stay as recorded (their digest is in build-info.json).
    shutil.copytree(PROJECT_DIR / "queries", tmp_path / "queries", dirs_exist_ok=True,
                    ignore=lambda folder, names: ["qc"] if Path(folder) == PROJECT_DIR / "queries" else [])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    settings = Settings(project_dir=tmp_path)
    build(settings, reason=False)
    for name, recorded in RECORDED.items():
        assert hashlib.sha256((settings.dist_dir / name).read_bytes()).hexdigest() == recorded, name
    lines = (settings.dist_dir / CHECKSUMS).read_text(encoding="utf-8").splitlines(keepends=True)
    names = [line.rstrip("\n").split("  ", 1)[1] for line in lines]
    assert set(HASH_SEED_STABLE_SINCE) <= set(names)
    stable = "".join(line for line, name in zip(lines, names, strict=True)
                     if name not in ADDED_SINCE and name.split("/")[0] not in EXPORT_DIRS)
    assert stable.count("\n") == 56
    assert hashlib.sha256(stable.encode("utf-8")).hexdigest() == RECORDED_CHECKSUM_LINES
