"""Every label the data copies from a source is found verbatim in that source.

Text is compared after undoing only what PDF extraction does: line breaks (and the hyphen of a
word split across lines), runs of white space, list bullets and HTML debris. Nothing else is
normalised: a changed word, accent or punctuation mark fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from sens_graph.namespaces import SENS

SEEDS = Path(__file__).resolve().parents[2] / "sources" / "seeds"
VERBATIM_CLASSES = [SENS.Capacity, SENS.Competence, SENS.Domain, SENS.MacroCompetence, SENS.MicroCompetence,
                    SENS.Course, SENS.BlockCompetence, SENS.CertificationBlock, SENS.Situation,
                    SENS.LearningOutcome, SENS.MatrixRow, SENS.Specialty, SENS.FundingAction]


def flatten(text: str, *, join_hyphenated: bool = True) -> str:
    """Undo extraction artefacts only: HTML debris, line wraps, white-space runs.

    A hyphen at a line end is either a word split by the wrap ("transfor-/mation") or the
    hyphen of a compound ("On-/Premise"); ``join_hyphenated`` chooses the reading."""
    text = re.sub(r"<[^>]+>", " ", text)
    if join_hyphenated:
        text = re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def squash(text: str) -> str:
    """Compare without white space at all (extraction inserts and drops spaces in table cells)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[str]]:
    """Each seed flattened in both readings of line-end hyphens."""
    texts = {}
    for p in SEEDS.glob("*.txt"):
        raw = p.read_text(encoding="utf-8")
        texts[f"source/{p.name[:3]}"] = [squash(flatten(raw)), squash(flatten(raw, join_hyphenated=False))]
    return texts


def test_seed_copies_match_the_shared_sources():
    shared = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    for path in SEEDS.glob("*.txt"):
        assert path.read_bytes() == (shared / path.name).read_bytes(), path.name


@pytest.mark.parametrize("cls", VERBATIM_CLASSES, ids=lambda c: c.split("#")[-1])
def test_labels_are_verbatim_in_their_source(union, seeds, cls):
    checked, missing = 0, []
    for entity in union.subjects(RDF.type, cls):
        sources = {str(s).split("sens-graph/")[-1] for s in union.objects(entity, PROV.wasDerivedFrom)}
        texts = [text for s in sources if s in seeds for text in seeds[s]]
        if not texts:
            continue
        for label in set(union.objects(entity, SKOS.prefLabel)) | set(union.objects(entity, RDFS.label)):
            if label.language != "fr":
                continue
            checked += 1
            needle = squash(flatten(str(label)))
            if not any(needle in text for text in texts):
                missing.append(f"{entity}: {label}")
    assert checked > 0
    assert not missing, f"{len(missing)} of {checked} labels not verbatim:\n" + "\n".join(missing[:20])


def test_every_source_document_has_its_seed(union):
    for doc in union.subjects(RDF.type, SENS.SourceDocument):
        seed = union.value(doc, SENS.seedFile)
        assert (SEEDS / str(seed)).is_file(), seed
    assert (URIRef("https://w3id.org/sens-graph/source/003"), RDF.type, SENS.SourceDocument) in union
