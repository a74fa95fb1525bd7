"""``sens-graph serve``: build first when dist/ is missing or stale, without Java if need be."""

from __future__ import annotations

import contextlib
import json

import pytest

import sens_graph.build
import sens_graph.release_info
from sens_graph.config import Settings
from sens_graph.errors import ReasonerUnavailable
from sens_graph.server import ServerSettings, make_store
from sens_graph.server.run import ensure_build, ensure_reports, needs_build, reports_are_current
from sens_graph.store import OxigraphStore, RemoteSparqlStore


def test_missing_dist_needs_a_build(tmp_path):
    assert needs_build(Settings(project_dir=tmp_path))


def test_up_to_date_dist_is_not_rebuilt(monkeypatch, tmp_path):
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "build-info.json").write_text("{}")
    monkeypatch.setattr(sens_graph.release_info, "is_stale", lambda settings: False)  # where it lives
    monkeypatch.setattr(sens_graph.build, "build", lambda *a, **k: pytest.fail("built"))
    assert not ensure_build(Settings(project_dir=tmp_path))


def test_stale_dist_is_rebuilt_without_the_reasoner_when_java_is_missing(monkeypatch, tmp_path):
    calls = []

    def fake_build(settings, *, console=None, reason=True):
        calls.append(reason)
        if reason:
            raise ReasonerUnavailable("java not found")

    monkeypatch.setattr(sens_graph.build, "build", fake_build)
    assert ensure_build(Settings(project_dir=tmp_path), reason=True)
    assert calls == [True, False]


def test_store_selection(tmp_path):
    settings = Settings(project_dir=tmp_path)
    embedded = make_store(settings, ServerSettings(remote_endpoint=None))
    assert isinstance(embedded, OxigraphStore)
    assert embedded.store_dir == tmp_path / "var" / "store"
    remote = make_store(settings, ServerSettings(remote_endpoint="http://127.0.0.1:7878/query"))
    assert isinstance(remote, RemoteSparqlStore) and remote.endpoint.endswith("/query")


def test_server_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SENS_GRAPH_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("SENS_GRAPH_MAX_RESULT_BYTES", "1000")
    monkeypatch.setenv("SENS_GRAPH_STORE_DIR", str(tmp_path / "elsewhere"))
    options = ServerSettings()
    assert (options.query_timeout, options.max_result_bytes) == (2.5, 1000)
    assert options.store_path(Settings(project_dir=tmp_path)) == tmp_path / "elsewhere"


def _fake_build(tmp_path, digest: str) -> Settings:
    (tmp_path / "dist").mkdir(exist_ok=True)
    (tmp_path / "dist" / "build-info.json").write_text(json.dumps({"source_digest": digest}))
    return Settings(project_dir=tmp_path)


def test_serve_makes_the_reports_when_missing_and_keeps_current_ones(monkeypatch, tmp_path):
    """The main command serves the accreditation pack: made with the build, remade when it changes."""
    import sens_graph.reports

    settings = _fake_build(tmp_path, "aaa")
    made = []

    def fake_reports(settings, *args, **kwargs):
        made.append(1)
        out = settings.dist_dir / "reports"
        out.mkdir(exist_ok=True)
        digest = json.loads((settings.dist_dir / "build-info.json").read_text())["source_digest"]
        (out / "report-info.json").write_text(json.dumps({"source_digest": digest, "built": True}))

    monkeypatch.setattr(sens_graph.reports, "generate_reports", fake_reports)
    assert not reports_are_current(settings)
    assert ensure_reports(settings) and made == [1]
    assert reports_are_current(settings)
    assert not ensure_reports(settings) and made == [1]
    _fake_build(tmp_path, "bbb")  # a new build: the reports are stale
    assert not reports_are_current(settings)
    assert ensure_reports(settings) and made == [1, 1]


def test_a_failing_report_does_not_stop_the_server(monkeypatch, tmp_path):
    import sens_graph.reports

    settings = _fake_build(tmp_path, "aaa")

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(sens_graph.reports, "generate_reports", broken)
    assert ensure_reports(settings) is False


def test_reports_are_remade_after_a_reload(tmp_path):
    """While serving, a new build (the store reloads) starts `sens-graph report --no-build` in the background."""
    import asyncio

    from sens_graph.server import app as app_module

    class OneReload:
        label = "fake"
        calls = 0

        async def refresh(self) -> bool:
            self.calls += 1
            if self.calls > 1:
                raise asyncio.CancelledError
            return True

    started = []

    async def on_reload() -> None:
        started.append(True)

    async def run() -> None:
        with contextlib.suppress(asyncio.CancelledError):
            await app_module._watch(OneReload(), 0.01, on_reload)

    asyncio.run(run())
    assert started == [True]


def test_remake_reports_runs_the_report_command_once_at_a_time(tmp_path):
    import asyncio

    from sens_graph.server.app import remake_reports

    settings = Settings(project_dir=tmp_path)

    async def run() -> tuple:
        first = await remake_reports(settings)
        second = await remake_reports(settings)  # the first is still running: not started twice
        await first.wait()
        return first, second

    first, second = asyncio.run(run())
    assert first is not None and second is None
    assert first.returncode != 0  # an empty project: the command fails, the server goes on
