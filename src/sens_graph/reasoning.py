"""OWL consistency check: the ontology and the data, through owlready2 and HermiT (Java)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import InconsistentOntology, ReasonerUnavailable


@dataclass(frozen=True)
class ReasoningResult:
    """What HermiT said: consistent or not, and how many individuals and classes it saw."""

    consistent: bool
    individuals: int
    classes: int


def find_java() -> str:
    """The java executable HermiT needs; a clear error when it is missing."""
    java = shutil.which("java")
    if java is None:
        raise ReasonerUnavailable(
            "Java is not installed or not on PATH: the OWL consistency check runs HermiT, which needs "
            "Java 17 (Debian: apt-get install openjdk-17-jre-headless). Use --skip-reasoner to build without it."
        )
    return java


def check_consistency(graph: Graph) -> ReasoningResult:
    """Load ``graph`` (ontology + data) into owlready2 and run HermiT; raise if inconsistent."""
    import owlready2

    owlready2.JAVA_EXE = find_java()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="sens-graph-reason-") as tmp:
        path = Path(tmp) / "graph.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            unsatisfiable = [str(c) for c in world.inconsistent_classes()]
            raise InconsistentOntology(
                "HermiT found the ontology and data inconsistent"
                + (f"; unsatisfiable classes: {', '.join(unsatisfiable)}" if unsatisfiable else "")
            ) from exc
        except FileNotFoundError as exc:
            raise ReasonerUnavailable(f"HermiT could not start Java: {exc}") from exc
        return ReasoningResult(
            consistent=True,
            individuals=len(list(world.individuals())),
            classes=len(list(world.classes())),
        )
