"""National-scale benchmark (issue 13): N synthetic programmes through the real import, build and server.

    python bench/national.py --programmes 100 [--json out.json] [--query-timeout 60] [--with-rdflib]
    python bench/national.py --programmes 0      # the real graph alone (the "real graph" column)

In one run, on a copy of the project (ontology/, data/, shapes/, queries/) in a temporary folder:

1. ``bench/national_data.py`` writes N programmes in the template's CSV form over the real
   framework codes (deterministic by ``--seed``); each is checked and stored by the import path
   (``Catalogue`` + ``read_programme`` + ``store_programme``, what ``sens-graph import`` runs);
2. the real build (``sens_graph.build.build``) runs in a child process bounded by
   ``--build-timeout``, and its per-step timings are printed; then one programme's source changes
   (one coverage row) and the build runs again (the rebuild figure);
3. ``dist/sens-graph.nq`` is bulk-loaded into the server's store (``store.load_generation``);
4. ``sens-graph serve --no-build`` and ``oxigraph serve-read-only`` serve the same store on
   127.0.0.1; every library query (defaults) and the two per-programme queries (one synthetic
   programme) are timed on each (p50 of up to 3 runs, each capped by ``--query-timeout``); the
   queries both answer alike within the cap form the mix, sent once by each of 8 client threads;
5. the server's resident memory (its process and its query workers, from /proc) is read;
6. with ``--with-virtuoso`` (issue 13, "Beyond one machine"), a private Virtuoso open source
   (``tests/server/virtuoso.py``: its own database and ports, the union of the build's graphs as
   its default graph) bulk-loads the same N-Quads and answers the same queries at its own
   ``/sparql`` (the endpoint ``sens-graph serve --sparql-endpoint`` forwards to); the queries
   that hang Virtuoso 7.2 (``NOT_SENT`` of ``tests/server/test_virtuoso_remote.py``) are not sent,
   and after a query it does not answer within the cap it is restarted (a query its client gave
   up on keeps running there and every later one waits behind it; an HTTP error is an answer).

It prints the issue's target table with the measured figure and the ratio to the peer side by side.
Calibration: 80 courses of ~8 coverage rows per programme give ≈ 10^4 triples per programme,
so 100 programmes ≈ 10^6 triples (the real count is printed). Only loopback traffic; every loop
and every child process is bounded in time.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parent
sys.path.insert(0, str(HERE))

from bench_server import Server, free_port, load, timed, wait_ready  # noqa: E402
from national_data import generate  # noqa: E402

PROGRAMME_QUERIES = ("couverture-d-un-programme", "enseignements-d-un-programme")
COPIED = ("ontology", "data", "shapes", "queries")

TARGETS = {  # measure -> (real graph, 10^6, 10^7); None: "report it"
    "library query p50, worst (s)": (0.05, 1.0, 5.0),
    "per-programme query p50, worst (s)": (0.02, 0.1, 0.2),
    "library-mix throughput vs oxigraph, c=8 (x)": (1.0, 1.0, None),
    "bulk load (quads/s)": (None, 300_000, 300_000),
    "full build (s)": (3.0, 120.0, None),
    "rebuild after one programme changes (s)": (1.0, 5.0, None),
    "server RSS (MiB)": (None, 4096, 12288),
}


# ------------------------------------------------------------------------------------------------
# steps
# ------------------------------------------------------------------------------------------------

def copy_project(work: Path) -> Path:
    """Copy the hand-edited project folders into ``work/project``; return it."""
    project = work / "project"
    for name in COPIED:
        shutil.copytree(PROJECT_DIR / name, project / name)
    return project


def framework_store(project: Path):
    """The real frameworks and professions (data/**/*.ttl) in an in-memory Oxigraph store."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in sorted((project / "data").rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                   to_graph=ox.NamedNode(path.resolve().as_uri()))
    return store


def import_programmes(project: Path, folders: list[Path]) -> dict:
    """Check and store every generated programme as ``sens-graph import`` does; timings."""
    from sens_graph.config import Settings
    from sens_graph.programmes.catalogue import Catalogue
    from sens_graph.programmes.reader import read_programme
    from sens_graph.programmes.store import store_programme

    settings = Settings(project_dir=project)
    started = time.perf_counter()
    catalogue = Catalogue.load(settings)
    catalogue_seconds = time.perf_counter() - started
    courses = rows = 0
    for folder in folders:
        programme = read_programme(folder, catalogue, display=str(folder))
        store_programme(programme, settings)
        catalogue.programme_keys.add(programme.key)
        courses += len(programme.courses)
        rows += len(programme.coverage)
    return {"programmes": len(folders), "courses": courses, "coverage_rows": rows,
            "catalogue_seconds": round(catalogue_seconds, 3), "seconds": round(time.perf_counter() - started, 3)}


