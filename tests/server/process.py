"""A sens-graph server in its own process (for tests that kill or signal the server)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .conftest import BASE

SCRIPT = f"""
import sys
from pathlib import Path
from sens_graph.config import Settings
from sens_graph.server import ServerSettings
from sens_graph.server.run import serve
project, store, timeout, port = sys.argv[1:5]
serve(Settings(project_dir=Path(project), base_iri={BASE!r}),
      ServerSettings(host="127.0.0.1", port=int(port), store_dir=Path(store), query_timeout=float(timeout),
                     workers=2, reload_interval=0), build_first=False, access_log=False)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server_process(project: Path, store_dir: Path, *, query_timeout: float = 60.0,
                         log: Path | None = None) -> tuple[subprocess.Popen, str]:
    """Start ``sens_graph.server.run.serve`` on a free port; return once it answers with 2 workers."""
    port = free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(project), str(store_dir), str(query_timeout),
                             str(port)], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/queries", timeout=2) as answer:
                if answer.status == 200 and len(children(proc.pid)) == 2:
                    return proc, url
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True if ``pid`` runs (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
