"""Killing the build's process alone (``kill <pid>``, a ``timeout``) left its forked workers running for
ever, reparented to init (found by the breaker). The workers now ask the kernel to end them when their
parent ends (``prctl(PR_SET_PDEATHSIG)``, :func:`sens_graph.workers._die_with_parent`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")

SCRIPT = """
import time
from sens_graph.workers import forked_map
forked_map(lambda seconds: time.sleep(seconds), [300, 300], what="de test")
"""


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found |= {int(child) for child in text.split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_workers_end_when_the_build_process_is_killed() -> None:
    env = {**os.environ, "SENS_GRAPH_BUILD_WORKERS": "2"}
    build = subprocess.Popen([sys.executable, "-c", SCRIPT], env=env)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.2)
            workers = {child for child in _children(build.pid) if _alive(child)}
        assert len(workers) >= 2, "the pool did not start"
        time.sleep(1.0)  # the workers have run their initializer and taken a task
        build.send_signal(signal.SIGTERM)
        build.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        left = [w for w in workers if _alive(w)]
        for worker in left:
            os.kill(worker, signal.SIGKILL)
        assert not left, f"workers still running after their build ended: {left}"
    finally:
        if build.poll() is None:
            build.kill()