def run_build(project: Path, timeout: float, reason: bool) -> dict:
    """The real build in a child process bounded by ``timeout``: its timings, or the reason it stopped."""
    out = project.parent / "build-result.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--build-child", str(project), str(out)]
    if not reason:
        command.append("--skip-reasoner")
    started = time.perf_counter()
    try:
        proc = subprocess.run(command, timeout=timeout, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:g} s", "seconds": round(time.perf_counter() - started, 1)}
    if proc.returncode != 0 or not out.is_file():
        return {"error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1],
                "seconds": round(time.perf_counter() - started, 1)}
    result = json.loads(out.read_text())
    result["wall_seconds"] = round(time.perf_counter() - started, 2)
    return result


def build_child(project: Path, out: Path, reason: bool) -> None:
    """Child side of :func:`run_build`."""
    from sens_graph.build import build
    from sens_graph.config import Settings

    result = build(Settings(project_dir=project), reason=reason)
    out.write_text(json.dumps({"seconds": round(result.seconds, 3), "timings": result.timings,
                               "triples": result.triples, "graphs": len(result.graphs)}))


def change_one_programme(project: Path, key: str) -> None:
    """Change one coverage row of one stored programme (its relation), as a re-import would."""
    path = project / "data" / "programmes" / key / "couverture.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    column = rows[0].index("relation")
    rows[1][column] = "partielle" if rows[1][column] != "partielle" else "totale"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def bulk_load(project: Path, store_dir: Path) -> dict:
    """``store.load_generation``: the server's bulk load of dist/sens-graph.nq (flush and optimize included)."""
    from sens_graph.store import load_generation

    started = time.perf_counter()
    generation = load_generation(project / "dist", store_dir)
    seconds = time.perf_counter() - started
    quads = json.loads((generation / "LOADED.json").read_text())["quads"]
    return {"quads": quads, "seconds": round(seconds, 2), "quads_per_second": round(quads / seconds),
            "generation": str(generation)}


