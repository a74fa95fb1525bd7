"""Dataset statistics: triples per named graph, entities per class."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from .namespaces import PREFIXES


@dataclass(frozen=True)
class DatasetStatistics:
    """Figures of one dataset."""

    triples: int
    triples_per_graph: dict[str, int]
    entities_per_class: dict[str, int]


def dataset_statistics(ds: Dataset) -> DatasetStatistics:
    """Count triples per named graph and distinct typed entities per class (all graphs)."""
    per_graph = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    names = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        names.bind(prefix, namespace)
    typed: dict[str, set] = {}
    for ctx in ds.graphs():
        for s, cls in ctx.subject_objects(RDF.type):
            typed.setdefault(names.namespace_manager.normalizeUri(cls), set()).add(s)
    per_class = Counter({cls: len(members) for cls, members in typed.items()})
    return DatasetStatistics(
        triples=sum(per_graph.values()),
        triples_per_graph=dict(sorted(per_graph.items())),
        entities_per_class=dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def render_statistics(figures: DatasetStatistics, fmt: str = "table") -> str:
    """As a plain-text table or as JSON."""
    if fmt == "json":
        return json.dumps(figures.__dict__, indent=2, ensure_ascii=False)
    lines = [f"triples: {figures.triples}", "", "triples per named graph:"]
    lines += [f"  {n:>7}  {g}" for g, n in figures.triples_per_graph.items()]
    lines += ["", "entities per class:"]
    lines += [f"  {n:>7}  {c}" for c, n in figures.entities_per_class.items()]
    return "\n".join(lines)
