"""The ``sens-graph`` command line: build, validate, stats, and the commands of each module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from .config import Settings
from .errors import SensGraphError

app = typer.Typer(help="sens-graph: the French digital-health competency frameworks as linked data.",
                  no_args_is_help=True, add_completion=False)
console = Console(stderr=True)

ProjectDir = Annotated[Path | None, typer.Option("--project-dir", help="Project checkout (default: cwd).")]
BaseIri = Annotated[str | None, typer.Option("--base-iri", help="Public base IRI of the entities.")]


def make_settings(project_dir: Path | None = None, base_iri: str | None = None) -> Settings:
    """Settings from the command-line options, falling back to the environment."""
    kwargs: dict = {}
    if project_dir is not None:
        kwargs["project_dir"] = project_dir.resolve()
    if base_iri is not None:
        kwargs["base_iri"] = base_iri if base_iri.endswith("/") else base_iri + "/"
    return Settings(**kwargs)


def fail(exc: SensGraphError) -> typer.Exit:
    """Print a sens-graph error readably and exit non-zero."""
    console.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False)
    return typer.Exit(code=1)


@app.command()
def build(project_dir: ProjectDir = None, base_iri: BaseIri = None,
          skip_reasoner: Annotated[bool, typer.Option(help="Skip the OWL consistency check.")] = False) -> None:
    """Load ontology and data, validate (SHACL + QC), check consistency (HermiT), write dist/ atomically."""
    from .build import build as run_build

    settings = make_settings(project_dir, base_iri)
    try:
        result = run_build(settings, console=console, reason=not skip_reasoner)
    except SensGraphError as exc:
        raise fail(exc) from exc
    console.print(f"[green]built[/] {result.triples} triples in {len(result.graphs)} graphs "
                  f"→ {settings.dist_dir} ({result.seconds:.1f} s)")


@app.command()
def validate(project_dir: ProjectDir = None) -> None:
    """Validate the sources (SHACL shapes and QC queries); exit 1 on any violation."""
    from .derive import add_derived_graphs
    from .sources import load_dataset
    from .validation import validate_dataset

    settings = make_settings(project_dir)
    try:
        dataset = load_dataset(settings)
        add_derived_graphs(dataset, settings)  # validated as the build validates (explicit SKOS included)
        report = validate_dataset(dataset, settings)
    except SensGraphError as exc:
        raise fail(exc) from exc
    typer.echo(report.render())
    if not report.conforms:
        raise typer.Exit(code=1)


@app.command()
def stats(project_dir: ProjectDir = None,
          fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table") -> None:
    """Triples per named graph and entities per class."""
    from .sources import load_dataset
    from .statistics import dataset_statistics, render_statistics

    settings = make_settings(project_dir)
    try:
        figures = dataset_statistics(load_dataset(settings))
    except SensGraphError as exc:
        raise fail(exc) from exc
    typer.echo(render_statistics(figures, fmt))


@app.command()
def serve(
    project_dir: ProjectDir = None,
    base_iri: BaseIri = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    query_timeout: Annotated[float | None, typer.Option(help="Time limit of one query, seconds (default 10).")] = None,
    max_result_bytes: Annotated[int | None, typer.Option(help="Largest serialized result (default 64 MiB).")] = None,
    workers: Annotated[int | None, typer.Option(help="Query worker processes (default: cores + 1).")] = None,
    store_dir: Annotated[Path | None, typer.Option(help="On-disk store (default var/store).")] = None,
    sparql_endpoint: Annotated[str | None, typer.Option(
        help="Query this remote SPARQL 1.1 endpoint instead of the embedded store.")] = None,
    build_first: Annotated[bool, typer.Option("--build/--no-build",
                                              help="Build dist/ first if it is missing or stale.")] = True,
    skip_reasoner: Annotated[bool, typer.Option(help="Skip the OWL consistency check if building.")] = False,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = True,
    reports: Annotated[bool, typer.Option(
        "--reports/--no-reports",
        help="Make the reports first if they are older than the build (not with --no-build).")] = True,
) -> None:
    """Serve the graph: SPARQL endpoint, linked data, downloads, reports and the query editor.

    Builds dist/ first if it is missing or stale, and remakes dist/reports when it is older than
    the build.
    """
    from dataclasses import replace

    from .server import ServerSettings
    from .server.run import serve as run_server

    settings = make_settings(project_dir, base_iri)
    options = {"host": host, "port": port, "query_timeout": query_timeout, "max_result_bytes": max_result_bytes,
               "workers": workers, "store_dir": store_dir.resolve() if store_dir else None,
               "remote_endpoint": sparql_endpoint}
    server = replace(ServerSettings(), **{k: v for k, v in options.items() if v is not None})
    try:
        run_server(settings, server, build_first=build_first, reason=not skip_reasoner, console=console,
                   access_log=access_log, make_reports=reports and build_first)
    except SensGraphError as exc:
        raise fail(exc) from exc


@app.command()
def report(
    project_dir: ProjectDir = None,
    base_iri: BaseIri = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default: dist/reports).")] = None,
    formats: Annotated[str, typer.Option("--format", help="Comma-separated formats: html,xlsx,pdf,csv.")] = (
        "html,xlsx,pdf,csv"),
    build_first: Annotated[bool, typer.Option("--build/--no-build",
                                              help="Build dist/ first if it is missing or stale.")] = True,
    skip_reasoner: Annotated[bool, typer.Option(help="Skip the OWL consistency check if building.")] = False,
) -> None:
    """Write the accreditation reports (HTML, XLSX, PDF, CSV) from the graph, building dist/ first if needed."""
    import time

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .build import build as run_build
    from .release_info import is_stale
    from .reports import generate_reports, parse_formats

    settings = make_settings(project_dir, base_iri)
    try:
        chosen = parse_formats(formats)
        if is_stale(settings):
            if build_first:
                console.print(f"[yellow]{escape(str(settings.dist_dir))} is missing or stale:[/] building it first")
                try:
                    run_build(settings, console=console, reason=not skip_reasoner)
                except SensGraphError:
                    console.print("[bold red]the build failed[/]: no report written. Fix the build, or run "
                                  "`sens-graph report --no-build` to report from the sources anyway.")
                    raise
            else:
                console.print(f"[bold yellow]warning:[/] {escape(str(settings.dist_dir))} is missing or stale; "
                              "the report is made from the sources and says so (no validated build)")
        started = time.perf_counter()
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task("report", total=None)
            last: list = []

            def step(message: str) -> None:
                now = time.perf_counter()
                if last:
                    progress.console.print(f"[green]✓[/] {escape(last[0])} [dim]({now - last[1]:.1f} s)[/]")
                last[:] = [message, now]
                progress.update(task, description=escape(message) + "…")

            result = generate_reports(settings, out.resolve() if out else None, chosen, progress=step)
            step("done")
    except SensGraphError as exc:
        raise fail(exc) from exc
    for fmt in chosen:
        paths = result.files.get(fmt, [])
        size = sum(p.stat().st_size for p in paths if p.is_file())
        console.print(f"  {fmt:5} {len(paths):3} file(s) {size / 1024:8.0f} KiB")
    console.print(f"[green]report[/] {result.report.stamp} → {result.out_dir} "
                  f"({time.perf_counter() - started:.1f} s)")



@app.command("query")
def query_command(
    name: Annotated[str | None, typer.Argument(help="Name of the library query (see --list).")] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A parameter as name=value (repeatable).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the queries with their parameters.")] = False,
    project_dir: ProjectDir = None,
    base_iri: BaseIri = None,
) -> None:
    """Run a named query of queries/ (the coverage and crosswalk questions) and print its answer."""
    from .errors import QueryError
    from .queries import FORMATS, QueryLibrary, load_graph_store

    settings = make_settings(project_dir, base_iri)
    try:
        library = QueryLibrary.load(settings.queries_dir)
        if list_queries:
            typer.echo("\n\n".join(q.describe() for q in library.list()))
            return
        if not name:
            raise QueryError(f"give a query name; valid queries: {', '.join(library.names())}")
        if fmt not in FORMATS:
            raise QueryError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
        query = library.get(name)
        params: dict[str, str] = {}
        for item in param or []:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise QueryError(f"--param {item!r} is not name=value; parameters of {name!r}: "
                                 + (", ".join(p.name for p in query.parameters) or "(none)"))
            query.parameter(key.strip())  # unknown names fail before the store is loaded
            params[key.strip()] = value
        query.terms(params, settings.base_iri)  # values checked before the store is loaded
        result = library.run(load_graph_store(settings), name, params, base_iri=settings.base_iri)
    except SensGraphError as exc:
        raise fail(exc) from exc
    text = result.render(fmt)
    typer.echo(text, nl=not text.endswith("\n"))


@app.command("analytics")
def analytics_command(
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the figures (default: var/analytics).")] = None,
    project_dir: ProjectDir = None,
    base_iri: BaseIri = None,
) -> None:
    """Graph analytics (networkx): progression DAG, referential overlap, crosswalk network; PNG and SVG figures."""
    from .analytics import run_analytics
    from .queries import load_graph_store

    settings = make_settings(project_dir, base_iri)
    target = (out or settings.project_dir / "var" / "analytics").resolve()
    try:
        summary = run_analytics(load_graph_store(settings), target, settings=settings)
    except SensGraphError as exc:
        raise fail(exc) from exc
    typer.echo(summary.render())
    console.print(f"[green]figures[/] → {escape(str(target))}")


@app.command("template")
def template_command(
    referentiel: Annotated[str, typer.Option(
        "--referentiel", help="Framework-version key, e.g. socle-postbac/v1.1.2022.")] = "socle-postbac/v1.1.2022",
    out: Annotated[Path, typer.Option("--out", help="Workbook to write.")] = Path("programme.xlsx"),
    project_dir: ProjectDir = None,
) -> None:
    """Write the empty programme workbook: drop-down lists of the framework's codes, professions, modalities;
    a help sheet in French."""
    from .programmes.catalogue import Catalogue
    from .programmes.template import write_template

    settings = make_settings(project_dir)
    try:
        path = write_template(Catalogue.load(settings), out.resolve(), referentiel)
    except SensGraphError as exc:
        raise fail(exc) from exc
    console.print(f"[green]template[/] {escape(referentiel)} → {escape(str(path))}")


@app.command("import")
def import_command(
    source: Annotated[Path, typer.Argument(help="Programme workbook (.xlsx) or folder of CSV files, one per sheet.")],
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace an imported programme of the same identifiant.")] = False,
    project_dir: ProjectDir = None,
) -> None:
    """Check a programme workbook or CSV folder; store it under data/programmes/ (a rejected file changes nothing)."""
    from .errors import ProgrammeFileError
    from .programmes.catalogue import Catalogue
    from .programmes.reader import read_programme
    from .programmes.store import store_programme, stored_programme_keys

    settings = make_settings(project_dir)
    try:
        catalogue = Catalogue.load(settings)
        if replace:
            catalogue.programme_keys -= set(stored_programme_keys(settings))
        programme = read_programme(source.resolve(), catalogue, display=str(source))
        folder = store_programme(programme, settings)
    except ProgrammeFileError as exc:  # one problem a line, never wrapped (they are read and grepped)
        console.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from exc
    except SensGraphError as exc:
        raise fail(exc) from exc
    console.print(f"[green]imported[/] {escape(programme.key)}: {len(programme.courses)} enseignement(s), "
                  f"{len(programme.coverage)} ligne(s) de couverture, référentiel {escape(programme.framework.key)} "
                  f"→ {escape(str(folder))}")


@app.command("coverage")
def coverage_command(
    programme: Annotated[str, typer.Argument(help="Programme identifiant (e.g. du-cns, etu-e-sante).")],
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv")] = "table",
    project_dir: ProjectDir = None,
    base_iri: BaseIri = None,
) -> None:
    """Coverage of the programme's applicable framework version: competences, capacities, hours."""
    from .errors import QueryError
    from .programmes.coverage import REPORT_FORMATS, coverage_report, render_report
    from .queries import QueryLibrary, load_graph_store

    settings = make_settings(project_dir, base_iri)
    try:
        if fmt not in REPORT_FORMATS:
            raise QueryError(f"unknown format {fmt!r}; valid formats: {', '.join(REPORT_FORMATS)}")
        report = coverage_report(load_graph_store(settings), QueryLibrary.load(settings.queries_dir), programme,
                                 base_iri=settings.base_iri)
    except SensGraphError as exc:
        raise fail(exc) from exc
    text = render_report(report, fmt)
    typer.echo(text, nl=not text.endswith("\n"))

if __name__ == "__main__":  # pragma: no cover
    app()