def bulk_load_peer(project: Path, work: Path, timeout: float) -> dict | None:
    """``oxigraph load`` (the engine's own bulk loader, CLI) of the same dist/sens-graph.nq into a fresh
    folder: the peer of :func:`bulk_load`. None when the CLI is not installed."""
    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        return None
    target = work / "oxigraph-load"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([binary, "load", "--location", str(target), "--file", str(project / "dist" / "sens-graph.nq")],
                   check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    shutil.rmtree(target, ignore_errors=True)
    return {"seconds": round(seconds, 2)}


def start_ours(project: Path, store_dir: Path, timeout: float, keep_answers: bool = False) -> Server:
    """``sens-graph serve --no-build`` on the bulk-loaded store; without ``keep_answers`` every request is
    evaluated (``SENS_GRAPH_RESULT_CACHE_BYTES=0``: the engine is measured, not the kept answers)."""
    port = free_port()
    env = dict(os.environ)
    if not keep_answers:
        env["SENS_GRAPH_RESULT_CACHE_BYTES"] = "0"
    proc = subprocess.Popen([sys.executable, "-m", "sens_graph.cli", "serve", "--no-build", "--no-reports",
                             "--project-dir", str(project), "--port", str(port), "--store-dir", str(store_dir),
                             "--no-access-log", "--query-timeout", str(timeout)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    server = Server("sens-graph", port, proc)
    try:
        wait_ready(port, proc, seconds=600)
    except BaseException:  # not left running (and holding the store) when it does not answer in time
        server.stop()
        raise
    return server


def start_oxigraph(generation: Path, timeout: float) -> Server | None:
    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        print("oxigraph CLI not found (pip install -e '.[bench]'): peer skipped", file=sys.stderr)
        return None
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(generation), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(int(timeout))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server("oxigraph", port, proc)
    try:
        wait_ready(port, proc, seconds=300)
    except BaseException:
        server.stop()
        raise
    return server


VIRTUOSO_RESTARTS = 3
"""Restarts of Virtuoso after queries it did not answer; later queries are then not sent."""


def time_virtuoso(project: Path, work: Path, queries: dict[str, str], timeout: float,
                  quads: int) -> tuple[dict, dict]:
    """The queries on a private Virtuoso loaded with ``project/dist/sens-graph.nq``.

    Returns (answers as :func:`time_queries` gives them, with ``"not sent: …"`` for the queries
    that hang Virtuoso 7.2 or come after its last restart; the load and run figures: ``seconds``
    of start + bulk load, ``quads_per_second``, ``restarts``, ``rss_mib`` (the largest read),
    ``not_sent`` {query: why}; or ``error`` when Virtuoso is not installed).
    """
    sys.path.insert(0, str(PROJECT_DIR / "tests"))
    from server.test_virtuoso_remote import NOT_SENT
    from server.virtuoso import ISQL, NOT_INSTALLED, VIRTUOSO, start_virtuoso

    if VIRTUOSO is None or ISQL is None:
        print(NOT_INSTALLED, file=sys.stderr)
        return {}, {"error": NOT_INSTALLED}
    nquads = project / "dist" / "sens-graph.nq"

    def start(run: int):
        return start_virtuoso(work / f"virtuoso-{run}", nquads, max_seconds=max(1, int(timeout)))

    started = time.perf_counter()
    server = start(0)
    seconds = time.perf_counter() - started
    figures: dict = {"seconds": round(seconds, 2), "quads_per_second": round(quads / seconds), "restarts": 0}
    answers: dict = {}
    try:
        for name, text in queries.items():
            why = ("hangs Virtuoso 7.2, see NOT_SENT" if name.split(" (")[0] in NOT_SENT
                   else None if server else "after the last restart")
            if why:
                answers[name] = ("not sent", 0.0)
                figures.setdefault("not_sent", {})[name] = why
                continue
            peer = Server("virtuoso", server.http_port, server.process)
            answers[name] = time_queries(peer, {name: text}, timeout)[name]
            figures["rss_mib"] = max(figures.get("rss_mib", 0.0), round(rss_mib(server.process.pid), 1))
            if str(answers[name][0]).startswith("error"):  # no answer (an HTTP error is an answer)
                server.stop()
                shutil.rmtree(server.directory, ignore_errors=True)
                figures["restarts"] += 1
                server = start(figures["restarts"]) if figures["restarts"] <= VIRTUOSO_RESTARTS else None
    finally:
        if server is not None:
            server.stop()
    return answers, figures


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (MiB), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def time_queries(server: Server, queries: dict[str, str], timeout: float, repeat: int = 3) -> dict:
    """name -> (rows or error, p50 seconds); a query slower than 5 s is run once."""
    out = {}
    for name, text in queries.items():
        rows, first = timed(server, text, timeout + 5)
        times = [first]
        if isinstance(rows, int) and first < 5:
            for _ in range(repeat - 1):
                times.append(timed(server, text, timeout + 5)[1])
        out[name] = (rows, statistics.median(times))
        print(f"    {server.name:10} {name:40} {rows!s:>10} {statistics.median(times) * 1000:10.1f} ms",
              file=sys.stderr, flush=True)
    return out


def library_queries(project: Path, programme: str) -> tuple[dict[str, str], dict[str, str]]:
    """(library queries with their defaults, the per-programme queries bound to ``programme``)."""
    from sens_graph.queries import QueryLibrary

    library = QueryLibrary.load(project / "queries")
    defaults = {q.name: q.sparql() for q in library.list()}
    per_programme = {f"{name} ({programme})": library.get(name).sparql({"programme": programme})
                     for name in PROGRAMME_QUERIES}
    return defaults, per_programme


# ------------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------------

def column_for(triples: int) -> int:
    """Index of the target column: 0 real graph (< 2·10^5), 1 for 10^6, 2 for 10^7."""
    return 0 if triples < 200_000 else 1 if triples < 5_000_000 else 2


def verdict(measure: str, value: float | None, target: float | None) -> str:
    if value is None:
        return "not measured"
    if target is None:
        return "reported"
    better_high = "quads/s" in measure or "(x)" in measure
    return "met" if (value >= target if better_high else value <= target) else "MISSED"


def print_table(figures: dict) -> None:
    col = column_for(figures["triples"])
    print(f"\ntargets of issue 13 ({['real graph', '10^6', '10^7'][col]} column; {figures['triples']} triples, "
          f"{figures['programmes']} synthetic programmes, {os.cpu_count()} cores shared)")
    print(f"  {'measure':46} {'sens-graph':>14} {'oxigraph':>12} {'ratio':>8} {'target':>10}  verdict")
    for measure, targets in TARGETS.items():
        row = figures["table"].get(measure, {})
        value, peer = row.get("value"), row.get("peer")
        ratio = row.get("ratio")
        target = targets[col]

        def fmt(x):
            if x is None:
                return "-"
            return f"{x:,.0f}" if x >= 1000 else f"{x:.3f}" if x < 10 else f"{x:.1f}"
        print(f"  {measure:46} {fmt(value):>14} {fmt(peer):>12} {fmt(ratio):>8} {fmt(target):>10}  "
              f"{verdict(measure, value, target)}{'  ' + row['note'] if row.get('note') else ''}")


def print_virtuoso(figures: dict) -> None:
    """The remote store's line under the table (``--with-virtuoso``): its bulk load and its answers."""
    if "virtuoso" not in figures:
        return
    v = figures["virtuoso"]
    if "error" in v:
        print(f"\nVirtuoso (remote store): {v['error']}")
        return
    ours, theirs = figures["queries"]["sens-graph"], figures["queries"]["virtuoso"]
    answered = [n for n, (rows, _) in theirs.items() if isinstance(rows, int)]
    alike = [n for n in answered if ours.get(n, (None,))[0] == theirs[n][0]]
    not_sent = [f"{n} ({why})" for n, why in v.get("not_sent", {}).items()]
    failed = [f"{n} ({theirs[n][0]})" for n in theirs if n not in answered and n not in v.get("not_sent", {})]
    worst = max(answered, key=lambda n: theirs[n][1]) if answered else None
    print(f"\nVirtuoso open source (remote store, its /sparql): bulk load {v['quads_per_second']:,} quads/s "
          f"({v['seconds']} s, start included), RSS {v.get('rss_mib', '-')} MiB; answered {len(answered)} of "
          f"{len(theirs)} queries ({len(alike)} with sens-graph's row count), "
          + (f"worst p50 {theirs[worst][1]:.3f} s ({worst}); " if worst else "")
          + f"failed or not answered within the cap: {', '.join(failed) or 'none'}; not sent: "
          f"{', '.join(not_sent) or 'none'}; restarts {v['restarts']}")


def summarise(figures: dict) -> None:
    """Fill ``figures['table']`` from the raw measures."""
    table = figures["table"] = {}
    q = figures.get("queries", {})
    ours, peer = q.get("sens-graph", {}), q.get("oxigraph", {})

    def worst(names):
        def one(side):
            vals = [side[n][1] for n in names if n in side]
            timeouts = [n for n in names if n in side and not isinstance(side[n][0], int)]
            return (max(vals) if vals else None), timeouts
        (a, ta), (b, tb) = one(ours), one(peer)
        note = ""
        if ta or tb:
            note = f"not answered: sens-graph {len(ta)}, oxigraph {len(tb)}"
        return {"value": a, "peer": b, "ratio": (a / b) if a and b else None, "note": note}

    library = [n for n in ours if "(" not in n]
    programme = [n for n in ours if "(" in n]
    if ours:
        table["library query p50, worst (s)"] = worst(library)
        table["per-programme query p50, worst (s)"] = worst(programme)
    runs = {r["server"]: r for r in figures.get("mix", [])}
    if "sens-graph" in runs:
        a = runs["sens-graph"]["throughput_qps"]
        b = runs.get("oxigraph", {}).get("throughput_qps")
        table["library-mix throughput vs oxigraph, c=8 (x)"] = {
            "value": a / b if b else None, "peer": None, "ratio": None,
            "note": f"{a:.2f} q/s vs {b:.2f} q/s over {figures['mix_size']} queries" if b else ""}
    if "bulk_load" in figures:
        ours_rate = figures["bulk_load"]["quads_per_second"]
        peer_rate = figures.get("bulk_load_oxigraph", {}).get("quads_per_second")
        table["bulk load (quads/s)"] = {"value": ours_rate, "peer": peer_rate,
                                        "ratio": ours_rate / peer_rate if peer_rate else None,
                                        "note": f"{figures['bulk_load']['quads']} quads in "
                                                f"{figures['bulk_load']['seconds']} s"
                                                + (f", `oxigraph load` {figures['bulk_load_oxigraph']['seconds']} s"
                                                   if peer_rate else "")}
    for key, measure in (("build", "full build (s)"), ("rebuild", "rebuild after one programme changes (s)")):
        b = figures.get(key, {})
        table[measure] = {"value": b.get("seconds"), "note": b.get("error", "")}
    if "rss_mib" in figures:
        table["server RSS (MiB)"] = {"value": figures["rss_mib"].get("sens-graph"),
                                     "peer": figures["rss_mib"].get("oxigraph")}


# ------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--courses", type=int, default=80, help="mean courses per programme")
    parser.add_argument("--rows-per-course", type=int, default=8, help="mean coverage rows per course")
    parser.add_argument("--query-timeout", type=float, default=60.0, help="cap of one query (s)")
    parser.add_argument("--build-timeout", type=float, default=3600.0, help="cap of one build (s)")
    parser.add_argument("--skip-reasoner", action="store_true", help="build without HermiT")
    parser.add_argument("--max-rebuild-seconds", type=float, default=600.0,
                        help="skip the rebuild when the build took longer (to bound the run at 10^7)")
    parser.add_argument("--mix-max-seconds", type=float, default=5.0,
                        help="leave out of the c=8 mix the queries slower than this alone on sens-graph")
    parser.add_argument("--skip-oxigraph", action="store_true")
    parser.add_argument("--keep-answers", action="store_true",
                        help="let the server keep answers (its default); without it every request is evaluated")
    parser.add_argument("--with-rdflib", action="store_true", help="also time each query on rdflib-endpoint")
    parser.add_argument("--with-virtuoso", action="store_true",
                        help="also load the N-Quads into Virtuoso open source and time each query on it")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="bound of the c=8 mix run")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--build-child", nargs=2, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_child:
        build_child(Path(args.build_child[0]), Path(args.build_child[1]), reason=not args.skip_reasoner)
        return 0

    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="sens-graph-national-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"programmes": args.programmes, "seed": args.seed, "courses": args.courses,
                     "rows_per_course": args.rows_per_course, "query_timeout": args.query_timeout,
                     "cores": os.cpu_count()}
    servers: list[Server] = []

    def step(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    try:
        project = copy_project(work)
        folders: list[Path] = []
        if args.programmes:
            step(f"generating {args.programmes} programmes")
            started = time.perf_counter()
            folders = generate(args.programmes, work / "generated", framework_store(project), seed=args.seed,
                               courses=args.courses, rows_per_course=args.rows_per_course)
            figures["generate_seconds"] = round(time.perf_counter() - started, 2)
            step("importing them (check + store)")
            figures["import"] = import_programmes(project, folders)
            step(f"  {figures['import']}")
        step("build")
        figures["build"] = run_build(project, args.build_timeout, not args.skip_reasoner)
        step(f"  {figures['build']}")
        reason = not args.skip_reasoner
        if "error" in figures["build"] and reason:  # go on without HermiT so that the store is measured
            step("build again without the OWL check, to measure the rest")
            figures["build_without_reasoner"] = run_build(project, args.build_timeout, False)
            step(f"  {figures['build_without_reasoner']}")
            reason = False
            if "error" not in figures["build_without_reasoner"]:
                figures["build"]["triples"] = figures["build_without_reasoner"]["triples"]
        if "triples" not in figures["build"]:
            print(f"build failed: {figures['build']['error']}; no store to measure", file=sys.stderr)
            if args.json:  # what was measured so far (generation, import, the build's stop)
                args.json.write_text(json.dumps(figures, indent=2, default=str))
            return 1
        figures["triples"] = figures["build"]["triples"]
        sample = folders[len(folders) // 2].name if folders else "du-cns"
        slow = figures["build"].get("seconds", float("inf")) > args.max_rebuild_seconds
        if folders and slow:
            figures["rebuild"] = {"error": f"not run: the build took over --max-rebuild-seconds "
                                           f"{args.max_rebuild_seconds:g} s"}
        elif folders:
            change_one_programme(project, sample)
            step(f"rebuild after changing one coverage row of {sample}")
            figures["rebuild"] = run_build(project, args.build_timeout, reason)
            step(f"  {figures['rebuild']}")
        step("bulk load of dist/sens-graph.nq into the server store")
        store_dir = work / "store"
        figures["bulk_load"] = bulk_load(project, store_dir)
        step(f"  {figures['bulk_load']}")
        if not args.skip_oxigraph:
            step("bulk load of the same file by `oxigraph load` (peer)")
            peer_load = bulk_load_peer(project, work, args.build_timeout)
            if peer_load is not None:
                peer_load["quads_per_second"] = round(figures["bulk_load"]["quads"] / peer_load["seconds"])
                figures["bulk_load_oxigraph"] = peer_load
                step(f"  {peer_load}")

        defaults, per_programme = library_queries(project, sample)
        queries = {**defaults, **per_programme}
        ours = start_ours(project, store_dir, args.query_timeout, keep_answers=args.keep_answers)
        servers.append(ours)
        step("timing every query on sens-graph serve")
        answers = {"sens-graph": time_queries(ours, queries, args.query_timeout)}
        figures["rss_mib"] = {"sens-graph": round(rss_mib(ours.proc.pid), 1)}
        peer = None
        if not args.skip_oxigraph:
            peer = start_oxigraph(Path(figures["bulk_load"]["generation"]), args.query_timeout)
        if peer is not None:
            servers.append(peer)
            step("timing every query on oxigraph serve-read-only")
            answers["oxigraph"] = time_queries(peer, queries, args.query_timeout)
            figures["rss_mib"]["oxigraph"] = round(rss_mib(peer.proc.pid), 1)
        if args.with_rdflib:
            from bench_server import start_rdflib
            step("timing every query on rdflib-endpoint")
            rd = start_rdflib(project)
            servers.append(rd)
            answers["rdflib-endpoint"] = time_queries(rd, queries, args.query_timeout, repeat=1)
            rd.stop()
        if args.with_virtuoso:
            step("bulk load into Virtuoso open source and timing every query on it")
            answers["virtuoso"], figures["virtuoso"] = time_virtuoso(
                project, work, queries, args.query_timeout, figures["bulk_load"]["quads"])
            step(f"  {figures['virtuoso']}")
            if not answers["virtuoso"]:
                del answers["virtuoso"]
        figures["queries"] = answers
        mix = [text for name, text in defaults.items()
               if len({str(answers[s][name][0]) for s in ("sens-graph", "oxigraph") if s in answers}) == 1
               and isinstance(answers["sens-graph"][name][0], int)
               and answers["sens-graph"][name][1] <= args.mix_max_seconds]
        figures["mix_size"] = len(mix)
        figures["mix"] = []
        if mix:
            for server in servers:
                if server.name == "rdflib-endpoint":
                    continue
                step(f"library mix ({len(mix)} queries) at c=8 on {server.name}")
                run = load(server, mix, 8, 1, args.max_seconds)
                figures["mix"].append({"server": run.server, "requests": run.requests, "errors": run.errors,
                                       "seconds": round(run.seconds, 2), "complete": run.complete,
                                       "throughput_qps": run.throughput, "p50_ms": run.percentile(50) * 1000})
            figures["rss_mib"]["sens-graph after the mix"] = round(rss_mib(ours.proc.pid), 1)
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    summarise(figures)
    print(f"\nsynthetic programmes: {args.programmes} (seed {args.seed}, ~{args.courses} courses of "
          f"~{args.rows_per_course} coverage rows); graph: {figures['triples']} triples")
    if "import" in figures:
        print(f"import: {figures['import']}")
    for key in ("build", "rebuild"):
        if key in figures:
            b = figures[key]
            steps = ", ".join(f"{k} {v:.2f} s" for k, v in b.get("timings", {}).items())
            print(f"{key}: {b.get('seconds')} s ({steps})")
    print(f"bulk load: {figures['bulk_load']}")
    print(f"\nper query, p50 (ms; rows), query cap {args.query_timeout:g} s:")
    names = list(figures["queries"]["sens-graph"])
    sides = list(figures["queries"])
    print(f"  {'query':52}" + "".join(f"{s:>26}" for s in sides) + f"{'ratio':>8}")
    for name in names:
        cells = []
        for s in sides:
            rows, seconds = figures["queries"][s].get(name, ("-", 0.0))
            cells.append(f"{rows!s:>10} {seconds * 1000:>12.1f} ms")
        a = figures["queries"]["sens-graph"][name][1]
        b = figures["queries"].get("oxigraph", {}).get(name, (None, 0))[1]
        print(f"  {name[:52]:52}" + "".join(f"{c:>26}" for c in cells) + (f"{a / b:>8.2f}" if b else ""))
    for run in figures.get("mix", []):
        print(f"mix c=8 {run['server']:10}: {run['throughput_qps']:.2f} q/s, p50 {run['p50_ms']:.0f} ms "
              f"({run['requests']} requests, {run['errors']} errors{'' if run['complete'] else ', cut short'})")
    print(f"server RSS (MiB): {figures['rss_mib']}")
    print_table(figures)
    print_virtuoso(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
