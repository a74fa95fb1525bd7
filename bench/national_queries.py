"""Query side of issue 13 at 10^6 triples: every library query on an on-disk Oxigraph store.

The store holds what ``docs/performance.md`` measured: the real release (``dist/sens-graph.nq``, build
it first) plus each synthetic programme's graph (``bench/national_data.py`` → ``read_programme`` →
``programme_to_rdf``), loaded directly (no build: the build of 10^6 triples is the other half of the
issue), and, with ``--derived``, the derived coverage graph computed on that store by
:func:`sens_graph.coverage.coverage_triples` (what the build writes as ``graph/derived/coverage``).

    python bench/national_queries.py --programmes 100 --store /tmp/national-100 --derived \\
        --queries-dir queries --timeout 20 --json after.json

Each query runs with its defaults (plus ``couverture-d-un-programme`` and ``enseignements-d-un-programme``
for one synthetic programme), one at a time on the embedded engine (union default graph), best of
``--repeat`` runs, each stopped after ``--timeout`` seconds (the query runs in a child process that is
killed). Prints one line per query: seconds (or ``> timeout``) and the number of rows.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parent
sys.path.insert(0, str(HERE))

from national_data import generate  # noqa: E402


def build_store(store_dir: Path, n: int, seed: int, courses: int, rows_per_course: int) -> dict:
    """Load the real release and ``n`` synthetic programme graphs into an on-disk store at ``store_dir``."""
    import pyoxigraph as ox

    from sens_graph.config import Settings
    from sens_graph.programmes.catalogue import Catalogue
    from sens_graph.programmes.reader import read_programme
    from sens_graph.programmes.to_rdf import programme_to_rdf

    nq = PROJECT_DIR / "dist" / "sens-graph.nq"
    if not nq.exists():
        raise SystemExit(f"{nq} is missing: run `sens-graph build` first")
    started = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    settings = Settings(project_dir=PROJECT_DIR)
    catalogue = Catalogue.load(settings)
    with tempfile.TemporaryDirectory(prefix="sens-graph-national-") as work:
        folders = generate(n, Path(work), store, seed=seed, courses=courses, rows_per_course=rows_per_course)
        for folder in folders:
            programme = read_programme(folder, catalogue, display=str(folder))
            catalogue.programme_keys.add(programme.key)
            graph = programme_to_rdf(programme, settings.base_iri)
            store.bulk_load(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                            to_graph=ox.NamedNode(f"{settings.base_iri}graph/programmes/{programme.key}"))
    store.flush()
    return {"quads": len(store), "seconds": round(time.perf_counter() - started, 1)}


def add_derived(store_dir: Path) -> dict:
    """Replace the store's derived coverage graph by one computed on the store itself."""
    import pyoxigraph as ox

    from sens_graph.config import Settings
    from sens_graph.coverage import coverage_graph_iri, coverage_quads

    store = ox.Store(str(store_dir))
    settings = Settings(project_dir=PROJECT_DIR)
    graph = ox.NamedNode(str(coverage_graph_iri(settings)))
    started = time.perf_counter()
    store.clear_graph(graph) if store.contains_named_graph(graph) else None
    quads = coverage_quads(store, settings.base_iri, graph)
    store.bulk_extend(quads)
    store.flush()
    return {"derived_quads": len(quads), "seconds": round(time.perf_counter() - started, 1)}


def _run(store_dir: str, sparql: str, out) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_dir)
    started = time.perf_counter()
    rows = sum(1 for _ in store.query(sparql, use_default_graph_as_union=True))
    out.put((time.perf_counter() - started, rows))


def time_query(store_dir: Path, sparql: str, timeout: float) -> tuple[float | None, int | None]:
    """(seconds, rows) of one run in a child process, or (None, None) past ``timeout``."""
    out = multiprocessing.Queue()
    child = multiprocessing.Process(target=_run, args=(str(store_dir), sparql, out))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None, None
    return out.get() if not out.empty() else (None, None)


def queries(queries_dir: Path, programme: str) -> dict[str, str]:
    """The library's queries with their defaults, plus the per-programme ones for ``programme``."""
    from sens_graph.queries import QueryLibrary

    library = QueryLibrary.load(queries_dir)
    texts = {q.name: q.sparql() for q in library.list()}
    for name in ("couverture-d-un-programme", "enseignements-d-un-programme"):
        texts[f"{name} ({programme})"] = library.get(name).sparql({"programme": programme})
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--courses", type=int, default=80)
    parser.add_argument("--rows-per-course", type=int, default=8)
    parser.add_argument("--store", type=Path, required=True, help="on-disk store folder (built when absent)")
    parser.add_argument("--derived", action="store_true", help="(re)compute the derived coverage graph in it")
    parser.add_argument("--queries-dir", type=Path, default=PROJECT_DIR / "queries")
    parser.add_argument("--only", nargs="*", help="query names to time (default: all)")
    parser.add_argument("--programme", default="synthetique-00050")
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures: dict = {}
    if not args.store.exists():
        figures["load"] = build_store(args.store, args.programmes, args.seed, args.courses, args.rows_per_course)
        print("load", figures["load"], flush=True)
    if args.derived:
        figures["derived"] = add_derived(args.store)
        print("derived", figures["derived"], flush=True)
    figures["queries"] = {}
    for name, sparql in sorted(queries(args.queries_dir, args.programme).items()):
        if args.only and name.split(" ")[0] not in args.only:
            continue
        runs = [time_query(args.store, sparql, args.timeout) for _ in range(args.repeat)]
        done = [r for r in runs if r[0] is not None]
        best = min(done) if done else (None, None)
        figures["queries"][name] = {"seconds": None if best[0] is None else round(best[0], 3), "rows": best[1]}
        shown = f"> {args.timeout:g}" if best[0] is None else f"{best[0]:.3f}"
        print(f"{name:60} {shown:>9} s  {best[1]} rows", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
