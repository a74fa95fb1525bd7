"""Regression (issue 10, killed processes): SIGKILL of the server left a busy query worker
running at full core until its query ended (an orphan, adopted by init).

Kind: child processes that outlive their parent. Workers now die with the server: Linux
``prctl(PR_SET_PDEATHSIG, SIGKILL)``, and a watchdog thread that exits when the server's end of
the request pipe closes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import urllib.parse
import urllib.request

from server.conftest import write_dist
from server.process import alive, children, kill_all, start_server_process

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # never ends on the filler


def test_a_busy_worker_dies_when_the_server_is_killed(tmp_path):
    write_dist(tmp_path)
    server, url = start_server_process(tmp_path, tmp_path / "store", query_timeout=120)
    workers = children(server.pid)
    try:
        assert len(workers) == 2

        def long_query() -> None:
            with contextlib.suppress(OSError):  # the server is killed under it
                urllib.request.urlopen(url + "/sparql?" + urllib.parse.urlencode({"query": CROSS_PRODUCT}), timeout=30)

        client = threading.Thread(target=long_query, daemon=True)
        client.start()
        time.sleep(1.5)  # the query is running in one worker
        busy = [pid for pid in workers if _cpu_ticks(pid) > 5]
        assert busy, "no worker is evaluating the long query"
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)], "a worker outlived the server"
    finally:
        server.kill()
        kill_all(workers)


def _cpu_ticks(pid: int) -> int:
    """User + system clock ticks used by ``pid`` so far."""
    from pathlib import Path

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
