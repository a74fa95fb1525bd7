"""``sens-graph build`` deleted ``dist/reports/`` written by ``sens-graph report``: the release
swapped the whole of ``dist/``. The release now declares what it owns (``sens_graph.layout``)
and carries ``reports/`` over, byte for byte, without listing it among its own files."""

from __future__ import annotations

import hashlib

from typer.testing import CliRunner

from sens_graph.cli import app


def digests(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_after_report_keeps_the_reports(project_copy):
    runner = CliRunner()
    project = str(project_copy.project_dir)
    result = runner.invoke(app, ["report", "--project-dir", project, "--format", "csv", "--skip-reasoner"])
    assert result.exit_code == 0, result.output
    reports = project_copy.dist_dir / "reports"
    before = digests(reports)
    assert "csv/couverture-socle-detail.csv" in before
    first_build = (project_copy.dist_dir / "build-info.json").read_bytes()

    result = runner.invoke(app, ["build", "--project-dir", project, "--skip-reasoner"])
    assert result.exit_code == 0, result.output
    assert (project_copy.dist_dir / "build-info.json").read_bytes() != first_build  # a new release is in place
    assert digests(reports) == before
    listed = (project_copy.dist_dir / "SHA256SUMS").read_text(encoding="utf-8")
    assert "  reports/" not in listed  # the release does not claim the reports
    assert not list(project_copy.project_dir.glob(".dist.*"))  # no staging or previous folder left
