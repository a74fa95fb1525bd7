"""Benchmark: the full build of the real graph, against the I/O floor of the same inputs.

Goal (issue 2): the whole build of the real graph under 10 s on 2 cores. The peer, measured in
the same run, is the floor any build must pay: rdflib parsing every input file and writing the
N-Quads. The ratio build / floor says how much validation, reasoning and release cost on top.

    python bench/bench_build.py [--runs 3] [--skip-reasoner]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rdflib import Dataset, URIRef

from sens_graph.build import build
from sens_graph.config import Settings
from sens_graph.sources import data_files, load_dataset

PROJECT_DIR = Path(__file__).resolve().parent.parent


def floor(settings: Settings, out: Path) -> float:
    """Parse every input with rdflib and write N-Quads: the I/O floor of a build."""
    start = time.perf_counter()
    ds: Dataset = load_dataset(settings)
    for f in data_files(settings):
        ds.graph(URIRef(f.graph_iri))
    out.write_text(ds.serialize(format="nquads"), encoding="utf-8")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-reasoner", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ("ontology", "data", "shapes", "queries"):
            shutil.copytree(PROJECT_DIR / name, project / name)
        settings = Settings(project_dir=project)
        builds, floors, steps = [], [], []
        for _ in range(args.runs):
            floors.append(floor(settings, project / "floor.nq"))
            result = build(settings, reason=not args.skip_reasoner)
            builds.append(result.seconds)
            steps.append(result.timings)
        median_build = statistics.median(builds)
        median_floor = statistics.median(floors)
        print(f"graph: {result.triples} triples in {len(result.graphs)} named graphs")
        print(f"build   median {median_build:6.2f} s  (runs: {', '.join(f'{b:.2f}' for b in builds)})")
        print(f"floor   median {median_floor:6.2f} s  (rdflib parse + N-Quads write)")
        print(f"ratio   build / floor = {median_build / median_floor:.1f}x")
        for name in steps[0]:
            print(f"  {name:<34} {statistics.median(s[name] for s in steps):6.2f} s")
        verdict = "meets" if median_build < 10 else "MISSES"
        print(f"goal: whole build under 10 s on this machine — {verdict} it ({median_build:.2f} s)")


if __name__ == "__main__":
    main()
