"""A report made from a graph with a known gap shows that gap (and the CLI reports from the sources).

In a throw-away copy of the project, the only DU → socle mapping row that covers one capacity of
the post-bac socle is removed; ``sens-graph report --no-build`` on that copy must list the capacity
as not covered (CSV and HTML, highlighted) and count it in its domain, where the real report
shows it covered.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sens_graph.cli import app

from .conftest import copy_project

MAPPING = Path("data/mappings/du-cns-socle-postbac.sssom.tsv")
CAPACITY = re.compile(r"^sgr:socle-postbac/v1\.1\.2022/competence/(?P<comp>[\d.]+)/capacite/(?P<k>\d+)$")


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def single_covered_capacity(tsv: Path) -> tuple[int, str, str]:
    """(line index, notation, label) of a socle capacity that exactly one mapping row covers."""
    lines = tsv.read_text(encoding="utf-8").splitlines(keepends=True)
    header_at = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    columns = lines[header_at].rstrip("\n").split("\t")
    rows = [(i, dict(zip(columns, line.rstrip("\n").split("\t"), strict=False)))
            for i, line in enumerate(lines) if i > header_at and line.strip()]
    counts = Counter(r["object_id"] for _, r in rows) + Counter(r["subject_id"] for _, r in rows)
    for i, row in rows:
        match = CAPACITY.match(row["object_id"])
        if match and counts[row["object_id"]] == 1:
            return i, f"{match['comp']}/{match['k']}", row["object_label"]
    raise AssertionError("no socle capacity is covered by exactly one DU mapping row")


@pytest.fixture(scope="module")
def gap_report(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("gap")
    settings = copy_project(root / "project")
    tsv = settings.project_dir / MAPPING
    index, notation, label = single_covered_capacity(tsv)
    lines = tsv.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[index]
    tsv.write_text("".join(lines), encoding="utf-8")
    out = root / "out"
    result = CliRunner().invoke(app, ["report", "--project-dir", str(settings.project_dir), "--no-build",
                                      "--format", "html,csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, notation, label, result.output


def test_cli_reports_from_the_sources_and_says_so(gap_report):
    out, _notation, _label, output = gap_report
    assert "missing or stale" in output
    assert (out / "index.html").is_file() and (out / "csv").is_dir()
    assert not (out / "sens-graph-rapport.pdf").exists()  # only the formats asked for
    assert "graphe non construit" in (out / "index.html").read_text(encoding="utf-8")


def test_real_report_shows_the_capacity_covered(generated, gap_report):
    _out, notation, _label, _output = gap_report
    uncovered = read_table(generated.out_dir / "csv" / "couverture-socle-non-couverts.csv")
    assert notation not in {r["N°"] for r in uncovered}
    detail = read_table(generated.out_dir / "csv" / "couverture-socle-detail.csv")
    assert {r["Couverture"] for r in detail if r["N°"] == notation} == {"directe"}


def test_gap_report_shows_the_gap(generated, gap_report):
    out, notation, label, _output = gap_report
    uncovered = read_table(out / "csv" / "couverture-socle-non-couverts.csv")
    row = next(r for r in uncovered if r["N°"] == notation)
    assert row["Couverture"] == "non couverte"
    assert row["Compétence ou capacité du socle post-bac"] == label
    detail = read_table(out / "csv" / "couverture-socle-detail.csv")
    assert {r["Couverture"] for r in detail if r["N°"] == notation} == {"non couverte"}
    # one more uncovered capacity in its domain and in the total
    before = {r["N°"]: r for r in read_table(generated.out_dir / "csv" / "couverture-socle-domaines.csv")}
    after = {r["N°"]: r for r in read_table(out / "csv" / "couverture-socle-domaines.csv")}
    domain = notation.split(".")[0]
    for key in (domain, ""):
        assert int(after[key]["Capacités non couvertes"]) == int(before[key]["Capacités non couvertes"]) + 1
        assert int(after[key]["Capacités couvertes"]) == int(before[key]["Capacités couvertes"]) - 1
    # the HTML page highlights it
    html = (out / "couverture-socle.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="([^"]*)">(.*?)</tr>', html, re.DOTALL)
    gap_rows = [body for classes, body in rows if "st-gap" in classes and f">{notation}<" in body]
    assert gap_rows, f"no highlighted row for {notation}"
